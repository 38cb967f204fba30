import { decideTask, myQueue, taskView } from '../../shared/app/tasks.ts';
import { areaHandler } from '../../shared/http/handler.ts';
import { ok } from '../../shared/http/result.ts';
import type { StaffCaller } from '../../shared/http/roles.ts';

/** People's steps of the complaint workflow: the caller's queue, one task, and completing it. Staff only. */
export const handler = areaHandler('tasks', {
  listTasks: async ({ caller, now }) => ok({ items: await myQueue(caller as StaffCaller, now) }),
  getTask: async ({ params, caller, now }) => ok(await taskView(params.taskId, caller as StaffCaller, now)),
  completeTask: async ({ params, body, caller, now }) =>
    ok(await decideTask(params.taskId, body, caller as StaffCaller, now)),
});

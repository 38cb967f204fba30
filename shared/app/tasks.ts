import { SFNServiceException } from '@aws-sdk/client-sfn';
import {
  type ComplaintWorkflowRecord,
  emptyWorkflowRecord,
  latestInvestigation,
  recordDecision,
} from '../domain/complaint-record.ts';
import {
  type ComplaintStatChange,
  classificationOf,
  reclassification,
  verificationChange,
} from '../domain/complaint-report.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import type { StaffCaller } from '../http/roles.ts';
import { logger } from '../logger.ts';
import { replyToPurchaserMail } from '../mail/workflow-mail.ts';
import type { SurveyFollowUpDecision, TaskCompletion, TaskDecision } from '../schemas/decisions.ts';
import { actorOf } from '../store/audit.ts';
import { officeStatItems } from '../store/office-stats.ts';
import { complaintStatItems } from '../store/report-stats.ts';
import {
  completeTaskItems,
  getTaskWithToken,
  listQueue,
  markTaskDelivered,
  queueKeys,
  type SurveyFollowUpTask,
  type TaskRecord,
  type WorkflowTask,
} from '../store/tasks.ts';
import { humanSteps } from '../workflow/human-steps.ts';
import { sendTaskOutcome } from '../workflow/sfn.ts';
import { changeCase, type OutgoingMail } from './case-change.ts';
import { completeSurveyFollowUp } from './survey-answers.ts';

export class TaskClosedError extends ConflictError {
  override readonly titleKey = 'problem.taskClosed';
}

/** A task as staff see it: never its token; `kind` always named (stored workflow tasks have none). */
export type TaskView = TaskRecord & {
  readonly kind: NonNullable<TaskRecord['kind']>;
  readonly overdue: boolean;
};
const viewOf = (task: TaskRecord, now: Date): TaskView =>
  ({
    ...task,
    kind: task.kind ?? 'workflow',
    overdue: task.status === 'open' && task.dueAt <= now.toISOString(),
  }) as TaskView;

/** The queues a staff member works: their roles', and their own department's. */
export function queuesOf(caller: StaffCaller): string[] {
  return caller.roles.flatMap((role) =>
    role === 'department'
      ? caller.departmentId
        ? queueKeys({ roles: [role], departmentId: caller.departmentId })
        : []
      : role === 'office'
        ? []
        : queueKeys({ roles: [role] }),
  );
}

/** True when the caller may see and complete the task: a role of the step, and for department steps their own department. */
export function mayWork(caller: StaffCaller, task: TaskRecord): boolean {
  if (!caller.roles.some((role) => task.roles.includes(role))) return false;
  return task.departmentId === undefined || task.departmentId === caller.departmentId;
}

/** The caller's open tasks, the earliest due (the overdue) first. */
export async function myQueue(caller: StaffCaller, now: Date): Promise<TaskView[]> {
  const lists = await Promise.all(queuesOf(caller).map(listQueue));
  const byId = new Map(lists.flat().map((task) => [task.taskId, task]));
  return [...byId.values()].sort((a, b) => a.dueAt.localeCompare(b.dueAt)).map((task) => viewOf(task, now));
}

async function visibleTask(taskId: string, caller: StaffCaller) {
  const found = await getTaskWithToken(taskId);
  if (!found) throw new NotFoundError(`task ${taskId}`);
  if (!mayWork(caller, found.task))
    throw new ForbiddenError(`task ${taskId} belongs to ${found.task.roles.join('/')}`);
  return found;
}

export async function taskView(taskId: string, caller: StaffCaller, now: Date): Promise<TaskView> {
  return viewOf((await visibleTask(taskId, caller)).task, now);
}

const replyMails = (
  decision: TaskDecision,
  record: Parameters<typeof replyToPurchaserMail>[0],
  taskId: string,
): OutgoingMail[] => {
  if ((decision.step !== 'customerReply' && decision.step !== 'capaReply') || decision.channel !== 'email')
    return [];
  const email = record.submitter.email;
  if (!email) {
    throw new ValidationError('no email on file', {
      issues: [{ field: 'channel', code: 'no_email_on_file', messageKey: 'field.noEmailOnFile' }],
    });
  }
  const kind = decision.step === 'customerReply' ? 'reply' : 'capaReply';
  return [
    {
      id: `reply-${taskId}`,
      purpose: kind,
      message: replyToPurchaserMail(record, email, decision.reply, kind),
    },
  ];
};

/**
 * A person completes their step (requirements.md §3): the decision is recorded on the
 * complaint with its audit event and any reply mail, the task closes, all in one
 * transaction; then the waiting workflow is told. If telling it fails, the decision is
 * kept and delivered when the workflow next opens the step.
 * A survey follow-up (no workflow) is completed on the task and the survey, and that is all.
 */
export async function decideTask(
  taskId: string,
  decision: TaskCompletion,
  caller: StaffCaller,
  now: Date,
): Promise<TaskView> {
  const { task } = await visibleTask(taskId, caller);
  if (decision.step !== task.step) {
    throw new ValidationError('wrong step', {
      issues: [{ field: 'step', code: 'wrong_step', messageKey: 'problem.wrongStep' }],
    });
  }
  // The step matched the task's: a follow-up task has the follow-up's body, a workflow task its step's.
  if (task.kind === 'surveyFollowUp')
    return decideFollowUpTask(task, decision as SurveyFollowUpDecision, caller, now);
  return decideWorkflowTask(task, decision as TaskDecision, caller, now);
}

async function decideFollowUpTask(
  task: SurveyFollowUpTask,
  decision: SurveyFollowUpDecision,
  caller: StaffCaller,
  now: Date,
): Promise<TaskView> {
  if (task.status !== 'open') throw new TaskClosedError(`task ${task.taskId} is ${task.status}`);
  try {
    await completeSurveyFollowUp(task, decision, actorOf(caller), now);
  } catch (error) {
    if (error instanceof ConflictError)
      throw new TaskClosedError(`task ${task.taskId} closed meanwhile`, { cause: error });
    throw error;
  }
  return viewOf((await getTaskWithToken(task.taskId))?.task ?? task, now);
}

async function decideWorkflowTask(
  task: WorkflowTask,
  decision: TaskDecision,
  caller: StaffCaller,
  now: Date,
): Promise<TaskView> {
  const { taskId } = task;
  // A decision recorded but not yet delivered (the step was being re-opened) is only delivered,
  // and only when the one who decided retries: anyone else's decision would be silently dropped.
  const redelivery = task.delivered === false && task.completedBy?.sub === caller.sub;
  if (task.status !== 'open' && !redelivery) throw new TaskClosedError(`task ${taskId} is ${task.status}`);
  if (task.status === 'open') await recordTaskDecision(task, decision, caller, now);
  await deliverDecision(taskId);
  const latest = await getTaskWithToken(taskId);
  return viewOf(latest?.task ?? task, now);
}

async function recordTaskDecision(
  task: WorkflowTask,
  decision: TaskDecision,
  caller: StaffCaller,
  now: Date,
) {
  const at = now.toISOString();
  const by = actorOf(caller);
  const outcome = humanSteps[task.step].outcome(decision);
  await changeCase(task.complaintId, by, now, async ({ record }) => {
    const latest = await getTaskWithToken(task.taskId);
    if (latest?.task.status !== 'open') throw new TaskClosedError(`task ${task.taskId} closed meanwhile`);
    const before = record.workflow ?? emptyWorkflowRecord;
    const workflow = recordDecision(before, decision, { by, at }, record.replyDueAt);
    const firstReply = decision.step === 'customerReply' && before.replies.length === 0;
    const onTime = workflow.replies.at(-1)?.onTime !== false;
    return {
      // openTaskId stays: if the decision meets a timing-out step, the re-opened step finds this
      // task and hands over its new token for delivery.
      changes: { workflow, currentStep: `${task.step}:decided` },
      event: { type: `${task.step}.decided`, data: { taskId: task.taskId, outcome, ...decision } },
      extra: [
        ...completeTaskItems(latest.task, { at, by, outcome }),
        // The complaint report's figures count in the month of receipt (a cohort); the office
        // league table counts replies in the month of the reply.
        ...complaintStatItems(record.receivedAt, decisionStats(decision, before, workflow)),
        ...(firstReply && record.officeId
          ? officeStatItems(record.officeId, at, onTime ? { repliesOnTime: 1 } : { repliesLate: 1 })
          : []),
      ],
      mails: replyMails(decision, record, task.taskId),
    };
  });
}

/**
 * What a decision adds to the complaint report's counters (docs/data-model.md): the first reply
 * on time or late; an investigation moves the complaint's responsibility, cause and factory from
 * what the previous one counted (a repeated investigation counts the complaint once); a
 * verification counts the CAPA round.
 */
function decisionStats(
  decision: TaskDecision,
  before: ComplaintWorkflowRecord,
  after: ComplaintWorkflowRecord,
): ComplaintStatChange {
  switch (decision.step) {
    case 'customerReply':
      if (before.replies.length > 0) return {};
      return { counters: after.replies.at(-1)?.onTime === false ? { repliesLate: 1 } : { repliesOnTime: 1 } };
    case 'investigation':
      return reclassification(
        classificationOf(latestInvestigation(before)),
        classificationOf(latestInvestigation(after)),
      );
    case 'verification':
      return verificationChange(decision.result, after.capa?.rounds.at(-1)?.round ?? 1);
    default:
      return {};
  }
}

/** How long the decision path waits for a step being re-opened to hand over its new token. */
const REOPEN_WAIT_MS = 20_000;
const gone = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

/**
 * Tells the workflow the recorded outcome. When the token died (the step timed out and is
 * being re-opened), waits for the re-opened step's token and delivers with it. Only this
 * function may answer the workflow (architecture.md: task-response rights).
 */
async function deliverDecision(taskId: string): Promise<void> {
  const deadline = Date.now() + REOPEN_WAIT_MS;
  let tried: string | undefined;
  while (Date.now() < deadline) {
    const found = await getTaskWithToken(taskId);
    if (!found?.task.outcome || found.task.delivered) return;
    if (found.token !== tried) {
      tried = found.token;
      try {
        await sendTaskOutcome(found.token, found.task.outcome);
        await markTaskDelivered(taskId);
        return;
      } catch (error) {
        if (!(error instanceof SFNServiceException && gone.has(error.name))) {
          logger.warn('decision recorded, delivery failed; submit again to retry', {
            taskId,
            error: (error as Error).name,
          });
          return;
        }
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  logger.warn('decision recorded, workflow not re-opened yet; submit again to deliver', { taskId });
}

import { TaskTimedOut } from '@aws-sdk/client-sfn';
import { sfnClient } from '../../shared/workflow/sfn.ts';
import { aComplaint, aSubmitter, uniqueEmail } from '../support/builders.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { taskFor } from '../support/workflow.ts';

let api: TestRuntime;
beforeAll(async () => {
  api = await startTestRuntime({ seed: false, workflowTimeouts: { investigation: 3 } });
});
afterAll(async () => api.stop());

describe('a decision that meets its step timing out', () => {
  it('is delivered to the re-opened step with the new token: no second task, no lost decision', async () => {
    const submitted = await api.request<{ id: string }>('POST', '/v1/complaints', {
      body: aComplaint({ submitter: aSubmitter({ email: uniqueEmail() }) }),
    });
    const complaintId = submitted.body.id;
    const task = await taskFor(api, complaintId, 'investigation', 'quality');
    // Fault injection: the first SendTaskSuccess arrives after the step timed out, as AWS answers then.
    let delayed = false;
    sfnClient().middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'SendTaskSuccessCommand' && !delayed) {
          delayed = true;
          await new Promise((resolve) => setTimeout(resolve, 3500));
          throw new TaskTimedOut({ message: 'Task Timed Out', $metadata: {} });
        }
        return next(args);
      },
      { step: 'initialize', name: 'lateDelivery' },
    );
    let response: Awaited<ReturnType<TestRuntime['request']>>;
    try {
      response = await api.request('POST', `/v1/tasks/${task.taskId}`, {
        token: await api.token('quality'),
        body: {
          step: 'investigation',
          findings: '运输磕碰',
          cause: 'packaging-transport',
          responsibility: 'customer',
          handlingOpinion: '说明',
        },
      });
    } finally {
      sfnClient().middlewareStack.remove('lateDelivery');
    }

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ taskId: task.taskId, status: 'completed', delivered: true });
    const approval = await taskFor(api, complaintId, 'productionApproval', 'production');
    expect(approval.complaintId).toBe(complaintId);
    const taskMails = (await api.emailsTo('quality@aftersales.local')).filter(
      (mail) => mail.body.text?.includes(complaintId) && mail.subject.startsWith('[待办]'),
    );
    expect(taskMails).toHaveLength(1);
  });
});

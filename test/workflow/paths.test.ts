import { DescribeExecutionCommand, GetExecutionHistoryCommand } from '@aws-sdk/client-sfn';
import { aComplaint, aSubmitter, uniqueEmail } from '../support/builders.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import {
  complaintExecutionArn,
  eventually,
  statusOf,
  type TaskSummary,
  taskFor,
} from '../support/workflow.ts';

let api: TestRuntime;
beforeAll(async () => {
  api = await startTestRuntime();
});
afterAll(async () => api.stop());

async function submit(email = uniqueEmail()) {
  const response = await api.request<{ id: string; reference: string }>('POST', '/v1/complaints', {
    body: aComplaint({ submitter: aSubmitter({ email }), batch: `B-${email.slice(8, 16)}` }),
  });
  return { ...response.body, email };
}

async function complete(
  task: TaskSummary,
  role: string,
  body: Record<string, unknown>,
  extra: { department?: string } = {},
) {
  const response = await api.request<Record<string, unknown>>('POST', `/v1/tasks/${task.taskId}`, {
    token: await api.token(role, extra),
    body: { step: task.step, ...body },
  });
  if (response.status !== 200) throw new Error(`${task.step}: ${response.status} ${response.text}`);
  return response.body;
}

/** The states the execution entered, in order (from GetExecutionHistory). */
async function statesEntered(id: string): Promise<string[]> {
  const { events = [] } = await api.sfn.send(
    new GetExecutionHistoryCommand({ executionArn: complaintExecutionArn(id), maxResults: 1000 }),
  );
  return events.flatMap((event) =>
    event.type?.endsWith('StateEntered') && event.stateEnteredEventDetails?.name
      ? [event.stateEnteredEventDetails.name]
      : [],
  );
}

const timelineOf = async (id: string) => {
  const response = await api.request<{
    timeline: { type: string; actor: { roles?: string[] }; data: Record<string, unknown> }[];
  }>('GET', `/v1/complaints/${id}`, { token: await api.token('manager') });
  return response.body.timeline;
};

describe('a complaint caused by the customer', () => {
  it('goes from intake through investigation, approval and the reply to the archive', async () => {
    const complaint = await submit();

    await complete(await taskFor(api, complaint.id, 'investigation', 'quality'), 'quality', {
      findings: '学生站在桌面上导致开裂',
      cause: 'usage',
      responsibility: 'customer',
      handlingOpinion: '收费维修，并提供使用说明',
    });
    await complete(await taskFor(api, complaint.id, 'productionApproval', 'production'), 'production', {
      decision: 'approve',
    });
    await complete(
      await taskFor(api, complaint.id, 'customerReply', 'customer-service'),
      'customer-service',
      {
        reply: '经调查，损坏系使用不当所致。我们可提供收费维修。',
        channel: 'email',
      },
    );
    const archived = await statusOf(api, complaint.id, 'ARCHIVED');

    // The archive step finishes the record a moment before the execution itself succeeds.
    const execution = await eventually('the execution to succeed', async () => {
      const described = await api.sfn.send(
        new DescribeExecutionCommand({ executionArn: complaintExecutionArn(complaint.id) }),
      );
      return described.status === 'SUCCEEDED' ? described : undefined;
    });
    expect(execution.status).toBe('SUCCEEDED');
    expect(await statesEntered(complaint.id)).toEqual([
      'Record',
      'NotifyQuality',
      'CheckBatch',
      'Investigation',
      'ProductionApproval',
      'ApprovalDecided',
      'CustomerReply',
      'ResponsibilityDecided',
      'Archive',
    ]);
    expect((archived.workflow as { replies: { onTime: boolean }[] }).replies[0]?.onTime).toBe(true);
    const types = (await timelineOf(complaint.id)).map((event) => event.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'received',
        'workflow.started',
        'quality.notified',
        'investigation.decided',
        'productionApproval.decided',
        'customerReply.decided',
        'archived',
      ]),
    );
    const reports = await api.emailsTo('factory-quality@aftersales.local');
    expect(reports.filter((mail) => mail.body.text?.includes(complaint.id))).toHaveLength(1);
    const [reply] = (await api.emailsTo(complaint.email)).filter((mail) => mail.subject.includes('答复'));
    expect(reply?.body.text).toContain('收费维修');
  });

  it('is frozen once archived: later changes are refused with 409 and the chain still verifies', async () => {
    const complaint = await submit();
    await complete(await taskFor(api, complaint.id, 'investigation', 'quality'), 'quality', {
      findings: '运输磕碰',
      cause: 'packaging-transport',
      responsibility: 'customer',
      handlingOpinion: '说明',
    });
    await complete(await taskFor(api, complaint.id, 'productionApproval', 'production'), 'production', {
      decision: 'approve',
    });
    const reply = await taskFor(api, complaint.id, 'customerReply', 'customer-service');
    await complete(reply, 'customer-service', { reply: '已电话说明', channel: 'phone' });
    const archived = await statusOf(api, complaint.id, 'ARCHIVED');

    const extension = await api.request('POST', `/v1/complaints/${complaint.id}/reply-extension`, {
      token: await api.token('customer-service'),
      body: {
        agreedBy: '张伟',
        agreedAt: new Date().toISOString(),
        channel: 'phone',
        newDueAt: new Date(Date.now() + 9e8).toISOString(),
      },
    });
    const again = await api.request('POST', `/v1/tasks/${reply.taskId}`, {
      token: await api.token('customer-service'),
      body: { step: 'customerReply', reply: '再次答复', channel: 'phone' },
    });
    const chain = await api.request<{ intact: boolean; events: number }>(
      'GET',
      `/v1/complaints/${complaint.id}/verify-chain`,
      {
        token: await api.token('quality'),
      },
    );

    expect(extension.status).toBe(409);
    expect(again.status).toBe(409);
    expect((await api.item(`CASE#${complaint.id}`, 'CASE'))?.version).toBe(archived.version);
    expect(chain.body).toMatchObject({ intact: true, events: (archived.timeline as unknown[]).length });
  });
});

describe('a complaint with an internal cause', () => {
  it('loops through a production rejection, two rejected CAPA proposals and an ineffective fix until verified effective', async () => {
    const complaint = await submit();
    const department = { department: 'assembly' };
    const internal = {
      findings: '封边胶量不足',
      cause: 'workmanship',
      factory: '一厂',
      responsibility: 'internal',
      responsibleDepartmentId: 'assembly',
      preliminaryLossCny: 3600.5,
      handlingOpinion: '免费更换桌面',
    };

    await complete(await taskFor(api, complaint.id, 'investigation', 'quality'), 'quality', internal);
    await complete(await taskFor(api, complaint.id, 'productionApproval', 'production'), 'production', {
      decision: 'reject',
      reason: '损失估算缺少依据',
    });
    await complete(await taskFor(api, complaint.id, 'investigation', 'quality'), 'quality', {
      ...internal,
      preliminaryLossCny: 4200,
    });
    await complete(await taskFor(api, complaint.id, 'productionApproval', 'production'), 'production', {
      decision: 'approve',
    });
    await complete(
      await taskFor(api, complaint.id, 'customerReply', 'customer-service'),
      'customer-service',
      { reply: '将免费更换', channel: 'email' },
    );
    const proposal = {
      rootCause: '涂胶机参数漂移',
      correctiveMeasures: '校准涂胶机',
      preventiveMeasures: '每班点检',
    };
    for (const review of ['reject', 'reject', 'approve']) {
      await complete(
        await taskFor(api, complaint.id, 'rootCause', 'department', department),
        'department',
        proposal,
        department,
      );
      await complete(
        await taskFor(api, complaint.id, 'qualityReview', 'quality'),
        'quality',
        review === 'reject' ? { decision: 'reject', reason: '预防措施不具体' } : { decision: 'approve' },
      );
    }
    await complete(await taskFor(api, complaint.id, 'capaReply', 'customer-service'), 'customer-service', {
      reply: '纠正措施：校准涂胶机',
      channel: 'email',
    });
    await complete(
      await taskFor(api, complaint.id, 'executionReport', 'department', department),
      'department',
      { report: '已校准', completedOn: '2026-11-27' },
      department,
    );
    await complete(await taskFor(api, complaint.id, 'verification', 'quality'), 'quality', {
      result: 'ineffective',
      notes: '抽检仍有开胶',
    });
    await complete(
      await taskFor(api, complaint.id, 'rootCause', 'department', department),
      'department',
      { ...proposal, rootCause: '胶水批次问题' },
      department,
    );
    await complete(await taskFor(api, complaint.id, 'qualityReview', 'quality'), 'quality', {
      decision: 'approve',
    });
    await complete(await taskFor(api, complaint.id, 'capaReply', 'customer-service'), 'customer-service', {
      reply: '更换胶水供应商',
      channel: 'phone',
    });
    await complete(
      await taskFor(api, complaint.id, 'executionReport', 'department', department),
      'department',
      { report: '已更换', completedOn: '2026-11-27' },
      department,
    );
    await complete(await taskFor(api, complaint.id, 'verification', 'customer-service'), 'customer-service', {
      result: 'effective',
      notes: '回访无问题',
    });
    await complete(
      await taskFor(api, complaint.id, 'standardRevision', 'department', department),
      'department',
      {
        revisedStandardUrl: 'https://docs.example.cn/standards/assembly-glue-v3',
      },
      department,
    );
    const archived = await statusOf(api, complaint.id, 'ARCHIVED');

    const capa = (
      archived.workflow as {
        capa: {
          number: string;
          rounds: {
            proposals: { review?: { decision: string } }[];
            verification: { result: string; at: string; by: { roles: string[] } };
          }[];
        };
      }
    ).capa;
    expect(capa.number).toBe(`CAPA-${complaint.reference.slice(3)}`);
    expect(capa.rounds.map((round) => round.proposals.map((p) => p.review?.decision))).toEqual([
      ['reject', 'reject', 'approve'],
      ['approve'],
    ]);
    expect(capa.rounds.map((round) => round.verification.result)).toEqual(['ineffective', 'effective']);
    expect(capa.rounds[1]?.verification.by.roles).toEqual(['customer-service']);
    const states = await statesEntered(complaint.id);
    expect(states.filter((s) => s === 'Investigation')).toHaveLength(2);
    expect(states.filter((s) => s === 'RootCause')).toHaveLength(4);
    expect(states.slice(-3)).toEqual(['SendStatistics', 'StandardRevision', 'Archive']);
    const capaMails = (await api.emailsTo('assembly@aftersales.local')).filter((mail) =>
      mail.body.text?.includes(complaint.id),
    );
    expect(capaMails.some((mail) => mail.subject.includes('纠正预防措施要求表'))).toBe(true);
    expect(capaMails.some((mail) => mail.subject.includes('请修订标准'))).toBe(true);
    expect(
      (archived.workflow as { standardRevision: { revisedStandardUrl: string } }).standardRevision
        .revisedStandardUrl,
    ).toContain('glue-v3');
  });
});

describe('completing tasks', () => {
  it('refuses a second completion, the wrong role, another department and a forged id, changing nothing', async () => {
    const complaint = await submit();
    const task = await taskFor(api, complaint.id, 'investigation', 'quality');
    const decision = {
      step: 'investigation',
      findings: '包装破损',
      cause: 'packaging-transport',
      responsibility: 'customer',
      handlingOpinion: '说明',
    };
    const before = await api.item(`CASE#${complaint.id}`, 'CASE');

    const wrongRole = await api.request('POST', `/v1/tasks/${task.taskId}`, {
      token: await api.token('production'),
      body: decision,
    });
    const forged = await api.request('POST', '/v1/tasks/AAAAAAAAAAAAAAAAAAAAAAAA', {
      token: await api.token('quality'),
      body: decision,
    });
    const wrongStep = await api.request('POST', `/v1/tasks/${task.taskId}`, {
      token: await api.token('quality'),
      body: { step: 'verification', result: 'effective', notes: 'x' },
    });
    expect(await api.item(`CASE#${complaint.id}`, 'CASE')).toEqual(before);

    const first = await api.request('POST', `/v1/tasks/${task.taskId}`, {
      token: await api.token('quality'),
      body: decision,
    });
    const afterFirst = await api.item(`CASE#${complaint.id}`, 'CASE');
    const second = await api.request('POST', `/v1/tasks/${task.taskId}`, {
      token: await api.token('quality'),
      body: decision,
    });

    expect(wrongRole.status).toBe(403);
    expect(forged.status).toBe(404);
    expect(wrongStep.status).toBe(422);
    expect(first.status).toBe(200);
    expect(second.status).toBe(409);
    const afterSecond = await api.item(`CASE#${complaint.id}`, 'CASE');
    expect(afterSecond?.workflow).toEqual(afterFirst?.workflow);
  });

  it("keeps a department's steps from other departments", async () => {
    const complaint = await submit();
    await complete(await taskFor(api, complaint.id, 'investigation', 'quality'), 'quality', {
      findings: '油漆起泡',
      cause: 'workmanship',
      responsibility: 'internal',
      responsibleDepartmentId: 'painting',
      preliminaryLossCny: 800,
      handlingOpinion: '返工',
    });
    await complete(await taskFor(api, complaint.id, 'productionApproval', 'production'), 'production', {
      decision: 'approve',
    });
    await complete(
      await taskFor(api, complaint.id, 'customerReply', 'customer-service'),
      'customer-service',
      { reply: '返工', channel: 'phone' },
    );
    const rootCause = await taskFor(api, complaint.id, 'rootCause', 'department', { department: 'painting' });

    const assemblyQueue = await api.request<{ items: TaskSummary[] }>('GET', '/v1/tasks', {
      token: await api.token('department', { department: 'assembly' }),
    });
    const assemblyAttempt = await api.request('POST', `/v1/tasks/${rootCause.taskId}`, {
      token: await api.token('department', { department: 'assembly' }),
      body: { step: 'rootCause', rootCause: 'x', correctiveMeasures: 'y', preventiveMeasures: 'z' },
    });

    expect(rootCause.departmentId).toBe('painting');
    expect(assemblyQueue.body.items.map((t) => t.taskId)).not.toContain(rootCause.taskId);
    expect(assemblyAttempt.status).toBe(403);
  });
});

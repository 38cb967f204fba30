// Drives complaints through the workflow over HTTP, as staff would: the benchmark and the cost
// model measure what the two typical paths cost.
import { GetExecutionHistoryCommand, SFNClient } from '@aws-sdk/client-sfn';

type Json = Record<string, unknown>;

export interface PathFigures {
  readonly stateTransitions: number;
  readonly lambdaInvocations: number;
}

export function complaintDriver(baseUrl: string) {
  const post = async (path: string, body: unknown, token?: string) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as Json;
    if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  const tokens = new Map<string, string>();
  const token = async (role: string, department?: string) => {
    const key = `${role}/${department ?? ''}`;
    if (!tokens.has(key))
      tokens.set(
        key,
        String((await post('/_local/token', { role, ...(department ? { department } : {}) })).token),
      );
    return tokens.get(key) as string;
  };
  const waitForTask = async (complaintId: string, step: string, role: string, department?: string) => {
    const bearer = await token(role, department);
    for (let attempt = 0; attempt < 300; attempt += 1) {
      const response = await fetch(`${baseUrl}/v1/tasks`, { headers: { authorization: `Bearer ${bearer}` } });
      const { items } = (await response.json()) as {
        items: { taskId: string; complaintId: string; step: string }[];
      };
      const task = items.find((t) => t.complaintId === complaintId && t.step === step);
      if (task) return task.taskId;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no ${step} task for ${complaintId}`);
  };
  const decide = async (complaintId: string, step: string, role: string, body: Json, department?: string) =>
    post(
      `/v1/tasks/${await waitForTask(complaintId, step, role, department)}`,
      { step, ...body },
      await token(role, department),
    );
  const waitForStatus = async (complaintId: string, status: string) => {
    const bearer = await token('manager');
    for (let attempt = 0; attempt < 300; attempt += 1) {
      const response = await fetch(`${baseUrl}/v1/complaints/${complaintId}`, {
        headers: { authorization: `Bearer ${bearer}` },
      });
      if (((await response.json()) as Json).status === status) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`${complaintId} never reached ${status}`);
  };

  const submit = async (i: number) =>
    String(
      (
        await post('/v1/complaints', {
          submitter: {
            organization: `路径测试学校 ${i}`,
            contactName: '测试',
            email: `path-${i}-${Date.now()}@bench.example.cn`,
          },
          product: { category: 'furniture', name: '学生课桌椅 KZY-01' },
          batch: `B-PATH-${i}-${Date.now()}`,
          quantity: 2,
          problemDate: '2026-11-01',
          subject: 'quality-defect',
          description: '桌面开裂',
          requestedResolution: '更换',
        })
      ).id,
    );

  const firstSteps = async (id: string, responsibility: 'customer' | 'internal') => {
    await decide(id, 'investigation', 'quality', {
      findings: '调查结论',
      cause: responsibility === 'internal' ? 'workmanship' : 'usage',
      responsibility,
      handlingOpinion: '处理意见',
      ...(responsibility === 'internal'
        ? { responsibleDepartmentId: 'assembly', preliminaryLossCny: 500 }
        : {}),
    });
    await decide(id, 'productionApproval', 'production', { decision: 'approve' });
    await decide(id, 'customerReply', 'customer-service', { reply: '答复内容', channel: 'email' });
  };

  return {
    /** Customer-caused: investigation, approval, reply, archive. */
    async customerCaused(i: number): Promise<string> {
      const id = await submit(i);
      await firstSteps(id, 'customer');
      await waitForStatus(id, 'ARCHIVED');
      return id;
    },
    /** Internal with one CAPA round: approved first time, verified effective. */
    async internalOneRound(i: number): Promise<string> {
      const id = await submit(i);
      await firstSteps(id, 'internal');
      await decide(
        id,
        'rootCause',
        'department',
        { rootCause: '原因', correctiveMeasures: '纠正', preventiveMeasures: '预防' },
        'assembly',
      );
      await decide(id, 'qualityReview', 'quality', { decision: 'approve' });
      await decide(id, 'capaReply', 'customer-service', { reply: '措施', channel: 'email' });
      await decide(
        id,
        'executionReport',
        'department',
        { report: '已执行', completedOn: '2026-11-27' },
        'assembly',
      );
      await decide(id, 'verification', 'quality', { result: 'effective', notes: '有效' });
      await decide(id, 'standardRevision', 'department', { notes: '标准无需修订' }, 'assembly');
      await waitForStatus(id, 'ARCHIVED');
      return id;
    },
  };
}

/** State transitions (states entered, as Step Functions bills them) and workflow Lambda invocations of one execution. */
export async function executionFigures(baseUrl: string, complaintId: string): Promise<PathFigures> {
  const sfn = new SFNClient({
    endpoint: baseUrl,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const { events = [] } = await sfn.send(
      new GetExecutionHistoryCommand({
        executionArn: `arn:aws:states:us-east-1:000000000000:execution:aftersales-complaint:${complaintId}`,
        maxResults: 1000,
      }),
    );
    return {
      stateTransitions: events.filter((event) => event.type?.endsWith('StateEntered')).length,
      lambdaInvocations: events.filter(
        (event) => event.type === 'TaskScheduled' || event.type === 'LambdaFunctionScheduled',
      ).length,
    };
  } finally {
    sfn.destroy();
  }
}

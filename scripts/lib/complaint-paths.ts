// Drives complaints through the workflow over HTTP, as the public form and the staff console would:
// the benchmark and the cost model measure what the two typical paths cost.
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  SFNClient,
} from '@aws-sdk/client-sfn';

type Json = Record<string, unknown>;

export interface PathFigures {
  readonly stateTransitions: number;
  readonly lambdaInvocations: number;
}

export interface DriverOptions {
  /**
   * Runs the driver's waiting: polling for a task or a status, and setting up a submitter's
   * customer. What a person does is outside it: the submission, and for each human step the
   * console's requests (queue, complaint page, decision). The cost model counts only those.
   */
  readonly waiting?: <T>(run: () => Promise<T>) => Promise<T>;
  /**
   * Each submitter is a contact of a customer created first, with consent to email: the
   * complaint is linked to the customer and its satisfaction survey is planned when it closes.
   */
  readonly knownCustomers?: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function complaintDriver(baseUrl: string, options: DriverOptions = {}) {
  const waiting = options.waiting ?? (<T>(run: () => Promise<T>) => run());
  const send = async (method: 'GET' | 'POST', path: string, body?: unknown, token?: string, allowed = 0) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await response.json()) as Json;
    if (response.status >= 300 && response.status !== allowed)
      throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  const tokens = new Map<string, string>();
  const token = async (role: string, department?: string) => {
    const key = `${role}/${department ?? ''}`;
    if (!tokens.has(key))
      tokens.set(
        key,
        String((await send('POST', '/_local/token', { role, ...(department ? { department } : {}) })).token),
      );
    return tokens.get(key) as string;
  };
  const taskOf = async (complaintId: string, step: string, bearer: string) => {
    const { items } = (await send('GET', '/v1/tasks', undefined, bearer)) as unknown as {
      items: { taskId: string; complaintId: string; step: string }[];
    };
    return items.find((t) => t.complaintId === complaintId && t.step === step)?.taskId;
  };
  const waitForTask = (complaintId: string, step: string, bearer: string) =>
    waiting(async () => {
      for (let attempt = 0; attempt < 300; attempt += 1) {
        if (await taskOf(complaintId, step, bearer)) return;
        await sleep(50);
      }
      throw new Error(`no ${step} task for ${complaintId}`);
    });
  /** A human step as the console makes it: the queue, the complaint page (case and tasks), the decision. */
  const decide = async (complaintId: string, step: string, role: string, body: Json, department?: string) => {
    const bearer = await token(role, department);
    await waitForTask(complaintId, step, bearer);
    const taskId = await taskOf(complaintId, step, bearer);
    // The page asks for the case whatever the role: departments may not read complaints (403).
    await send('GET', `/v1/complaints/${complaintId}`, undefined, bearer, 403);
    await send('GET', '/v1/tasks', undefined, bearer);
    await send('POST', `/v1/tasks/${taskId}`, { step, ...body }, bearer);
  };
  const waitForStatus = (complaintId: string, status: string) =>
    waiting(async () => {
      const bearer = await token('manager');
      for (let attempt = 0; attempt < 300; attempt += 1) {
        const complaint = await send('GET', `/v1/complaints/${complaintId}`, undefined, bearer);
        if (complaint.status === status) return;
        await sleep(50);
      }
      throw new Error(`${complaintId} never reached ${status}`);
    });

  const submitter = async (i: number) => {
    const email = `path-${i}-${Date.now()}@bench.example.cn`;
    if (options.knownCustomers) {
      await waiting(async () =>
        send(
          'POST',
          '/v1/customers',
          {
            organization: `路径测试学校 ${i}`,
            contacts: [{ name: '测试', email, primary: true }],
            region: '广东省广州市',
            officeId: 'gz',
            tier: 'regular',
            emailConsent: true,
          },
          await token('customer-service'),
        ),
      );
    }
    return { organization: `路径测试学校 ${i}`, contactName: '测试', email };
  };

  const submit = async (i: number) => {
    const from = await submitter(i);
    return String(
      (
        await send('POST', '/v1/complaints', {
          submitter: from,
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
  };

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
  /** Archived, and the execution ended (its last step has returned). */
  const finished = async (id: string) => {
    await waitForStatus(id, 'ARCHIVED');
    await waiting(() => waitForExecutionEnd(baseUrl, id));
  };

  return {
    /** Customer-caused: investigation, approval, reply, archive. */
    async customerCaused(i: number): Promise<string> {
      const id = await submit(i);
      await firstSteps(id, 'customer');
      await finished(id);
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
      await finished(id);
      return id;
    },
  };
}

/** The human steps (and so the console visits) of each path. */
export const humanStepsPerPath = { customerCaused: 3, internalOneRound: 9 } as const;

async function withSfn<T>(baseUrl: string, run: (sfn: SFNClient) => Promise<T>): Promise<T> {
  const sfn = new SFNClient({
    endpoint: baseUrl,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    return await run(sfn);
  } finally {
    sfn.destroy();
  }
}

const executionArn = (complaintId: string) =>
  `arn:aws:states:us-east-1:000000000000:execution:aftersales-complaint:${complaintId}`;

async function waitForExecutionEnd(baseUrl: string, complaintId: string): Promise<void> {
  await withSfn(baseUrl, async (sfn) => {
    for (let attempt = 0; attempt < 300; attempt += 1) {
      const { status } = await sfn.send(
        new DescribeExecutionCommand({ executionArn: executionArn(complaintId) }),
      );
      if (status !== 'RUNNING') return;
      await sleep(20);
    }
    throw new Error(`the workflow of ${complaintId} never ended`);
  });
}

const isStateEntered = (event: HistoryEvent) => event.type?.endsWith('StateEntered') ?? false;
const isLambdaScheduled = (event: HistoryEvent) =>
  event.type === 'TaskScheduled' || event.type === 'LambdaFunctionScheduled';

/** State transitions (states entered, as Step Functions bills them) and workflow Lambda invocations of one execution. */
export async function executionFigures(baseUrl: string, complaintId: string): Promise<PathFigures> {
  return withSfn(baseUrl, async (sfn) => {
    const { events = [] } = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn: executionArn(complaintId), maxResults: 1000 }),
    );
    return {
      stateTransitions: events.filter(isStateEntered).length,
      lambdaInvocations: events.filter(isLambdaScheduled).length,
    };
  });
}

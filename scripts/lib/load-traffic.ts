// Open-loop traffic for `npm run load`: submissions start on a fixed clock whatever the answers
// do (a slow system gets a queue, not fewer customers), mixed with staff reads and task
// completions. Every request behaves as the web forms do: one Idempotency-Key per submission,
// retried with the same key after 503/429/409-in-progress (honouring Retry-After) and after a
// lost connection, until it gets a final answer.

export interface TrafficPlan {
  readonly url: string;
  readonly runId: string;
  /** Public submissions per second. */
  readonly rate: number;
  readonly seconds: number;
  /** Staff reads and task completions per submission (e.g. 0.2 and 0.1). */
  readonly readsPerSubmission: number;
  readonly completionsPerSubmission: number;
  /** Give up retrying a request this long after the last one was due. */
  readonly graceSeconds: number;
  /** Called once this many seconds into the run (the crash test kills the runtime here). */
  readonly at?: { readonly seconds: number; readonly run: () => Promise<void> };
}

export type RequestKind = 'submit' | 'read' | 'complete';

export interface Outcome {
  readonly kind: RequestKind;
  /** The final status, or `network` when no answer ever came. */
  readonly status: number | 'network';
  /** From the moment the request was due to its final answer, retries included. */
  readonly latencyMs: number;
  readonly attempts: number;
}

export interface Submission extends Outcome {
  readonly email: string;
  readonly complaintId?: string;
}

export interface Completion extends Outcome {
  readonly complaintId: string;
}

export interface TrafficResult {
  readonly submissions: readonly Submission[];
  readonly reads: readonly Outcome[];
  readonly completions: readonly Completion[];
  /** Every attempt's answer by request kind: `submit 201`, `submit 503`, `read network`... */
  readonly attemptsByStatus: ReadonlyMap<string, number>;
  /** From the first request due to the last final answer. */
  readonly elapsedSeconds: number;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const RETRY_STATUSES = new Set([429, 503]);

export function complaintBody(runId: string, i: number) {
  return {
    submitter: {
      organization: `负载测试学校 ${i % 97}`,
      contactName: '测试',
      email: `load-${runId}-${i}@load.example.cn`,
    },
    product: { category: 'furniture', name: '学生课桌椅 KZY-01' },
    batch: `B-LOAD-${runId}-${i}`,
    quantity: 1 + (i % 20),
    problemDate: '2026-11-01',
    subject: 'quality-defect',
    description: '桌面开裂，边缘翘起。'.repeat(8),
    requestedResolution: '更换',
  };
}

export async function runTraffic(plan: TrafficPlan): Promise<TrafficResult> {
  const attemptsByStatus = new Map<string, number>();
  const count = (key: string) => attemptsByStatus.set(key, (attemptsByStatus.get(key) ?? 0) + 1);
  const started = performance.now();
  const giveUpAt = started + (plan.seconds + plan.graceSeconds) * 1000;

  /** One request to its final answer: retried as a careful client would. */
  async function send(
    kind: RequestKind,
    dueAt: number,
    request: () => Promise<Response>,
  ): Promise<{ outcome: Outcome; body: unknown }> {
    let attempts = 0;
    for (;;) {
      attempts += 1;
      let wait: number;
      try {
        const response = await request();
        const text = await response.text();
        count(`${kind} ${response.status}`);
        const busy =
          RETRY_STATUSES.has(response.status) ||
          (response.status === 409 && response.headers.has('retry-after'));
        if (!busy || performance.now() > giveUpAt) {
          const body =
            text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
          return {
            outcome: { kind, status: response.status, latencyMs: performance.now() - dueAt, attempts },
            body,
          };
        }
        // Jittered, so refused requests do not all come back in the same instant.
        wait = Math.min(30, Number(response.headers.get('retry-after')) || 1) * (500 + Math.random() * 1000);
      } catch {
        count(`${kind} network`);
        if (performance.now() > giveUpAt)
          return {
            outcome: { kind, status: 'network', latencyMs: performance.now() - dueAt, attempts },
            body: undefined,
          };
        wait = Math.min(2000, 100 * 2 ** Math.min(attempts, 5));
      }
      await sleep(wait);
    }
  }

  const json = (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${plan.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const tokenOf = async (role: string) => {
    const { body } = await send('read', performance.now(), () => json('POST', '/_local/token', { role }));
    return `Bearer ${(body as { token: string }).token}`;
  };
  const [manager, quality] = [await tokenOf('manager'), await tokenOf('quality')];

  const submissions: Submission[] = [];
  const reads: Outcome[] = [];
  const completions: Completion[] = [];
  const accepted: string[] = [];
  const taken = new Set<string>();

  const submit = async (i: number, dueAt: number) => {
    const body = complaintBody(plan.runId, i);
    const key = `load-${plan.runId}-${i}`;
    const { outcome, body: answer } = await send('submit', dueAt, () =>
      json('POST', '/v1/complaints', body, { 'idempotency-key': key }),
    );
    const complaintId = outcome.status === 201 ? String((answer as { id: string }).id) : undefined;
    if (complaintId) accepted.push(complaintId);
    submissions.push({ ...outcome, email: body.submitter.email, ...(complaintId ? { complaintId } : {}) });
  };
  const read = async (i: number, dueAt: number) => {
    const pick = accepted[Math.floor(Math.random() * accepted.length)];
    const path =
      i % 3 === 0 || !pick ? '/v1/complaints?limit=20' : i % 3 === 1 ? `/v1/complaints/${pick}` : '/v1/tasks';
    const token = path === '/v1/tasks' ? quality : manager;
    reads.push(
      (await send('read', dueAt, () => json('GET', path, undefined, { authorization: token }))).outcome,
    );
  };
  /** Quality completes the investigation of a complaint accepted earlier in the run. */
  const complete = async (i: number, dueAt: number) => {
    const { body } = await send('read', dueAt, () =>
      json('GET', '/v1/tasks', undefined, { authorization: quality }),
    );
    const mine = new Set(accepted);
    const task = (
      (body as { items?: { taskId: string; complaintId: string; step: string }[] }).items ?? []
    ).find((t) => t.step === 'investigation' && mine.has(t.complaintId) && !taken.has(t.taskId));
    if (!task) return;
    taken.add(task.taskId);
    const decision = {
      step: 'investigation',
      findings: '使用不当导致',
      cause: 'usage',
      responsibility: 'customer',
      handlingOpinion: '指导正确使用',
    };
    const { outcome } = await send('complete', dueAt, () =>
      json('POST', `/v1/tasks/${task.taskId}`, decision, {
        authorization: quality,
        'idempotency-key': `load-${plan.runId}-task-${i}`,
      }),
    );
    completions.push({ ...outcome, complaintId: task.complaintId });
  };

  const inFlight: Promise<void>[] = [];
  const total = Math.round(plan.rate * plan.seconds);
  const every = (perSubmission: number) => (perSubmission > 0 ? Math.round(1 / perSubmission) : 0);
  const readEvery = every(plan.readsPerSubmission);
  const completeEvery = every(plan.completionsPerSubmission);
  const begin = performance.now();
  let hookDone = plan.at === undefined;
  for (let i = 0; i < total; i += 1) {
    const dueAt = begin + (i * 1000) / plan.rate;
    const ahead = dueAt - performance.now();
    if (ahead > 0) await sleep(ahead);
    if (!hookDone && plan.at && dueAt - begin >= plan.at.seconds * 1000) {
      hookDone = true;
      inFlight.push(plan.at.run());
    }
    inFlight.push(submit(i, dueAt));
    if (readEvery && i % readEvery === readEvery - 1) inFlight.push(read(i, dueAt));
    if (completeEvery && i % completeEvery === completeEvery - 1 && i > plan.rate)
      inFlight.push(complete(i, dueAt));
  }
  await Promise.all(inFlight);
  return {
    submissions,
    reads,
    completions,
    attemptsByStatus,
    elapsedSeconds: (performance.now() - begin) / 1000,
  };
}

import { randomBytes } from 'node:crypto';
import { reconcile, reconciled, settleAndReconcile } from '../../scripts/lib/load-reconcile.ts';
import { crashableRuntime, type Services, startServices } from '../../scripts/lib/load-runtime.ts';
import { runTraffic, type TrafficResult } from '../../scripts/lib/load-traffic.ts';

// The local runtime (gateway, handlers, Step Functions engine) is SIGKILLed in the middle of a
// stream of complaints and started again on the same DynamoDB Local, as a crashed function
// would be replaced: every 201 must still be one stored complaint, one workflow execution and
// one acknowledgement email, once the jobs have done what their schedules would.

let services: Services;
let runtime: Awaited<ReturnType<typeof crashableRuntime>>;
let traffic: TrafficResult;
let downSeconds = 0;

beforeAll(async () => {
  services = await startServices('aftersales-crash');
  runtime = await crashableRuntime(services, randomBytes(16).toString('hex'));
  traffic = await runTraffic({
    url: runtime.url,
    runId: randomBytes(3).toString('hex'),
    rate: 8,
    seconds: 8,
    readsPerSubmission: 0.25,
    completionsPerSubmission: 0,
    graceSeconds: 60,
    at: {
      seconds: 3,
      run: async () => {
        downSeconds = await runtime.crash();
      },
    },
  });
}, 180_000);
afterAll(async () => {
  await runtime?.stop();
  await services?.stop();
});

describe('the runtime killed during a stream of complaints', () => {
  it('was down for a while, and the clients retried through it until every submission got its 201', () => {
    expect(downSeconds).toBeGreaterThan(0);
    expect(traffic.attemptsByStatus.get('submit network') ?? 0).toBeGreaterThan(0);
    expect(traffic.submissions).toHaveLength(64);
    expect(traffic.submissions.filter((s) => s.status !== 201)).toEqual([]);
  });

  it('lost nothing and duplicated nothing once the outbox and SLA jobs ran', async () => {
    const result = await settleAndReconcile({ url: runtime.url, ...services }, traffic.submissions, [], 8);
    expect(result).toMatchObject({
      accepted: 64,
      stored: 64,
      executions: 64,
      acknowledgements: 64,
      unanswered: 0,
    });
    expect(result.lost).toEqual([]);
    expect(result.duplicated).toEqual([]);
    expect(reconciled(result)).toBe(true);
  }, 120_000);

  it('the reconciliation notices a lost complaint (it can fail)', async () => {
    const invented = {
      ...traffic.submissions[0],
      complaintId: '01INVENTED0000000000000000',
    } as (typeof traffic.submissions)[0];
    const result = await reconcile({ url: runtime.url, ...services }, [invented], []);
    expect(result.lost).toEqual(['01INVENTED0000000000000000: not stored']);
    expect(reconciled(result)).toBe(false);
  });
});

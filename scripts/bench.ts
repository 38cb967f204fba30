// `npm run bench`: throughput and latency of POST /v1/complaints on the local runtime, the share of
// request time spent in DynamoDB and SES, and each Lambda bundle's minified size and cold load time.
// Tune with BENCH_REQUESTS (default 400) and BENCH_CONCURRENCY (default 8).
import { AsyncLocalStorage } from 'node:async_hooks';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { esbuildOptionsFor } from '../infra/constructs/bundling.ts';
import { freePort } from '../local/ports.ts';
import { startRuntime } from '../local/runtime.ts';
import { areas } from '../shared/http/route.ts';
import { sesClient } from '../shared/mail/ses.ts';
import { areaHandlerPath, scheduleHandlerPath, schedules } from '../shared/schedules.ts';
import { dynamoClient } from '../shared/store/client.ts';
import { workflowFunctions } from '../shared/workflow/functions.ts';
import { complaintDriver, executionFigures } from './lib/complaint-paths.ts';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const requests = Number(process.env.BENCH_REQUESTS ?? 400);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);

/** Marks work done inside an API request, so the complaint workflow running beside it is not counted. */
const inRequest = new AsyncLocalStorage<true>();

/** Adds up the wall time of every call a client makes inside an API request (retries included). */
function timeCalls(client: { middlewareStack: { add: (m: never, o: object) => void } }) {
  const total = { ms: 0, calls: 0 };
  const middleware = (next: (args: unknown) => Promise<unknown>) => async (args: unknown) => {
    if (!inRequest.getStore()) return next(args);
    const started = performance.now();
    try {
      return await next(args);
    } finally {
      total.ms += performance.now() - started;
      total.calls += 1;
    }
  };
  client.middlewareStack.add(middleware as never, { step: 'initialize', name: 'benchTimer' });
  return total;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const ms = (n: number) => `${n.toFixed(1)} ms`;

function complaint(i: number) {
  return {
    submitter: {
      organization: `基准测试学校 ${i}`,
      contactName: '测试',
      email: `bench-${i}@bench.example.cn`,
    },
    product: { category: 'furniture', name: '学生课桌椅 KZY-01' },
    batch: `B-BENCH-${i}`,
    quantity: 1 + (i % 50),
    problemDate: '2026-11-01',
    subject: 'quality-defect',
    description: '桌面开裂。'.repeat(20),
    requestedResolution: '更换',
  };
}

async function benchIntake() {
  const runtime = await startRuntime({
    projectRoot: root,
    port: 0,
    tableName: 'aftersales-bench',
    dynamo: { port: await freePort() },
    ses: { port: await freePort() },
    tokenSecret: 'bench',
    seed: false,
    timers: false,
    logLevel: 'SILENT',
    instrument: (run) => inRequest.run(true, run),
  });
  const dynamo = timeCalls(dynamoClient() as never);
  const ses = timeCalls(sesClient() as never);
  // The workflow figures first, while nothing else runs beside them.
  await benchWorkflow(runtime.url);
  const post = async (i: number) => {
    const started = performance.now();
    const response = await fetch(`${runtime.url}/v1/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `bench-${i}` },
      body: JSON.stringify(complaint(i)),
    });
    await response.arrayBuffer();
    if (response.status !== 201) throw new Error(`request ${i} answered ${response.status}`);
    return performance.now() - started;
  };
  try {
    for (let i = 0; i < 20; i += 1) await post(1_000_000 + i); // warm-up: module load, connections, JIT
    dynamo.ms = 0;
    dynamo.calls = 0;
    ses.ms = 0;
    ses.calls = 0;
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < requests) latencies.push(await post(next++));
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const sorted = latencies.sort((a, b) => a - b);
    const requestTime = latencies.reduce((a, b) => a + b, 0);
    console.log(
      `\nPOST /v1/complaints on the local runtime (${requests} requests, ${concurrency} concurrent, Idempotency-Key on)`,
    );
    console.log(`  throughput        ${(requests / seconds).toFixed(1)} requests/s`);
    console.log(
      `  latency           p50 ${ms(percentile(sorted, 50))}  p95 ${ms(percentile(sorted, 95))}  p99 ${ms(percentile(sorted, 99))}`,
    );
    console.log(
      `  DynamoDB calls    ${(dynamo.calls / requests).toFixed(1)} per request, ${((100 * dynamo.ms) / requestTime).toFixed(0)}% of request time`,
    );
    console.log(
      `  SES calls         ${(ses.calls / requests).toFixed(1)} per request, ${((100 * ses.ms) / requestTime).toFixed(0)}% of request time`,
    );
    console.log(
      '  (local stand-ins: DynamoDB Local on the JVM and aws-ses-v2-local are slower than the services)',
    );
  } finally {
    await runtime.stop();
  }
}

/** Median of three cold imports of a bundle in a fresh Node process. */
function loadTimeMs(bundle: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(bundle).href)}); console.log(performance.now() - t);`;
  const runs = [0, 1, 2].map(() =>
    Number(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        env: { ...process.env, TABLE_NAME: 'bench', AWS_REGION: 'us-east-1' },
      }).toString(),
    ),
  );
  return runs.sort((a, b) => a - b)[1] ?? 0;
}

async function benchBundles() {
  const out = mkdtempSync(join(tmpdir(), 'aftersales-bundles-'));
  const entries = [
    ...areas.map((area) => ({ name: `http/${area}`, entry: areaHandlerPath(area) })),
    ...schedules.map((s) => ({ name: `scheduled/${s.name}`, entry: scheduleHandlerPath(s.name) })),
    ...workflowFunctions.map((f) => ({ name: `workflow/${f.name}`, entry: f.handler })),
  ];
  console.log('\nLambda bundles (esbuild, ESM, minified, AWS SDK bundled; the same options CDK uses)');
  console.log(
    `  ${'function'.padEnd(24)} ${'minified'.padStart(10)} ${'gzip'.padStart(9)} ${'load'.padStart(9)}`,
  );
  try {
    for (const { name, entry } of entries) {
      const outfile = join(out, `${name.replace('/', '-')}.mjs`);
      await build({ ...esbuildOptionsFor(resolve(root, entry), outfile), logLevel: 'silent' });
      const size = statSync(outfile).size;
      const gzip = gzipSync(await import('node:fs').then((fs) => fs.readFileSync(outfile))).length;
      console.log(
        `  ${name.padEnd(24)} ${`${(size / 1024).toFixed(0)} KiB`.padStart(10)} ${`${(gzip / 1024).toFixed(0)} KiB`.padStart(9)} ${ms(loadTimeMs(outfile)).padStart(9)}`,
      );
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** State transitions and workflow Lambda invocations of the two typical complaint paths. */
async function benchWorkflow(baseUrl: string) {
  const driver = complaintDriver(baseUrl);
  const customerCaused = await executionFigures(baseUrl, await driver.customerCaused(1));
  const internal = await executionFigures(baseUrl, await driver.internalOneRound(2));
  console.log('\nComplaint workflow per complaint (standard workflow; a transition is a state entered)');
  for (const [path, figures] of [
    ['customer-caused', customerCaused],
    ['internal, one CAPA round', internal],
  ] as const) {
    console.log(
      `  ${path.padEnd(26)} ${figures.stateTransitions} state transitions, ${figures.lambdaInvocations} workflow Lambda invocations`,
    );
  }
}

await benchIntake();
await benchBundles();

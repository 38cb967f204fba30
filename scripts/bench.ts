// `npm run bench`: throughput and latency of POST /v1/complaints on the local runtime without and
// with the complaint workflow running behind it, the ratios of handler, DynamoDB and SES time within
// a request, and each Lambda bundle's size and cold load time with the AWS SDK bundled and with it
// left to the Lambda runtime. Ratios are measured within one run, so they hold on a busy machine.
// Tune with BENCH_REQUESTS (default 400), BENCH_CONCURRENCY (default 8) and BENCH_LOADS (cold
// imports per bundle, default 5); BENCH_ONLY=bundles or BENCH_ONLY=intake runs one part.
import { AsyncLocalStorage } from 'node:async_hooks';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { type AwsSdk, esbuildOptionsFor } from '../infra/constructs/bundling.ts';
import { freePort } from '../local/ports.ts';
import { startRuntime } from '../local/runtime.ts';
import { eventHandlerPath, eventRules } from '../shared/event-rules.ts';
import { areas } from '../shared/http/route.ts';
import { sesClient } from '../shared/mail/ses.ts';
import { areaHandlerPath, scheduleHandlerPath, schedules } from '../shared/schedules.ts';
import { dynamoClient } from '../shared/store/client.ts';
import { workflowFunctions } from '../shared/workflow/functions.ts';
import { sfnClient } from '../shared/workflow/sfn.ts';
import { complaintDriver, executionFigures } from './lib/complaint-paths.ts';
import { percentile } from './lib/percentile.ts';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const requests = Number(process.env.BENCH_REQUESTS ?? 400);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);
const loads = Number(process.env.BENCH_LOADS ?? 5);
const only = process.env.BENCH_ONLY;

/** An API request in flight: its calls to AWS services, to time the spans when one is awaited. */
interface RequestCalls {
  inFlight: number;
  since: number;
  awaitingMs: number;
}

/** Marks work done inside an API request, so the complaint workflow running beside it is not counted. */
const inRequest = new AsyncLocalStorage<RequestCalls>();

/**
 * Adds up the wall time of every call a client makes inside an API request (retries included;
 * calls made in parallel each count), and the request's time with at least one call awaited.
 */
function timeCalls(client: { middlewareStack: { add: (m: never, o: object) => void } }) {
  const total = { ms: 0, calls: 0 };
  const middleware = (next: (args: unknown) => Promise<unknown>) => async (args: unknown) => {
    const request = inRequest.getStore();
    if (!request) return next(args);
    const started = performance.now();
    if (request.inFlight++ === 0) request.since = started;
    try {
      return await next(args);
    } finally {
      const ended = performance.now();
      if (--request.inFlight === 0) request.awaitingMs += ended - request.since;
      total.ms += ended - started;
      total.calls += 1;
    }
  };
  client.middlewareStack.add(middleware as never, { step: 'initialize', name: 'benchTimer' });
  return total;
}

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

/**
 * Skips the complaint workflow while `off`: StartExecution is answered in the client, so the
 * request does all its own work and nothing runs behind it.
 */
function workflowSwitch(client: { middlewareStack: { add: (m: never, o: object) => void } }) {
  const state = { off: false };
  const middleware =
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) =>
      state.off && context.commandName === 'StartExecutionCommand'
        ? {
            output: {
              $metadata: {},
              executionArn: 'arn:aws:states:us-east-1:000000000000:execution:bench:skipped',
              startDate: new Date(),
            },
            response: {},
          }
        : next(args);
  client.middlewareStack.add(middleware as never, { step: 'initialize', name: 'benchWorkflowSwitch' });
  return state;
}

interface IntakePhase {
  seconds: number;
  /** Ascending once all blocks are in. */
  latencies: number[];
  requestMs: number;
  handlerMs: number;
  /** Handler time with a DynamoDB or SES call awaited (parallel calls counted once). */
  awaitingMs: number;
  dynamo: { ms: number; calls: number };
  ses: { ms: number; calls: number };
}

/** Blocks of intake requests per variant (without, with the workflow), alternating. */
const ROUNDS = 4;

/** Workflow function invocations in flight, to wait until the workflows have settled. */
function workflowActivity() {
  let inFlight = 0;
  let last = 0;
  return {
    instrument: async <T>(_name: string, run: () => Promise<T>): Promise<T> => {
      inFlight += 1;
      try {
        return await run();
      } finally {
        inFlight -= 1;
        last = performance.now();
      }
    },
    /** Resolves once no workflow function has run for half a second. */
    async idle() {
      while (inFlight > 0 || performance.now() - last < 500) await new Promise((r) => setTimeout(r, 100));
    },
  };
}

const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : '-');

function printIntake(without: IntakePhase, withWorkflow: IntakePhase) {
  const phases = [without, withWorkflow];
  const row = (label: string, cells: string[]) =>
    console.log(`  ${label.padEnd(34)} ${cells.map((cell) => cell.padEnd(22)).join(' ')}`.trimEnd());
  const p = (phase: IntakePhase, q: number) => percentile(phase.latencies, q);
  console.log(
    `\nPOST /v1/complaints on the local runtime: ${requests} requests, ${concurrency} concurrent, Idempotency-Key on;`,
  );
  console.log(
    `  in ${ROUNDS} alternating blocks without the complaint workflow (StartExecution answered in the client)`,
  );
  console.log('  and with it running behind the requests.');
  row('', ['without workflow', 'with workflow']);
  row(
    'throughput',
    phases.map((f) => `${(requests / f.seconds).toFixed(1)} requests/s`),
  );
  row(
    'latency p50',
    phases.map((f) => ms(p(f, 50))),
  );
  row(
    'latency p95 / p99',
    phases.map((f) => `${ms(p(f, 95))} / ${ms(p(f, 99))}`),
  );
  row(
    'DynamoDB calls',
    phases.map((f) => `${(f.dynamo.calls / requests).toFixed(1)} per request`),
  );
  row(
    'SES calls',
    phases.map((f) => `${(f.ses.calls / requests).toFixed(1)} per request`),
  );
  console.log('Ratios measured in this run (compare these across machines, not the milliseconds):');
  row('with / without workflow', [
    `throughput ${ratio(requests / withWorkflow.seconds, requests / without.seconds)}`,
    `p50 latency ${ratio(p(withWorkflow, 50), p(without, 50))}`,
  ]);
  row(
    'handler / request time',
    phases.map((f) => ratio(f.handlerMs, f.requestMs)),
  );
  row(
    'DynamoDB / handler time',
    phases.map((f) => ratio(f.dynamo.ms, f.handlerMs)),
  );
  row(
    'SES / handler time',
    phases.map((f) => ratio(f.ses.ms, f.handlerMs)),
  );
  row(
    'awaiting DynamoDB or SES / handler',
    phases.map((f) => ratio(f.awaitingMs, f.handlerMs)),
  );
  row(
    'the rest / handler time',
    phases.map((f) => ratio(f.handlerMs - f.awaitingMs, f.handlerMs)),
  );
  for (const line of [
    'handler: the Lambda handler; request: as the client saw it; DynamoDB, SES: the wall time of their',
    'calls inside the handler, retries included, calls in parallel each counted; awaiting: the time with',
    'one or more of them awaited; the rest: our code, the SDK, and the wait for the CPU, which one process',
    'shares with the other requests. Stand-ins: DynamoDB Local on the JVM, aws-ses-v2-local.',
  ])
    console.log(`  ${line}`);
}

async function benchIntake() {
  const handler = { ms: 0, awaitingMs: 0 };
  const workflowRuns = workflowActivity();
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
    instrumentWorkflow: workflowRuns.instrument,
    instrument: (run) => {
      const calls: RequestCalls = { inFlight: 0, since: 0, awaitingMs: 0 };
      return inRequest.run(calls, async () => {
        const started = performance.now();
        try {
          return await run();
        } finally {
          handler.ms += performance.now() - started;
          handler.awaitingMs += calls.awaitingMs;
        }
      });
    },
  });
  const dynamo = timeCalls(dynamoClient() as never);
  const ses = timeCalls(sesClient() as never);
  const workflow = workflowSwitch(sfnClient() as never);
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
  /** One block of requests, `concurrency` in flight; the figures are added to `into`. */
  const block = async (into: IntakePhase, first: number, count: number) => {
    for (const totals of [dynamo, ses, handler]) totals.ms = 0;
    handler.awaitingMs = 0;
    dynamo.calls = 0;
    ses.calls = 0;
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count) {
          const latency = await post(first + next++);
          into.latencies.push(latency);
          into.requestMs += latency;
        }
      }),
    );
    into.seconds += (performance.now() - started) / 1000;
    into.handlerMs += handler.ms;
    into.awaitingMs += handler.awaitingMs;
    into.dynamo.ms += dynamo.ms;
    into.dynamo.calls += dynamo.calls;
    into.ses.ms += ses.ms;
    into.ses.calls += ses.calls;
  };
  const empty = (): IntakePhase => ({
    seconds: 0,
    latencies: [],
    requestMs: 0,
    handlerMs: 0,
    awaitingMs: 0,
    dynamo: { ms: 0, calls: 0 },
    ses: { ms: 0, calls: 0 },
  });
  try {
    workflow.off = true;
    for (let i = 0; i < 20; i += 1) await post(1_000_000 + i); // warm-up: module load, connections, JIT
    // Blocks without and with the workflow alternate, so a machine busy at one moment slows both;
    // before each block the workflows of the one before have reached their first human step.
    const phases = { without: empty(), with: empty() };
    const size = Math.ceil(requests / ROUNDS);
    let first = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const variant of round % 2 ? (['with', 'without'] as const) : (['without', 'with'] as const)) {
        await workflowRuns.idle();
        workflow.off = variant === 'without';
        const count = Math.min(size, requests - round * size);
        await block(phases[variant], first, count);
        first += count;
      }
    }
    await workflowRuns.idle();
    for (const phase of Object.values(phases)) phase.latencies.sort((x, y) => x - y);
    printIntake(phases.without, phases.with);
  } finally {
    await runtime.stop();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

/** One cold `import()` of a bundle in a fresh Node process, in milliseconds. */
function importMs(bundle: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(bundle).href)}); process.stdout.write(String(performance.now() - t));`;
  return Number(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, TABLE_NAME: 'bench', AWS_REGION: 'us-east-1' },
    }).toString(),
  );
}

interface Variant {
  file: string;
  /** The minified bundle, raw and gzipped. */
  size: number;
  gzip: number;
  /** Bundle and source map gzipped: a proxy for the zip CDK uploads. */
  packageGzip: number;
  /** Packages left for the runtime to provide. */
  externals: string[];
  loads: number[];
}

async function buildVariant(entry: string, outfile: string, awsSdk: AwsSdk): Promise<Variant> {
  const result = await build({
    ...esbuildOptionsFor(entry, outfile, { awsSdk }),
    metafile: true,
    logLevel: 'silent',
  });
  const code = readFileSync(outfile);
  const map = readFileSync(`${outfile}.map`);
  const externals = new Set<string>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const imported of output.imports)
      if (imported.external && !isBuiltin(imported.path)) externals.add(imported.path);
  }
  return {
    file: outfile,
    size: code.length,
    gzip: gzipSync(code).length,
    packageGzip: gzipSync(code).length + gzipSync(map).length,
    externals: [...externals].sort(),
    loads: [],
  };
}

/**
 * Both variants of every function bundle: sizes, and the median of BENCH_LOADS cold imports, each in
 * a fresh Node process, the two variants alternating so that a noisy machine affects both alike.
 * The bundles are written under `.local/`, inside the repository, so the external variant's
 * `@aws-sdk/*` imports resolve from the project's node_modules, as in Lambda they resolve from the
 * runtime's copy on the image's disk (ESM ignores NODE_PATH). The SDK packages load their CommonJS
 * build either way (they have no `exports` map; the Lambda image ships only `dist-cjs`). One
 * discarded import per variant first puts both variants' files in the page cache.
 */
async function benchBundles() {
  const entries = [
    ...areas.map((area) => ({ name: `http/${area}`, entry: areaHandlerPath(area) })),
    ...schedules.map((s) => ({ name: `scheduled/${s.name}`, entry: scheduleHandlerPath(s.name) })),
    ...eventRules.map((rule) => ({ name: `events/${rule.name}`, entry: eventHandlerPath(rule.name) })),
    ...workflowFunctions.map((f) => ({ name: `workflow/${f.name}`, entry: f.handler })),
  ];
  mkdirSync(join(root, '.local'), { recursive: true });
  const out = mkdtempSync(join(root, '.local', 'bench-bundles-'));
  type Figures = Pick<Variant, 'size' | 'gzip' | 'packageGzip'> & { load?: number };
  const cells = (f: Figures) =>
    [kib(f.size), kib(f.gzip), kib(f.packageGzip), f.load === undefined ? '' : ms(f.load)]
      .map((cell, i) => cell.padStart(i === 3 ? 9 : 8))
      .join(' ');
  const row = (name: string, bundled: string, external: string, ratio: string) =>
    console.log(`  ${name.padEnd(24)} ${bundled}   ${external}   ${ratio.padStart(7)}`.trimEnd());
  const header = (title: string) => `${` ${title} `.padStart(22, '-').padEnd(36, '-')}`;
  const labels = ['min', 'gzip', 'pkg gz', 'load'].map((l, i) => l.padStart(i === 3 ? 9 : 8)).join(' ');
  console.log(
    `\nLambda bundles (esbuild, ESM, minified, the options CDK uses); load: median of ${loads} cold imports,`,
  );
  console.log(
    '  each in a fresh node. bundled: AWS SDK v3 inside; external: @aws-sdk/*, @smithy/* from node_modules.',
  );
  console.log('  pkg gz: bundle and source map gzipped, a proxy for the zip CDK uploads.');
  row('', header('bundled'), header('external'), 'load');
  row('function', labels, labels, 'ext/bun');
  const ratios: number[] = [];
  const totals = {
    bundled: { size: 0, gzip: 0, packageGzip: 0 },
    external: { size: 0, gzip: 0, packageGzip: 0 },
  };
  const externals = new Set<string>();
  try {
    for (const { name, entry } of entries) {
      const base = join(out, name.replace('/', '-'));
      const bundled = await buildVariant(resolve(root, entry), `${base}.bundled.mjs`, 'bundled');
      const external = await buildVariant(resolve(root, entry), `${base}.external.mjs`, 'external');
      if (bundled.externals.length)
        throw new Error(`${name}: the bundled variant imports ${bundled.externals}`);
      for (const e of external.externals) externals.add(e);
      importMs(bundled.file);
      importMs(external.file);
      for (let i = 0; i < loads; i += 1) {
        for (const variant of i % 2 ? [external, bundled] : [bundled, external]) {
          variant.loads.push(importMs(variant.file));
        }
      }
      const ratio = median(external.loads) / median(bundled.loads);
      ratios.push(ratio);
      for (const [key, variant] of [
        ['bundled', bundled],
        ['external', external],
      ] as const) {
        totals[key].size += variant.size;
        totals[key].gzip += variant.gzip;
        totals[key].packageGzip += variant.packageGzip;
      }
      row(
        name,
        cells({ ...bundled, load: median(bundled.loads) }),
        cells({ ...external, load: median(external.loads) }),
        ratio.toFixed(2),
      );
    }
    row('all functions', cells(totals.bundled), cells(totals.external), '');
    console.log(
      `  external/bundled load time: median ${median(ratios).toFixed(2)}, range ${Math.min(...ratios).toFixed(2)} to ${Math.max(...ratios).toFixed(2)}`,
    );
    console.log(`  left to the runtime by the external variant: ${[...externals].join(', ')}`);
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

if (only !== 'bundles') await benchIntake();
if (only !== 'intake') await benchBundles();

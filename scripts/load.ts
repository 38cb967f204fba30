// `npm run load`: a constant rate of public complaints (default 50/s for 60 s) mixed with staff
// reads and task completions, against the local runtime on loopback; then every 201 is
// reconciled with the stored complaints, workflow executions and acknowledgement emails.
// Options (or LOAD_* environment variables): --rate 50 --seconds 60 --reads 0.2 --completions 0.1
// --kill-at 30 (SIGKILL the runtime then, and start it again) --grace 300. Exits 1 on any lost
// or duplicated record. Bounded: at most 200/s for 600 s, on 127.0.0.1 only.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { type Reconciliation, reconciled, settleAndReconcile } from './lib/load-reconcile.ts';
import { crashableRuntime, startServices } from './lib/load-runtime.ts';
import { type Outcome, runTraffic, type TrafficResult } from './lib/load-traffic.ts';
import { percentile } from './lib/percentile.ts';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: process.env.LOAD_RATE ?? '50' },
    seconds: { type: 'string', default: process.env.LOAD_SECONDS ?? '60' },
    reads: { type: 'string', default: process.env.LOAD_READS ?? '0.2' },
    completions: { type: 'string', default: process.env.LOAD_COMPLETIONS ?? '0.1' },
    'kill-at': { type: 'string', default: process.env.LOAD_KILL_AT ?? '' },
    grace: { type: 'string', default: process.env.LOAD_GRACE ?? '300' },
  },
});

function bounded(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    console.error(`--${name} must be a number from ${min} to ${max} (got ${JSON.stringify(raw)})`);
    process.exit(2);
  }
  return value;
}
const rate = bounded('rate', values.rate, 1, 200);
const seconds = bounded('seconds', values.seconds, 1, 600);
const reads = bounded('reads', values.reads, 0, 5);
const completions = bounded('completions', values.completions, 0, 1);
const grace = bounded('grace', values.grace, 10, 1800);
const killAt = values['kill-at'] ? bounded('kill-at', values['kill-at'], 1, seconds - 1) : undefined;

const ms = (n: number) => (n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`);
const latencyLine = (outcomes: readonly Outcome[]) => {
  const sorted = outcomes.map((o) => o.latencyMs).sort((a, b) => a - b);
  if (sorted.length === 0) return 'none';
  return `p50 ${ms(percentile(sorted, 50))}  p95 ${ms(percentile(sorted, 95))}  p99 ${ms(percentile(sorted, 99))}  max ${ms(sorted.at(-1) ?? 0)}`;
};

function report(traffic: TrafficResult, result: Reconciliation, settleSeconds: number, restarts: string[]) {
  const ok = traffic.submissions.filter((s) => s.status === 201);
  const lastAnswer = traffic.elapsedSeconds;
  console.log(`
Load: ${rate}/s public complaints for ${seconds} s (${traffic.submissions.length} submitted), staff reads ${(rate * reads).toFixed(1)}/s, task completions ${(rate * completions).toFixed(1)}/s${restarts.length ? `\n      ${restarts.join('; ')}` : ''}
  accepted          ${ok.length} x 201 of ${traffic.submissions.length}; the last answer ${lastAnswer.toFixed(1)} s after the first was due
  throughput        ${(ok.length / lastAnswer).toFixed(1)} complaints/s accepted (offered ${rate}/s)
  latency (201)     ${latencyLine(ok)}   (from when the request was due to its 201, retries included)
  staff reads       ${traffic.reads.length}: ${latencyLine(traffic.reads)}
  task completions  ${traffic.completions.length}: ${latencyLine(traffic.completions)}
  answers by status ${[...traffic.attemptsByStatus]
    .sort()
    .map(([k, n]) => `${k} x${n}`)
    .join(', ')}
  final statuses    ${[...new Set(traffic.submissions.map((s) => s.status))].map((s) => `submit ${s} x${traffic.submissions.filter((x) => x.status === s).length}`).join(', ')}
Reconciliation (settled ${settleSeconds.toFixed(0)} s after the traffic)
  201s ${result.accepted} | stored complaints ${result.stored} | workflow executions ${result.executions} | acknowledgement emails ${result.acknowledgements}
  lost ${result.lost.length}, duplicated ${result.duplicated.length}, stored without a 201 (client gave up) ${result.unanswered}
  investigations completed ${traffic.completions.filter((c) => c.status === 200).length}, workflows moved on ${result.completionsAdvanced}, stuck ${result.completionsStuck.length}`);
  for (const line of [
    ...result.lost,
    ...result.duplicated,
    ...result.completionsStuck.map((id) => `${id}: stuck`),
  ].slice(0, 20))
    console.log(`    ${line}`);
  console.log(reconciled(result) ? 'RECONCILED: nothing lost, nothing duplicated' : 'NOT RECONCILED');
}

async function main() {
  const runId = randomBytes(3).toString('hex');
  console.log(`Starting DynamoDB Local (in memory), the SES stand-in and the runtime (run ${runId})...`);
  const services = await startServices('aftersales-load');
  const restarts: string[] = [];
  try {
    const runtime = await crashableRuntime(services, randomBytes(16).toString('hex'));
    try {
      const traffic = await runTraffic({
        url: runtime.url,
        runId,
        rate,
        seconds,
        readsPerSubmission: reads,
        completionsPerSubmission: completions,
        graceSeconds: grace,
        ...(killAt === undefined
          ? {}
          : {
              at: {
                seconds: killAt,
                run: async () => {
                  const down = await runtime.crash();
                  restarts.push(
                    `runtime killed (SIGKILL) at ${killAt} s and started again: ${down.toFixed(1)} s down`,
                  );
                },
              },
            }),
      });
      const settling = performance.now();
      const result = await settleAndReconcile(
        { url: runtime.url, ...services },
        traffic.submissions,
        traffic.completions,
      );
      report(traffic, result, (performance.now() - settling) / 1000, restarts);
      process.exitCode = reconciled(result) ? 0 : 1;
    } finally {
      await runtime.stop();
    }
  } finally {
    await services.stop();
  }
}

main().catch((error) => {
  console.error('load run failed:', error);
  process.exit(1);
});

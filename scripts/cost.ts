// `npm run cost`: what a complaint costs on AWS, per path, measured on the local runtime and priced at
// the list prices of scripts/lib/cost-prices.ts. docs/cost.md says what is counted and how.
// COST_COMPLAINTS (default 5) complaints of each path, one at a time; COST_REGION (default ap-east-1)
// picks the prices; COST_COMPLAINTS_PER_MONTH (default 200, docs/deploy.md's small supplier) spreads
// the scheduled jobs' cost, which does not depend on the volume.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { functionDefaults } from '../infra/constructs/bundling.ts';
import { functionClasses } from '../infra/constructs/project-function.ts';
import { freePort } from '../local/ports.ts';
import { type Runtime, startRuntime } from '../local/runtime.ts';
import { demoOffices } from '../local/seed.ts';
import { capturedEmails, sesEventsSettled } from '../local/ses.ts';
import { dynamoClient } from '../shared/store/client.ts';
import { putOffice } from '../shared/store/offices.ts';
import { complaintDriver, executionFigures, humanStepsPerPath } from './lib/complaint-paths.ts';
import { type ComplaintJob, complaintJobs, runJob, runsPerDay, scheduleOf } from './lib/cost-jobs.ts';
import { costMeter, type FunctionGroup, type Tally } from './lib/cost-meter.ts';
import {
  type Architecture,
  addUsage,
  type CostLine,
  costPerThousand,
  emptyUsage,
  scaleCost,
  totalUsd,
  type Usage,
} from './lib/cost-model.ts';
import { defaultCostRegion, regionPrices } from './lib/cost-prices.ts';
import {
  costTable,
  countsTable,
  lambdaCounts,
  operationsTable,
  otherRegions,
  type PathReport,
} from './lib/cost-report.ts';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const positive = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!(value > 0)) throw new Error(`${name} must be a positive number`);
  return value;
};
const complaints = Math.round(positive('COST_COMPLAINTS', 5));
const perMonth = positive('COST_COMPLAINTS_PER_MONTH', 200);
const DAYS_PER_MONTH = 365 / 12;
const region = process.env.COST_REGION ?? defaultCostRegion;
const prices = regionPrices[region];
if (!prices)
  throw new Error(`COST_REGION: no prices for ${region} (${Object.keys(regionPrices).join(', ')})`);
const architecture = functionDefaults.architecture.name as Architecture;

/**
 * What CloudWatch Logs ingests besides the functions' own output: Lambda's START, END and REPORT
 * lines of each invocation (REPORT with the X-Ray trace id, as tracing is active), and the API's
 * access log line of each request (infra/constructs/api.ts's fields, typical values).
 */
const requestId = '8f5c7a2e-1b2c-4d3e-9f00-123456789abc';
const platformLogBytes = Buffer.byteLength(
  `START RequestId: ${requestId} Version: $LATEST\nEND RequestId: ${requestId}\n` +
    `REPORT RequestId: ${requestId}\tDuration: 123.45 ms\tBilled Duration: 124 ms\tMemory Size: 512 MB\tMax Memory Used: 123 MB\t\n` +
    'XRAY TraceId: 1-6747a1b2-0123456789abcdef01234567\tSegmentId: 0123456789abcdef\tSampled: true\t\n',
);
const accessLogBytes = Buffer.byteLength(
  `${JSON.stringify({
    requestId,
    time: '27/Nov/2026:10:00:00 +0000',
    method: 'POST',
    resource: '/v1/tasks/{taskId}',
    status: '200',
    latencyMs: '123',
    integrationLatencyMs: '120',
    responseLength: '1234',
    error: '-',
    waf: '-',
  })}\n`,
);

/** A day far enough ahead that every survey planned today is due (the job's `asOf`). */
const surveyDay = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);

const meter = costMeter({
  api: functionClasses.api.memorySize,
  workflow: functionClasses.workflow.memorySize,
  scheduled: functionClasses.scheduled.memorySize,
  events: functionClasses.events.memorySize,
});

const tableName = 'aftersales-cost';
/** SES's send event of every mail sent so far handled (the mail-sent function is part of the cost). */
const sendEventsHandled = (runtime: Runtime) => sesEventsSettled(runtime.sesEndpoint, tableName, 30_000);

const emailRecipients = async (runtime: Runtime, from: number) => {
  const emails = await capturedEmails(runtime.sesEndpoint);
  return {
    count: emails.length,
    recipients: emails.slice(from).reduce((sum, email) => sum + email.destination.to.length, 0),
  };
};

/** The summed duration of a tally's invocations (of one group of functions, if given). */
const durationOf = (tally: Tally, group?: FunctionGroup) =>
  tally.invocations.filter((i) => !group || i.group === group).reduce((sum, i) => sum + i.durationMs, 0);

/** Three runs of a job with nothing (new) to do; the one of median duration is its fixed cost. */
async function fixedRun(job: ComplaintJob, asOf?: string): Promise<Tally> {
  const runs: Tally[] = [];
  for (let i = 0; i < 3; i += 1) {
    const mark = meter.mark();
    await runJob(meter, root, job, asOf);
    runs.push(meter.since(mark));
  }
  return runs.sort((a, b) => durationOf(a) - durationOf(b))[1] as Tally;
}

/** A job run as a usage of its own (one scheduled invocation), for its cost per run. */
const runUsage = (run: Tally): Usage => ({
  ...emptyUsage(1),
  readUnits: run.readUnits,
  writeUnits: run.writeUnits,
  refusedWrites: run.refusedWrites,
  lambda: run.invocations,
  logBytes: run.logBytes + run.invocations.length * platformLogBytes,
  traces: run.invocations.length,
  scheduledInvocations: run.invocations.length,
});

const warnings: string[] = [];
const checkCapacity = (what: string, tally: Tally) => {
  for (const [command, n] of Object.entries(tally.callsWithoutCapacity))
    warnings.push(`${what}: ${n} ${command} calls returned no ConsumedCapacity (not counted)`);
};

async function measurePath(
  runtime: Runtime,
  title: string,
  drive: (i: number) => Promise<string>,
  humanSteps: number,
  surveyBaseline: Tally,
): Promise<PathReport> {
  const emailsBefore = (await emailRecipients(runtime, 0)).count;
  const mark = meter.mark();
  const ids: string[] = [];
  for (let i = 0; i < complaints; i += 1) ids.push(await drive(100 + i));
  await sendEventsHandled(runtime);
  const tally = meter.since(mark);
  checkCapacity(title, tally);
  const mails = await emailRecipients(runtime, emailsBefore);
  let stateTransitions = 0;
  let scheduledByEngine = 0;
  for (const id of ids) {
    const figures = await executionFigures(runtime.url, id);
    stateTransitions += figures.stateTransitions;
    scheduledByEngine += figures.lambdaInvocations;
  }
  const api = tally.invocations.filter((i) => i.group === 'api');
  const workflow = tally.invocations.filter((i) => i.group === 'workflow');
  // Without the engine's `instrument` hook the workflow's Lambdas and DynamoDB units go uncounted.
  if (workflow.length !== scheduledByEngine)
    throw new Error(
      `${title}: ${workflow.length} workflow invocations metered, ${scheduledByEngine} in the histories`,
    );
  const own: Usage = {
    ...emptyUsage(complaints),
    readUnits: tally.readUnits,
    writeUnits: tally.writeUnits,
    refusedWrites: tally.refusedWrites,
    lambda: tally.invocations,
    stateTransitions,
    emailRecipients: mails.recipients,
    apiRequests: api.length,
    logBytes: tally.logBytes + tally.invocations.length * platformLogBytes + api.length * accessLogBytes,
    traces: api.length + ids.length,
  };

  // The satisfaction surveys these complaints planned, sent by a survey-mail run that would run anyway.
  const surveyEmails = (await emailRecipients(runtime, 0)).count;
  const surveyMark = meter.mark();
  const report = (await runJob(meter, root, 'survey-mail', surveyDay)) as { sent?: number };
  await sendEventsHandled(runtime);
  const surveyRun = meter.since(surveyMark);
  checkCapacity(`${title} survey-mail`, surveyRun);
  // The run's own invocation is timed below; the mail-sent function's for each survey it sent adds.
  const surveySendEvents = surveyRun.invocations.filter((i) => i.group === 'events');
  if (report.sent !== complaints)
    warnings.push(`${title}: survey-mail sent ${report.sent} surveys for ${complaints} complaints`);
  const survey: Usage = {
    ...emptyUsage(complaints),
    readUnits: Math.max(0, surveyRun.readUnits - surveyBaseline.readUnits),
    writeUnits: Math.max(0, surveyRun.writeUnits - surveyBaseline.writeUnits),
    refusedWrites: surveyRun.refusedWrites,
    lambda: [
      {
        durationMs: Math.max(0, durationOf(surveyRun, 'scheduled') - durationOf(surveyBaseline)),
        memoryMb: functionClasses.scheduled.memorySize,
        share: true,
      },
      ...surveySendEvents,
    ],
    emailRecipients: (await emailRecipients(runtime, surveyEmails)).recipients,
    logBytes: Math.max(0, surveyRun.logBytes - surveyBaseline.logBytes),
  };
  const usage = addUsage(own, survey);
  const sendEvents = [...tally.invocations.filter((i) => i.group === 'events'), ...surveySendEvents];
  const lambda = lambdaCounts(usage);
  const per = (n: number) => n / complaints;
  return {
    title,
    usage,
    lines: costPerThousand(usage, prices as NonNullable<typeof prices>, architecture),
    operations: Object.fromEntries(
      Object.entries(tally.callsByOperation).map(([operation, calls]) => [
        operation,
        { calls: per(calls), units: per(tally.unitsByOperation[operation] ?? 0) },
      ]),
    ),
    counts: [
      ['human steps (console visits)', humanSteps],
      ['API requests (submission + 4 per step)', per(api.length)],
      ['Lambda invocations: API', per(api.length)],
      ['Lambda invocations: workflow', per(workflow.length)],
      ['Lambda billed ms: API', per(api.reduce((s, i) => s + Math.ceil(i.durationMs), 0))],
      ['Lambda billed ms: workflow', per(workflow.reduce((s, i) => s + Math.ceil(i.durationMs), 0))],
      ['Lambda invocations: mail-sent', per(sendEvents.length)],
      ['Lambda billed ms: mail-sent', per(sendEvents.reduce((s, i) => s + Math.ceil(i.durationMs), 0))],
      ['Lambda billed ms: survey-mail share', per(Math.ceil(survey.lambda[0]?.durationMs ?? 0))],
      ['Lambda billed ms: all', lambda.billedMs],
      ['DynamoDB calls', per(tally.dynamoCalls)],
      ['DynamoDB read request units', per(usage.readUnits)],
      ['DynamoDB write request units', per(usage.writeUnits)],
      ['DynamoDB refused writes', per(usage.refusedWrites.length)],
      ['DynamoDB reads finding nothing', per(tally.emptyReads)],
      ['state transitions', per(stateTransitions)],
      ['emails (recipients)', per(usage.emailRecipients)],
      ['log KB', per(usage.logBytes) / 1024],
    ],
  };
}

const output = meter.captureOutput();
const say = output.print;
let runtime: Runtime | undefined;
let failed = false;
try {
  say(`npm run cost: ${complaints} complaints of each path on the local runtime (COST_COMPLAINTS)`);
  runtime = await startRuntime({
    projectRoot: root,
    port: 0,
    tableName,
    dynamo: { port: await freePort() },
    ses: { port: await freePort() },
    tokenSecret: 'cost',
    seed: false,
    timers: false,
    // What the stack deploys (infra/constructs/functions.ts): the logs it pays for.
    logLevel: 'INFO',
    instrument: meter.api,
    instrumentWorkflow: meter.workflow,
    instrumentEvents: meter.event,
  });
  meter.attach(dynamoClient() as never);
  // The customers of the known submitters belong to an office (reference data, not the demo seed).
  await putOffice(demoOffices.find((office) => office.id === 'gz') as (typeof demoOffices)[number]);
  const driver = complaintDriver(runtime.url, { waiting: meter.waiting, knownCustomers: true });

  say('warming up: one complaint of each path, each job once (module loads are not counted)');
  await driver.customerCaused(0);
  await driver.internalOneRound(1);
  for (const job of complaintJobs) await runJob(meter, root, job, surveyDay);
  await sendEventsHandled(runtime);
  const fixed = {} as Record<ComplaintJob, Tally>;
  for (const job of complaintJobs)
    fixed[job] = await fixedRun(job, job === 'survey-mail' ? surveyDay : undefined);

  const paths: PathReport[] = [];
  for (const [title, drive, steps] of [
    ['customer-caused', driver.customerCaused, humanStepsPerPath.customerCaused],
    ['internal, 1 CAPA round', driver.internalOneRound, humanStepsPerPath.internalOneRound],
  ] as const) {
    say(`measuring ${title}...`);
    paths.push(await measurePath(runtime, title, drive, steps, fixed['survey-mail']));
  }

  // The jobs' runs with nothing new to do: a cost per month whatever the volume.
  const jobLines: CostLine[][] = complaintJobs.map((job) =>
    scaleCost(
      costPerThousand(runUsage(fixed[job]), prices, architecture),
      (runsPerDay(scheduleOf(job).expression) * DAYS_PER_MONTH) / perMonth,
    ),
  );
  const jobsPerThousand = jobLines.map(totalUsd).reduce((a, b) => a + b, 0);

  say('');
  for (const line of countsTable(paths)) say(line);
  say('');
  for (const line of operationsTable(paths)) say(line);
  say('');
  for (const line of costTable(paths, prices)) say(line);
  say('');
  say('Scheduled jobs a complaint relies on, runs with nothing new to do (fixed, whatever the volume):');
  complaintJobs.forEach((job, i) => {
    const { expression } = scheduleOf(job);
    const perMonthUsd = (totalUsd(jobLines[i] ?? []) * perMonth) / 1000;
    say(
      `  ${job.padEnd(14)} ${expression.padEnd(28)} ${runsPerDay(expression).toFixed(1).padStart(6)} runs/day, ` +
        `${Math.ceil(durationOf(fixed[job]))} ms and ${fixed[job].readUnits} RRU a run: $${perMonthUsd.toFixed(3)} a month`,
    );
  });
  say(
    `  at ${perMonth} complaints a month (COST_COMPLAINTS_PER_MONTH): $${jobsPerThousand.toFixed(3)} per 1,000 complaints`,
  );
  say('');
  say(
    `Total per 1,000 complaints with the jobs' share: ${paths
      .map((p) => `${p.title} $${(totalUsd(p.lines) + jobsPerThousand).toFixed(2)}`)
      .join(', ')}`,
  );
  for (const line of otherRegions(
    region,
    (other) => paths.map((p) => totalUsd(costPerThousand(p.usage, other, architecture))),
    paths.map((p) => p.title),
  ))
    say(`${line} (without the jobs)`);
  say(
    `Lambda ${architecture}, ${functionClasses.api.memorySize} MB (API, workflow and scheduled functions), ` +
      `${functionClasses.events.memorySize} MB (event rules); durations measured ` +
      'on this machine against DynamoDB Local, warm (cold starts not counted); see docs/cost.md.',
  );
  for (const warning of warnings) say(`warning: ${warning}`);
} catch (error) {
  failed = true;
  throw error;
} finally {
  const untagged = output.restore();
  if (failed) process.stderr.write(untagged);
  await runtime?.stop();
}

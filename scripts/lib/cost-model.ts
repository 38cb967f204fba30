// The arithmetic of the cost model (docs/cost.md): what was measured in, USD per 1,000 complaints
// out. Pure: the measurements come from scripts/lib/cost-meter.ts, the prices from cost-prices.ts.
import { type Price, type RegionPrices, unitPrice } from './cost-prices.ts';

export type Architecture = 'arm64' | 'x86_64';

/** One Lambda invocation as measured: how long its handler ran and the memory it is deployed with. */
export interface Invocation {
  readonly durationMs: number;
  readonly memoryMb: number;
  /**
   * The extra time a complaint adds to an invocation that runs anyway (a scheduled job's run):
   * its duration is billed, its request is not counted again.
   */
  readonly share?: boolean;
}

/** Lambda bills each invocation's duration rounded up to the next millisecond. */
export function billedMs(durationMs: number): number {
  return Math.max(1, Math.ceil(durationMs));
}

/** The GB-seconds Lambda bills for one invocation (1 GB = 1,024 MB). */
export function gbSeconds(invocation: Invocation): number {
  return (billedMs(invocation.durationMs) / 1000) * (invocation.memoryMb / 1024);
}

export interface LambdaUsage {
  readonly invocations: number;
  readonly billedMs: number;
  readonly gbSeconds: number;
}

/** Invocations, billed milliseconds and GB-seconds, each invocation rounded on its own. */
export function lambdaUsage(invocations: readonly Invocation[]): LambdaUsage {
  return {
    invocations: invocations.filter((i) => !i.share).length,
    billedMs: invocations.reduce((sum, i) => sum + billedMs(i.durationMs), 0),
    gbSeconds: invocations.reduce((sum, i) => sum + gbSeconds(i), 0),
  };
}

/** The read units DynamoDB charges a read that finds nothing. */
export const minimumReadUnits = (consistentRead: boolean): number => (consistentRead ? 1 : 0.5);

/**
 * A Query or Scan costs at least one read of its consistency, even when it finds nothing: DynamoDB
 * Local reports 0 units for an empty result, DynamoDB charges 0.5 (eventually consistent) or 1.
 */
export function queryReadUnits(reported: number, consistentRead: boolean): number {
  return Math.max(reported, minimumReadUnits(consistentRead));
}

/**
 * What a BatchGetItem's keys that found no item cost on top of what DynamoDB Local reports (it
 * charges found items only): DynamoDB reads each key as a GetItem, which costs the minimum read
 * when the item does not exist.
 */
export function missingKeysReadUnits(requested: number, found: number, consistentRead: boolean): number {
  return Math.max(0, requested - found) * minimumReadUnits(consistentRead);
}

/** A write DynamoDB refused (condition false, transaction cancelled): no ConsumedCapacity comes back. */
export interface RefusedWrite {
  readonly transactional: boolean;
  /** Items in the request (a transaction's actions; 1 otherwise). */
  readonly items: number;
}

/**
 * The write request units a refused write still costs, at the minimum: DynamoDB charges a failed
 * conditional write by the size of the item it checked, at least one unit, and a transactional
 * write twice (we do not know the stored items' sizes, so this is a lower bound).
 */
export function refusedWriteUnits(write: RefusedWrite): number {
  return write.items * (write.transactional ? 2 : 1);
}

/** Everything billable that a number of complaints caused, as measured. */
export interface Usage {
  readonly complaints: number;
  /** Request units from DynamoDB's ConsumedCapacity (transactions and consistency already in them). */
  readonly readUnits: number;
  readonly writeUnits: number;
  readonly refusedWrites: readonly RefusedWrite[];
  readonly lambda: readonly Invocation[];
  readonly stateTransitions: number;
  /** SES counts every recipient of a message as one email. */
  readonly emailRecipients: number;
  readonly apiRequests: number;
  /** What CloudWatch Logs ingests: handler output, Lambda's START/END/REPORT lines, API access logs. */
  readonly logBytes: number;
  /** X-Ray traces recorded (every traced request or execution at most one). */
  readonly traces: number;
  readonly scheduledInvocations: number;
}

/** Nothing used yet, for `complaints` complaints: the start of a tally. */
export const emptyUsage = (complaints: number): Usage => ({
  complaints,
  readUnits: 0,
  writeUnits: 0,
  refusedWrites: [],
  lambda: [],
  stateTransitions: 0,
  emailRecipients: 0,
  apiRequests: 0,
  logBytes: 0,
  traces: 0,
  scheduledInvocations: 0,
});

export interface CostLine {
  readonly service: string;
  readonly item: string;
  /** Units per complaint. */
  readonly perComplaint: number;
  readonly unit: string;
  readonly usdPerThousand: number;
  readonly price: Price;
}

const GB = 1024 ** 3;

/** USD per 1,000 complaints, service by service, at `prices`; no free tier is applied. */
export function costPerThousand(usage: Usage, prices: RegionPrices, architecture: Architecture): CostLine[] {
  if (usage.complaints <= 0) throw new Error('the usage of at least one complaint is needed');
  const lambda = lambdaUsage(usage.lambda);
  const refusedUnits = usage.refusedWrites.reduce((sum, write) => sum + refusedWriteUnits(write), 0);
  const line = (service: string, item: string, total: number, price: Price): CostLine => {
    const perComplaint = total / usage.complaints;
    return {
      service,
      item,
      perComplaint,
      unit: price.unit,
      usdPerThousand: perComplaint * 1000 * unitPrice(price),
      price,
    };
  };
  return [
    line('DynamoDB', 'writes', usage.writeUnits + refusedUnits, prices.dynamoWriteRequestUnit),
    line('DynamoDB', 'reads', usage.readUnits, prices.dynamoReadRequestUnit),
    line('Lambda', 'requests', lambda.invocations, prices.lambdaRequest),
    line(
      'Lambda',
      'duration',
      lambda.gbSeconds,
      architecture === 'arm64' ? prices.lambdaArmGbSecond : prices.lambdaX86GbSecond,
    ),
    line('Step Functions', 'transitions', usage.stateTransitions, prices.stepFunctionsTransition),
    line('SES', 'emails', usage.emailRecipients, prices.sesEmail),
    line('API Gateway', 'requests', usage.apiRequests, prices.apiGatewayRestRequest),
    line('WAF', 'requests', usage.apiRequests, prices.wafRequest),
    line('CloudWatch Logs', 'ingestion', usage.logBytes / GB, prices.logsIngestedGb),
    line('X-Ray', 'traces', usage.traces, prices.xrayTraceRecorded),
    line('EventBridge Scheduler', 'invocations', usage.scheduledInvocations, prices.schedulerInvocation),
  ];
}

export const totalUsd = (lines: readonly CostLine[]): number =>
  lines.reduce((sum, line) => sum + line.usdPerThousand, 0);

/** Adds up two usages (e.g. a path's requests and workflow, and its share of the scheduled jobs). */
export function addUsage(a: Usage, b: Usage): Usage {
  if (a.complaints !== b.complaints) throw new Error('usages of different numbers of complaints');
  return {
    complaints: a.complaints,
    readUnits: a.readUnits + b.readUnits,
    writeUnits: a.writeUnits + b.writeUnits,
    refusedWrites: [...a.refusedWrites, ...b.refusedWrites],
    lambda: [...a.lambda, ...b.lambda],
    stateTransitions: a.stateTransitions + b.stateTransitions,
    emailRecipients: a.emailRecipients + b.emailRecipients,
    apiRequests: a.apiRequests + b.apiRequests,
    logBytes: a.logBytes + b.logBytes,
    traces: a.traces + b.traces,
    scheduledInvocations: a.scheduledInvocations + b.scheduledInvocations,
  };
}

/** Cost lines times `factor` (e.g. a job's cost per run times its runs per complaint). */
export function scaleCost(lines: readonly CostLine[], factor: number): CostLine[] {
  return lines.map((line) => ({
    ...line,
    perComplaint: line.perComplaint * factor,
    usdPerThousand: line.usdPerThousand * factor,
  }));
}

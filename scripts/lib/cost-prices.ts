// Every AWS price the cost model (`npm run cost`, docs/cost.md) uses, in one place, per region, in
// USD, on-demand list prices without free tiers. Change a price here and nowhere else.
//
// basis:
// - 'published': the figure the AWS pricing page at `source` lists for that region.
// - 'derived': not read for that region; worked out as `note` says. Check before quoting.
// None was re-read online when this file was written (the workplace has no internet): `asOf` is
// the month the figures were last checked against what we know of the pages. Recheck them at the
// sources before using the figures for a budget.

export interface Price {
  /** USD for `per` units. */
  readonly usd: number;
  readonly per: number;
  readonly unit: string;
  readonly source: string;
  readonly basis: 'published' | 'derived';
  readonly note?: string;
}

export interface RegionPrices {
  readonly region: string;
  readonly name: string;
  /** YYYY-MM the figures were last checked. */
  readonly asOf: string;
  readonly lambdaRequest: Price;
  readonly lambdaArmGbSecond: Price;
  readonly lambdaX86GbSecond: Price;
  readonly dynamoWriteRequestUnit: Price;
  readonly dynamoReadRequestUnit: Price;
  readonly stepFunctionsTransition: Price;
  readonly sesEmail: Price;
  readonly apiGatewayRestRequest: Price;
  readonly logsIngestedGb: Price;
  readonly xrayTraceRecorded: Price;
  readonly wafRequest: Price;
  readonly schedulerInvocation: Price;
}

const source = {
  lambda: 'https://aws.amazon.com/lambda/pricing/',
  dynamo: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
  stepFunctions: 'https://aws.amazon.com/step-functions/pricing/',
  ses: 'https://aws.amazon.com/ses/pricing/',
  apiGateway: 'https://aws.amazon.com/api-gateway/pricing/',
  logs: 'https://aws.amazon.com/cloudwatch/pricing/',
  xray: 'https://aws.amazon.com/xray/pricing/',
  waf: 'https://aws.amazon.com/waf/pricing/',
  scheduler: 'https://aws.amazon.com/eventbridge/pricing/',
} as const;

/** A published price per `per` units; `more` marks it derived or adds a note. */
const pricePer =
  (per: number) =>
  (usd: number, unit: string, src: string, more: Partial<Price> = {}): Price => ({
    usd,
    per,
    unit,
    source: src,
    basis: 'published',
    ...more,
  });
const perMillion = pricePer(1_000_000);
const perThousand = pricePer(1000);
const perOne = pricePer(1);

/** Prices that are the same in every commercial region. */
const global = {
  sesEmail: perThousand(0.1, 'email (each recipient counts)', source.ses, {
    note: 'outbound email from an application; attachments add $0.12 per GB (we send none)',
  }),
  xrayTraceRecorded: perMillion(5, 'trace recorded', source.xray, {
    note: 'retrieved and scanned traces ($0.50 per million) are not counted',
  }),
  wafRequest: perMillion(0.6, 'request inspected', source.waf, {
    note: 'plus $5 per web ACL and $1 per rule each month, whatever the volume',
  }),
  schedulerInvocation: perMillion(1, 'scheduled invocation', source.scheduler, {
    note: 'EventBridge Scheduler; its 14 million free invocations a month are not applied',
  }),
} as const satisfies Partial<RegionPrices>;

/**
 * The stack deploys to the region of the operator's CLI profile or the `region` setting
 * (docs/deploy.md); ap-east-1 (Hong Kong) is the region docs/deploy.md's example uses for a
 * supplier in mainland China. us-east-1 is here as the reference the pricing pages show first.
 */
export const regionPrices: Readonly<Record<string, RegionPrices>> = {
  'ap-east-1': {
    region: 'ap-east-1',
    name: 'Asia Pacific (Hong Kong)',
    asOf: '2026-11',
    lambdaRequest: perMillion(0.2, 'request', source.lambda),
    lambdaArmGbSecond: perOne(0.0000183, 'GB-second (Arm)', source.lambda, {
      note: 'first tier (up to 7.5 billion GB-s a month)',
    }),
    lambdaX86GbSecond: perOne(0.00002292, 'GB-second (x86)', source.lambda, {
      note: 'first tier (up to 6 billion GB-s a month)',
    }),
    dynamoWriteRequestUnit: perMillion(0.78125, 'write request unit', source.dynamo, {
      basis: 'derived',
      note: "us-east-1's $0.625 times 1.25, Hong Kong's premium on DynamoDB throughput; on-demand prices were halved on 2024-11-01",
    }),
    dynamoReadRequestUnit: perMillion(0.15625, 'read request unit', source.dynamo, {
      basis: 'derived',
      note: "us-east-1's $0.125 times 1.25, as for writes",
    }),
    stepFunctionsTransition: perThousand(0.0275, 'state transition (standard)', source.stepFunctions),
    apiGatewayRestRequest: perMillion(4.25, 'REST API request', source.apiGateway, {
      basis: 'derived',
      note: 'first 333 million a month; the Asia Pacific rate of Tokyo and Hong Kong as we know it, check it',
    }),
    logsIngestedGb: perOne(0.67, 'GB ingested (standard)', source.logs, {
      basis: 'derived',
      note: 'between us-east-1 ($0.50) and Singapore ($0.70); check it',
    }),
    ...global,
  },
  'us-east-1': {
    region: 'us-east-1',
    name: 'US East (N. Virginia)',
    asOf: '2026-11',
    lambdaRequest: perMillion(0.2, 'request', source.lambda),
    lambdaArmGbSecond: perOne(0.0000133334, 'GB-second (Arm)', source.lambda),
    lambdaX86GbSecond: perOne(0.0000166667, 'GB-second (x86)', source.lambda),
    dynamoWriteRequestUnit: perMillion(0.625, 'write request unit', source.dynamo),
    dynamoReadRequestUnit: perMillion(0.125, 'read request unit', source.dynamo),
    stepFunctionsTransition: perThousand(0.025, 'state transition (standard)', source.stepFunctions),
    apiGatewayRestRequest: perMillion(3.5, 'REST API request', source.apiGateway, {
      note: 'first 333 million a month',
    }),
    logsIngestedGb: perOne(0.5, 'GB ingested (standard)', source.logs),
    ...global,
  },
};

/** The region `npm run cost` prices by default. */
export const defaultCostRegion = 'ap-east-1';

/** USD for one unit. */
export const unitPrice = (price: Price): number => price.usd / price.per;

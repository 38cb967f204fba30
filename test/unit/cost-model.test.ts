import {
  addUsage,
  billedMs,
  costPerThousand,
  emptyUsage,
  gbSeconds,
  lambdaUsage,
  missingKeysReadUnits,
  queryReadUnits,
  refusedWriteUnits,
  scaleCost,
  totalUsd,
  type Usage,
} from '../../scripts/lib/cost-model.ts';
import { type RegionPrices, regionPrices, unitPrice } from '../../scripts/lib/cost-prices.ts';

const usEast = regionPrices['us-east-1'] as RegionPrices;

const usage = (overrides: Partial<Usage> = {}): Usage => ({ ...emptyUsage(1), ...overrides });

const lineOf = (lines: ReturnType<typeof costPerThousand>, service: string, item: string) => {
  const line = lines.find((l) => l.service === service && l.item === item);
  if (!line) throw new Error(`no line ${service} ${item}`);
  return line;
};

describe('Lambda billing', () => {
  it('rounds each invocation up to the next millisecond, at least one', () => {
    expect(billedMs(12.01)).toBe(13);
    expect(billedMs(12)).toBe(12);
    expect(billedMs(0.2)).toBe(1);
  });

  it('rounds invocation by invocation, not the sum', () => {
    const usage = lambdaUsage([
      { durationMs: 0.4, memoryMb: 512 },
      { durationMs: 0.4, memoryMb: 512 },
    ]);
    expect(usage.billedMs).toBe(2);
    expect(usage.invocations).toBe(2);
  });

  it('bills GB-seconds as billed seconds times memory in GB of 1,024 MB', () => {
    expect(gbSeconds({ durationMs: 999.5, memoryMb: 512 })).toBeCloseTo(0.5, 10);
    expect(gbSeconds({ durationMs: 100, memoryMb: 1024 })).toBeCloseTo(0.1, 10);
  });

  it("counts a scheduled run's extra time as duration but not as another request", () => {
    const usage = lambdaUsage([
      { durationMs: 10, memoryMb: 512 },
      { durationMs: 30, memoryMb: 512, share: true },
    ]);
    expect(usage.invocations).toBe(1);
    expect(usage.billedMs).toBe(40);
  });
});

describe('DynamoDB request units', () => {
  it('doubles refused transactional writes per item, one unit for a refused conditional write', () => {
    expect(refusedWriteUnits({ transactional: true, items: 3 })).toBe(6);
    expect(refusedWriteUnits({ transactional: false, items: 1 })).toBe(1);
  });

  it('charges an empty query the minimum of its consistency', () => {
    expect(queryReadUnits(0, false)).toBe(0.5);
    expect(queryReadUnits(0, true)).toBe(1);
    expect(queryReadUnits(2.5, false)).toBe(2.5);
  });

  it('charges each key of a batch read that found no item the minimum read', () => {
    expect(missingKeysReadUnits(3, 1, false)).toBe(1);
    expect(missingKeysReadUnits(3, 1, true)).toBe(2);
    expect(missingKeysReadUnits(2, 2, false)).toBe(0);
  });
});

describe('cost per 1,000 complaints', () => {
  it('prices each service from the units per complaint, without free tier', () => {
    const lines = costPerThousand(
      usage({
        complaints: 2,
        writeUnits: 20,
        readUnits: 10,
        stateTransitions: 18,
        emailRecipients: 4,
        apiRequests: 6,
      }),
      usEast,
      'arm64',
    );
    // 10 write units a complaint, 10,000 for 1,000 complaints at $0.625 a million.
    expect(lineOf(lines, 'DynamoDB', 'writes').perComplaint).toBe(10);
    expect(lineOf(lines, 'DynamoDB', 'writes').usdPerThousand).toBeCloseTo(0.00625, 10);
    expect(lineOf(lines, 'DynamoDB', 'reads').usdPerThousand).toBeCloseTo(0.000625, 10);
    expect(lineOf(lines, 'Step Functions', 'transitions').usdPerThousand).toBeCloseTo(0.225, 10);
    expect(lineOf(lines, 'SES', 'emails').usdPerThousand).toBeCloseTo(0.2, 10);
    expect(lineOf(lines, 'API Gateway', 'requests').usdPerThousand).toBeCloseTo(0.0105, 10);
    expect(lineOf(lines, 'WAF', 'requests').usdPerThousand).toBeCloseTo(0.0018, 10);
  });

  it('adds refused writes to the write units', () => {
    const lines = costPerThousand(
      usage({ writeUnits: 4, refusedWrites: [{ transactional: true, items: 2 }] }),
      usEast,
      'arm64',
    );
    expect(lineOf(lines, 'DynamoDB', 'writes').perComplaint).toBe(8);
  });

  it('prices Lambda duration at the architecture the stack deploys', () => {
    const oneGbSecond = usage({ lambda: [{ durationMs: 2000, memoryMb: 512 }] });
    const arm = lineOf(costPerThousand(oneGbSecond, usEast, 'arm64'), 'Lambda', 'duration');
    const x86 = lineOf(costPerThousand(oneGbSecond, usEast, 'x86_64'), 'Lambda', 'duration');
    expect(arm.usdPerThousand).toBeCloseTo(1000 * unitPrice(usEast.lambdaArmGbSecond), 10);
    expect(x86.usdPerThousand).toBeCloseTo(1000 * unitPrice(usEast.lambdaX86GbSecond), 10);
    expect(arm.usdPerThousand).toBeLessThan(x86.usdPerThousand);
  });

  it('prices logs by the GiB ingested', () => {
    const lines = costPerThousand(usage({ logBytes: 1024 ** 3 / 1000 }), usEast, 'arm64');
    expect(lineOf(lines, 'CloudWatch Logs', 'ingestion').usdPerThousand).toBeCloseTo(0.5, 10);
  });

  it('totals the lines, and scales them (a job cost per run times runs per complaint)', () => {
    const lines = costPerThousand(usage({ emailRecipients: 1, apiRequests: 1 }), usEast, 'arm64');
    expect(totalUsd(lines)).toBeCloseTo(0.1 + 0.0035 + 0.0006, 10);
    expect(totalUsd(scaleCost(lines, 0.5))).toBeCloseTo(totalUsd(lines) / 2, 10);
  });

  it('refuses a usage of no complaints and adds usages of the same complaints only', () => {
    expect(() => costPerThousand(usage({ complaints: 0 }), usEast, 'arm64')).toThrow();
    expect(() => addUsage(usage({ complaints: 1 }), usage({ complaints: 2 }))).toThrow();
    expect(addUsage(usage({ emailRecipients: 2 }), usage({ emailRecipients: 1 })).emailRecipients).toBe(3);
  });
});

describe('the prices file', () => {
  it('gives every price of every region a source, a unit and a month', () => {
    for (const prices of Object.values(regionPrices)) {
      expect(prices.asOf).toMatch(/^\d{4}-\d{2}$/);
      for (const value of Object.values(prices)) {
        if (typeof value !== 'object') continue;
        expect(value.source).toMatch(/^https:\/\/aws\.amazon\.com\//);
        expect(value.usd).toBeGreaterThan(0);
        expect(value.unit).not.toBe('');
      }
    }
  });
});

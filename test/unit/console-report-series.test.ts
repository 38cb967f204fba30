import type {
  ComplaintFigures,
  ComplaintReport,
  ParetoReport,
  ReturnsReport,
} from '../../shared/schemas/reports.ts';
import {
  barWidth,
  complaintSeries,
  complaintsEmpty,
  defaultPeriod,
  extremes,
  formatNumber,
  formatPercent,
  formatSigned,
  groupingOf,
  monthLabel,
  NO_VALUE,
  paretoBars,
  paretoOptionsOf,
  periodOf,
  periodProblem,
  presetPeriods,
  returnsEmpty,
  returnsSeries,
  satisfactionEmpty,
  satisfactionSeries,
  sortRows,
  vitalFew,
} from '../../web/console/src/reports/series.ts';
import type { SatisfactionFigures, SatisfactionReport } from '../../web/console/src/reports/types.ts';

const figures = (overrides: Partial<ComplaintFigures> = {}): ComplaintFigures => ({
  received: 0,
  replies: { onTime: 0, late: 0, breaches: 0, extensions: 0, onTimeRate: null },
  responsibility: { customer: 0, internal: 0 },
  closing: { closed: 0, averageDays: null, within7Days: 0, within30Days: 0, within90Days: 0, over90Days: 0 },
  capa: {
    requested: 0,
    effective: 0,
    firstTimeEffective: 0,
    firstTimeEffectiveRate: null,
    verificationRounds: 0,
    averageRounds: null,
    ineffectiveRounds: 0,
  },
  ...overrides,
});

const aParetoReport = (counts: number[], others = 0): ParetoReport => {
  const total = counts.reduce((sum, count) => sum + count, 0) + others;
  let running = 0;
  return {
    by: 'cause',
    from: '2026-01',
    to: '2026-12',
    total,
    items: counts.map((count, i) => {
      running += count;
      return { key: `key-${i}`, count, share: count / total, cumulativeShare: running / total };
    }),
    others,
  };
};

const satisfaction = (overrides: {
  csat?: Partial<SatisfactionFigures['csat']>;
  nps?: Partial<SatisfactionFigures['nps']>;
}): SatisfactionFigures => {
  const followUp = { sent: 0, answered: 0, responseRate: null, problems: 0, inspectionsWanted: 0 };
  return {
    csat: {
      sent: 0,
      answered: 0,
      responseRate: null,
      average: null,
      distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 },
      ...overrides.csat,
    },
    nps: {
      sent: 0,
      answered: 0,
      responseRate: null,
      score: null,
      promoters: 0,
      passives: 0,
      detractors: 0,
      average: null,
      ...overrides.nps,
    },
    checkIn: followUp,
    warrantyInspection: followUp,
  };
};

describe('the report period', () => {
  it('defaults to the 12 months up to the current month in Beijing time', () => {
    expect(defaultPeriod(new Date('2026-11-27T08:00:00Z'))).toEqual({ from: '2025-12', to: '2026-11' });
    // 31 December 17:00 UTC is already 1 January in Beijing.
    expect(defaultPeriod(new Date('2026-12-31T17:00:00Z'))).toEqual({ from: '2026-02', to: '2027-01' });
  });

  it('reads the months of the hash query, and falls back for missing or malformed ones', () => {
    const fallback = { from: '2025-12', to: '2026-11' };
    expect(periodOf(new URLSearchParams('from=2026-01&to=2026-06'), fallback)).toEqual({
      from: '2026-01',
      to: '2026-06',
    });
    expect(periodOf(new URLSearchParams('from=2026-13&to=nonsense'), fallback)).toEqual(fallback);
    expect(periodOf(new URLSearchParams(''), fallback)).toEqual(fallback);
  });

  it('takes the 12 months up to `to` when only `to` is given', () => {
    expect(periodOf(new URLSearchParams('to=2026-06'), { from: '2025-12', to: '2026-11' })).toEqual({
      from: '2025-07',
      to: '2026-06',
    });
  });

  it("refuses a reversed or too long period with the API's own messages", () => {
    expect(periodProblem({ from: '2026-06', to: '2026-01' })).toBe('report.rangeReversed');
    expect(periodProblem({ from: '2023-01', to: '2026-01' })).toBe('report.rangeTooLong');
    expect(periodProblem({ from: '2023-02', to: '2026-01' })).toBeUndefined();
  });

  it('offers the last 3, 6 and 12 months and this year so far', () => {
    expect(presetPeriods(new Date('2026-03-10T04:00:00Z'))).toEqual([
      { name: 'last3', period: { from: '2026-01', to: '2026-03' } },
      { name: 'last6', period: { from: '2025-10', to: '2026-03' } },
      { name: 'last12', period: { from: '2025-04', to: '2026-03' } },
      { name: 'thisYear', period: { from: '2026-01', to: '2026-03' } },
    ]);
  });
});

describe('formats', () => {
  it('names months in the language of the console', () => {
    expect(monthLabel('2026-03', 'zh-CN')).toBe('2026年3月');
    expect(monthLabel('2026-03', 'en')).toBe('Mar 2026');
  });

  it('prints rates as percentages, counts grouped, scores signed, and a dash for a missing figure', () => {
    expect(formatPercent(0.9231, 'zh-CN')).toBe('92.3%');
    expect(formatPercent(0.0123, 'en', 2)).toBe('1.23%');
    expect(formatPercent(null, 'en')).toBe(NO_VALUE);
    expect(formatNumber(12345, 'en')).toBe('12,345');
    expect(formatNumber(3.456, 'zh-CN', 1)).toBe('3.5');
    expect(formatNumber(undefined, 'zh-CN')).toBe(NO_VALUE);
    expect(formatSigned(12.5, 'en')).toBe('+12.5');
    expect(formatSigned(-40, 'en')).toBe('-40');
    expect(formatSigned(0, 'en')).toBe('0');
  });
});

describe('summaries', () => {
  it('finds the lowest and highest value, skipping gaps, the first on ties', () => {
    expect(extremes(['a', 'b', 'c', 'd'], [80, null, 60, 60])).toEqual({
      lowest: { label: 'c', value: 60 },
      highest: { label: 'a', value: 80 },
    });
    expect(extremes(['a'], [null])).toEqual({});
  });
});

describe('the complaint report as chart series', () => {
  const report: ComplaintReport = {
    from: '2026-01',
    to: '2026-02',
    months: [
      {
        month: '2026-01',
        ...figures({
          received: 4,
          replies: { onTime: 3, late: 1, breaches: 1, extensions: 0, onTimeRate: 0.75 },
          capa: { ...figures().capa, effective: 2, firstTimeEffective: 1, averageRounds: 1.5 },
        }),
      },
      { month: '2026-02', ...figures() },
    ],
    total: figures({
      received: 4,
      replies: { onTime: 3, late: 1, breaches: 1, extensions: 0, onTimeRate: 0.75 },
      responsibility: { customer: 1, internal: 2 },
      closing: {
        closed: 4,
        averageDays: 12.5,
        within7Days: 1,
        within30Days: 2,
        within90Days: 1,
        over90Days: 0,
      },
    }),
  };

  it('gives the on-time rate in percent points, a month without replies as a gap', () => {
    const series = complaintSeries(report);
    expect(series.months).toEqual(['2026-01', '2026-02']);
    expect(series.onTimeRate).toEqual([75, null]);
    expect(series.onTime).toEqual([3, 0]);
    expect(series.breaches).toEqual([1, 0]);
  });

  it('splits responsibility between the investigated complaints and counts the rest undecided', () => {
    const { responsibility } = complaintSeries(report);
    expect(responsibility.customerShare).toBeCloseTo(1 / 3);
    expect(responsibility.internalShare).toBeCloseTo(2 / 3);
    expect(responsibility.undecided).toBe(1);
  });

  it('puts the closed complaints into the four time-to-close buckets with their shares', () => {
    const series = complaintSeries(report);
    expect(series.closingBuckets).toEqual([1, 2, 1, 0]);
    expect(series.closingShares).toEqual([0.25, 0.5, 0.25, 0]);
  });

  it('gives the CAPA figures per month', () => {
    const series = complaintSeries(report);
    expect(series.capaEffective).toEqual([2, 0]);
    expect(series.capaFirstTimeEffective).toEqual([1, 0]);
    expect(series.capaAverageRounds).toEqual([1.5, null]);
  });

  it('is empty when nothing was received', () => {
    expect(complaintsEmpty(report)).toBe(false);
    expect(complaintsEmpty({ ...report, total: figures() })).toBe(true);
  });
});

describe('the Pareto bars', () => {
  it('marks the vital few: the keys up to the one whose running share reaches 80%', () => {
    const bars = paretoBars(aParetoReport([50, 25, 10, 10, 5]));
    expect(bars.map((bar) => bar.vital)).toEqual([true, true, true, false, false]);
    expect(vitalFew(bars)).toEqual({ keys: 3, share: 0.85 });
  });

  it('cuts at a key that reaches exactly 80%', () => {
    const bars = paretoBars(aParetoReport([60, 20, 20]));
    expect(bars.map((bar) => bar.vital)).toEqual([true, true, false]);
  });

  it('adds the keys beyond the limit as a last bar that brings the running share to 100%', () => {
    const bars = paretoBars(aParetoReport([40, 30, 20], 10));
    expect(bars).toHaveLength(4);
    expect(bars[3]).toEqual({
      key: 'others',
      count: 10,
      share: 0.1,
      cumulativeShare: 1,
      vital: false,
      others: true,
    });
  });

  it('counts the others among the vital few when the listed keys stay below 80%', () => {
    const bars = paretoBars(aParetoReport([30, 20], 50));
    expect(bars.map((bar) => bar.vital)).toEqual([true, true, true]);
  });

  it('draws nothing for a period without complaints', () => {
    expect(paretoBars(aParetoReport([]))).toEqual([]);
    expect(vitalFew([])).toEqual({ keys: 0, share: 0 });
  });
});

describe('the returns series', () => {
  const report: ReturnsReport = {
    from: '2026-01',
    to: '2026-02',
    months: [
      { month: '2026-01', deliveredUnits: 800, returns: 2, returnedUnits: 9, returnRate: 0.0113 },
      { month: '2026-02', deliveredUnits: 0, returns: 0, returnedUnits: 0, returnRate: null },
    ],
    total: { deliveredUnits: 800, returns: 2, returnedUnits: 9, returnRate: 0.0113 },
  };

  it('gives the rate in percent points with two decimals, a month without deliveries as a gap', () => {
    const series = returnsSeries(report);
    expect(series.returnRate).toEqual([1.13, null]);
    expect(series.averageRate).toBe(1.13);
    expect(series.deliveredUnits).toEqual([800, 0]);
    expect(series.returnedUnits).toEqual([9, 0]);
  });

  it('is empty without deliveries and returns', () => {
    expect(returnsEmpty(report)).toBe(false);
    expect(
      returnsEmpty({
        ...report,
        total: { deliveredUnits: 0, returns: 0, returnedUnits: 0, returnRate: null },
      }),
    ).toBe(true);
  });
});

describe('the satisfaction series', () => {
  const report: SatisfactionReport = {
    from: '2026-01',
    to: '2026-02',
    groupBy: 'month',
    groups: [
      {
        key: '2026-01',
        ...satisfaction({ csat: { average: 4.5, answered: 2 }, nps: { score: 50, answered: 2 } }),
      },
      { key: '2026-02', ...satisfaction({}) },
    ],
    total: satisfaction({
      csat: { sent: 4, answered: 4, average: 4, distribution: { 1: 0, 2: 1, 3: 0, 4: 1, 5: 2 } },
      nps: { sent: 4, answered: 4, score: 25, promoters: 2, passives: 1, detractors: 1 },
    }),
  };

  it('gives the CSAT average and NPS per month, gaps where nobody answered', () => {
    const series = satisfactionSeries(report);
    expect(series.months).toEqual(['2026-01', '2026-02']);
    expect(series.csatAverage).toEqual([4.5, null]);
    expect(series.npsScore).toEqual([50, null]);
  });

  it('gives the CSAT scores given and the NPS bands with their shares', () => {
    const series = satisfactionSeries(report);
    expect(series.csatDistribution).toEqual([0, 1, 0, 1, 2]);
    expect(series.csatDistributionShares).toEqual([0, 0.25, 0, 0.25, 0.5]);
    expect(series.npsBands).toEqual({
      promoters: 2,
      passives: 1,
      detractors: 1,
      promoterShare: 0.5,
      passiveShare: 0.25,
      detractorShare: 0.25,
    });
  });

  it('is empty when nothing was sent or answered', () => {
    expect(satisfactionEmpty(report)).toBe(false);
    expect(satisfactionEmpty({ ...report, total: satisfaction({}) })).toBe(true);
  });
});

describe("the pages' own query parameters", () => {
  it('reads the Pareto dimension and length, with the API defaults for anything else', () => {
    expect(paretoOptionsOf(new URLSearchParams('by=batch&limit=5'))).toEqual({ by: 'batch', limit: 5 });
    expect(paretoOptionsOf(new URLSearchParams('by=colour&limit=500'))).toEqual({ by: 'cause', limit: 20 });
    expect(paretoOptionsOf(new URLSearchParams('limit=2.5'))).toEqual({ by: 'cause', limit: 20 });
  });

  it('groups the satisfaction table by month unless another grouping is named', () => {
    expect(groupingOf(new URLSearchParams('groupBy=tier'))).toBe('tier');
    expect(groupingOf(new URLSearchParams('groupBy=day'))).toBe('month');
  });
});

describe('sorting the league table', () => {
  const rows = [
    { id: 'bj', sla: 0.9 },
    { id: 'sh', sla: null },
    { id: 'gz', sla: 0.95 },
    { id: 'sz', sla: 0.9 },
  ];

  it('sorts either way, stable, with missing figures last in both directions', () => {
    expect(sortRows(rows, (row) => row.sla, 'descending').map((row) => row.id)).toEqual([
      'gz',
      'bj',
      'sz',
      'sh',
    ]);
    expect(sortRows(rows, (row) => row.sla, 'ascending').map((row) => row.id)).toEqual([
      'bj',
      'sz',
      'gz',
      'sh',
    ]);
  });

  it('draws bar cells as a clamped share of the maximum', () => {
    expect(barWidth(0.925)).toBe(92.5);
    expect(barWidth(4.2, 5)).toBe(84);
    expect(barWidth(7, 5)).toBe(100);
    expect(barWidth(null)).toBe(0);
    expect(barWidth(1, 0)).toBe(0);
  });
});

import {
  classificationOf,
  closingChange,
  complaintReport,
  intakeChange,
  paretoReport,
  reclassification,
  returnsReport,
  UNKNOWN,
  unclassified,
  verificationChange,
} from '../../shared/domain/complaint-report.ts';

const DAY_MS = 86_400_000;
const receivedAt = '2026-11-02T02:00:00.000Z';
const after = (days: number, minutes = 0) =>
  new Date(Date.parse(receivedAt) + days * DAY_MS + minutes * 60_000).toISOString();

describe('what a complaint adds to the counters', () => {
  it('counts a received complaint under its category and batch, cause and factory unknown', () => {
    expect(intakeChange({ category: 'furniture', batch: 'B-17' })).toEqual({
      counters: { received: 1 },
      pareto: [
        { dimension: 'category', key: 'furniture', by: 1 },
        { dimension: 'batch', key: 'B-17', by: 1 },
        { dimension: 'cause', key: UNKNOWN, by: 1 },
        { dimension: 'factory', key: UNKNOWN, by: 1 },
      ],
    });
  });

  it('moves a complaint from unknown to the first investigation’s cause, factory and responsibility', () => {
    const first = classificationOf({ responsibility: 'internal', cause: 'material', factory: '一厂' });

    expect(reclassification(unclassified, first)).toEqual({
      counters: { responsibleInternal: 1 },
      pareto: [
        { dimension: 'cause', key: UNKNOWN, by: -1 },
        { dimension: 'cause', key: 'material', by: 1 },
        { dimension: 'factory', key: UNKNOWN, by: -1 },
        { dimension: 'factory', key: '一厂', by: 1 },
      ],
    });
  });

  it('moves only what a repeated investigation changed, so the complaint stays counted once', () => {
    const first = classificationOf({ responsibility: 'internal', cause: 'material', factory: '一厂' });
    const again = classificationOf({ responsibility: 'customer', cause: 'material' });

    expect(reclassification(first, again)).toEqual({
      counters: { responsibleInternal: -1, responsibleCustomer: 1 },
      pareto: [
        { dimension: 'factory', key: '一厂', by: -1 },
        { dimension: 'factory', key: UNKNOWN, by: 1 },
      ],
    });
    expect(reclassification(again, again)).toEqual({ counters: {}, pareto: [] });
  });

  it('treats an investigation recorded before causes were asked for as never counted', () => {
    expect(classificationOf({ responsibility: 'customer' })).toEqual(unclassified);
    expect(classificationOf(undefined)).toEqual(unclassified);
  });

  it.each([
    [0, 30, 'closedWithin7Days'],
    [7, 0, 'closedWithin7Days'],
    [7, 1, 'closedWithin30Days'],
    [30, 0, 'closedWithin30Days'],
    [30, 1, 'closedWithin90Days'],
    [90, 0, 'closedWithin90Days'],
    [90, 1, 'closedOver90Days'],
  ])('closes a complaint archived %i days and %i minutes after receipt in %s', (days, minutes, bucket) => {
    expect(closingChange(receivedAt, after(days, minutes))).toEqual({
      counters: { closed: 1, closeMinutes: days * 1440 + minutes, [bucket]: 1 },
    });
  });

  it('counts the whole minutes to close, rounded', () => {
    const closedAt = new Date(Date.parse(receivedAt) + 90_500).toISOString();
    expect(closingChange(receivedAt, closedAt).counters?.closeMinutes).toBe(2);
  });

  it('counts an effective CAPA with its rounds, first-time effective only at round 1', () => {
    expect(verificationChange('effective', 1)).toEqual({
      counters: { capaEffective: 1, capaVerificationRounds: 1, capaFirstTimeEffective: 1 },
    });
    expect(verificationChange('effective', 3)).toEqual({
      counters: { capaEffective: 1, capaVerificationRounds: 3 },
    });
    expect(verificationChange('ineffective', 1)).toEqual({ counters: { capaIneffectiveRounds: 1 } });
  });
});

describe('the complaint report', () => {
  it('fills every month of the period, zeros where nothing was received, and totals the period', () => {
    const report = complaintReport(
      [
        { month: '2026-09', counters: { received: 2, repliesOnTime: 3, repliesLate: 1 } },
        { month: '2026-10', counters: { received: 9 } },
        { month: '2026-12', counters: { received: 99 } },
      ],
      { from: '2026-09', to: '2026-11' },
    );

    expect(report.months.map((m) => [m.month, m.received])).toEqual([
      ['2026-09', 2],
      ['2026-10', 9],
      ['2026-11', 0],
    ]);
    expect(report.months[2]?.replies.onTimeRate).toBeNull();
    expect(report.total.received).toBe(11);
    expect(report.total.replies).toEqual({
      onTime: 3,
      late: 1,
      breaches: 0,
      extensions: 0,
      onTimeRate: 0.75,
    });
  });

  it('gives rates with 4 decimals, the mean days to close with 1 and the mean rounds with 2', () => {
    const report = complaintReport(
      [
        {
          month: '2026-11',
          counters: {
            repliesOnTime: 2,
            repliesLate: 1,
            closed: 3,
            closeMinutes: 3 * 1440 + 1440 / 2 + 100,
            closedWithin7Days: 3,
            capaRequested: 4,
            capaEffective: 3,
            capaFirstTimeEffective: 2,
            capaVerificationRounds: 4,
            capaIneffectiveRounds: 2,
          },
        },
      ],
      { from: '2026-11', to: '2026-11' },
    );

    expect(report.total.replies.onTimeRate).toBe(0.6667);
    expect(report.total.closing).toEqual({
      closed: 3,
      averageDays: 1.2,
      within7Days: 3,
      within30Days: 0,
      within90Days: 0,
      over90Days: 0,
    });
    expect(report.total.capa).toEqual({
      requested: 4,
      effective: 3,
      firstTimeEffective: 2,
      firstTimeEffectiveRate: 0.6667,
      verificationRounds: 4,
      averageRounds: 1.33,
      ineffectiveRounds: 2,
    });
  });

  it('has no rates and averages without their denominators', () => {
    const { total } = complaintReport([], { from: '2026-11', to: '2026-11' });
    expect([
      total.replies.onTimeRate,
      total.closing.averageDays,
      total.capa.firstTimeEffectiveRate,
      total.capa.averageRounds,
    ]).toEqual([null, null, null, null]);
  });
});

describe('the Pareto table', () => {
  const rows = [
    { month: '2026-10', key: 'material', count: 3 },
    { month: '2026-11', key: 'material', count: 2 },
    { month: '2026-11', key: 'workmanship', count: 3 },
    { month: '2026-11', key: 'design', count: 3 },
    { month: '2026-11', key: 'usage', count: 1 },
    { month: '2026-11', key: 'unknown', count: 0 },
    { month: '2026-08', key: 'other', count: 50 },
  ];

  it('sums each key over the period, largest first, ties by key, with shares and the running share', () => {
    const report = paretoReport(rows, { by: 'cause', from: '2026-10', to: '2026-11', limit: 20 });

    expect(report).toEqual({
      by: 'cause',
      from: '2026-10',
      to: '2026-11',
      total: 12,
      items: [
        { key: 'material', count: 5, share: 0.4167, cumulativeShare: 0.4167 },
        { key: 'design', count: 3, share: 0.25, cumulativeShare: 0.6667 },
        { key: 'workmanship', count: 3, share: 0.25, cumulativeShare: 0.9167 },
        { key: 'usage', count: 1, share: 0.0833, cumulativeShare: 1 },
      ],
      others: 0,
    });
  });

  it('sums the keys beyond the limit in others', () => {
    const report = paretoReport(rows, { by: 'cause', from: '2026-10', to: '2026-11', limit: 2 });

    expect(report.items.map((item) => item.key)).toEqual(['material', 'design']);
    expect(report.others).toBe(4);
    expect(report.total).toBe(12);
  });

  it('is empty for a period without complaints', () => {
    expect(paretoReport(rows, { by: 'batch', from: '2025-01', to: '2025-02', limit: 5 })).toMatchObject({
      total: 0,
      items: [],
      others: 0,
    });
  });
});

describe('the returns report', () => {
  it('compares units returned with units delivered per month and over the period', () => {
    const report = returnsReport(
      [
        { month: '2026-10', counters: { deliveredUnits: 600, returns: 2, returnedUnits: 9 } },
        { month: '2026-11', counters: { returns: 1, returnedUnits: 3 } },
      ],
      { from: '2026-09', to: '2026-11' },
    );

    expect(report.months).toEqual([
      { month: '2026-09', deliveredUnits: 0, returns: 0, returnedUnits: 0, returnRate: null },
      { month: '2026-10', deliveredUnits: 600, returns: 2, returnedUnits: 9, returnRate: 0.015 },
      { month: '2026-11', deliveredUnits: 0, returns: 1, returnedUnits: 3, returnRate: null },
    ]);
    expect(report.total).toEqual({ deliveredUnits: 600, returns: 3, returnedUnits: 12, returnRate: 0.02 });
  });
});

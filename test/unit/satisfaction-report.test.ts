import {
  addMonths,
  answerIncrements,
  type CounterRow,
  MAX_REPORT_MONTHS,
  monthOf,
  monthsBetween,
  npsBand,
  reportPeriodIssues,
  satisfactionReport,
  sentIncrements,
} from '../../shared/domain/satisfaction-report.ts';
import { translate } from '../../shared/i18n/translate.ts';

describe('what a survey adds to the counters', () => {
  it('counts a sent survey under its kind', () => {
    expect(sentIncrements('csat')).toEqual({ csatSent: 1 });
    expect(sentIncrements('warrantyInspection')).toEqual({ warrantyInspectionSent: 1 });
  });

  it('counts a CSAT answer, its score and its place in the distribution', () => {
    expect(answerIncrements('csat', { score: 4 })).toEqual({
      csatAnswered: 1,
      csatScoreSum: 4,
      csatScore4: 1,
    });
  });

  it.each([
    [10, 'npsPromoters'],
    [9, 'npsPromoters'],
    [8, 'npsPassives'],
    [7, 'npsPassives'],
    [6, 'npsDetractors'],
    [0, 'npsDetractors'],
  ])('puts an NPS score of %i among the %s', (score, band) => {
    expect(answerIncrements('nps', { score })).toEqual({ npsAnswered: 1, npsScoreSum: score, [band]: 1 });
  });

  it('counts a follow-up answer that reports a problem', () => {
    expect(answerIncrements('checkIn', { status: 'problem', problem: '抽屉卡住' })).toEqual({
      checkInAnswered: 1,
      checkInProblems: 1,
    });
    expect(answerIncrements('checkIn', { status: 'fine' })).toEqual({ checkInAnswered: 1 });
  });

  it('counts a warranty inspection that is wanted', () => {
    expect(answerIncrements('warrantyInspection', { status: 'inspectionWanted' })).toEqual({
      warrantyInspectionAnswered: 1,
      warrantyInspectionInspectionsWanted: 1,
    });
  });

  it('refuses a CSAT score outside 1-5 and an NPS score outside 0-10', () => {
    expect(() => answerIncrements('csat', { score: 0 })).toThrow(RangeError);
    expect(() => answerIncrements('csat', { score: 6 })).toThrow(RangeError);
    expect(() => answerIncrements('nps', { score: 11 })).toThrow(RangeError);
    expect(() => answerIncrements('nps', { score: 7.5 })).toThrow(RangeError);
  });

  it('refuses an answer of the wrong shape for its kind', () => {
    expect(() => answerIncrements('csat', { status: 'fine' })).toThrow(RangeError);
    expect(() => answerIncrements('checkIn', { score: 3 })).toThrow(RangeError);
  });

  it('bands NPS scores as promoters 9-10, passives 7-8, detractors 0-6', () => {
    expect([0, 6, 7, 8, 9, 10].map(npsBand)).toEqual([
      'detractor',
      'detractor',
      'passive',
      'passive',
      'promoter',
      'promoter',
    ]);
  });
});

describe('months', () => {
  it('takes the month in Asia/Shanghai: 31 October 16:30 UTC is already November', () => {
    expect(monthOf('2026-10-31T16:30:00Z')).toBe('2026-11');
    expect(monthOf('2026-10-31T15:59:59Z')).toBe('2026-10');
  });

  it('counts months back across a year end', () => {
    expect(addMonths('2026-11', -11)).toBe('2025-12');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
  });

  it('lists the months of a period across a year end', () => {
    expect(monthsBetween('2026-11', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsBetween('2026-05', '2026-05')).toEqual(['2026-05']);
  });
});

describe('the satisfaction report', () => {
  const rows: CounterRow[] = [
    {
      month: '2026-03',
      value: 'bj',
      counters: {
        csatSent: 4,
        csatAnswered: 3,
        csatScoreSum: 12, // 5 + 4 + 3
        csatScore5: 1,
        csatScore4: 1,
        csatScore3: 1,
        npsSent: 2,
        npsAnswered: 2,
        npsScoreSum: 16, // 10 + 6
        npsPromoters: 1,
        npsDetractors: 1,
      },
    },
    {
      month: '2026-04',
      value: 'bj',
      counters: { csatSent: 2, csatAnswered: 1, csatScoreSum: 1, csatScore1: 1, checkInSent: 3 },
    },
    {
      month: '2026-04',
      value: 'sh',
      counters: {
        npsSent: 3,
        npsAnswered: 3,
        npsScoreSum: 25, // 9 + 8 + 8
        npsPromoters: 1,
        npsPassives: 2,
        checkInAnswered: 2,
        checkInProblems: 1,
      },
    },
    // Outside the period: ignored.
    { month: '2026-06', value: 'sh', counters: { csatSent: 100 } },
  ];

  it('groups by month, listing every month of the period', () => {
    const report = satisfactionReport(rows, { from: '2026-02', to: '2026-05', groupBy: 'month' });

    expect(report.groups.map((g) => g.key)).toEqual(['2026-02', '2026-03', '2026-04', '2026-05']);
    const [february, march, april] = report.groups;
    expect(february?.csat).toEqual({
      sent: 0,
      answered: 0,
      responseRate: null,
      average: null,
      distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 },
    });
    expect(march?.csat).toMatchObject({ sent: 4, answered: 3, responseRate: 0.75, average: 4 });
    // NPS of March: 1 promoter, 1 detractor of 2 answers -> 50% - 50% = 0.
    expect(march?.nps).toMatchObject({ answered: 2, promoters: 1, detractors: 1, score: 0, average: 8 });
    // April: CSAT 1 of 2 answered with 1; NPS 1 promoter, 2 passives of 3 -> 33.3.
    expect(april?.csat).toMatchObject({ sent: 2, answered: 1, responseRate: 0.5, average: 1 });
    expect(april?.nps).toMatchObject({ sent: 3, answered: 3, responseRate: 1, score: 33.3, passives: 2 });
    expect(april?.checkIn).toEqual({
      sent: 3,
      answered: 2,
      responseRate: 0.6667,
      problems: 1,
      inspectionsWanted: 0,
    });
  });

  it('adds up the whole period in the total', () => {
    const { total } = satisfactionReport(rows, { from: '2026-02', to: '2026-05', groupBy: 'month' });

    // CSAT: scores 5, 4, 3, 1 -> 13 / 4 = 3.25; 4 answers of 6 sent.
    expect(total.csat).toEqual({
      sent: 6,
      answered: 4,
      responseRate: 0.6667,
      average: 3.25,
      distribution: { 1: 1, 2: 0, 3: 1, 4: 1, 5: 1 },
    });
    // NPS: 10, 6, 9, 8, 8 -> promoters 2, passives 2, detractors 1 of 5: 40% - 20% = 20.
    expect(total.nps).toEqual({
      sent: 5,
      answered: 5,
      responseRate: 1,
      score: 20,
      promoters: 2,
      passives: 2,
      detractors: 1,
      average: 8.2,
    });
  });

  it('groups by office over the whole period, only offices with counts, sorted', () => {
    const report = satisfactionReport(rows, { from: '2026-01', to: '2026-05', groupBy: 'office' });

    expect(report.groups.map((g) => g.key)).toEqual(['bj', 'sh']);
    const [bj, sh] = report.groups;
    expect(bj?.csat).toMatchObject({ sent: 6, answered: 4, average: 3.25 });
    expect(bj?.nps.score).toBe(0);
    expect(sh?.nps).toMatchObject({ answered: 3, score: 33.3, average: 8.33 });
    expect(sh?.csat.average).toBeNull();
  });

  it('gives an NPS of -100 when every answer is a detractor', () => {
    const report = satisfactionReport(
      [{ month: '2026-01', value: 'key', counters: { npsAnswered: 2, npsScoreSum: 3, npsDetractors: 2 } }],
      { from: '2026-01', to: '2026-01', groupBy: 'tier' },
    );

    expect(report.total.nps.score).toBe(-100);
    expect(report.total.nps.responseRate).toBeNull();
  });
});

describe('a report period', () => {
  it('covers at most 36 months, and says so in both languages', () => {
    expect(reportPeriodIssues('2024-01', '2026-12')).toEqual([]);
    expect(reportPeriodIssues('2023-12', '2026-12')).toEqual([
      { field: 'query.from', code: 'range_too_long', messageKey: 'report.rangeTooLong' },
    ]);
    expect(translate('en', 'report.rangeTooLong')).toContain(String(MAX_REPORT_MONTHS));
    expect(translate('zh-CN', 'report.rangeTooLong')).toContain(String(MAX_REPORT_MONTHS));
  });

  it('runs forwards', () => {
    expect(reportPeriodIssues('2026-05', '2026-05')).toEqual([]);
    expect(reportPeriodIssues('2026-06', '2026-05')).toEqual([
      { field: 'query.from', code: 'after_to', messageKey: 'report.rangeReversed' },
    ]);
  });
});

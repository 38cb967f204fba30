import type { FollowUpAnswer, SurveyAnswer, SurveyKind, SurveyRecord } from '../../shared/schemas/surveys.ts';
import { answerCounterItems, sentCounterItems } from '../../shared/store/satisfaction-stats.ts';
import { writeAll } from '../../shared/store/transactions.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

/** One survey of the data set: where it counts, when it was sent and, if answered, when and how. */
interface Sample {
  readonly kind: SurveyKind;
  readonly officeId: string;
  readonly tier: 'key' | 'regular';
  readonly productCategory?: string;
  readonly sentAt: string;
  readonly answer?: SurveyAnswer | FollowUpAnswer;
  readonly answeredAt?: string;
}

/**
 * Surveys across months, offices, categories and tiers. Times are UTC: 2026-10-31T17:00Z is
 * already 1 November in Shanghai, and the report counts Shanghai months.
 */
const samples: Sample[] = [
  // CSAT, bj, furniture, key
  {
    kind: 'csat',
    officeId: 'bj',
    tier: 'key',
    productCategory: 'furniture',
    sentAt: '2026-09-03T02:00:00Z',
    answer: { score: 5 },
    answeredAt: '2026-09-04T02:00:00Z',
  },
  {
    kind: 'csat',
    officeId: 'bj',
    tier: 'key',
    productCategory: 'furniture',
    sentAt: '2026-09-20T02:00:00Z',
    answer: { score: 4 },
    answeredAt: '2026-10-02T02:00:00Z',
  },
  {
    kind: 'csat',
    officeId: 'bj',
    tier: 'regular',
    productCategory: 'appliance',
    sentAt: '2026-10-31T17:00:00Z',
    answer: { score: 2 },
    answeredAt: '2026-11-02T02:00:00Z',
  },
  {
    kind: 'csat',
    officeId: 'bj',
    tier: 'regular',
    productCategory: 'furniture',
    sentAt: '2026-10-10T02:00:00Z',
  },
  // CSAT, sh and gz
  {
    kind: 'csat',
    officeId: 'sh',
    tier: 'key',
    productCategory: 'curtain',
    sentAt: '2026-10-05T02:00:00Z',
    answer: { score: 3 },
    answeredAt: '2026-10-06T02:00:00Z',
  },
  {
    kind: 'csat',
    officeId: 'sh',
    tier: 'key',
    productCategory: 'furniture',
    sentAt: '2026-11-05T02:00:00Z',
    answer: { score: 5 },
    answeredAt: '2026-11-30T16:30:00Z',
  },
  {
    kind: 'csat',
    officeId: 'gz',
    tier: 'regular',
    productCategory: 'appliance',
    sentAt: '2026-11-11T02:00:00Z',
    answer: { score: 1 },
    answeredAt: '2026-11-12T02:00:00Z',
  },
  // NPS (no product category)
  {
    kind: 'nps',
    officeId: 'bj',
    tier: 'key',
    sentAt: '2026-10-01T02:00:00Z',
    answer: { score: 10 },
    answeredAt: '2026-10-03T02:00:00Z',
  },
  {
    kind: 'nps',
    officeId: 'bj',
    tier: 'regular',
    sentAt: '2026-10-01T02:00:00Z',
    answer: { score: 6 },
    answeredAt: '2026-10-08T02:00:00Z',
  },
  {
    kind: 'nps',
    officeId: 'sh',
    tier: 'key',
    sentAt: '2026-10-01T02:00:00Z',
    answer: { score: 8 },
    answeredAt: '2026-11-01T02:00:00Z',
  },
  {
    kind: 'nps',
    officeId: 'sh',
    tier: 'key',
    sentAt: '2026-10-01T02:00:00Z',
    answer: { score: 9 },
    answeredAt: '2026-10-09T02:00:00Z',
  },
  {
    kind: 'nps',
    officeId: 'gz',
    tier: 'regular',
    sentAt: '2026-10-01T02:00:00Z',
    answer: { score: 0 },
    answeredAt: '2026-10-02T02:00:00Z',
  },
  { kind: 'nps', officeId: 'gz', tier: 'regular', sentAt: '2026-10-01T02:00:00Z' },
  // Follow-ups
  {
    kind: 'checkIn',
    officeId: 'bj',
    tier: 'key',
    productCategory: 'furniture',
    sentAt: '2026-09-15T02:00:00Z',
    answer: { status: 'problem', problem: '抽屉卡住' },
    answeredAt: '2026-09-16T02:00:00Z',
  },
  {
    kind: 'checkIn',
    officeId: 'sh',
    tier: 'key',
    productCategory: 'curtain',
    sentAt: '2026-11-15T02:00:00Z',
    answer: { status: 'fine' },
    answeredAt: '2026-11-16T02:00:00Z',
  },
  {
    kind: 'checkIn',
    officeId: 'gz',
    tier: 'regular',
    productCategory: 'appliance',
    sentAt: '2026-11-15T02:00:00Z',
  },
  {
    kind: 'warrantyInspection',
    officeId: 'bj',
    tier: 'regular',
    productCategory: 'furniture',
    sentAt: '2026-10-20T02:00:00Z',
    answer: { status: 'inspectionWanted' },
    answeredAt: '2026-10-21T02:00:00Z',
  },
  // Outside every period asked for below.
  {
    kind: 'csat',
    officeId: 'bj',
    tier: 'key',
    productCategory: 'furniture',
    sentAt: '2026-05-03T02:00:00Z',
    answer: { score: 1 },
    answeredAt: '2026-05-04T02:00:00Z',
  },
];

const record = (sample: Sample, index: number): SurveyRecord =>
  ({
    id: `report-${index}`,
    kind: sample.kind,
    occurrence: `report#${index}`,
    customerId: `customer-${sample.officeId}`,
    organization: '测试客户',
    officeId: sample.officeId,
    tier: sample.tier,
    language: 'zh-CN',
    ...(sample.productCategory ? { productCategory: sample.productCategory } : {}),
    status: 'sent',
    createdAt: sample.sentAt,
    dueAt: sample.sentAt,
    sentAt: sample.sentAt,
    postponements: 0,
    version: 1,
  }) as SurveyRecord;

// --- The expected figures, worked out here from the samples alone -----------------------------

/** The Shanghai month of a UTC instant (UTC+8, no daylight saving). */
const shanghaiMonth = (instant: string) =>
  new Date(Date.parse(instant) + 8 * 3_600_000).toISOString().slice(0, 7);
const scoreOf = (s: Sample) => (s.answer as SurveyAnswer).score;
const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);

function expected(selected: (s: Sample) => boolean, from: string, to: string) {
  const inPeriod = (instant: string | undefined) =>
    instant !== undefined && shanghaiMonth(instant) >= from && shanghaiMonth(instant) <= to;
  const sent = (kind: SurveyKind) =>
    samples.filter((s) => s.kind === kind && selected(s) && inPeriod(s.sentAt));
  const answered = (kind: SurveyKind) =>
    samples.filter((s) => s.kind === kind && selected(s) && inPeriod(s.answeredAt));
  const csatScores = answered('csat').map(scoreOf);
  const npsScores = answered('nps').map(scoreOf);
  const promoters = npsScores.filter((n) => n >= 9).length;
  const detractors = npsScores.filter((n) => n <= 6).length;
  const followUp = (kind: SurveyKind) => ({
    sent: sent(kind).length,
    answered: answered(kind).length,
    problems: answered(kind).filter((s) => (s.answer as FollowUpAnswer).status === 'problem').length,
    inspectionsWanted: answered(kind).filter(
      (s) => (s.answer as FollowUpAnswer).status === 'inspectionWanted',
    ).length,
  });
  return {
    csat: {
      sent: sent('csat').length,
      answered: csatScores.length,
      average: mean(csatScores),
      distribution: Object.fromEntries(
        [1, 2, 3, 4, 5].map((n) => [n, csatScores.filter((s) => s === n).length]),
      ),
    },
    nps: {
      sent: sent('nps').length,
      answered: npsScores.length,
      promoters,
      passives: npsScores.length - promoters - detractors,
      detractors,
      score: npsScores.length
        ? (100 * promoters) / npsScores.length - (100 * detractors) / npsScores.length
        : null,
    },
    checkIn: followUp('checkIn'),
    warrantyInspection: followUp('warrantyInspection'),
  };
}

interface Figures {
  csat: {
    sent: number;
    answered: number;
    responseRate: number | null;
    average: number | null;
    distribution: Record<string, number>;
  };
  nps: {
    sent: number;
    answered: number;
    responseRate: number | null;
    score: number | null;
    promoters: number;
    passives: number;
    detractors: number;
  };
  checkIn: {
    sent: number;
    answered: number;
    responseRate: number | null;
    problems: number;
    inspectionsWanted: number;
  };
  warrantyInspection: Figures['checkIn'];
}
interface Report {
  from: string;
  to: string;
  groupBy: string;
  office?: string;
  groups: (Figures & { key: string })[];
  total: Figures;
}

/** A figure rounded to `decimals`, or null exactly when nothing was there to count. */
function expectRounded(actual: number | null, exact: number | null, decimals: number) {
  if (exact === null) {
    expect(actual).toBeNull();
    return;
  }
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - exact)).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-9);
}

function expectFigures(actual: Figures | undefined, wanted: ReturnType<typeof expected>) {
  expect(actual).toBeDefined();
  const figures = actual as Figures;
  expect(figures.csat).toMatchObject({ sent: wanted.csat.sent, answered: wanted.csat.answered });
  expect(figures.csat.distribution).toEqual(wanted.csat.distribution);
  expectRounded(figures.csat.average, wanted.csat.average, 2);
  expectRounded(
    figures.csat.responseRate,
    wanted.csat.sent ? wanted.csat.answered / wanted.csat.sent : null,
    4,
  );
  const { score, ...npsCounts } = wanted.nps;
  expect(figures.nps).toMatchObject(npsCounts);
  expectRounded(figures.nps.score, score, 1);
  expectRounded(figures.nps.responseRate, wanted.nps.sent ? wanted.nps.answered / wanted.nps.sent : null, 4);
  for (const kind of ['checkIn', 'warrantyInspection'] as const) {
    expect(figures[kind]).toMatchObject(wanted[kind]);
    const { sent, answered } = wanted[kind];
    expectRounded(figures[kind].responseRate, sent ? answered / sent : null, 4);
  }
}

let api: TestRuntime;
let manager: string;
beforeAll(async () => {
  api = await startTestRuntime({ seed: false });
  manager = await api.token('manager');
  // Each send and each answer in its own transaction, as the survey jobs and answer pages write them.
  for (const [index, sample] of samples.entries()) {
    const survey = record(sample, index);
    await writeAll(sentCounterItems(survey, sample.sentAt));
    if (sample.answer && sample.answeredAt) {
      await writeAll(answerCounterItems(survey, sample.answer, sample.answeredAt));
    }
  }
});
afterAll(async () => api.stop());

const report = (query: string, token = manager) =>
  api.request<Report>('GET', `/v1/reports/satisfaction?${query}`, { token });

describe('the satisfaction counters', () => {
  it('are a handful of items per month, keyed by slice, with the counts ADDed', async () => {
    const november = await api.item('STATS#satisfaction#all#overall', 'MONTH#2026-11#all');
    const bjTiers = await api.partition('STATS#satisfaction#office:bj#tier');

    // November: CSAT sent to sh and gz; answered in bj (2), gz (1) and sh's 5 on 1 December Shanghai time.
    expect(november).toMatchObject({
      entityType: 'satisfactionStats',
      month: '2026-11',
      csatSent: 3,
      csatAnswered: 2,
    });
    expect(bjTiers.map((item) => item.sk).sort()).toEqual([
      'MONTH#2026-05#key',
      'MONTH#2026-09#key',
      'MONTH#2026-10#key',
      'MONTH#2026-10#regular',
      'MONTH#2026-11#regular',
    ]);
  });
});

describe('GET /v1/reports/satisfaction', () => {
  const from = '2026-09';
  const to = '2026-12';
  const everything = () => true;

  it('groups by month: every month of the period, each with its own sends and answers', async () => {
    const response = await report(`from=${from}&to=${to}&groupBy=month`);

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ from, to, groupBy: 'month' });
    expect(response.body.groups.map((g) => g.key)).toEqual(['2026-09', '2026-10', '2026-11', '2026-12']);
    for (const group of response.body.groups)
      expectFigures(group, expected(everything, group.key, group.key));
    expectFigures(response.body.total, expected(everything, from, to));
  });

  it.each([
    ['office', (s: Sample) => s.officeId, ['bj', 'gz', 'sh']],
    ['category', (s: Sample) => s.productCategory ?? 'none', ['appliance', 'curtain', 'furniture', 'none']],
    ['tier', (s: Sample) => s.tier, ['key', 'regular']],
  ] as const)('groups by %s over the whole period', async (groupBy, groupOf, keys) => {
    const response = await report(`from=${from}&to=${to}&groupBy=${groupBy}`);

    expect(response.status).toBe(200);
    expect(response.body.groups.map((g) => g.key)).toEqual(keys);
    for (const group of response.body.groups) {
      expectFigures(
        group,
        expected((s) => groupOf(s) === group.key, from, to),
      );
    }
    expectFigures(response.body.total, expected(everything, from, to));
  });

  it('counts nothing outside the period', async () => {
    const response = await report('from=2026-06&to=2026-08');

    expect(response.body.total.csat).toMatchObject({
      sent: 0,
      answered: 0,
      average: null,
      responseRate: null,
    });
    expect(response.body.groups).toHaveLength(3);
  });

  it('defaults to the 12 months up to the current one, grouped by month', async () => {
    const response = await report('');

    expect(response.status).toBe(200);
    const current = shanghaiMonth(new Date().toISOString());
    expect(response.body.groupBy).toBe('month');
    expect(response.body.groups).toHaveLength(12);
    expect(response.body.to).toBe(current);
  });

  describe('for an office user', () => {
    let bjOffice: string;
    beforeAll(async () => {
      bjOffice = await api.token('office', { office: 'bj' });
    });

    it('gives their own office only, by month', async () => {
      const response = await report(`from=${from}&to=${to}`, bjOffice);

      expect(response.status).toBe(200);
      expect(response.body.office).toBe('bj');
      for (const group of response.body.groups) {
        expectFigures(
          group,
          expected((s) => s.officeId === 'bj', group.key, group.key),
        );
      }
      expectFigures(
        response.body.total,
        expected((s) => s.officeId === 'bj', from, to),
      );
    });

    it("gives their own office's figures by category", async () => {
      const response = await report(`from=${from}&to=${to}&groupBy=category`, bjOffice);

      expect(response.body.groups.map((g) => g.key)).toEqual(['appliance', 'furniture', 'none']);
      for (const group of response.body.groups) {
        const bjOfCategory = (s: Sample) =>
          s.officeId === 'bj' && (s.productCategory ?? 'none') === group.key;
        expectFigures(group, expected(bjOfCategory, from, to));
      }
    });

    it('shows only their own office when grouped by office', async () => {
      const response = await report(`from=${from}&to=${to}&groupBy=office`, bjOffice);

      expect(response.body.groups.map((g) => g.key)).toEqual(['bj']);
      expectFigures(
        response.body.total,
        expected((s) => s.officeId === 'bj', from, to),
      );
    });
  });

  it.each([
    ['from=2023-01&to=2026-12', 'range_too_long'],
    ['from=2026-12&to=2026-01', 'after_to'],
    ['to=2026-12&from=2026-13', 'invalid_format'],
  ])('refuses %s with 422 naming query.from', async (query, code) => {
    const response = await report(query);

    expect(response.status).toBe(422);
    expect((response.body as unknown as { errors: unknown[] }).errors).toEqual([
      expect.objectContaining({ field: 'query.from', code }),
    ]);
  });

  it('refuses an unknown grouping, naming it', async () => {
    const response = await report('groupBy=customer');

    expect(response.status).toBe(422);
    expect((response.body as unknown as { errors: unknown[] }).errors).toEqual([
      expect.objectContaining({ field: 'query.groupBy', code: 'invalid_option' }),
    ]);
  });

  it('accepts exactly 36 months', async () => {
    const response = await report('from=2024-01&to=2026-12');

    expect(response.status).toBe(200);
    expect(response.body.groups).toHaveLength(36);
  });
});

import { type LeagueInput, type LeagueTargets, officeLeague } from '../../shared/domain/office-league.ts';

const targets: LeagueTargets = {
  firstResponse: { value: 4, unit: 'workingHours' },
  visitWithinWorkingDays: 3,
  complaintReplyWorkingDays: 2,
  csatTarget: 4,
};
const period = { from: '2026-01', to: '2026-03' };

const anOffice = (id: string, overrides: Partial<LeagueInput<string>> = {}): LeagueInput<string> => ({
  office: { id, name: `${id} office`, region: id },
  rows: [],
  csat: { answered: 0, scoreSum: 0 },
  targets,
  notes: [],
  ...overrides,
});

describe('the office league table', () => {
  it('computes every figure of an office from its counters over the period', () => {
    const league = officeLeague(
      [
        anOffice('bj', {
          rows: [
            {
              month: '2026-01',
              counters: {
                firstResponses: 3,
                firstResponseMinutes: 200,
                firstResponsesInTarget: 2,
                visits: 2,
                visitWorkingDays: 5,
                visitsInTarget: 1,
                complaints: 2,
                repliesOnTime: 2,
                deliveries: 4,
                deliveredUnits: 300,
              },
            },
            {
              month: '2026-03',
              counters: { complaints: 1, repliesLate: 1, returns: 1, returnedUnits: 12, deliveries: 2 },
            },
          ],
          csat: { answered: 3, scoreSum: 13 },
        }),
      ],
      period,
    );

    const [bj] = league.offices;
    expect(bj?.firstResponse).toEqual({ count: 3, averageMinutes: 66.7, inTargetRate: 0.6667 });
    expect(bj?.visits).toEqual({ count: 2, averageWorkingDays: 2.5, inTargetRate: 0.5 });
    expect(bj?.complaints).toEqual({
      received: 3,
      repliesOnTime: 2,
      repliesLate: 1,
      slaCompliance: 0.6667,
      per100Deliveries: 50,
    });
    expect(bj?.returns).toEqual({ count: 1, returnedUnits: 12, deliveredUnits: 300, returnRate: 0.04 });
    expect(bj?.csat).toEqual({ answered: 3, average: 4.33 });
    expect(bj?.csatMeetsTarget).toBe(true);
    expect(bj?.counts.deliveries).toBe(6);
  });

  it('ignores counter rows outside the period', () => {
    const league = officeLeague(
      [
        anOffice('bj', {
          rows: [
            { month: '2025-12', counters: { complaints: 5 } },
            { month: '2026-02', counters: { complaints: 1 } },
            { month: '2026-04', counters: { complaints: 7 } },
          ],
        }),
      ],
      period,
    );

    expect(league.offices[0]?.complaints.received).toBe(1);
    expect(league.total.complaints.received).toBe(1);
  });

  it('gives null, not zero, for figures without a denominator', () => {
    const [row] = officeLeague(
      [anOffice('sh', { rows: [{ month: '2026-01', counters: { complaints: 2 } }] })],
      period,
    ).offices;

    expect(row?.firstResponse).toEqual({ count: 0, averageMinutes: null, inTargetRate: null });
    expect(row?.visits.averageWorkingDays).toBeNull();
    expect(row?.complaints.slaCompliance).toBeNull();
    expect(row?.complaints.per100Deliveries).toBeNull();
    expect(row?.returns.returnRate).toBeNull();
    expect(row?.csat.average).toBeNull();
    expect(row?.csatMeetsTarget).toBeNull();
  });

  it('compares the CSAT average with the office target', () => {
    const [row] = officeLeague(
      [anOffice('gz', { csat: { answered: 2, scoreSum: 8 }, targets: { ...targets, csatTarget: 4.5 } })],
      period,
    ).offices;

    expect(row?.csat.average).toBe(4);
    expect(row?.csatMeetsTarget).toBe(false);
  });

  it('ranks by SLA compliance, then complaints per 100 deliveries, offices without replies last', () => {
    const month = '2026-02';
    const league = officeLeague(
      [
        anOffice('a-none'),
        anOffice('b-half', { rows: [{ month, counters: { repliesOnTime: 1, repliesLate: 1 } }] }),
        anOffice('c-full-many', {
          rows: [{ month, counters: { repliesOnTime: 2, complaints: 2, deliveries: 10 } }],
        }),
        anOffice('d-full-few', {
          rows: [{ month, counters: { repliesOnTime: 1, complaints: 1, deliveries: 10 } }],
        }),
      ],
      period,
    );

    expect(league.offices.map((row) => [row.rank, row.office.id])).toEqual([
      [1, 'd-full-few'],
      [2, 'c-full-many'],
      [3, 'b-half'],
      [4, 'a-none'],
    ]);
  });

  it('adds all offices up in the total, CSAT weighted by answers', () => {
    const league = officeLeague(
      [
        anOffice('bj', {
          rows: [{ month: '2026-01', counters: { repliesOnTime: 3, deliveries: 2, complaints: 1 } }],
          csat: { answered: 1, scoreSum: 5 },
        }),
        anOffice('gz', {
          rows: [{ month: '2026-02', counters: { repliesLate: 1, deliveries: 2 } }],
          csat: { answered: 3, scoreSum: 6 },
        }),
      ],
      period,
    );

    expect(league.total.complaints).toMatchObject({ slaCompliance: 0.75, per100Deliveries: 25 });
    expect(league.total.csat).toEqual({ answered: 4, average: 2.75 });
  });

  it('shows only the newest notes it is asked for', () => {
    const [row] = officeLeague([anOffice('bj', { notes: ['n4', 'n3', 'n2', 'n1'] })], period, 3).offices;

    expect(row?.latestNotes).toEqual(['n4', 'n3', 'n2']);
  });
});

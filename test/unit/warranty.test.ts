import { shanghaiDate } from '../../shared/calendar/plain-date.ts';
import { warrantyFor, warrantyForCandidates } from '../../shared/domain/warranty.ts';

const accepted = (acceptedOn: string, deliveredOn = '2020-01-01') => ({
  deliveryId: 'd1',
  deliveredOn,
  acceptedOn,
});

describe('warrantyFor', () => {
  it('is free on the acceptance day itself', () => {
    expect(warrantyFor(accepted('2025-03-20'), '2025-03-20')).toMatchObject({
      status: 'free',
      basis: 'acceptance',
    });
  });

  it('is free on the last day before the second anniversary', () => {
    expect(warrantyFor(accepted('2024-03-10'), '2026-03-09')).toMatchObject({
      status: 'free',
      freeRepairEndsOn: '2026-03-09',
    });
  });

  it('is chargeable from the second anniversary on', () => {
    expect(warrantyFor(accepted('2024-03-10'), '2026-03-10')).toMatchObject({ status: 'chargeable' });
  });

  it('ends a warranty that began on 29 February on 28 February of the common year', () => {
    const decision = warrantyFor(accepted('2024-02-29'), '2026-02-28');
    expect(decision).toMatchObject({ status: 'free', freeRepairEndsOn: '2026-02-28' });
    expect(warrantyFor(accepted('2024-02-29'), '2026-03-01').status).toBe('chargeable');
  });

  it('keeps 29 February when the anniversary year is a leap year too', () => {
    expect(warrantyFor(accepted('2026-03-01'), '2028-02-29')).toMatchObject({
      status: 'free',
      freeRepairEndsOn: '2028-02-29',
    });
  });

  it('runs from the delivery date when the goods were never formally accepted', () => {
    const decision = warrantyFor({ deliveryId: 'd2', deliveredOn: '2024-12-02' }, '2026-12-01');
    expect(decision).toMatchObject({
      status: 'free',
      basis: 'delivery',
      coverageStartsOn: '2024-12-02',
      freeRepairEndsOn: '2026-12-01',
    });
  });

  it('decides by the day in Shanghai, not in UTC', () => {
    // 16:30 UTC on the last free day is already the next morning in Beijing.
    const lateEvening = shanghaiDate(new Date('2026-03-09T16:30:00Z'));
    expect(lateEvening).toBe('2026-03-10');
    expect(warrantyFor(accepted('2024-03-10'), lateEvening).status).toBe('chargeable');
    expect(warrantyFor(accepted('2024-03-10'), shanghaiDate(new Date('2026-03-09T15:59:59Z'))).status).toBe(
      'free',
    );
  });
});

describe('warrantyForCandidates', () => {
  it('is unknown when no delivery matches', () => {
    expect(warrantyForCandidates([], '2026-01-01')).toEqual({ status: 'unknown', reason: 'no-delivery' });
  });

  it('is unknown when matching deliveries start their warranty on different days', () => {
    const decision = warrantyForCandidates(
      [accepted('2025-01-01'), { ...accepted('2024-01-01'), deliveryId: 'd9' }],
      '2026-01-01',
    );
    expect(decision).toEqual({ status: 'unknown', reason: 'ambiguous' });
  });

  it('decides when every match starts on the same day', () => {
    const decision = warrantyForCandidates(
      [accepted('2025-01-01'), { ...accepted('2025-01-01'), deliveryId: 'd9' }],
      '2026-01-01',
    );
    expect(decision.status).toBe('free');
  });
});

import {
  APPRAISAL_THRESHOLD_FEN,
  type AppraisalSlot,
  type Appraisals,
  appraisalComplete,
  appraisalRefusal,
  appraisalSlots,
  appraiserRoles,
  availableScrapActions,
  decisionRefusal,
  initialStatusOf,
  type Person,
  type ScrapState,
  scrappedAsSparePart,
  scrapRouteOf,
  slotRoles,
  statusAfterAppraisal,
  statusAfterDecision,
} from '../../shared/domain/scrap.ts';
import { allocateFifo, fenOf, valueOfAllocations } from '../../shared/domain/stock.ts';
import { roles } from '../../shared/http/roles.ts';

const repairer: Person = { sub: 'wang-repair', roles: ['production'] };
const keeper: Person = { sub: 'li-keeper', roles: ['warehouse'] };
const owner: Person = { sub: 'zhao-owner', roles: ['department'] };
const manager: Person = { sub: 'chen-manager', roles: ['manager'] };

const by = (person: Person, opinion: 'scrap' | 'keep' = 'scrap') => ({ opinion, by: { sub: person.sub } });
const appraising = (appraisals: Appraisals = {}): ScrapState => ({ status: 'appraising', appraisals });
const allThree: Appraisals = {
  repairTeam: by(repairer),
  warehouseKeeper: by(keeper),
  equipmentOwner: by(owner),
};
const awaiting = (appraisals: Appraisals = allThree): ScrapState => ({
  status: 'awaitingApproval',
  appraisals,
});

describe('the 200 yuan threshold (requirements.md §4: over 200 needs the appraisal)', () => {
  it('lets the warehouse scrap exactly 200.00 CNY (20000 fen) at once', () => {
    expect(scrapRouteOf(fenOf(200))).toBe('warehouse');
    expect(scrapRouteOf(20_000)).toBe('warehouse');
  });

  it('sends 200.01 CNY (20001 fen) to the appraisal', () => {
    expect(scrapRouteOf(fenOf(200.01))).toBe('appraisal');
    expect(scrapRouteOf(20_001)).toBe('appraisal');
  });

  it('places the threshold at 20000 fen', () => {
    expect(APPRAISAL_THRESHOLD_FEN).toBe(20_000);
    expect(scrapRouteOf(0)).toBe('warehouse');
  });

  it('values units at their lot costs: 2 × 66.67 + 66.66 is 200.00 (direct), 3 × 66.67 is 200.01 (appraisal)', () => {
    const lots = [
      { lotId: 'A', receivedOn: '2026-01-01', quantity: 2, unitCostFen: 6_667, origin: 'purchase' as const },
      { lotId: 'B', receivedOn: '2026-02-01', quantity: 5, unitCostFen: 6_666, origin: 'purchase' as const },
    ];
    const three = allocateFifo(lots, 3) ?? [];
    expect(valueOfAllocations(three)).toBe(20_000);
    expect(scrapRouteOf(valueOfAllocations(three))).toBe('warehouse');
    const sameCostLots = [{ ...lots[0], quantity: 3 }] as typeof lots;
    const threeDear = allocateFifo(sameCostLots, 3) ?? [];
    expect(valueOfAllocations(threeDear)).toBe(20_001);
    expect(scrapRouteOf(valueOfAllocations(threeDear))).toBe('appraisal');
  });

  it('starts a warehouse scrap scrapped and an appraisal one appraising', () => {
    expect(initialStatusOf('warehouse')).toBe('scrapped');
    expect(initialStatusOf('appraisal')).toBe('appraising');
  });
});

describe('fixed assets', () => {
  it('are not scrapped as spare parts', () => {
    expect(scrappedAsSparePart({ fixedAsset: true })).toBe(false);
    expect(scrappedAsSparePart({ fixedAsset: false })).toBe(true);
  });
});

describe('appraisal slots and their roles', () => {
  it('gives the repair team to production, the warehouse keeper to warehouse, the equipment owner to department', () => {
    expect(slotRoles).toEqual({
      repairTeam: 'production',
      warehouseKeeper: 'warehouse',
      equipmentOwner: 'department',
    });
    expect([...appraiserRoles].sort()).toEqual(['department', 'production', 'warehouse']);
  });

  const fillers: Record<AppraisalSlot, Person> = {
    repairTeam: repairer,
    warehouseKeeper: keeper,
    equipmentOwner: owner,
  };

  it.each(appraisalSlots)('lets the right role fill the %s slot', (slot) => {
    expect(appraisalRefusal(appraising(), slot, fillers[slot])).toBeUndefined();
  });

  it.each(
    appraisalSlots.flatMap((slot) =>
      roles.filter((role) => role !== slotRoles[slot]).map((role) => [slot, role] as const),
    ),
  )('refuses the %s slot to the role %s', (slot, role) => {
    expect(appraisalRefusal(appraising(), slot, { sub: 'someone', roles: [role] })).toBe('wrongRole');
  });

  it('refuses a slot already filled', () => {
    const other: Person = { sub: 'another-repairer', roles: ['production'] };
    expect(appraisalRefusal(appraising({ repairTeam: by(repairer) }), 'repairTeam', other)).toBe('slotTaken');
  });

  it('refuses the same person in a second slot, whatever their roles', () => {
    const both: Person = { sub: 'wang-repair', roles: ['production', 'warehouse'] };
    expect(appraisalRefusal(appraising({ repairTeam: by(both) }), 'warehouseKeeper', both)).toBe(
      'samePerson',
    );
  });

  it.each(['awaitingApproval', 'scrapped', 'rejected'] as const)(
    'refuses any appraisal once %s',
    (status) => {
      expect(appraisalRefusal({ status, appraisals: {} }, 'repairTeam', repairer)).toBe('notAppraising');
    },
  );

  it('moves to awaiting approval with the third appraisal, and not before', () => {
    expect(statusAfterAppraisal({ repairTeam: by(repairer) })).toBe('appraising');
    expect(statusAfterAppraisal({ repairTeam: by(repairer), warehouseKeeper: by(keeper) })).toBe(
      'appraising',
    );
    expect(statusAfterAppraisal(allThree)).toBe('awaitingApproval');
    expect(appraisalComplete(allThree)).toBe(true);
  });

  it('counts a keep opinion as an appraisal given', () => {
    expect(statusAfterAppraisal({ ...allThree, equipmentOwner: by(owner, 'keep') })).toBe('awaitingApproval');
  });
});

describe("management's decision", () => {
  it('approves or rejects a request with its three appraisals', () => {
    expect(decisionRefusal(awaiting(), 'approve', manager.sub, undefined)).toBeUndefined();
    expect(decisionRefusal(awaiting(), 'reject', manager.sub, undefined)).toBeUndefined();
  });

  it('refuses one approver alone: no decision while appraisals are missing', () => {
    expect(decisionRefusal(appraising(), 'approve', manager.sub, 'ok')).toBe('notAwaitingApproval');
    expect(
      decisionRefusal(
        appraising({ repairTeam: by(repairer), warehouseKeeper: by(keeper) }),
        'approve',
        manager.sub,
        'ok',
      ),
    ).toBe('notAwaitingApproval');
    // A status that claims approval without three appraisals is refused too.
    expect(decisionRefusal(awaiting({ repairTeam: by(repairer) }), 'approve', manager.sub, 'ok')).toBe(
      'notAwaitingApproval',
    );
  });

  it.each(['scrapped', 'rejected'] as const)('refuses a second decision once %s', (status) => {
    expect(decisionRefusal({ status, appraisals: allThree }, 'approve', manager.sub, undefined)).toBe(
      'notAwaitingApproval',
    );
  });

  it.each([repairer, keeper, owner])('refuses an appraiser ($sub) as the approver', (appraiser) => {
    expect(decisionRefusal(awaiting(), 'approve', appraiser.sub, undefined)).toBe('approverIsAppraiser');
    expect(decisionRefusal(awaiting(), 'reject', appraiser.sub, undefined)).toBe('approverIsAppraiser');
  });

  it('needs a note to approve against a keep opinion, not to reject', () => {
    const kept = awaiting({ ...allThree, warehouseKeeper: by(keeper, 'keep') });
    expect(decisionRefusal(kept, 'approve', manager.sub, undefined)).toBe('noteRequired');
    expect(decisionRefusal(kept, 'approve', manager.sub, '已无修复价值')).toBeUndefined();
    expect(decisionRefusal(kept, 'reject', manager.sub, undefined)).toBeUndefined();
  });

  it('scraps on approval and rejects on rejection', () => {
    expect(statusAfterDecision('approve')).toBe('scrapped');
    expect(statusAfterDecision('reject')).toBe('rejected');
  });
});

describe('available actions', () => {
  it.each([
    ['appraising', ['appraise']],
    ['awaitingApproval', ['approve', 'reject']],
    ['scrapped', []],
    ['rejected', []],
  ] as const)('%s offers %j', (status, actions) => {
    expect(availableScrapActions(status)).toEqual(actions);
  });
});

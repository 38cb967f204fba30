import {
  actionRoles,
  availableActions,
  decideTransition,
  type InspectionOutcome,
  inspectionOutcomes,
  quantityViolations,
  type ReturnAction,
  type ReturnKind,
  type ReturnState,
  type ReturnStatus,
  returnActions,
  returnKinds,
  returnStatuses,
  transitionRules,
} from '../../shared/domain/returns.ts';

/**
 * The legal moves, written out independently of the model's rule table:
 * `status action [kind] [inspection] -> to`. Everything else must be refused.
 */
const expectedLegal: readonly string[] = [
  'submitted approve * * -> approved',
  'submitted reject * * -> rejected',
  'approved receive * * -> received',
  'received inspect * * -> inspected',
  'inspected shipReplacement exchange confirmed -> replacementShipped',
  'inspected recordRefund return confirmed -> refunded',
  'inspected close * notConfirmed -> closed',
  'replacementShipped close * * -> closed',
  'refunded close * * -> closed',
];

function expectedTarget(state: ReturnState, action: ReturnAction): ReturnStatus | undefined {
  for (const row of expectedLegal) {
    const [status, act, kind, inspection, , to] = row.split(' ');
    if (status !== state.status || act !== action) continue;
    if (kind !== '*' && kind !== state.kind) continue;
    if (inspection !== '*' && inspection !== state.inspection) continue;
    return to as ReturnStatus;
  }
  return undefined;
}

/** Every state the model can be asked about: each status, each kind, with and without an inspection. */
const states: ReturnState[] = returnStatuses.flatMap((status) =>
  returnKinds.flatMap((kind: ReturnKind) => [
    { status, kind },
    ...inspectionOutcomes.map((inspection: InspectionOutcome) => ({ status, kind, inspection })),
  ]),
);
const matrix = states.flatMap((state) => returnActions.map((action) => [state, action] as const));
const name = (state: ReturnState) => `${state.status}/${state.kind}/${state.inspection ?? '-'}`;

describe('the returns state model', () => {
  it('covers every status, action, kind and inspection outcome', () => {
    expect(matrix).toHaveLength(returnStatuses.length * returnKinds.length * 3 * returnActions.length);
  });

  it.each(matrix.map(([state, action]) => [name(state), action, state] as const))(
    '%s + %s is decided as the table says',
    (_name, action, state) => {
      const decision = decideTransition(state, action);
      const target = expectedTarget(state, action);

      if (target === undefined) {
        expect(decision).toEqual({ ok: false, from: state.status, action });
      } else {
        expect(decision).toEqual({ ok: true, to: target });
      }
    },
  );

  it('has exactly the rules the expected table lists', () => {
    const fromRules = transitionRules.flatMap((rule) =>
      rule.from.map(
        (from) => `${from} ${rule.action} ${rule.kind ?? '*'} ${rule.inspection ?? '*'} -> ${rule.to}`,
      ),
    );
    expect([...fromRules].sort()).toEqual([...expectedLegal].sort());
  });

  it('ends rejected and closed requests: no action is legal from them', () => {
    for (const state of states.filter((s) => s.status === 'rejected' || s.status === 'closed')) {
      expect(availableActions(state)).toEqual([]);
    }
  });

  it('offers the legal actions of a state', () => {
    expect(availableActions({ status: 'submitted', kind: 'return' })).toEqual(['approve', 'reject']);
    expect(availableActions({ status: 'inspected', kind: 'exchange', inspection: 'confirmed' })).toEqual([
      'shipReplacement',
    ]);
    expect(availableActions({ status: 'inspected', kind: 'return', inspection: 'notConfirmed' })).toEqual([
      'close',
    ]);
  });

  it('leaves approval and rejection to head office, the goods handling to head office and offices', () => {
    for (const action of ['approve', 'reject'] as const) {
      expect(actionRoles[action]).not.toContain('office');
      expect(actionRoles[action]).toEqual(expect.arrayContaining(['customer-service', 'manager', 'admin']));
    }
    for (const action of ['receive', 'inspect', 'shipReplacement', 'recordRefund', 'close'] as const) {
      expect(actionRoles[action]).toContain('office');
    }
  });
});

describe('the quantity rule', () => {
  const delivered = [
    { productId: 'desk', quantity: 10 },
    { productId: 'chair', quantity: 5 },
  ];

  it('allows up to delivered minus already returned', () => {
    expect(quantityViolations(delivered, { desk: 4 }, [{ productId: 'desk', quantity: 6 }])).toEqual([]);
    expect(quantityViolations(delivered, {}, [{ productId: 'chair', quantity: 5 }])).toEqual([]);
  });

  it('names the line that asks for more, with what is still available', () => {
    expect(
      quantityViolations(delivered, { desk: 4 }, [
        { productId: 'chair', quantity: 1 },
        { productId: 'desk', quantity: 7 },
      ]),
    ).toEqual([{ index: 1, productId: 'desk', requested: 7, available: 6, reason: 'exceedsAvailable' }]);
  });

  it('refuses everything of a product once all of it is returned', () => {
    expect(quantityViolations(delivered, { chair: 5 }, [{ productId: 'chair', quantity: 1 }])).toEqual([
      { index: 0, productId: 'chair', requested: 1, available: 0, reason: 'exceedsAvailable' },
    ]);
  });

  it('refuses a product the delivery did not bring', () => {
    expect(quantityViolations(delivered, {}, [{ productId: 'sofa', quantity: 1 }])).toEqual([
      { index: 0, productId: 'sofa', requested: 1, available: 0, reason: 'notDelivered' },
    ]);
  });

  it('counts lines of the same product together', () => {
    expect(
      quantityViolations(delivered, {}, [
        { productId: 'chair', quantity: 3 },
        { productId: 'chair', quantity: 3 },
      ]),
    ).toEqual([{ index: 1, productId: 'chair', requested: 3, available: 2, reason: 'exceedsAvailable' }]);
  });

  it('adds up a product delivered on several lines', () => {
    const twoLines = [...delivered, { productId: 'desk', quantity: 2 }];
    expect(quantityViolations(twoLines, { desk: 10 }, [{ productId: 'desk', quantity: 2 }])).toEqual([]);
  });
});

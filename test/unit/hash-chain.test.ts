import { canonicalJson, verifyChain } from '../../shared/domain/hash-chain.ts';
import { emptyChain, nextEvent, systemActor } from '../../shared/store/audit.ts';

function chainOf(entity: string, count: number) {
  let head = emptyChain;
  const events = [];
  for (let i = 0; i < count; i += 1) {
    const next = nextEvent(entity, head, {
      type: `step-${i}`,
      at: new Date(Date.UTC(2026, 0, i + 1)),
      actor: systemActor,
      data: { i },
    });
    events.push(next.event);
    head = next.head;
  }
  return events;
}

describe('audit hash chain', () => {
  it('verifies an untouched chain', () => {
    expect(verifyChain('CASE#1', chainOf('CASE#1', 3))).toEqual({ intact: true });
  });

  it('finds an edited event', () => {
    const events = chainOf('CASE#1', 3);
    const tampered = events.map((e, i) => (i === 1 ? { ...e, data: { i: 99 } } : e));
    expect(verifyChain('CASE#1', tampered)).toEqual({ intact: false, brokenAt: 2 });
  });

  it('finds a removed event', () => {
    const events = chainOf('CASE#1', 3);
    expect(verifyChain('CASE#1', [events[0], events[2]] as never)).toEqual({ intact: false, brokenAt: 2 });
  });

  it('finds events moved to another record', () => {
    expect(verifyChain('CASE#2', chainOf('CASE#1', 2))).toEqual({ intact: false, brokenAt: 1 });
  });

  it('hashes the same content the same way whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}',
    );
  });
});

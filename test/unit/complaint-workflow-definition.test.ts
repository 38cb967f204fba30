import { complaintWorkflowDefinition } from '../../shared/workflow/complaint-workflow.ts';
import { humanStepNames, humanSteps } from '../../shared/workflow/human-steps.ts';

const definition = complaintWorkflowDefinition({
  workflowFunctionArn: 'arn:aws:lambda:us-east-1:1:function:wf',
});
type AnyState = Record<string, unknown> & {
  Type: string;
  Next?: string;
  Default?: string;
  Choices?: { Next: string }[];
  Catch?: { Next: string }[];
};
const states = definition.States as unknown as Record<string, AnyState>;
const humanState = (step: string) =>
  Object.entries(states).find(
    ([, s]) =>
      (s.Parameters as { Payload?: { step?: string; action?: string } })?.Payload?.step === step &&
      (s.Parameters as { Payload: { action: string } }).Payload.action === 'openTask',
  );

/** Every state reachable from StartAt, following Next, Default, Choices and Catch. */
function reachable(): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string | undefined) => {
    if (!name || seen.has(name)) return;
    seen.add(name);
    const state = states[name];
    if (!state) throw new Error(`${name} is referenced but not defined`);
    for (const next of [
      state.Next,
      state.Default,
      ...(state.Choices ?? []).map((c) => c.Next),
      ...(state.Catch ?? []).map((c) => c.Next),
    ])
      visit(next);
  };
  visit(definition.StartAt);
  return seen;
}

describe('the complaint workflow definition', () => {
  it('reaches every state it defines, and defines every state it reaches', () => {
    expect([...reachable()].sort()).toEqual(Object.keys(states).sort());
  });

  it('ends only by archiving', () => {
    const ends = Object.entries(states)
      .filter(([, s]) => s.End === true)
      .map(([name]) => name);
    expect(ends).toEqual(['Archive']);
  });

  it.each(humanStepNames)(
    'waits for a person at %s, with its timeout, escalating and re-opening on States.Timeout',
    (step) => {
      const found = humanState(step);
      expect(found).toBeDefined();
      const [name, state] = found as [string, AnyState];
      expect(state.Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
      expect(state.TimeoutSeconds).toBe(humanSteps[step].timeoutSeconds);
      expect(state.Catch).toEqual([
        { ErrorEquals: ['States.Timeout'], ResultPath: null, Next: `${name}Overdue` },
      ]);
      expect(states[`${name}Overdue`]?.Next).toBe(name);
    },
  );

  it('takes shorter timeouts when asked (tests, staging)', () => {
    const quick = complaintWorkflowDefinition({ workflowFunctionArn: 'x', timeouts: { investigation: 2 } });
    expect((quick.States as Record<string, { TimeoutSeconds?: number }>).Investigation?.TimeoutSeconds).toBe(
      2,
    );
  });

  it('never reads $$.State or the execution start time, which would break replay', () => {
    expect(JSON.stringify(definition)).not.toMatch(/\$\$\.State|\$\$\.Execution\.StartTime/);
  });

  it('sends a rejected approval back to the investigation and a rejected or ineffective CAPA back to the root cause', () => {
    expect(states.ApprovalDecided?.Choices?.[0]?.Next).toBe('Investigation');
    expect(states.ReviewDecided?.Choices?.[0]?.Next).toBe('RootCause');
    expect(states.VerificationDecided?.Choices?.[0]?.Next).toBe('RootCause');
    expect(states.ResponsibilityDecided?.Choices?.[0]?.Next).toBe('Archive');
  });
});

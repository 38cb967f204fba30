import { humanStepNames } from '../../../../shared/workflow/human-steps.ts';

/**
 * The complaint procedure as a row of steps (docs/workflow.md): the people's steps of
 * shared/workflow/human-steps.ts in their order, with the workflow's own steps that the complaint's
 * `currentStep` can name. Pure: tested in test/unit/console-progress.test.ts.
 */
export type StepState = 'done' | 'current' | 'upcoming' | 'notNeeded';

export interface ProgressStep {
  readonly step: string;
  readonly automatic: boolean;
  readonly state: StepState;
}

/** The workflow's own steps, each placed after the people's step it follows. */
const automaticAfter: Readonly<Record<string, string>> = {
  customerReply: 'requestCapa',
  verification: 'sendStatistics',
};
const automatic = new Set(['record', 'requestCapa', 'sendStatistics', 'archived']);

/** Every step in the order of the procedure: record ... customerReply, the CAPA loop, archived. */
export const procedureSteps: readonly string[] = [
  'record',
  ...humanStepNames.flatMap((step) => (automaticAfter[step] ? [step, automaticAfter[step]] : [step])),
  'archived',
];

/** The CAPA loop: only for internal causes. */
const capaSteps = new Set(procedureSteps.slice(procedureSteps.indexOf('requestCapa'), -1));

export interface ProgressInput {
  /** The complaint's `currentStep` (absent before the workflow has recorded it). */
  readonly currentStep?: string;
  /** The decisions so far: the latest investigation says whether a CAPA loop follows. */
  readonly workflow?: { readonly investigations?: readonly { readonly responsibility?: string }[] };
}

/**
 * Each step's state: before the current one done, the current one current, after it upcoming;
 * the CAPA steps not needed once the investigation in force puts the cause with the customer.
 * A step sent back (a rejected approval) is upcoming again, as the workflow has it.
 */
export function complaintProgress({ currentStep, workflow }: ProgressInput): ProgressStep[] {
  const customerCaused = workflow?.investigations?.at(-1)?.responsibility === 'customer';
  // `<step>:decided`: the decision is in, the workflow has not opened the next step yet.
  const decided = /^(\w+):decided$/.exec(currentStep ?? '')?.[1];
  // A step this console does not know yet (a newer workflow): shown as just recorded.
  const current = Math.max(0, procedureSteps.indexOf(decided ?? currentStep ?? 'record'));
  return procedureSteps.map((step, index) => {
    const state: StepState =
      customerCaused && capaSteps.has(step)
        ? 'notNeeded'
        : (step === 'archived' || decided !== undefined) && index === current
          ? 'done'
          : index < current
            ? 'done'
            : index === current
              ? 'current'
              : 'upcoming';
    return { step, automatic: automatic.has(step), state };
  });
}

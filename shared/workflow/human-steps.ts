import type { Role } from '../http/roles.ts';
import type { HumanStepName, TaskDecision } from '../schemas/decisions.ts';

export interface HumanStep {
  /** Who may complete it (any one of them). */
  readonly roles: readonly Role[];
  /** `department`: only users of the complaint's responsible department see and complete it. */
  readonly scope: 'role' | 'department';
  /** The complaint's status while the step is open. */
  readonly status: string;
  /** After this long without a decision the task is escalated (manager told) and re-opened. */
  readonly timeoutSeconds: number;
  /** The value the state machine branches on (reject, customer, ineffective...). */
  readonly outcome: (decision: TaskDecision) => string;
}

const hours = (n: number) => n * 3600;
const done = () => 'done';

/**
 * The people's steps of the complaint procedure (requirements.md §3), in the order the
 * state machine visits them. The state machine, the task API and the console all read this.
 */
export const humanSteps: Readonly<Record<HumanStepName, HumanStep>> = {
  investigation: {
    roles: ['quality'],
    scope: 'role',
    status: 'INVESTIGATING',
    timeoutSeconds: hours(24),
    outcome: (d) => (d.step === 'investigation' ? d.responsibility : 'invalid'),
  },
  productionApproval: {
    roles: ['production'],
    scope: 'role',
    status: 'AWAITING_APPROVAL',
    timeoutSeconds: hours(8),
    outcome: (d) => (d.step === 'productionApproval' ? d.decision : 'invalid'),
  },
  customerReply: {
    roles: ['customer-service'],
    scope: 'role',
    status: 'REPLYING',
    timeoutSeconds: hours(8),
    outcome: done,
  },
  rootCause: {
    roles: ['department'],
    scope: 'department',
    status: 'CAPA_ROOT_CAUSE',
    timeoutSeconds: hours(72),
    outcome: done,
  },
  qualityReview: {
    roles: ['quality'],
    scope: 'role',
    status: 'CAPA_REVIEW',
    timeoutSeconds: hours(48),
    outcome: (d) => (d.step === 'qualityReview' ? d.decision : 'invalid'),
  },
  capaReply: {
    roles: ['customer-service'],
    scope: 'role',
    status: 'CAPA_REPLY',
    timeoutSeconds: hours(24),
    outcome: done,
  },
  executionReport: {
    roles: ['department'],
    scope: 'department',
    status: 'CAPA_EXECUTION',
    timeoutSeconds: hours(14 * 24),
    outcome: done,
  },
  verification: {
    roles: ['quality', 'customer-service'],
    scope: 'role',
    status: 'VERIFYING',
    timeoutSeconds: hours(30 * 24),
    outcome: (d) => (d.step === 'verification' ? d.result : 'invalid'),
  },
  standardRevision: {
    roles: ['department'],
    scope: 'department',
    status: 'STANDARD_REVISION',
    timeoutSeconds: hours(14 * 24),
    outcome: done,
  },
};

export const humanStepNames = Object.keys(humanSteps) as HumanStepName[];

/** Every role that has people's steps to do: the task routes are theirs. */
export const taskRoles: readonly Role[] = [
  ...new Set(Object.values(humanSteps).flatMap((step) => step.roles)),
];

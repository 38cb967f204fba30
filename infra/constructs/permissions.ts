import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { EventRuleName } from '../../shared/event-rules.ts';
import type { Area } from '../../shared/http/route.ts';
import type { ScheduleName } from '../../shared/schedules.ts';
import type { WorkflowFunctionName } from './workflow.ts';

/** Every function of the stack, named by kind: `http:<area>`, `scheduled:<job>`, `events:<name>`, `workflow:<name>`. */
export type FunctionKey =
  | `http:${Area}`
  | `scheduled:${ScheduleName}`
  | `events:${EventRuleName}`
  | `workflow:${WorkflowFunctionName}`;

/**
 * - `readTable`: read items of the table (and decrypt with its key);
 * - `writeTable`: read and write items of the table (and use its key);
 * - `sendEmail`: ses:SendEmail from the stage's identity with its configuration set;
 * - `suppressAddresses`: ses:PutSuppressedDestination (the account's suppression list);
 * - `liftSuppression`: ses:DeleteSuppressedDestination (staff confirmed a working address);
 * - `readLinkKeys`: secretsmanager:GetSecretValue on the link signing keys (survey links);
 * - `startWorkflow`: states:StartExecution on the complaint state machine;
 * - `respondToTasks`: states:SendTaskSuccess/SendTaskFailure/SendTaskHeartbeat on it.
 */
export type Capability =
  | 'readTable'
  | 'writeTable'
  | 'sendEmail'
  | 'suppressAddresses'
  | 'liftSuppression'
  | 'readLinkKeys'
  | 'startWorkflow'
  | 'respondToTasks';

/**
 * What each function may touch besides its own log group, and nothing more: a function missing
 * here, or a capability missing from its list, is denied. Keep docs/deploy.md's permission table
 * in step (test/infra checks the template against this table).
 */
export const capabilities = {
  // Acknowledges submissions and mails the after-sales mailbox; starts a complaint's workflow.
  'http:intake': ['writeTable', 'sendEmail', 'startWorkflow'],
  // Lists and reads cases: nothing else.
  'http:cases': ['readTable'],
  'http:complaints': ['writeTable'],
  // The decision function: completes people's steps, mails replies to purchasers.
  'http:tasks': ['writeTable', 'sendEmail', 'respondToTasks'],
  // Clearing a customer's do-not-email flag lifts the SES suppression of their addresses.
  'http:customers': ['writeTable', 'liftSuppression'],
  // Answers to surveys and follow-ups (signed links); a reported problem becomes a case, which is
  // acknowledged and, for a complaint, starts the workflow; a low score opens a follow-up task.
  'http:feedback': ['writeTable', 'sendEmail', 'startWorkflow', 'readLinkKeys'],
  // Reads pre-aggregated counters.
  'http:reports': ['readTable'],
  'http:dossier': ['readTable'],
  // Service request lifecycle: triage, quotes, visits (confirmation mails), completion (CSAT planned).
  'http:service': ['writeTable', 'sendEmail'],
  // Returns and exchanges through the offices; customers are told of decisions.
  'http:returns': ['writeTable', 'sendEmail'],
  // Office standards, supervision notes, the league table (counters).
  'http:offices': ['writeTable'],
  // Warranty look-up: reads deliveries.
  'http:warranty': ['readTable'],
  // Inquiries answered or forwarded to departments; the answer is mailed to the customer.
  'http:inquiries': ['writeTable', 'sendEmail'],
  // Spare parts: catalogue, stock movements, requisitions and purchases, scraps; reorder proposals,
  // urgent arrivals, delay reports and appraisals notify by mail.
  'http:parts': ['writeTable', 'sendEmail'],
  // Serves the OpenAPI document and the docs page from the bundle: touches nothing.
  'http:docs': [],
  // Retries mail that failed at request time.
  'scheduled:mail-outbox': ['writeTable', 'sendEmail'],
  // Reply reminders and escalations; starts workflows whose start failed at intake.
  'scheduled:complaint-sla': ['writeTable', 'sendEmail', 'startWorkflow'],
  // Plan surveys and follow-ups (records only; survey-mail sends them).
  'scheduled:loyalty-surveys': ['writeTable'],
  'scheduled:product-check-ins': ['writeTable'],
  'scheduled:warranty-offers': ['writeTable'],
  // Sends due surveys and follow-ups with signed links.
  'scheduled:survey-mail': ['writeTable', 'sendEmail', 'readLinkKeys'],
  // Reconciles every part, proposes reorders, snapshots the stock value, flags late purchases; mails
  // the warehouse and management.
  'scheduled:parts-daily': ['writeTable', 'sendEmail'],
  // Bounces and complaints: records the suppression, marks the customer do-not-email.
  'events:ses-events': ['writeTable', 'suppressAddresses'],
  // SES accepted a mail: marks it sent if its sender vanished before doing so.
  'events:mail-sent': ['writeTable'],
  // Notifies staff at each step. Never `respondToTasks`: the state machine invokes it, and a grant
  // on the state machine to a function it depends on is a CloudFormation cycle.
  'workflow:complaint-steps': ['writeTable', 'sendEmail'],
} as const satisfies Record<FunctionKey, readonly Capability[]> &
  Record<`workflow:${WorkflowFunctionName}`, readonly Exclude<Capability, 'respondToTasks'>[]>;

export interface PermissionsProps {
  readonly functions: Readonly<Record<FunctionKey, IFunction>>;
  readonly table: ITable;
  readonly complaintWorkflow: IStateMachine;
  /** The secret holding the link signing keys. */
  readonly linkKeys: ISecret;
  /** The identity and configuration set ARNs ses:SendEmail is checked against. */
  readonly sendingArns: readonly string[];
}

/** Applies `capabilities` to the stack's functions. */
export function grantCapabilities(props: PermissionsProps): void {
  const sendEmail = new PolicyStatement({ actions: ['ses:SendEmail'], resources: [...props.sendingArns] });
  // The suppression list is account-wide: the action has no resource to narrow it to.
  const suppress = new PolicyStatement({ actions: ['ses:PutSuppressedDestination'], resources: ['*'] });
  const lift = new PolicyStatement({ actions: ['ses:DeleteSuppressedDestination'], resources: ['*'] });
  const grant: Record<Capability, (fn: IFunction) => void> = {
    readTable: (fn) => props.table.grantReadData(fn),
    writeTable: (fn) => props.table.grantReadWriteData(fn),
    sendEmail: (fn) => fn.addToRolePolicy(sendEmail),
    suppressAddresses: (fn) => fn.addToRolePolicy(suppress),
    liftSuppression: (fn) => fn.addToRolePolicy(lift),
    readLinkKeys: (fn) => props.linkKeys.grantRead(fn),
    startWorkflow: (fn) => props.complaintWorkflow.grantStartExecution(fn),
    respondToTasks: (fn) => props.complaintWorkflow.grantTaskResponse(fn),
  };
  for (const [key, granted] of Object.entries(capabilities) as [FunctionKey, readonly Capability[]][]) {
    for (const capability of granted) grant[capability](props.functions[key]);
  }
}

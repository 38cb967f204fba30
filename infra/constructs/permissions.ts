import { Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { Area } from '../../shared/http/route.ts';
import type { ScheduleName } from '../../shared/schedules.ts';
import type { WorkflowFunctionName } from './workflow.ts';

/** Every function of the stack, named by kind: `http:<area>`, `scheduled:<job>`, `workflow:<name>`. */
export type FunctionKey = `http:${Area}` | `scheduled:${ScheduleName}` | `workflow:${WorkflowFunctionName}`;

/**
 * - `sendEmail`: ses:SendEmail;
 * - `startWorkflow`: states:StartExecution on the complaint state machine;
 * - `respondToTasks`: states:SendTaskSuccess/SendTaskFailure/SendTaskHeartbeat on it.
 */
export type Capability = 'sendEmail' | 'startWorkflow' | 'respondToTasks';

/**
 * Who may do what beyond reading and writing the table (which every function may). A function
 * missing here gets nothing more. Keep docs/deploy.md's permission table in step.
 */
export const capabilities = {
  // Acknowledges submissions and mails the after-sales mailbox; starts a complaint's workflow.
  'http:intake': ['sendEmail', 'startWorkflow'],
  // The decision function: completes people's steps, mails replies to purchasers.
  'http:tasks': ['sendEmail', 'respondToTasks'],
  // Retries mail that failed at request time.
  'scheduled:mail-outbox': ['sendEmail'],
  // Reply reminders and escalations; starts workflows whose start failed at intake.
  'scheduled:complaint-sla': ['sendEmail', 'startWorkflow'],
  // Notifies staff at each step. Never `respondToTasks`: the state machine invokes it, and a grant
  // on the state machine to a function it depends on is a CloudFormation cycle.
  'workflow:complaint-steps': ['sendEmail'],
} as const satisfies Partial<Record<FunctionKey, readonly Capability[]>> &
  Partial<Record<`workflow:${WorkflowFunctionName}`, readonly Exclude<Capability, 'respondToTasks'>[]>>;

export interface PermissionsProps {
  readonly functions: Readonly<Record<FunctionKey, IFunction>>;
  readonly complaintWorkflow: IStateMachine;
}

/** Applies `capabilities` to the stack's functions. */
export function grantCapabilities(scope: Construct, props: PermissionsProps): void {
  // Scoped to identities rather than one address: the SES identity itself is set up later.
  const sendEmail = new PolicyStatement({
    actions: ['ses:SendEmail'],
    resources: [Stack.of(scope).formatArn({ service: 'ses', resource: 'identity', resourceName: '*' })],
  });
  const grant: Record<Capability, (fn: IFunction) => void> = {
    sendEmail: (fn) => fn.addToRolePolicy(sendEmail),
    startWorkflow: (fn) => props.complaintWorkflow.grantStartExecution(fn),
    respondToTasks: (fn) => props.complaintWorkflow.grantTaskResponse(fn),
  };
  for (const [key, granted] of Object.entries(capabilities) as [FunctionKey, readonly Capability[]][]) {
    for (const capability of granted) grant[capability](props.functions[key]);
  }
}

import { ArnFormat, Stack } from 'aws-cdk-lib';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { complaintWorkflowDefinition } from '../../shared/workflow/complaint-workflow.ts';
import { workflowFunctions } from '../../shared/workflow/functions.ts';
import { type FunctionBase, projectFunction } from './project-function.ts';

export type WorkflowFunctionName = (typeof workflowFunctions)[number]['name'];

/** Step Functions allows 80 characters; the stage is the only variable part. */
export function complaintStateMachineName(stage: string): string {
  const name = `aftersales-${stage}-complaint`;
  if (name.length > 80) throw new Error(`The stage "${stage}" makes the state machine name too long`);
  return name;
}

/**
 * The state machine's ARN from its fixed name, without a reference to the resource: functions the
 * state machine invokes can know it without a CloudFormation cycle.
 */
export function complaintStateMachineArn(scope: Construct, stage: string): string {
  return Stack.of(scope).formatArn({
    service: 'states',
    resource: 'stateMachine',
    resourceName: complaintStateMachineName(stage),
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

export interface WorkflowProps {
  /** What every function of the stack shares (environment, logs, failure queue). */
  readonly base: FunctionBase;
  readonly stage: string;
}

/**
 * The complaint workflow: the functions it invokes (shared/workflow/functions.ts) and a standard
 * state machine whose definition is shared/workflow/complaint-workflow.ts, the same one the local
 * runtime interprets. What its functions may touch is in permissions.ts.
 */
export class Workflow extends Construct {
  readonly byName: Record<WorkflowFunctionName, NodejsFunction>;
  readonly stateMachine: StateMachine;

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);
    this.byName = Object.fromEntries(
      workflowFunctions.map(({ name, handler }) => [
        name,
        // A step reads and writes a few items and sends a mail or two; Step Functions retries.
        projectFunction(this, `workflow-${name}`, { ...props.base, entry: handler, kind: 'workflow' }),
      ]),
    ) as Record<WorkflowFunctionName, NodejsFunction>;

    const definition = complaintWorkflowDefinition({
      workflowFunctionArn: this.byName['complaint-steps'].functionArn,
    });
    this.stateMachine = new StateMachine(this, 'Complaint', {
      stateMachineName: complaintStateMachineName(props.stage),
      stateMachineType: StateMachineType.STANDARD,
      // The ARN token inside the JSON text becomes an Fn::Join with the function's Fn::GetAtt.
      definitionBody: DefinitionBody.fromString(JSON.stringify(definition)),
      tracingEnabled: true,
      // Errors only, and without inputs and outputs: execution data carries customers' personal data.
      logs: {
        destination: new LogGroup(this, 'Complaint-logs', {
          retention: props.base.logRetention,
          removalPolicy: props.base.logRemovalPolicy,
        }),
        level: LogLevel.ERROR,
        includeExecutionData: false,
      },
    });
    for (const fn of Object.values(this.byName)) fn.grantInvoke(this.stateMachine);
  }
}

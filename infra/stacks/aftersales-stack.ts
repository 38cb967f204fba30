import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { Settings } from '../config/settings.ts';
import { Api } from '../constructs/api.ts';
import { Auth } from '../constructs/auth.ts';
import { Data } from '../constructs/data.ts';
import { Functions } from '../constructs/functions.ts';
import { type FunctionKey, grantCapabilities } from '../constructs/permissions.ts';
import { Schedules } from '../constructs/schedules.ts';
import { complaintStateMachineArn, Workflow } from '../constructs/workflow.ts';

export interface AftersalesStackProps extends StackProps {
  readonly settings: Settings;
}

const keyed = <K extends string>(kind: string, byName: Record<K, IFunction>) =>
  Object.entries<IFunction>(byName).map(([name, fn]) => [`${kind}:${name}`, fn] as const);

/** The whole platform in one stack: well under CloudFormation's 500-resource limit (test/infra checks). */
export class AftersalesStack extends Stack {
  /** Exposed for the local runtime and the tests, which map functions back to their handlers. */
  readonly functions: Functions;
  readonly workflow: Workflow;
  /** Every function of the stack by `FunctionKey` (`http:<area>`, `scheduled:<job>`, `workflow:<name>`). */
  readonly allFunctions: Readonly<Record<FunctionKey, IFunction>>;

  constructor(scope: Construct, id: string, props: AftersalesStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const data = new Data(this, 'Data');
    const auth = new Auth(this, 'Auth');
    this.functions = new Functions(this, 'Functions', {
      table: data.table,
      userPool: auth.userPool,
      userPoolClient: auth.client,
      settings,
      complaintWorkflowArn: complaintStateMachineArn(this, settings.stage),
    });
    this.workflow = new Workflow(this, 'Workflow', {
      table: data.table,
      environment: this.functions.environment,
      stage: settings.stage,
    });
    this.allFunctions = Object.fromEntries([
      ...keyed('http', this.functions.byArea),
      ...keyed('scheduled', this.functions.bySchedule),
      ...keyed('workflow', this.workflow.byName),
    ]) as Record<FunctionKey, IFunction>;
    grantCapabilities(this, { functions: this.allFunctions, complaintWorkflow: this.workflow.stateMachine });

    const api = new Api(this, 'Api', {
      functions: this.functions.byArea,
      userPool: auth.userPool,
      corsOrigin: settings.corsOrigin,
    });
    new Schedules(this, 'Schedules', { functions: this.functions.bySchedule });

    new CfnOutput(this, 'ApiUrl', { value: api.restApi.url });
    new CfnOutput(this, 'TableName', { value: data.table.tableName });
    new CfnOutput(this, 'UserPoolId', { value: auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: auth.client.userPoolClientId });
    new CfnOutput(this, 'ComplaintWorkflowArn', { value: this.workflow.stateMachine.stateMachineArn });
  }
}

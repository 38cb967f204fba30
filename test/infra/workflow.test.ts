import type { Template } from 'aws-cdk-lib/assertions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { type Capability, capabilities, type FunctionKey } from '../../infra/constructs/permissions.ts';
import type { AftersalesStack } from '../../infra/stacks/aftersales-stack.ts';
import { eventRules } from '../../shared/event-rules.ts';
import { areas } from '../../shared/http/route.ts';
import { schedules } from '../../shared/schedules.ts';
import { complaintWorkflowDefinition } from '../../shared/workflow/complaint-workflow.ts';
import { workflowFunctions } from '../../shared/workflow/functions.ts';
import {
  allowing,
  logicalIdOf,
  ofType,
  type Resource,
  roleIdOf,
  statementsByRole,
  synthesize,
} from './template.ts';

type Join = { 'Fn::Join': [string, unknown[]] };

let stack: AftersalesStack;
let template: Template;
let resources: Record<string, Resource>;
let functions: [string, Resource][];
let stateMachineId: string;
let stateMachine: Resource;

beforeAll(() => {
  ({ stack, template, resources, functions } = synthesize());
  const machines = ofType(resources, 'AWS::StepFunctions::StateMachine');
  expect(machines).toHaveLength(1);
  [[stateMachineId, stateMachine]] = machines as [[string, Resource]];
});

const stepsFunction = () => stack.workflow.byName['complaint-steps'];

/** Each function of the stack by its key, with its role's logical id. */
const everyFunction = () =>
  (Object.entries(stack.allFunctions) as [FunctionKey, IFunction][]).map(([key, fn]) => ({
    key,
    roleId: roleIdOf(stack, fn),
  }));

/** Every role of the template (functions, state machine, schedules...) whose policies allow `action`. */
const rolesAllowed = (action: string) =>
  [...statementsByRole(resources)]
    .filter(([, statements]) => allowing(statements, action).length > 0)
    .map(([roleId]) => roleId);

/** The keys of the functions whose role allows `action` (from any policy, with any wildcard). */
function functionsAllowed(action: string): FunctionKey[] {
  const statements = statementsByRole(resources);
  return everyFunction()
    .filter(({ roleId }) => allowing(statements.get(roleId) ?? [], action).length > 0)
    .map(({ key }) => key)
    .sort();
}

describe('the complaint workflow', () => {
  it('has one function per workflowFunctions entry, and stack-wide keys for every function', () => {
    expect(Object.keys(stack.workflow.byName).sort()).toEqual(workflowFunctions.map((f) => f.name).sort());
    expect(Object.keys(stack.allFunctions)).toHaveLength(
      areas.length + schedules.length + eventRules.length + workflowFunctions.length,
    );
  });

  it('is one STANDARD state machine with a fixed name, traced', () => {
    expect(stateMachine.Properties).toMatchObject({
      StateMachineType: 'STANDARD',
      StateMachineName: 'aftersales-dev-complaint',
      TracingConfiguration: { Enabled: true },
    });
  });

  it('runs the definition of shared/workflow/complaint-workflow.ts, joined with the steps function ARN', () => {
    const {
      'Fn::Join': [separator, parts],
    } = stateMachine.Properties.DefinitionString as Join;
    const functionArn = { 'Fn::GetAtt': [logicalIdOf(stack, stepsFunction()), 'Arn'] };
    const tokens = parts.filter((part) => typeof part !== 'string');
    expect(tokens.length).toBeGreaterThan(0);
    for (const token of tokens) expect(token).toEqual(functionArn);

    const arn = 'arn:aws:lambda:cn-north-1:111122223333:function:steps';
    const text = parts.map((part) => (typeof part === 'string' ? part : arn)).join(separator);
    const built = complaintWorkflowDefinition({ workflowFunctionArn: arn });
    expect(JSON.parse(text)).toEqual(built);
    // Every state of the builder, the people's steps included.
    const states = Object.keys((JSON.parse(text) as { States: object }).States).sort();
    expect(states).toEqual(
      Object.keys(complaintWorkflowDefinition({ workflowFunctionArn: 'x' }).States).sort(),
    );
    expect(states).toEqual(expect.arrayContaining(['Investigation', 'CustomerReply', 'StandardRevision']));
  });

  it('logs errors only, without execution data, to its own log group', () => {
    const { LoggingConfiguration } = stateMachine.Properties as {
      LoggingConfiguration: {
        Level: string;
        IncludeExecutionData: boolean;
        Destinations: { CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [string, string] } } }[];
      };
    };
    expect(LoggingConfiguration).toMatchObject({ Level: 'ERROR', IncludeExecutionData: false });
    const [destination] = LoggingConfiguration.Destinations;
    const [groupId] = destination?.CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt'] ?? [];
    expect(resources[groupId ?? '']?.Type).toBe('AWS::Logs::LogGroup');
  });

  it('may invoke the workflow functions and no other function', () => {
    const roleId = (stateMachine.Properties.RoleArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const invokes = allowing(statementsByRole(resources).get(roleId) ?? [], 'lambda:InvokeFunction');
    const targets = JSON.stringify(invokes.map((s) => s.Resource));
    for (const fn of Object.values(stack.workflow.byName)) expect(targets).toContain(logicalIdOf(stack, fn));
    const others = Object.values(stack.allFunctions).filter(
      (fn) => !Object.values(stack.workflow.byName).includes(fn as never),
    );
    for (const fn of others) expect(targets).not.toContain(logicalIdOf(stack, fn));
  });

  it.each(['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'])(
    'lets the tasks function, and no other, call %s',
    (action) => {
      expect(functionsAllowed(action)).toEqual(['http:tasks']);
      // No role at all besides the tasks function's: not the state machine's, not a scheduler's.
      expect(rolesAllowed(action)).toEqual([roleIdOf(stack, stack.functions.byArea.tasks)]);
      const [statement] = allowing(
        statementsByRole(resources).get(roleIdOf(stack, stack.functions.byArea.tasks)) ?? [],
        action,
      );
      expect(statement?.Resource).toEqual({ Ref: stateMachineId });
    },
  );

  it('never gives a function the state machine invokes task-callback rights (a CloudFormation cycle)', () => {
    const statements = statementsByRole(resources);
    for (const fn of Object.values(stack.workflow.byName)) {
      expect(allowing(statements.get(roleIdOf(stack, fn)) ?? [], 'states:SendTaskSuccess')).toEqual([]);
    }
  });

  it('lets only the functions the capability table names start executions, on this state machine', () => {
    const starters = (Object.entries(capabilities) as [FunctionKey, readonly Capability[]][])
      .filter(([, granted]) => granted.includes('startWorkflow'))
      .map(([key]) => key)
      .sort();
    expect(starters).toContain('http:intake');
    expect(functionsAllowed('states:StartExecution')).toEqual(starters);
    expect(rolesAllowed('states:StartExecution')).toHaveLength(starters.length);
    const statements = statementsByRole(resources);
    for (const key of starters) {
      const [statement] = allowing(
        statements.get(roleIdOf(stack, stack.allFunctions[key])) ?? [],
        'states:StartExecution',
      );
      expect(statement?.Resource).toEqual({ Ref: stateMachineId });
    }
  });

  it('grants exactly what the capability table says, for every capability', () => {
    const actionOf: Record<Capability, string> = {
      readTable: 'dynamodb:Query',
      writeTable: 'dynamodb:PutItem',
      sendEmail: 'ses:SendEmail',
      suppressAddresses: 'ses:PutSuppressedDestination',
      liftSuppression: 'ses:DeleteSuppressedDestination',
      readLinkKeys: 'secretsmanager:GetSecretValue',
      startWorkflow: 'states:StartExecution',
      respondToTasks: 'states:SendTaskSuccess',
    };
    // Writing implies reading: the grant for writes includes the reads.
    const implied: Partial<Record<Capability, Capability>> = { readTable: 'writeTable' };
    const table = capabilities as Partial<Record<FunctionKey, readonly Capability[]>>;
    for (const [capability, action] of Object.entries(actionOf) as [Capability, string][]) {
      const granted = (key: FunctionKey) =>
        table[key]?.includes(capability) || table[key]?.includes(implied[capability] as Capability);
      const expected = everyFunction()
        .filter(({ key }) => granted(key))
        .map(({ key }) => key)
        .sort();
      expect([capability, functionsAllowed(action)]).toEqual([capability, expected]);
    }
    // Nothing else from Step Functions for anyone.
    expect(functionsAllowed('states:StopExecution')).toEqual([]);
    expect(functionsAllowed('states:DeleteStateMachine')).toEqual([]);
  });

  it('tells every function the state machine ARN, built from the name without a reference to it', () => {
    for (const [, fn] of functions) {
      const { Variables } = fn.Properties.Environment as { Variables: Record<string, unknown> };
      expect(Variables.COMPLAINT_WORKFLOW_ARN).toEqual({
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':states:',
            { Ref: 'AWS::Region' },
            ':',
            { Ref: 'AWS::AccountId' },
            ':stateMachine:aftersales-dev-complaint',
          ],
        ],
      });
      expect(Variables.ROLE_MAILBOXES).toBe('{}');
      expect(JSON.stringify(fn.Properties)).not.toContain(stateMachineId);
    }
  });

  it('puts the roleMailboxes context into ROLE_MAILBOXES', () => {
    const mailboxes = { quality: 'quality@example.com', 'department:d-7': 'd7@example.com' };
    const configured = synthesize({ stage: 'prod', roleMailboxes: JSON.stringify(mailboxes) });
    for (const [, fn] of configured.functions) {
      const { Variables } = fn.Properties.Environment as { Variables: Record<string, unknown> };
      expect(JSON.parse(Variables.ROLE_MAILBOXES as string)).toEqual(mailboxes);
    }
    const [[, machine]] = ofType(configured.resources, 'AWS::StepFunctions::StateMachine') as [
      [string, Resource],
    ];
    expect(machine.Properties.StateMachineName).toBe('aftersales-prod-complaint');
  });

  it('outputs the state machine ARN', () => {
    template.hasOutput('ComplaintWorkflowArn', { Value: { Ref: stateMachineId } });
  });
});

import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Tracing } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { functionDefaults, projectPath } from './bundling.ts';

/**
 * How a function is called decides its limits: API functions answer a person within API
 * Gateway's 29 s, scheduled and event functions are invoked asynchronously (their failures go to
 * the dead-letter queue), workflow steps are retried by Step Functions.
 */
export const functionClasses = {
  api: { memorySize: 512, timeout: Duration.seconds(25), invokedAsync: false },
  scheduled: { memorySize: 512, timeout: Duration.minutes(2), invokedAsync: true },
  workflow: { memorySize: 512, timeout: Duration.minutes(1), invokedAsync: false },
  events: { memorySize: 256, timeout: Duration.seconds(30), invokedAsync: true },
} as const;
export type FunctionClass = keyof typeof functionClasses;

/** What every function shares; the stack builds one of these and passes it to each construct. */
export interface FunctionBase {
  readonly environment: Readonly<Record<string, string>>;
  readonly logRetention: RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
  /** Where asynchronous invocations that failed every retry end up. */
  readonly failureQueue: IQueue;
}

export interface ProjectFunctionProps extends FunctionBase {
  /** Handler module, relative to the repository root. */
  readonly entry: string;
  readonly kind: FunctionClass;
}

/**
 * A function with the project's defaults, its own log group, and a role that may write to that
 * log group and nothing else (no managed policy). What else it may touch is granted in one
 * place: infra/constructs/permissions.ts.
 */
export function projectFunction(scope: Construct, id: string, props: ProjectFunctionProps): NodejsFunction {
  const limits = functionClasses[props.kind];
  const logGroup = new LogGroup(scope, `${id}-logs`, {
    retention: props.logRetention,
    removalPolicy: props.logRemovalPolicy,
  });
  const role = new Role(scope, `${id}-role`, {
    assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    description: `Aftersales ${props.kind} function ${id}`,
  });
  logGroup.grantWrite(role);
  return new NodejsFunction(scope, id, {
    ...functionDefaults,
    entry: projectPath(props.entry),
    environment: { ...props.environment },
    memorySize: limits.memorySize,
    timeout: limits.timeout,
    role,
    logGroup,
    tracing: Tracing.ACTIVE,
    ...(limits.invokedAsync ? { onFailure: new SqsDestination(props.failureQueue), retryAttempts: 2 } : {}),
  });
}

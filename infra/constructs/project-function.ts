import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Tracing } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { type BundlingOptions, NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { dossierBundling, dossierEnvironment, functionDefaults, projectPath } from './bundling.ts';

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

/** What one function may need beyond its class. */
export interface FunctionOverride {
  readonly memorySize?: number;
  readonly bundling?: BundlingOptions;
  readonly environment?: Readonly<Record<string, string>>;
}

/**
 * Functions that differ from their class, by construct id. The dossier carries its fonts (and is
 * told where they are) and renders a PDF with them: CPU scales with memory, and 1024 MB halves its
 * time to the first byte (a cold start reads and parses 21 MB of font).
 */
export const functionOverrides: Readonly<Record<string, FunctionOverride>> = {
  'http-dossier': { memorySize: 1024, bundling: dossierBundling, environment: dossierEnvironment },
};

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
  const override = functionOverrides[id] ?? {};
  return new NodejsFunction(scope, id, {
    ...functionDefaults,
    ...(override.bundling ? { bundling: override.bundling } : {}),
    entry: projectPath(props.entry),
    environment: { ...props.environment, ...override.environment },
    memorySize: override.memorySize ?? limits.memorySize,
    timeout: limits.timeout,
    role,
    logGroup,
    tracing: Tracing.ACTIVE,
    ...(limits.invokedAsync ? { onFailure: new SqsDestination(props.failureQueue), retryAttempts: 2 } : {}),
  });
}

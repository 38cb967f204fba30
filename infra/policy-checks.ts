import { type CfnElement, DefaultStackSynthesizer, Token, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import type { AftersalesStack } from './stacks/aftersales-stack.ts';

/** cdk-nag's AwsSolutions and Serverless packs: any finding without an acknowledgement fails synth. */
export function applyPolicyChecks(app: IConstruct): void {
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app, { verbose: true }),
    new ServerlessChecks(app, { verbose: true }),
  );
}

const acknowledge = (scope: IConstruct, id: string, reason: string) =>
  Validations.of(scope).acknowledge({ id, reason });

/**
 * Every finding we accept, on the narrowest construct, with the reason. test/infra/policy.test.ts
 * backs the wildcard ones with evidence: which actions a `*` resource may carry.
 */
export function acknowledgeFindings(stack: AftersalesStack): void {
  const token = (element: IConstruct) =>
    `<${stack.getLogicalId(element.node.defaultChild as CfnElement)}.Arn>`;
  const table = token(stack.data.table);

  for (const fn of Object.values(stack.allFunctions)) {
    acknowledge(
      fn,
      'Serverless::Serverless-LambdaDLQ',
      'API and workflow functions are invoked synchronously (the caller sees the error); scheduled and event functions send failed asynchronous invocations to the failure queue through an on-failure destination, which records more than a DLQ.',
    );
    if (!fn.role) continue;
    acknowledge(
      fn.role,
      'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords have no resource to scope to. The SES events function also calls ses:PutSuppressedDestination and the customers function ses:DeleteSuppressedDestination; the suppression list is account-wide. test/infra/policy.test.ts allows no other action on "*".',
    );
    acknowledge(
      fn.role,
      `AwsSolutions::AwsSolutions-IAM5[Resource::${table}/index/*]`,
      "Queries use the table's own global secondary indexes (gsi1-gsi3); the wildcard covers only this table's indexes.",
    );
    for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
      acknowledge(
        fn.role,
        `AwsSolutions::AwsSolutions-IAM5[Action::${action}]`,
        "DynamoDB's grant for a table encrypted with a customer-managed key; the statement is limited to that one key.",
      );
    }
  }

  const steps = token(stack.workflow.byName['complaint-steps']);
  acknowledge(
    stack.workflow.stateMachine.role,
    `AwsSolutions::AwsSolutions-IAM5[Resource::${steps}:*]`,
    'The state machine invokes the one steps function; `:*` admits its versions and aliases, nothing else.',
  );
  acknowledge(
    stack.workflow.stateMachine.role,
    'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
    'Step Functions log delivery (logs:CreateLogDelivery and related) and X-Ray take no resource ARN.',
  );
  acknowledge(
    stack.workflow.stateMachine,
    'AwsSolutions::AwsSolutions-SF1',
    'Logging ALL events would copy execution inputs and outputs (customer names, phones, complaint text) into CloudWatch; errors only, without execution data, keep personal data out of logs (PIPL data minimisation).',
  );

  for (const schedulerRole of stack.node.children.filter((child) =>
    child.node.id.startsWith('SchedulerRoleForTarget'),
  )) {
    for (const fn of Object.values(stack.functions.bySchedule)) {
      acknowledge(
        schedulerRole,
        `AwsSolutions::AwsSolutions-IAM5[Resource::${token(fn)}:*]`,
        "EventBridge Scheduler's role may invoke the one scheduled function; `:*` admits its versions, nothing else.",
      );
    }
  }

  acknowledge(
    stack.linkKeys.secret,
    'AwsSolutions::AwsSolutions-SMG4',
    "Link keys rotate by adding a key id and making it current (docs/deploy.md): links already in customers' mailboxes must keep verifying until they expire, which a replacing rotation would break.",
  );

  const queue = stack.failureQueue.queue;
  acknowledge(queue, 'AwsSolutions::AwsSolutions-SQS3', 'This queue is the dead-letter queue itself.');
  acknowledge(
    queue,
    'Serverless::Serverless-SQSRedrivePolicy',
    'This queue is the dead-letter queue itself.',
  );

  const { restApi } = stack.api;
  acknowledge(
    restApi,
    'AwsSolutions::AwsSolutions-APIG2',
    'Every body, query and path parameter is validated by the zod schema of its route in the function, which answers problem+json naming the field in Chinese or English; API Gateway models would duplicate the schemas and answer in a different shape.',
  );
  acknowledge(
    restApi.deploymentStage,
    'AwsSolutions::AwsSolutions-APIG6',
    "Access logs (JSON, without personal data) and X-Ray are on. Execution logs need an account-wide CloudWatch role that one stack should not own, and at INFO they log request bodies with customers' personal data.",
  );
  for (const method of stack.api.publicMethods) {
    const reason =
      'Public by design: the complaint, inquiry and service-request forms are used by customers without an account, and the API description is public. WAF rate limits, per-method throttling and body limits protect them; a staff token on them is verified by the function.';
    acknowledge(method, 'AwsSolutions::AwsSolutions-APIG4', reason);
    acknowledge(method, 'AwsSolutions::AwsSolutions-COG4', reason);
  }

  acknowledgeConsoleFindings(stack);
}

/** CDK's bootstrap asset bucket as cdk-nag names it: account and region are `<AWS::...>` until known. */
function cdkAssetBucket(stack: AftersalesStack): string {
  const qualifier: unknown =
    stack.node.tryGetContext('@aws-cdk/core:bootstrapQualifier') ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER;
  const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
  const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
  return `cdk-${String(qualifier)}-assets-${account}-${region}`;
}

/** The staff console: static files behind CloudFront, and CDK's function that uploads them. */
function acknowledgeConsoleFindings(stack: AftersalesStack): void {
  const { bucket, distribution, deploymentRole } = stack.staffConsole;
  acknowledge(
    bucket,
    'AwsSolutions::AwsSolutions-S1',
    'The bucket holds only the console bundle: CloudFront alone reads it (origin access control) and only deployments write it, so its access logs would list nothing but those two callers; who opens the console is for the API to record.',
  );
  acknowledge(
    distribution,
    'AwsSolutions::AwsSolutions-CFR3',
    "Access logs of static files would record every staff member's IP address for each page load (PIPL data minimisation); what staff do is in the API's access logs.",
  );
  acknowledge(
    distribution,
    'AwsSolutions::AwsSolutions-CFR1',
    'Staff of offices across China and abroad sign in; who may use the console is decided by Cognito (MFA required), not by country.',
  );
  acknowledge(
    distribution,
    'AwsSolutions::AwsSolutions-CFR2',
    'The distribution serves static files only; every call with data goes to the API, which has its own web ACL. A WAF web ACL for CloudFront (global, in us-east-1) would cost more than the whole console.',
  );
  if (!stack.staffConsole.customDomain) {
    acknowledge(
      distribution,
      'AwsSolutions::AwsSolutions-CFR4',
      "Without a console domain the distribution uses CloudFront's *.cloudfront.net certificate, whose security policy cannot be chosen; with consoleUrl and consoleCertificateArn (docs/deploy.md) it requires TLS 1.2 (TLSv1.2_2021).",
    );
  }

  // CDK's upload function: a CloudFormation custom resource that copies the files at deployment.
  const upload = stack.node.children.filter((child) =>
    child.node.id.startsWith('Custom::CDKBucketDeployment'),
  );
  for (const fn of upload) {
    acknowledge(
      fn,
      'AwsSolutions::AwsSolutions-L1',
      "CDK's BucketDeployment chooses the runtime (Python with the AWS CLI layer); it moves with aws-cdk-lib updates.",
    );
    acknowledge(fn, 'Serverless::Serverless-LambdaLatestVersion', "The runtime is CDK's BucketDeployment's.");
    acknowledge(
      fn,
      'Serverless::Serverless-LambdaDLQ',
      'CloudFormation invokes it for the deployment and fails the deployment (rolling back) when it fails: nothing is lost.',
    );
    acknowledge(
      fn,
      'Serverless::Serverless-LambdaTracing',
      'Runs only during deployments; its log group has every run.',
    );
  }
  // The grants BucketDeployment adds: read the staged zip from CDK's asset bucket, replace the files.
  const assetBucket = cdkAssetBucket(stack);
  const consoleFiles = `<${stack.getLogicalId(bucket.node.defaultChild as CfnElement)}.Arn>`;
  for (const finding of [
    'Action::s3:GetBucket*',
    'Action::s3:GetObject*',
    'Action::s3:List*',
    'Action::s3:Abort*',
    'Action::s3:DeleteObject*',
    `Resource::arn:<AWS::Partition>:s3:::${assetBucket}/*`,
    `Resource::${consoleFiles}/*`,
  ]) {
    acknowledge(
      deploymentRole,
      `AwsSolutions::AwsSolutions-IAM5[${finding}]`,
      "CDK's BucketDeployment grants: read the staged console bundle from CDK's asset bucket and replace the files of the console bucket; test/infra/console.test.ts checks that the role touches nothing else.",
    );
  }
}

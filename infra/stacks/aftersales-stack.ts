import { Annotations, CfnOutput, Fn, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { Settings } from '../config/settings.ts';
import { placeholderDomain } from '../config/stages.ts';
import { Api, apiStageName, publicSubmissions } from '../constructs/api.ts';
import { Auth } from '../constructs/auth.ts';
import { StaffConsole } from '../constructs/console.ts';
import { Data } from '../constructs/data.ts';
import { configurationSetName, Email } from '../constructs/email.ts';
import { FailureQueue } from '../constructs/failure-queue.ts';
import { Firewall } from '../constructs/firewall.ts';
import { Functions, functionEnvironment } from '../constructs/functions.ts';
import { LinkKeys } from '../constructs/link-keys.ts';
import { Monitoring } from '../constructs/monitoring.ts';
import { type FunctionKey, grantCapabilities } from '../constructs/permissions.ts';
import type { FunctionBase } from '../constructs/project-function.ts';
import { Schedules } from '../constructs/schedules.ts';
import { complaintStateMachineArn, Workflow } from '../constructs/workflow.ts';
import { acknowledgeFindings } from '../policy-checks.ts';

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
  readonly data: Data;
  readonly api: Api;
  readonly firewall: Firewall;
  readonly email: Email;
  readonly monitoring: Monitoring;
  readonly failureQueue: FailureQueue;
  readonly linkKeys: LinkKeys;
  readonly auth: Auth;
  readonly staffConsole: StaffConsole;
  /** Every function of the stack by `FunctionKey` (`http:<area>`, `scheduled:<job>`, ...). */
  readonly allFunctions: Readonly<Record<FunctionKey, IFunction>>;

  constructor(scope: Construct, id: string, props: AftersalesStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const { stage } = settings;
    // Production data outlives the stack; a dev stack cleans up after itself.
    const removalPolicy = settings.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.data = new Data(this, 'Data', { stage, retainData: settings.retainData });
    // The console's address comes first: sign-in redirects, links in staff mail and CORS name it.
    this.staffConsole = new StaffConsole(this, 'Console', {
      ...(settings.consoleUrl && settings.consoleCertificateArn
        ? { customDomain: { url: settings.consoleUrl, certificateArn: settings.consoleCertificateArn } }
        : {}),
      retainData: settings.retainData,
      logRetention: settings.logRetentionDays,
    });
    const auth = new Auth(this, 'Auth', {
      stage,
      retainData: settings.retainData,
      domainPrefix: settings.cognitoDomainPrefix,
      consoleUrl: this.staffConsole.url,
    });
    this.auth = auth;
    // The browsers that may call the API: the configured origins (the web forms) and the console.
    const allowedOrigins = [...new Set([...settings.allowedOrigins, this.staffConsole.origin])];
    this.failureQueue = new FailureQueue(this, 'Failures', { removalPolicy });
    this.linkKeys = new LinkKeys(this, 'LinkKeys', { key: this.data.key, removalPolicy });
    const base: FunctionBase = {
      environment: functionEnvironment({
        settings,
        allowedOrigins,
        consoleUrl: this.staffConsole.url,
        tableName: this.data.table.tableName,
        complaintWorkflowArn: complaintStateMachineArn(this, stage),
        configurationSetName: configurationSetName(stage),
        userPoolId: auth.userPool.userPoolId,
        userPoolClientId: auth.client.userPoolClientId,
        linkKeysSecretArn: this.linkKeys.secret.secretArn,
      }),
      logRetention: settings.logRetentionDays,
      logRemovalPolicy: removalPolicy,
      failureQueue: this.failureQueue.queue,
    };
    this.functions = new Functions(this, 'Functions', base);
    this.workflow = new Workflow(this, 'Workflow', { base, stage });
    this.email = new Email(this, 'Email', {
      stage,
      senderDomain: settings.senderDomain,
      eventFunctions: this.functions.byEvent,
      failureQueue: this.failureQueue.queue,
    });
    this.allFunctions = Object.fromEntries([
      ...keyed('http', this.functions.byArea),
      ...keyed('scheduled', this.functions.bySchedule),
      ...keyed('events', this.functions.byEvent),
      ...keyed('workflow', this.workflow.byName),
    ]) as Record<FunctionKey, IFunction>;
    grantCapabilities({
      functions: this.allFunctions,
      table: this.data.table,
      complaintWorkflow: this.workflow.stateMachine,
      sendingArns: this.email.sendingArns,
      linkKeys: this.linkKeys.secret,
    });

    this.api = new Api(this, 'Api', {
      functions: this.functions.byArea,
      userPool: auth.userPool,
      settings,
      allowedOrigins,
      logRetention: settings.logRetentionDays,
      logRemovalPolicy: removalPolicy,
    });
    this.firewall = new Firewall(this, 'Firewall', {
      stage,
      stageArn: this.api.restApi.deploymentStage.stageArn,
      stageName: apiStageName,
      publicSubmissions,
      submissionsPerIp: settings.wafRateLimit,
    });
    const apiOrigin = `https://${this.api.restApi.restApiId}.execute-api.${this.region}.${this.urlSuffix}`;
    this.staffConsole.publish({
      apiOrigin,
      apiBase: `${apiOrigin}/${apiStageName}`,
      signInUrl: auth.signInUrl,
      clientId: auth.client.userPoolClientId,
    });
    new Schedules(this, 'Schedules', {
      functions: this.functions.bySchedule,
      failureQueue: this.failureQueue.queue,
    });
    this.monitoring = new Monitoring(this, 'Monitoring', {
      stage,
      key: this.data.key,
      opsEmails: settings.opsEmails,
      api: this.api.restApi,
      functions: this.allFunctions,
      failureQueue: this.failureQueue.queue,
      complaintWorkflow: this.workflow.stateMachine,
      slaJobLogs: this.functions.bySchedule['complaint-sla'].logGroup,
    });

    if (settings.senderDomain === placeholderDomain) {
      Annotations.of(this).addWarningV2(
        'aftersales:placeholder-domain',
        `senderDomain is the placeholder ${placeholderDomain}: set -c senderDomain=... (and mailFrom, mailboxes, allowedOrigins) before deploying; see docs/deploy.md`,
      );
    }

    new CfnOutput(this, 'ApiUrl', { value: this.api.restApi.url });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'UserPoolId', { value: auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: auth.client.userPoolClientId });
    new CfnOutput(this, 'ConsoleUrl', { value: this.staffConsole.url });
    new CfnOutput(this, 'HostedUiDomain', {
      description: 'The staff sign-in pages (Cognito managed login)',
      value: auth.signInUrl,
    });
    if (settings.consoleUrl) {
      new CfnOutput(this, 'ConsoleCnameTarget', {
        description: `Point ${new URL(settings.consoleUrl).host} at this (CNAME)`,
        value: this.staffConsole.distribution.distributionDomainName,
      });
    }
    new CfnOutput(this, 'ComplaintWorkflowArn', { value: this.workflow.stateMachine.stateMachineArn });
    new CfnOutput(this, 'OpsTopicArn', { value: this.monitoring.topic.topicArn });
    new CfnOutput(this, 'FailureQueueUrl', { value: this.failureQueue.queue.queueUrl });
    // The three CNAME records that verify the sender domain (Easy DKIM), as `name CNAME value`.
    new CfnOutput(this, 'DkimRecords', {
      description: `Add these CNAME records to the DNS of ${settings.senderDomain}`,
      value: Fn.join(
        ' ; ',
        this.email.identity.dkimRecords.map((record) => Fn.join(' ', [record.name, 'CNAME', record.value])),
      ),
    });
    acknowledgeFindings(this);
  }
}

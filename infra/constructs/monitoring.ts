import { Duration, Stack } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  type Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { FilterPattern, type ILogGroup, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { slaRunSummary } from '../../shared/metrics.ts';

/** Thresholds the issue and SES set: above them SES reviews, and may pause, the account. */
export const alarmThresholds = {
  /** Share of API responses that are 5xx, over 15 minutes with at least `minRequests`. */
  serverErrorRate: 0.01,
  minRequests: 20,
  sesBounceRate: 0.02,
  sesComplaintRate: 0.0005,
} as const;

export interface MonitoringProps {
  readonly stage: string;
  readonly key: IKey;
  readonly opsEmails: readonly string[];
  readonly api: RestApi;
  /** Every function of the stack by key (`http:intake`, ...). */
  readonly functions: Readonly<Record<string, IFunction>>;
  readonly failureQueue: IQueue;
  readonly complaintWorkflow: IStateMachine;
  /** The complaint-sla job's log group: its run summary carries the number of new breaches. */
  readonly slaJobLogs: ILogGroup;
}

const fiveMinutes = Duration.minutes(5);
/** CloudWatch allows at most 10 metrics in one metric math alarm. */
const maxMetricsPerAlarm = 10;
const fifteenMinutes = Duration.minutes(15);

/** Alarms to an SNS topic for ops, and one dashboard of the same figures. */
export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.topic = new Topic(this, 'OpsAlarms', {
      displayName: `Aftersales ${props.stage} alarms`,
      masterKey: props.key,
      enforceSSL: true,
    });
    // CloudWatch publishes to the encrypted topic, so it needs to use the key.
    props.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    for (const email of props.opsEmails) {
      // A notification SNS could not deliver waits in the failure queue (which itself alarms).
      this.topic.addSubscription(new EmailSubscription(email, { deadLetterQueue: props.failureQueue }));
    }

    const alarm = (id: string, description: string, metric: Metric | MathExpression, threshold: number) => {
      const created = metric.createAlarm(this, id, {
        alarmDescription: description,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(new SnsAction(this.topic));
      created.addOkAction(new SnsAction(this.topic));
      this.alarms.push(created);
      return created;
    };

    const serverErrorRate = new MathExpression({
      expression: `IF(requests >= ${alarmThresholds.minRequests}, errors / requests, 0)`,
      usingMetrics: {
        errors: props.api.metricServerError({ statistic: 'Sum', period: fifteenMinutes }),
        requests: props.api.metricCount({ statistic: 'Sum', period: fifteenMinutes }),
      },
      label: 'API 5xx rate',
      period: fifteenMinutes,
    });
    alarm(
      'Api5xxRate',
      'API answers 5xx to 1% or more of requests',
      serverErrorRate,
      alarmThresholds.serverErrorRate,
    );

    // Function errors in groups of at most 10 per alarm (CloudWatch's limit of metrics in a math
    // alarm): one alarm per function grew the stack towards CloudFormation's 500 resources with every
    // function. The alarm names the group's functions; the dashboard shows which one failed.
    const functionEntries = Object.entries(props.functions).sort(([a], [b]) => a.localeCompare(b));
    for (let start = 0; start < functionEntries.length; start += maxMetricsPerAlarm) {
      const group = functionEntries.slice(start, start + maxMetricsPerAlarm);
      const usingMetrics = Object.fromEntries(
        group.map(([, fn], i) => [`f${i}`, fn.metricErrors({ statistic: 'Sum', period: fiveMinutes })]),
      );
      alarm(
        `FunctionErrors${start / maxMetricsPerAlarm + 1}`,
        `A function failed, one of: ${group.map(([key]) => key).join(', ')}`,
        new MathExpression({
          expression: Object.keys(usingMetrics).join(' + '),
          usingMetrics,
          label: 'Function errors',
          period: fiveMinutes,
        }),
        1,
      );
    }
    // Throttling is an account-wide concurrency matter: one alarm; the dashboard shows which function.
    alarm(
      'LambdaThrottles',
      'Lambda throttled invocations in this account and region',
      new Metric({ namespace: 'AWS/Lambda', metricName: 'Throttles', statistic: 'Sum', period: fiveMinutes }),
      1,
    );

    alarm(
      'FailedEvents',
      'Scheduled jobs or SES events failed every retry: see the failure queue',
      props.failureQueue.metricApproximateNumberOfMessagesVisible({
        statistic: 'Maximum',
        period: fiveMinutes,
      }),
      1,
    );

    const workflow = props.complaintWorkflow;
    alarm(
      'WorkflowFailed',
      'A complaint workflow execution failed',
      workflow.metricFailed({ period: fiveMinutes }),
      1,
    );
    alarm(
      'WorkflowTimedOut',
      'A complaint workflow execution timed out',
      workflow.metricTimedOut({ period: fiveMinutes }),
      1,
    );
    alarm(
      'WorkflowAborted',
      'A complaint workflow execution was aborted',
      workflow.metricAborted({ period: fiveMinutes }),
      1,
    );

    // Account-wide: SES reviews the account at 5% bounces and 0.1% complaints; warn at half.
    const ses = (metricName: string) =>
      new Metric({ namespace: 'AWS/SES', metricName, statistic: 'Maximum', period: Duration.hours(1) });
    alarm(
      'SesBounceRate',
      'SES bounce rate at 2% or more',
      ses('Reputation.BounceRate'),
      alarmThresholds.sesBounceRate,
    );
    alarm(
      'SesComplaintRate',
      'SES complaint rate at 0.05% or more',
      ses('Reputation.ComplaintRate'),
      alarmThresholds.sesComplaintRate,
    );

    const breaches = new MetricFilter(this, 'ReplyBreaches', {
      logGroup: props.slaJobLogs,
      filterPattern: FilterPattern.stringValue('$.message', '=', slaRunSummary.message),
      metricNamespace: `Aftersales/${props.stage}`,
      metricName: 'ReplyDeadlineBreaches',
      metricValue: `$.${slaRunSummary.breachesField}`,
    }).metric({ statistic: 'Sum', period: fifteenMinutes });
    alarm('ReplyDeadlineBreached', 'A complaint was not answered within 2 working days', breaches, 1);
    const stalled = new MetricFilter(this, 'StalledWorkflows', {
      logGroup: props.slaJobLogs,
      filterPattern: FilterPattern.stringValue('$.message', '=', slaRunSummary.message),
      metricNamespace: `Aftersales/${props.stage}`,
      metricName: 'StalledWorkflows',
      metricValue: `$.${slaRunSummary.stalledField}`,
    }).metric({ statistic: 'Maximum', period: fifteenMinutes });
    alarm('WorkflowStalled', 'A complaint is stored but its workflow failed before recording it', stalled, 1);

    new Dashboard(this, 'Dashboard', {
      dashboardName: `aftersales-${props.stage}`,
      widgets: [
        [
          new TextWidget({
            markdown: `# Aftersales ${props.stage}\nAlarms go to the SNS topic; runbook: docs/deploy.md#alarms`,
            width: 24,
            height: 2,
          }),
        ],
        [
          new GraphWidget({
            title: 'API requests and errors',
            left: [
              props.api.metricCount({ period: fiveMinutes }),
              props.api.metricClientError({ period: fiveMinutes }),
              props.api.metricServerError({ period: fiveMinutes }),
            ],
            width: 12,
          }),
          new GraphWidget({
            title: 'API latency (p50, p99)',
            left: [
              props.api.metricLatency({ statistic: 'p50', period: fiveMinutes }),
              props.api.metricLatency({ statistic: 'p99', period: fiveMinutes }),
            ],
            width: 12,
          }),
        ],
        [
          new GraphWidget({
            title: 'Function errors',
            left: Object.entries(props.functions).map(([key, fn]) =>
              fn.metricErrors({ period: fiveMinutes, label: key }),
            ),
            width: 12,
          }),
          new GraphWidget({
            title: 'Complaint workflow',
            left: [
              workflow.metricStarted({ period: fiveMinutes }),
              workflow.metricSucceeded({ period: fiveMinutes }),
              workflow.metricFailed({ period: fiveMinutes }),
              workflow.metricTimedOut({ period: fiveMinutes }),
            ],
            width: 12,
          }),
        ],
        [
          new GraphWidget({
            title: 'Reply deadline breaches, failed events',
            left: [
              breaches,
              props.failureQueue.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes }),
            ],
            width: 12,
          }),
          new GraphWidget({
            title: 'SES reputation',
            left: [ses('Reputation.BounceRate'), ses('Reputation.ComplaintRate')],
            width: 12,
          }),
        ],
      ],
    });
  }
}

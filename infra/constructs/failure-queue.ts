import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/**
 * The one dead-letter queue: schedule triggers the scheduler could not deliver, scheduled and
 * event functions that failed every retry, SES events EventBridge could not deliver. Any message
 * here raises an alarm; docs/deploy.md says how to read and replay it.
 */
export class FailureQueue extends Construct {
  readonly queue: Queue;

  constructor(scope: Construct, id: string, props: { removalPolicy: RemovalPolicy }) {
    super(scope, id);
    this.queue = new Queue(this, 'Queue', {
      // SQS-managed keys: EventBridge can deliver to it without a grant in a key policy.
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: props.removalPolicy,
    });
  }
}

import { Duration, Stack } from 'aws-cdk-lib';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  ConfigurationSet,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { eventRules } from '../../shared/event-rules.ts';

/** Known before the set exists, so functions can be told it without depending on it. */
export const configurationSetName = (stage: string) => `aftersales-${stage}`;

/** The registry's rule for SES feedback (shared/event-rules.ts). */
const sesFeedback = eventRules.find((rule) => rule.name === 'ses-events') as (typeof eventRules)[number];

export interface EmailProps {
  readonly stage: string;
  readonly senderDomain: string;
  /** functions/events/ses-events.ts: suppresses the address and marks the customer do-not-email. */
  readonly sesEvents: IFunction;
  readonly failureQueue: IQueue;
}

/**
 * Sending through SES v2: the domain identity (DKIM), a configuration set every email uses, and
 * bounces and complaints routed through EventBridge to the function that stops further mail.
 */
export class Email extends Construct {
  readonly identity: EmailIdentity;
  readonly configurationSet: ConfigurationSet;
  /** ses:SendEmail checks both the sending identity and the configuration set. */
  readonly sendingArns: string[];

  constructor(scope: Construct, id: string, props: EmailProps) {
    super(scope, id);
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: configurationSetName(props.stage),
      reputationMetrics: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.identity = new EmailIdentity(this, 'Domain', {
      identity: Identity.domain(props.senderDomain),
      configurationSet: this.configurationSet,
    });
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      // SES publishes only to the default bus.
      destination: EventDestination.eventBus(EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
    const stack = Stack.of(this);
    this.sendingArns = [
      stack.formatArn({ service: 'ses', resource: 'identity', resourceName: props.senderDomain }),
      stack.formatArn({
        service: 'ses',
        resource: 'configuration-set',
        resourceName: configurationSetName(props.stage),
      }),
    ];
    new Rule(this, 'SuppressOnBounceOrComplaint', {
      description: sesFeedback.description,
      eventPattern: {
        source: [...sesFeedback.pattern.source],
        detailType: [...sesFeedback.pattern['detail-type']],
        // Only this stage's mail: another stage in the same account has its own configuration set.
        detail: { mail: { tags: { 'ses:configuration-set': [configurationSetName(props.stage)] } } },
      },
      targets: [
        new LambdaFunction(props.sesEvents, {
          deadLetterQueue: props.failureQueue,
          retryAttempts: 8,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });
  }
}

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
import { type EventRuleName, eventRules } from '../../shared/event-rules.ts';

/** Known before the set exists, so functions can be told it without depending on it. */
export const configurationSetName = (stage: string) => `aftersales-${stage}`;

export interface EmailProps {
  readonly stage: string;
  readonly senderDomain: string;
  /**
   * The function of each rule of the registry (shared/event-rules.ts), all fed by SES:
   * `ses-events` suppresses bounced and complaining addresses, `mail-sent` marks mail sent.
   */
  readonly eventFunctions: Readonly<Record<EventRuleName, IFunction>>;
  readonly failureQueue: IQueue;
}

/**
 * Sending through SES v2: the domain identity (DKIM), a configuration set every email uses, and
 * its sends, bounces and complaints routed through EventBridge to the registry's functions.
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
    this.configurationSet.addEventDestination('SendsBouncesAndComplaints', {
      // SES publishes only to the default bus.
      destination: EventDestination.eventBus(EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: [EmailSendingEvent.SEND, EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
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
    for (const rule of eventRules) {
      new Rule(this, `rule-${rule.name}`, {
        description: rule.description,
        eventPattern: {
          source: [...rule.pattern.source],
          detailType: [...rule.pattern['detail-type']],
          // Only this stage's mail: another stage in the same account has its own configuration set.
          detail: { mail: { tags: { 'ses:configuration-set': [configurationSetName(props.stage)] } } },
        },
        targets: [
          new LambdaFunction(props.eventFunctions[rule.name], {
            deadLetterQueue: props.failureQueue,
            retryAttempts: 8,
            maxEventAge: Duration.hours(24),
          }),
        ],
      });
    }
  }
}

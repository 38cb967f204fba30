import { sesFeedbackDetailTypes, sesSentDetailType } from './schemas/ses-events.ts';

/**
 * The event rule registry: every EventBridge rule on the default bus and its function
 * `functions/events/<name>.ts`. The local event bus (`/_local/ses-events`) reads it; CDK's
 * rules should match on the same pattern. Every handler must be safe to run twice:
 * EventBridge delivers at least once.
 */
export interface EventRuleDefinition {
  /** kebab-case; also the handler file name. */
  readonly name: string;
  /** An EventBridge event pattern matching on `source` and `detail-type`. */
  readonly pattern: { readonly source: readonly string[]; readonly 'detail-type': readonly string[] };
  readonly description: string;
}

export const eventRules = [
  {
    name: 'ses-events',
    pattern: {
      source: ['aws.ses'],
      'detail-type': [sesFeedbackDetailTypes.bounce, sesFeedbackDetailTypes.complaint],
    },
    description:
      'SES bounces and complaints (configuration set event destination): suppress the address, mark customers do-not-email',
  },
  {
    name: 'mail-sent',
    pattern: { source: ['aws.ses'], 'detail-type': [sesSentDetailType] },
    description:
      'SES accepted a mail (send event): mark its outbox mail sent if its sender vanished before doing so, so it is not sent twice',
  },
] as const satisfies readonly EventRuleDefinition[];

export type EventRuleName = (typeof eventRules)[number]['name'];

export const eventHandlerPath = (name: string) => `functions/events/${name}.ts`;

/** True when `event` matches the rule's pattern (exact values of `source` and `detail-type`). */
export function matchesRule(rule: EventRuleDefinition, event: Record<string, unknown>): boolean {
  return (
    rule.pattern.source.includes(String(event.source)) &&
    rule.pattern['detail-type'].includes(String(event['detail-type']))
  );
}

import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import type { Config } from '../../shared/config.ts';
import { type EventRuleName, eventHandlerPath, eventRules } from '../../shared/event-rules.ts';
import { type Area, areas } from '../../shared/http/route.ts';
import {
  areaHandlerPath,
  type ScheduleName,
  scheduleHandlerPath,
  schedules,
} from '../../shared/schedules.ts';
import type { Settings } from '../config/settings.ts';
import { type FunctionBase, projectFunction } from './project-function.ts';

export interface EnvironmentProps {
  readonly settings: Settings;
  /** The configured origins and the console's (a deploy-time value unless it has its own domain). */
  readonly allowedOrigins: readonly string[];
  /** The staff console's URL, for links in staff emails. */
  readonly consoleUrl: string;
  readonly tableName: string;
  /**
   * The complaint state machine's ARN, built from its fixed name rather than read from the
   * resource, so no function depends on the state machine (which depends on the workflow functions).
   */
  readonly complaintWorkflowArn: string;
  readonly configurationSetName: string;
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  readonly linkKeysSecretArn: string;
}

/** The environment of every function of the stack, the workflow's included. */
export function functionEnvironment(props: EnvironmentProps): Record<string, string> {
  const { settings } = props;
  // Typed against shared/config.ts so a renamed or new setting fails the type check here.
  // LINK_SIGNING_KEYS is local only: in AWS the keys are in Secrets Manager.
  const config: Record<Exclude<keyof Config, 'LINK_SIGNING_KEYS'>, string> = {
    TABLE_NAME: props.tableName,
    MAIL_FROM: settings.mailFrom,
    AFTER_SALES_MAILBOX: settings.afterSalesMailbox,
    CONSOLE_URL: props.consoleUrl,
    COMPLAINT_WORKFLOW_ARN: props.complaintWorkflowArn,
    ROLE_MAILBOXES: JSON.stringify(settings.roleMailboxes),
    SES_CONFIGURATION_SET: props.configurationSetName,
    ALLOWED_ORIGINS: props.allowedOrigins.join(','),
    PUBLIC_URL: settings.publicUrl,
    CSAT_DELAY_WORKING_DAYS: String(settings.csatDelayWorkingDays),
    LINK_KEYS_SECRET_ARN: props.linkKeysSecretArn,
  };
  return {
    ...config,
    USER_POOL_ID: props.userPoolId,
    USER_POOL_CLIENT_ID: props.userPoolClientId,
    POWERTOOLS_SERVICE_NAME: 'aftersales',
    POWERTOOLS_LOG_LEVEL: 'INFO',
    NODE_OPTIONS: '--enable-source-maps',
  };
}

/** One function per API area, per scheduled job and per event rule (docs/architecture.md: why not per route). */
export class Functions extends Construct {
  readonly byArea: Record<Area, NodejsFunction>;
  readonly bySchedule: Record<ScheduleName, NodejsFunction>;
  readonly byEvent: Record<EventRuleName, NodejsFunction>;

  constructor(scope: Construct, id: string, base: FunctionBase) {
    super(scope, id);
    this.byArea = Object.fromEntries(
      areas.map((area) => [
        area,
        projectFunction(this, `http-${area}`, { ...base, entry: areaHandlerPath(area), kind: 'api' }),
      ]),
    ) as Record<Area, NodejsFunction>;
    this.bySchedule = Object.fromEntries(
      schedules.map(({ name }) => [
        name,
        projectFunction(this, `scheduled-${name}`, {
          ...base,
          entry: scheduleHandlerPath(name),
          kind: 'scheduled',
        }),
      ]),
    ) as Record<ScheduleName, NodejsFunction>;
    this.byEvent = Object.fromEntries(
      eventRules.map(({ name }) => [
        name,
        projectFunction(this, `events-${name}`, { ...base, entry: eventHandlerPath(name), kind: 'events' }),
      ]),
    ) as Record<EventRuleName, NodejsFunction>;
  }
}

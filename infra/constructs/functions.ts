import { Duration } from 'aws-cdk-lib';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { Config } from '../../shared/config.ts';
import { type Area, areas } from '../../shared/http/route.ts';
import {
  areaHandlerPath,
  type ScheduleName,
  scheduleHandlerPath,
  schedules,
} from '../../shared/schedules.ts';
import type { Settings } from '../config/settings.ts';
import { functionDefaults, projectPath } from './bundling.ts';

export interface ProjectFunctionProps {
  /** Handler module, relative to the repository root. */
  readonly entry: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly timeout: Duration;
  readonly table: ITable;
}

/**
 * A function with the project's defaults, its own log group and read/write access to the table.
 * Anything beyond the table is granted in one place: infra/constructs/permissions.ts.
 */
export function projectFunction(scope: Construct, id: string, props: ProjectFunctionProps): NodejsFunction {
  const fn = new NodejsFunction(scope, id, {
    ...functionDefaults,
    entry: projectPath(props.entry),
    environment: { ...props.environment },
    timeout: props.timeout,
    logGroup: new LogGroup(scope, `${id}-logs`, { retention: RetentionDays.ONE_MONTH }),
  });
  props.table.grantReadWriteData(fn);
  return fn;
}

export interface FunctionsProps {
  readonly table: ITable;
  readonly userPool: IUserPool;
  readonly userPoolClient: IUserPoolClient;
  readonly settings: Settings;
  /**
   * The complaint state machine's ARN, built from its fixed name rather than read from the
   * resource, so no function depends on the state machine (which depends on the workflow functions).
   */
  readonly complaintWorkflowArn: string;
}

/** One function per API area and one per scheduled job (see docs/architecture.md on why not per route). */
export class Functions extends Construct {
  readonly byArea: Record<Area, NodejsFunction>;
  readonly bySchedule: Record<ScheduleName, NodejsFunction>;
  /** What every function of the stack is given, the workflow's functions included. */
  readonly environment: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    // Typed against shared/config.ts so a renamed or new setting fails the type check here.
    const config: Record<keyof Config, string> = {
      TABLE_NAME: props.table.tableName,
      MAIL_FROM: props.settings.mailFrom,
      AFTER_SALES_MAILBOX: props.settings.afterSalesMailbox,
      CONSOLE_URL: props.settings.consoleUrl,
      COMPLAINT_WORKFLOW_ARN: props.complaintWorkflowArn,
      ROLE_MAILBOXES: JSON.stringify(props.settings.roleMailboxes),
    };
    this.environment = {
      ...config,
      USER_POOL_ID: props.userPool.userPoolId,
      USER_POOL_CLIENT_ID: props.userPoolClient.userPoolClientId,
      POWERTOOLS_SERVICE_NAME: 'aftersales',
      NODE_OPTIONS: '--enable-source-maps',
    };

    const create = (kind: 'http' | 'scheduled', name: string, entry: string, timeout: Duration) =>
      projectFunction(this, `${kind}-${name}`, {
        entry,
        environment: this.environment,
        timeout,
        table: props.table,
      });

    // API Gateway gives up after 29 s; a function still running then only wastes money.
    this.byArea = Object.fromEntries(
      areas.map((area) => [area, create('http', area, areaHandlerPath(area), Duration.seconds(25))]),
    ) as Record<Area, NodejsFunction>;
    this.bySchedule = Object.fromEntries(
      schedules.map(({ name }) => [
        name,
        create('scheduled', name, scheduleHandlerPath(name), Duration.minutes(2)),
      ]),
    ) as Record<ScheduleName, NodejsFunction>;
  }
}

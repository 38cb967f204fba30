import { Duration, Stack } from 'aws-cdk-lib';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
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

export interface FunctionsProps {
  readonly table: ITable;
  readonly userPool: IUserPool;
  readonly userPoolClient: IUserPoolClient;
  readonly settings: Settings;
}

/** The functions that send mail; everyone else only reads and writes the table. */
const mailSenders: ReadonlySet<Area | ScheduleName> = new Set(['intake', 'mail-outbox']);

/** One function per API area and one per scheduled job (see docs/architecture.md on why not per route). */
export class Functions extends Construct {
  readonly byArea: Record<Area, NodejsFunction>;
  readonly bySchedule: Record<ScheduleName, NodejsFunction>;

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    // Typed against shared/config.ts so a renamed or new setting fails the type check here.
    const config: Record<keyof Config, string> = {
      TABLE_NAME: props.table.tableName,
      MAIL_FROM: props.settings.mailFrom,
      AFTER_SALES_MAILBOX: props.settings.afterSalesMailbox,
      CONSOLE_URL: props.settings.consoleUrl,
    };
    const environment = {
      ...config,
      USER_POOL_ID: props.userPool.userPoolId,
      USER_POOL_CLIENT_ID: props.userPoolClient.userPoolClientId,
      POWERTOOLS_SERVICE_NAME: 'aftersales',
      NODE_OPTIONS: '--enable-source-maps',
    };
    // Scoped to identities rather than one address: the SES identity itself is set up later.
    const sendEmail = new PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: [Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: '*' })],
    });

    const create = (
      kind: 'http' | 'scheduled',
      name: Area | ScheduleName,
      entry: string,
      timeout: Duration,
    ) => {
      const fn = new NodejsFunction(this, `${kind}-${name}`, {
        ...functionDefaults,
        entry: projectPath(entry),
        environment,
        timeout,
        logGroup: new LogGroup(this, `${kind}-${name}-logs`, { retention: RetentionDays.ONE_MONTH }),
      });
      props.table.grantReadWriteData(fn);
      if (mailSenders.has(name)) fn.addToRolePolicy(sendEmail);
      return fn;
    };

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

import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { logger } from '../shared/logger.ts';
import { disposeSesClient } from '../shared/mail/ses.ts';
import { disposeDynamoClients } from '../shared/store/client.ts';
import {
  complaintWorkflowDefinition,
  type WorkflowResources,
} from '../shared/workflow/complaint-workflow.ts';
import { localFunctionArn, workflowFunctions } from '../shared/workflow/functions.ts';
import { disposeSfnClient } from '../shared/workflow/sfn.ts';
import { concurrencyLimit } from './concurrency.ts';
import { consoleFiles } from './console-files.ts';
import { ensureTable, localAws, startDynamoDbLocal } from './dynamodb.ts';
import { localEventBus } from './event-bus.ts';
import { type GatewayOptions, startGateway } from './gateway.ts';
import { localEndpoints } from './local-endpoints.ts';
import { freePort } from './ports.ts';
import { startScheduler } from './scheduler.ts';
import { localMailboxes } from './seed.ts';
import { startSesLocal } from './ses.ts';
import { startSesEventPump } from './ses-event-pump.ts';
import { staticFiles } from './static-files.ts';
import {
  type LambdaHandler,
  LocalStepFunctions,
  type LocalStepFunctionsOptions,
  stepFunctionsHandler,
} from './stepfunctions/index.ts';

export interface RuntimeOptions {
  readonly projectRoot: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly tableName: string;
  /** Use a running DynamoDB Local, or start one on `port` (data under `dataDir`, in memory without). */
  readonly dynamo: { readonly endpoint: string } | { readonly port: number; readonly dataDir?: string };
  /** Use a running aws-ses-v2-local, or start one on `port`. */
  readonly ses: { readonly endpoint: string } | { readonly port: number };
  readonly tokenSecret: string;
  readonly seed: boolean;
  /** Fire schedules on their timers (off in tests: they trigger jobs through the endpoint). */
  readonly timers: boolean;
  readonly logLevel?: string;
  readonly onRequest?: (line: string) => void;
  readonly instrument?: GatewayOptions['instrument'];
  /** Wraps each workflow function invocation of the local Step Functions engine. */
  readonly instrumentWorkflow?: LocalStepFunctionsOptions['instrument'];
  /** Wraps each event rule's function invocation (the cost meter's hook). */
  readonly instrumentEvents?: Parameters<typeof localEventBus>[1];
  /** Shorter human-task timeouts (seconds per step), for tests and demos of escalation. */
  readonly workflowTimeouts?: WorkflowResources['timeouts'];
  /** Workflow function invocations running at once (default 4; see local/concurrency.ts). */
  readonly workflowConcurrency?: number;
}

export interface Runtime {
  readonly url: string;
  readonly dynamoEndpoint: string;
  readonly sesEndpoint: string;
  readonly tableName: string;
  readonly seeded: boolean;
  stop(): Promise<void>;
}

/**
 * The whole system on one machine: DynamoDB Local, the SES stand-in, the environment
 * the handlers read (the only thing that differs from AWS), the table, demo data, the
 * scheduler and the API gateway serving the web forms.
 */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const stops: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s();
  };
  try {
    let dynamo: { endpoint: string } = options.dynamo as { endpoint: string };
    if (!('endpoint' in options.dynamo)) {
      const started = await startDynamoDbLocal(options.dynamo.port, options.dynamo.dataDir);
      stops.push(() => started.stop());
      dynamo = started;
    }
    let ses: { endpoint: string } = options.ses as { endpoint: string };
    if (!('endpoint' in options.ses)) {
      const started = await startSesLocal(options.ses.port);
      stops.push(() => started.stop());
      ses = started;
    }

    // Known before anything reads the configuration: links in emails point at this runtime.
    const port = options.port || (await freePort());
    Object.assign(process.env, {
      PUBLIC_URL: `http://localhost:${port}`,
      // Derived from the token secret, so links in mails survive a restart of `npm start`.
      LINK_SIGNING_KEYS: JSON.stringify({
        current: 'local-1',
        'local-1': createHash('sha256').update(`links:${options.tokenSecret}`).digest('hex'),
      }),
      AWS_REGION: localAws.region,
      AWS_ACCESS_KEY_ID: localAws.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localAws.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_SESV2: ses.endpoint,
      TABLE_NAME: options.tableName,
      LOCAL_TOKEN_SECRET: options.tokenSecret,
      POWERTOOLS_LOG_LEVEL: options.logLevel ?? process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
      POWERTOOLS_SERVICE_NAME: 'aftersales',
      ROLE_MAILBOXES: JSON.stringify(localMailboxes),
      // Named after the table: runtimes sharing one SES stand-in (the tests) each get the send
      // events of their own mail, as each stage's rules match only its own set in AWS.
      SES_CONFIGURATION_SET: options.tableName,
    });
    // Runs last on the way down: in-flight work above still needs the clients.
    stops.push(() => {
      disposeDynamoClients();
      disposeSesClient();
      disposeSfnClient();
    });
    // Step Functions: the same definition CDK deploys, run by the local durable engine.
    const workflowSlot = concurrencyLimit(options.workflowConcurrency ?? 4);
    const engine = new LocalStepFunctions({
      functions: Object.fromEntries(
        workflowFunctions.map(({ name, handler }) => [
          localFunctionArn(name),
          () =>
            import(pathToFileURL(resolve(options.projectRoot, handler)).href).then(
              (module: { handler: LambdaHandler }) => workflowSlot(module.handler),
            ),
        ]),
      ),
      onError: (message, error) => console.error(`step functions: ${message}`, error),
      // The workflow function's timeout in AWS (infra/constructs/project-function.ts).
      lambdaTimeoutMs: 60_000,
      ...(options.instrumentWorkflow ? { instrument: options.instrumentWorkflow } : {}),
    });
    process.env.COMPLAINT_WORKFLOW_ARN = engine.createStateMachine(
      'aftersales-complaint',
      complaintWorkflowDefinition({
        workflowFunctionArn: localFunctionArn('complaint-steps'),
        ...(options.workflowTimeouts ? { timeouts: options.workflowTimeouts } : {}),
      }),
    );
    stops.push(() => engine.stop());

    // For the runtime's own start-up: handlers' invocations reset the level to the one the logger
    // was created with, so entry points set POWERTOOLS_LOG_LEVEL before importing (local/start.ts).
    logger.setLogLevel(
      (process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN') as Parameters<typeof logger.setLogLevel>[0],
    );
    await ensureTable(dynamo.endpoint, options.tableName);
    // Imported after the environment is set: the store reads it on first use.
    const seeded = options.seed ? await (await import('./seed.ts')).seedDemoData() : false;

    const scheduler = startScheduler(options.projectRoot, {
      timers: options.timers,
      onError: (name, error) => console.error(`schedule ${name} failed:`, error),
    });
    stops.push(() => scheduler.stop());
    const eventBus = localEventBus(options.projectRoot, options.instrumentEvents);
    const staffConsole = consoleFiles();
    stops.push(() => staffConsole.stop());
    const gateway = await startGateway({
      port,
      projectRoot: options.projectRoot,
      extras: [
        stepFunctionsHandler(engine),
        localEndpoints(options.tokenSecret, scheduler, eventBus),
        staffConsole.handler,
        staticFiles(`${options.projectRoot}/web`),
      ],
      ...(options.onRequest ? { onRequest: options.onRequest } : {}),
      ...(options.instrument ? { instrument: options.instrument } : {}),
    });
    stops.push(() => gateway.close());
    // The handlers reach the engine through the gateway, as they would reach AWS.
    process.env.AWS_ENDPOINT_URL_SFN = gateway.url;
    await engine.resume();
    // SES's send events reach the mail-sent function as EventBridge would deliver them.
    const sesEvents = startSesEventPump(ses.endpoint, eventBus, {
      configurationSet: options.tableName,
      onError: (error) => console.error('SES event not handled, to be delivered again:', error),
    });
    stops.push(() => sesEvents.stop());
    return {
      url: gateway.url,
      dynamoEndpoint: dynamo.endpoint,
      sesEndpoint: ses.endpoint,
      tableName: options.tableName,
      seeded,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

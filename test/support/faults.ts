import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DynamoDBServiceException,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { type ExecutionListItem, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import type { MiddlewareStack } from '@smithy/types';
import { type CapturedEmail, capturedEmails } from '../../local/ses.ts';
import { MAIL_IN_DOUBT_MS, MAIL_LEASE_MS } from '../../shared/app/deliver-mail.ts';
import type { ApiResponse, TestRuntime } from './runtime.ts';
import { eventually } from './workflow.ts';

// ---- injecting faults into the shared AWS clients (shared/store/client.ts, sfn.ts, ses.ts) ----

/** Any AWS SDK v3 client: faults go into its middleware stack, the real call stays in place. */
interface SdkClient {
  // biome-ignore lint/suspicious/noExplicitAny: the stack of any client (DynamoDB, SFN, SES)
  readonly middlewareStack: MiddlewareStack<any, any>;
}

export interface FaultPlan {
  /** Which calls meet the fault: the command (`TransactWriteItemsCommand`) and its input as JSON text. */
  readonly on: (command: string, input: string) => boolean;
  readonly error: () => Error;
  /** How many matching calls (or attempts) fail; all of them, while the fault is in, when left out. */
  readonly times?: number;
  /**
   * `attempt`: every attempt of the SDK meets the fault, so the client's own retries (maxAttempts)
   * see it and may absorb a short burst. `call`: the call as the application sees it (no SDK retry).
   */
  readonly per?: 'attempt' | 'call';
  /**
   * `before`: refused before it reaches the service. `after`: the service did it and the answer
   * is lost (a crash or a dropped connection right after the write): only with `per: 'call'`.
   */
  readonly when?: 'before' | 'after';
}

export interface InjectedFault {
  /** How many calls (or attempts) the fault failed so far. */
  readonly hits: number;
  remove(): void;
}

let faultSeq = 0;

/**
 * Puts a fault into a shared client's middleware stack: matching calls fail as planned, every
 * other call goes to the real service (DynamoDB Local, the local engine, the SES stand-in).
 */
export function injectFault(client: SdkClient, plan: FaultPlan): InjectedFault {
  const name = `injectedFault${++faultSeq}`;
  const per = plan.per ?? 'call';
  const when = plan.when ?? 'before';
  if (per === 'attempt' && when === 'after') throw new Error('a lost answer is injected per call');
  const state = { hits: 0 };
  const limit = plan.times ?? Number.POSITIVE_INFINITY;
  const around = async <T>(command: string, input: unknown, proceed: () => Promise<T>): Promise<T> => {
    if (!plan.on(command, JSON.stringify(input)) || state.hits >= limit) return proceed();
    if (when === 'after') await proceed();
    state.hits += 1;
    throw plan.error();
  };
  // `initialize` runs once per call, outside the retry middleware; `deserialize` once per attempt.
  if (per === 'call') {
    client.middlewareStack.add(
      (next, context) => (args) => around(String(context.commandName), args.input, () => next(args)),
      { step: 'initialize', name, priority: 'high' },
    );
  } else {
    client.middlewareStack.add(
      (next, context) => (args) => around(String(context.commandName), args.input, () => next(args)),
      { step: 'deserialize', name, priority: 'high' },
    );
  }
  return {
    get hits() {
      return state.hits;
    },
    remove: () => {
      client.middlewareStack.remove(name);
    },
  };
}

/** Runs `work` with the fault in place, and takes it out whatever happens. */
export async function withFault<T>(
  client: SdkClient,
  plan: FaultPlan,
  work: (fault: InjectedFault) => Promise<T>,
): Promise<T> {
  const fault = injectFault(client, plan);
  try {
    return await work(fault);
  } finally {
    fault.remove();
  }
}

export interface HeldCalls {
  /** Calls waiting at the gate. */
  readonly waiting: number;
  /** Lets every held call (and later ones) through, and takes the gate out. */
  release(): void;
}

/** Holds matching calls of a shared client until released (a slow dependency, to order a race). */
export function holdCalls(client: SdkClient, on: FaultPlan['on']): HeldCalls {
  const name = `hold${++faultSeq}`;
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  let waiting = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (on(String(context.commandName), JSON.stringify(args.input))) {
        waiting += 1;
        await gate;
        waiting -= 1;
      }
      return next(args);
    },
    { step: 'initialize', name, priority: 'high' },
  );
  return {
    get waiting() {
      return waiting;
    },
    release: () => {
      open();
      client.middlewareStack.remove(name);
    },
  };
}

const $metadata = { httpStatusCode: 400, attempts: 1, totalRetryDelay: 0 };

/** DynamoDB's ways of saying "too many requests", as the SDK raises them. */
export const dynamoThrottling = {
  provisioned: () =>
    new ProvisionedThroughputExceededException({
      message: 'The level of configured provisioned throughput for the table was exceeded.',
      $metadata,
    }),
  throttling: () =>
    new DynamoDBServiceException({
      name: 'ThrottlingException',
      $fault: 'client',
      message: 'Throughput exceeds the current capacity of your table or index.',
      $metadata,
    }),
  /** One item of a transaction throttled: the SDK does not retry this one. */
  transaction: () =>
    new TransactionCanceledException({
      message:
        'Transaction cancelled, please refer cancellation reasons for specific reasons [ThrottlingError, None]',
      CancellationReasons: [
        {
          Code: 'ThrottlingError',
          Message: 'Throughput exceeds the current capacity of your table or index.',
        },
        { Code: 'None' },
      ],
      $metadata,
    }),
};

/** A plain crash of the function between its write and its return. */
export const crash = (why = 'injected crash') => new Error(why);

/** Does the command's input write an audit event of `type` (a case change's transaction)? */
export const writesEvent = (type: string) => (command: string, input: string) =>
  command === 'TransactWriteItemsCommand' && input.includes(`"${type}"`);

/** The intake transaction: the case, its reference, first audit event and mails (shared/store/cases.ts). */
export const storesCase = (command: string, input: string) =>
  command === 'TransactWriteItemsCommand' && input.includes('"received"') && input.includes('"REF#');

/** Writes of the Powertools idempotency records (shared/http/idempotency.ts). */
export const idempotencyWrite =
  (...commands: ('PutItemCommand' | 'UpdateItemCommand' | 'DeleteItemCommand')[]) =>
  (command: string, input: string) =>
    (commands as string[]).includes(command) && input.includes('"IDEMPOTENCY"');

// ---- a failing endpoint (SES hanging, throttling, 5xx) ---------------------------------------

/**
 * An error as SES answers it (`$metadata.httpStatusCode` set): SES did not take the mail. An
 * error without it is a call with no answer, which may have sent the mail (see sesAnswered).
 */
export const sesRefusal = (name: string, message: string, httpStatusCode: number) =>
  Object.assign(new Error(message), {
    name,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode },
  });

/** An instant at which the outbox tries mail again whose sender vanished mid-send (in doubt). */
export const pastMailInDoubt = () =>
  new Date(Date.now() + MAIL_LEASE_MS + MAIL_IN_DOUBT_MS + 60_000).toISOString();

/** Waits until no sender holds a mail of the case (each sent it, or released it on failure). */
export async function sendersDone(api: TestRuntime, caseId: string): Promise<void> {
  await eventually(
    'every sender of the case to let go of its mail',
    async () => (await pendingMailOf(api, caseId)).every((mail) => mail.leaseUntil === undefined),
    30_000,
  );
}

export type EndpointFailure = 'hang' | 'throttle' | 'error';

export interface FailingEndpoint {
  readonly url: string;
  /** Requests it received (each SDK attempt is one). */
  readonly requests: number;
  close(): Promise<void>;
}

/** A local HTTP server that fails every request the way a sick AWS endpoint does. */
export async function startFailingEndpoint(failure: EndpointFailure): Promise<FailingEndpoint> {
  let requests = 0;
  const answer = (response: ServerResponse, status: number, type: string, message: string) => {
    response.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type });
    response.end(JSON.stringify({ message }));
  };
  const server: Server = createServer((request, response) => {
    requests += 1;
    request.resume();
    if (failure === 'throttle')
      answer(response, 429, 'TooManyRequestsException', 'Maximum sending rate exceeded.');
    if (failure === 'error') answer(response, 500, 'InternalFailure', 'We encountered an internal error.');
    // 'hang': never answers; the client's request timeout has to end it.
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/**
 * Sends the client's requests to `endpoint` instead of the real service while it is in place
 * (rewritten at the build step, before the request is signed; each SDK retry reuses it).
 */
export function redirectClient(client: SdkClient, endpoint: FailingEndpoint): { remove(): void } {
  const name = `redirect${++faultSeq}`;
  const target = new URL(endpoint.url);
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as {
        hostname: string;
        port?: number;
        protocol: string;
        headers: Record<string, string>;
      };
      request.hostname = target.hostname;
      request.port = Number(target.port);
      request.protocol = 'http:';
      request.headers.host = target.host;
      return next(args);
    },
    { step: 'build', name, priority: 'low' },
  );
  return { remove: () => void client.middlewareStack.remove(name) };
}

// ---- what every scenario ends with ------------------------------------------------------------

/** A case the API accepted (201). */
export interface Accepted {
  readonly id: string;
  readonly reference: string;
  /** The submitter's address (unique per test). */
  readonly email: string;
}

/** The executions of the complaint workflow named `name` (at most one can exist: names are unique). */
export async function executionsNamed(api: TestRuntime, name: string): Promise<ExecutionListItem[]> {
  const stateMachineArn = process.env.COMPLAINT_WORKFLOW_ARN;
  if (!stateMachineArn) throw new Error('the runtime has not registered the complaint workflow');
  const found: ExecutionListItem[] = [];
  let nextToken: string | undefined;
  do {
    const page = await api.sfn.send(
      new ListExecutionsCommand({ stateMachineArn, maxResults: 1000, ...(nextToken ? { nextToken } : {}) }),
    );
    found.push(...(page.executions ?? []).filter((execution) => execution.name === name));
    nextToken = page.nextToken;
  } while (nextToken);
  return found;
}

/** The audit events of a case, as stored (its partition holds the case and its events). */
export async function storedEvents(api: TestRuntime, caseId: string): Promise<Record<string, unknown>[]> {
  return (await api.partition(`CASE#${caseId}`)).filter((item) => item.entityType === 'event');
}

/** The stored events of `type` of a case. */
export const storedEventsOf = async (api: TestRuntime, caseId: string, type: string) =>
  (await storedEvents(api, caseId)).filter((event) => event.type === type);

/**
 * Checks an accepted complaint is whole: the case with its reference and first audit event, its
 * acknowledgement staged, and one workflow execution named after it that recorded it once.
 */
export async function expectStoredWithOneWorkflow(api: TestRuntime, accepted: Accepted): Promise<void> {
  const stored = await api.item(`CASE#${accepted.id}`, 'CASE');
  expect(stored).toMatchObject({ reference: accepted.reference });
  expect(await api.item(`REF#${accepted.reference}`, 'REF')).toMatchObject({ caseId: accepted.id });
  expect(await storedEventsOf(api, accepted.id, 'received')).toHaveLength(1);
  expect(await api.item(`MAIL#${accepted.id}-ack`, 'MAIL')).toBeDefined();
  expect(await executionsNamed(api, accepted.id)).toHaveLength(1);
  // The workflow records the complaint in the background.
  const started = await eventually(`the workflow of ${accepted.id} to record it`, async () => {
    const events = await storedEventsOf(api, accepted.id, 'workflow.started');
    return events.length > 0 && events;
  });
  expect(started).toHaveLength(1);
}

/** Cases in the table whose submitter has `email` (each test uses a fresh address). */
export async function casesFrom(api: TestRuntime, email: string): Promise<Record<string, unknown>[]> {
  return (await api.indexPartition('gsi1', 'CASES#complaint')).filter(
    (item) => (item.submitter as { email?: string } | undefined)?.email === email,
  );
}

/** Emails about a case: to its submitter, or naming its reference with a body that links its id. */
export async function mailsAboutCase(api: TestRuntime, accepted: Accepted): Promise<CapturedEmail[]> {
  return (await capturedEmails(api.runtime.sesEndpoint)).filter(
    (mail) =>
      mail.destination.to.includes(accepted.email) ||
      (mail.subject.includes(accepted.reference) && (mail.body.text ?? '').includes(accepted.id)),
  );
}

/** How many times each recipient received each subject about the case: `recipient | subject` -> count. */
export async function mailCounts(api: TestRuntime, accepted: Accepted): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const mail of await mailsAboutCase(api, accepted)) {
    for (const to of mail.destination.to) {
      const key = `${to} | ${mail.subject}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

/** No recipient got the same mail about the case twice. */
export async function expectNoDuplicateMail(api: TestRuntime, accepted: Accepted): Promise<void> {
  const twice = [...(await mailCounts(api, accepted))].filter(([, count]) => count > 1);
  expect(twice).toEqual([]);
}

/** Mail of the case still waiting in the outbox. */
export async function pendingMailOf(api: TestRuntime, caseId: string): Promise<Record<string, unknown>[]> {
  return (await api.indexPartition('gsi1', 'MAIL#PENDING')).filter((mail) => mail.caseId === caseId);
}

/** A 503 the caller is meant to retry: problem+json, Retry-After, nothing internal in it. */
export function expectRetryLater(response: ApiResponse): void {
  expect(response.status).toBe(503);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(response.body).toMatchObject({ status: 503, type: '/v1/docs#problem-service-unavailable' });
  expect(response.text).not.toMatch(
    /Throttl|throughput|Transaction|Dynamo|Idempotency|IDEMPOTENCY|stack|\bat \w+ \(|Exception/i,
  );
}

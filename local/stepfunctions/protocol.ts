import { randomUUID } from 'node:crypto';
import type { ExtraHandler } from '../gateway.ts';
import { LOCAL_ROLE_ARN } from './arns.ts';
import type { LocalStepFunctions } from './engine.ts';
import { SfnApiError } from './errors.ts';
import type { ExecutionRecord, ExecutionStatus, StoredEvent } from './journal.ts';

/*
 * The Step Functions JSON protocol (awsJson1_0), as @aws-sdk/client-sfn speaks it:
 * `POST /`, `X-Amz-Target: AWSStepFunctions.<Action>`, `application/x-amz-json-1.0`,
 * timestamps as epoch seconds, errors as HTTP 400 `{"__type": "com.amazonaws.states#<Code>",
 * "message": ...}`. The SDK takes the code after `#` and throws its class of that name
 * (ExecutionAlreadyExists, InvalidToken, TaskDoesNotExist, TaskTimedOut, ...).
 */

const TARGET_PREFIX = 'AWSStepFunctions.';
const CONTENT_TYPE = 'application/x-amz-json-1.0';
type Body = Record<string, unknown>;

const seconds = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso) / 1000);

function text(body: Body, field: string, required: true): string;
function text(body: Body, field: string, required?: false): string | undefined;
function text(body: Body, field: string, required = false): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) {
    if (required)
      throw new SfnApiError(
        'ValidationException',
        `1 validation error detected: '${field}' must not be null`,
      );
    return undefined;
  }
  if (typeof value !== 'string') throw new SfnApiError('ValidationException', `'${field}' must be a string`);
  return value;
}

function count(body: Body, field: string): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 1000) {
    throw new SfnApiError('ValidationException', `'${field}' must be an integer from 0 to 1000`);
  }
  return value;
}

const STATUSES: readonly ExecutionStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

/** What ListExecutions shows of an execution, and DescribeExecution begins with. */
const summaryOf = (record: ExecutionRecord) => ({
  executionArn: record.executionArn,
  stateMachineArn: record.stateMachineArn,
  name: record.name,
  status: record.status,
  startDate: seconds(record.startDate),
  stopDate: seconds(record.stopDate),
});

function describe(record: ExecutionRecord) {
  return {
    ...summaryOf(record),
    input: record.input,
    inputDetails: { included: true },
    output: record.output,
    ...(record.output !== undefined ? { outputDetails: { included: true } } : {}),
    error: record.error,
    cause: record.cause,
    redriveCount: 0,
  };
}

/** `TaskScheduled` -> `taskScheduledEventDetails`; state events share two members. */
function detailsMember(type: string): string {
  if (type.endsWith('StateEntered')) return 'stateEnteredEventDetails';
  if (type.endsWith('StateExited')) return 'stateExitedEventDetails';
  return `${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`;
}

function historyEvent(event: StoredEvent, includeData: boolean) {
  let details = event.details;
  if (details && !includeData) {
    details = Object.fromEntries(
      Object.entries(details).filter(([key]) => !['input', 'output', 'parameters'].includes(key)),
    );
  }
  return {
    timestamp: seconds(event.timestamp),
    type: event.type,
    id: event.id,
    previousEventId: event.id - 1,
    ...(details ? { [detailsMember(event.type)]: details } : {}),
  };
}

function page<T>(items: readonly T[], body: Body): { items: T[]; nextToken?: string } {
  const token = text(body, 'nextToken');
  const offset = token ? Number(Buffer.from(token, 'base64url').toString()) : 0;
  if (!Number.isInteger(offset) || offset < 0)
    throw new SfnApiError('InvalidToken', 'Invalid Token: bad nextToken');
  const size = count(body, 'maxResults') || 100;
  const slice = items.slice(offset, offset + size);
  return offset + size < items.length
    ? { items: slice, nextToken: Buffer.from(String(offset + size)).toString('base64url') }
    : { items: slice };
}

type Action = (engine: LocalStepFunctions, body: Body) => Promise<unknown>;

const actions: Record<string, Action> = {
  StartExecution: async (engine, body) => {
    const name = text(body, 'name');
    const input = text(body, 'input');
    const started = await engine.startExecution({
      stateMachineArn: text(body, 'stateMachineArn', true),
      ...(name !== undefined ? { name } : {}),
      ...(input !== undefined ? { input } : {}),
    });
    return { executionArn: started.executionArn, startDate: seconds(started.startDate) };
  },
  DescribeExecution: async (engine, body) =>
    describe(await engine.describeExecution(text(body, 'executionArn', true))),
  GetExecutionHistory: async (engine, body) => {
    const events = await engine.getExecutionHistory(text(body, 'executionArn', true));
    if (body.reverseOrder === true) events.reverse();
    const { items, nextToken } = page(events, body);
    const includeData = body.includeExecutionData !== false;
    return { events: items.map((event) => historyEvent(event, includeData)), nextToken };
  },
  ListExecutions: async (engine, body) => {
    const statusFilter = text(body, 'statusFilter');
    if (statusFilter !== undefined && !STATUSES.includes(statusFilter as ExecutionStatus)) {
      throw new SfnApiError('ValidationException', `'statusFilter' must be one of ${STATUSES.join(', ')}`);
    }
    const nextToken = text(body, 'nextToken');
    const maxResults = count(body, 'maxResults');
    const listed = await engine.listExecutions({
      stateMachineArn: text(body, 'stateMachineArn', true),
      ...(statusFilter ? { statusFilter: statusFilter as ExecutionStatus } : {}),
      ...(maxResults ? { maxResults } : {}),
      ...(nextToken ? { nextToken } : {}),
    });
    return {
      executions: listed.executions.map(summaryOf),
      nextToken: listed.nextToken,
    };
  },
  StopExecution: async (engine, body) => {
    const stopped = await engine.stopExecution(
      text(body, 'executionArn', true),
      text(body, 'error'),
      text(body, 'cause'),
    );
    return { stopDate: seconds(stopped.stopDate) };
  },
  SendTaskSuccess: async (engine, body) => {
    await engine.sendTaskSuccess(text(body, 'taskToken', true), text(body, 'output', true));
    return {};
  },
  SendTaskFailure: async (engine, body) => {
    await engine.sendTaskFailure(text(body, 'taskToken', true), text(body, 'error'), text(body, 'cause'));
    return {};
  },
  SendTaskHeartbeat: async (engine, body) => {
    await engine.sendTaskHeartbeat(text(body, 'taskToken', true));
    return {};
  },
  DescribeStateMachine: async (engine, body) => {
    const { machine, definition } = engine.describeStateMachine(text(body, 'stateMachineArn', true));
    return {
      stateMachineArn: machine.arn,
      name: machine.name,
      status: 'ACTIVE',
      definition: JSON.stringify(definition),
      roleArn: LOCAL_ROLE_ARN,
      type: 'STANDARD',
      creationDate: seconds(machine.createdAt),
    };
  },
  ListStateMachines: async (engine, body) => {
    const { items, nextToken } = page(engine.listStateMachines(), body);
    return {
      stateMachines: items.map((machine) => ({
        stateMachineArn: machine.arn,
        name: machine.name,
        type: 'STANDARD',
        creationDate: seconds(machine.createdAt),
      })),
      nextToken,
    };
  },
};

function parseBody(body: Buffer): Body {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new SfnApiError('SerializationException', 'the request body is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SfnApiError('SerializationException', 'the request body must be a JSON object');
  }
  return parsed as Body;
}

/**
 * The engine as an extra handler of the local gateway: answers `POST /` requests that carry
 * `X-Amz-Target: AWSStepFunctions.*` and lets every other request through, so
 * `AWS_ENDPOINT_URL_SFN` can point at the gateway's URL.
 */
export function stepFunctionsHandler(
  engine: LocalStepFunctions,
  onError: (message: string, error: unknown) => void = (message, error) => console.error(message, error),
): ExtraHandler {
  return async (request, response, url, body) => {
    const target = request.headers['x-amz-target'];
    if (request.method !== 'POST' || url.pathname !== '/' || typeof target !== 'string') return false;
    if (!target.startsWith(TARGET_PREFIX)) return false;
    const name = target.slice(TARGET_PREFIX.length);
    let status = 200;
    let payload: unknown;
    try {
      const action = Object.hasOwn(actions, name) ? actions[name] : undefined;
      if (!action)
        throw new SfnApiError('UnknownOperationException', `the local engine does not implement ${name}`);
      payload = await action(engine, parseBody(body));
    } catch (error) {
      if (error instanceof SfnApiError) {
        status = error.status;
        payload = { __type: `com.amazonaws.states#${error.code}`, message: error.message };
      } else {
        onError(`local step functions: ${name} failed`, error);
        status = 500;
        payload = { __type: 'com.amazonaws.states#InternalFailure', message: (error as Error).message };
      }
    }
    response.writeHead(status, { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': randomUUID() });
    response.end(JSON.stringify(payload));
    return true;
  };
}

import { randomBytes, randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { logger } from '../../shared/logger.ts';
import { documentClient, tableName } from '../../shared/store/client.ts';
import { lambdaContext } from '../lambda-context.ts';
import {
  executionArn,
  functionNameOf,
  isValidName,
  parseExecutionArn,
  stateMachineArn,
  stateMachineNameOf,
} from './arns.ts';
import { type JsonObject, LAMBDA_INVOKE, prepareDefinition } from './definition.ts';
import { SfnApiError, StateError } from './errors.ts';
import {
  type ExecutionRecord,
  type ExecutionStatus,
  executionPk,
  type JournalEntry,
  SfnStore,
  type StoredEvent,
  type TaskClose,
  type TokenRef,
} from './journal.ts';
import { ExecutionRun, iso, type Outcome, type RegisteredMachine, type RunServices } from './run.ts';

export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;
/** Loads a function's handler once, e.g. `() => import(fileUrl).then((m) => m.handler)`. */
export type HandlerLoader = () => Promise<LambdaHandler>;

export interface LocalStepFunctionsOptions {
  /** Lambda function ARN or name (what a definition's `Parameters.FunctionName` holds) -> its handler. */
  readonly functions: Readonly<Record<string, HandlerLoader>>;
  /** The clock (ms since the epoch) for dates, deadlines and history; tests move it. */
  readonly now?: () => number;
  /** Where executions live: by default the application's table (`TABLE_NAME`) and shared client. */
  readonly store?: { readonly client?: DynamoDBDocumentClient; readonly tableName?: string };
  /**
   * The functions' timeout: the Lambda context's budget (getRemainingTimeInMillis), and a call
   * still running then fails with `Sandbox.Timedout`, as Lambda ends it; 15 minutes by default.
   */
  readonly lambdaTimeoutMs?: number;
  /** Background failures (a store write, a handler loader); logged as errors by default. */
  readonly onError?: (message: string, error: unknown) => void;
  /** Wraps each function invocation (the cost model meters workflow Lambdas with it). */
  readonly instrument?: <T>(functionName: string, run: () => Promise<T>) => Promise<T>;
}

export interface StartExecutionInput {
  readonly stateMachineArn: string;
  readonly name?: string;
  readonly input?: string;
}

export type ExecutionDescription = ExecutionRecord;

export interface ExecutionPage {
  readonly executions: readonly ExecutionRecord[];
  readonly nextToken?: string;
}

/** Payloads above AWS's limit are refused as AWS refuses them. */
const MAX_PAYLOAD_BYTES = 256 * 1024;

/** The interpreter's own States.Timeout class (unexported): Retry/Catch single it out by class. */
let interpreterTimeoutClass: Promise<(new () => Error) | undefined> | undefined;

/**
 * `States.TaskFailed` in a Retry or Catch matches every task error except a timeout, which
 * the interpreter recognises by class. The class is not exported: one throwaway run with a
 * 1 ms task timeout hands over an instance, once per process.
 */
function probeTimeoutClass(): Promise<(new () => Error) | undefined> {
  interpreterTimeoutClass ??= (async () => {
    const probe = new StateMachine(
      {
        StartAt: 'Probe',
        States: { Probe: { Type: 'Task', Resource: LAMBDA_INVOKE, TimeoutSeconds: 0.001, End: true } },
      } as unknown as StateMachineDefinition,
      { validationOptions: { noValidate: true } },
    );
    let release: () => void = () => undefined;
    const waiting = new Promise<null>((resolve) => {
      release = () => resolve(null);
    });
    try {
      await probe.run({}, { overrides: { taskResourceLocalHandlers: { Probe: () => waiting } } }).result;
    } catch (error) {
      const cause = (error as Error).cause;
      if (cause instanceof Error && cause.name === 'States.Timeout')
        return cause.constructor as new () => Error;
    } finally {
      release();
    }
    return undefined;
  })();
  return interpreterTimeoutClass;
}

const invalidToken = () =>
  new SfnApiError('InvalidToken', "Invalid Token: 'Provided task token is invalid.'");
const taskDoesNotExist = () =>
  new SfnApiError('TaskDoesNotExist', 'Task Does Not Exist: the task of this token has already completed');
const taskTimedOut = (why: string) => new SfnApiError('TaskTimedOut', `Task Timed Out: ${why}`);

/**
 * Step Functions on one machine: the aws-local-stepfunctions interpreter runs the ASL; this
 * layer mints callback tokens, times tasks, keeps a journal and the history in DynamoDB,
 * resumes RUNNING executions after a restart by replaying the journal, and answers the
 * SFN API (protocol.ts turns it into the JSON protocol). docs/local-stepfunctions.md.
 */
export class LocalStepFunctions {
  private readonly machines = new Map<string, RegisteredMachine>();
  private readonly runs = new Map<string, ExecutionRun>();
  private readonly loaders = new Map<string, HandlerLoader>();
  private readonly handlers = new Map<string, Promise<LambdaHandler>>();
  private readonly work = new Set<Promise<unknown>>();
  private readonly store: SfnStore;
  private readonly now: () => number;
  private readonly lambdaTimeoutMs: number;
  private readonly report: (message: string, error: unknown) => void;
  private readonly instrument: NonNullable<LocalStepFunctionsOptions['instrument']>;
  private readonly services: RunServices;
  private stopped = false;

  constructor(options: LocalStepFunctionsOptions) {
    for (const [key, loader] of Object.entries(options.functions)) {
      this.loaders.set(functionNameOf(key) ?? key, loader);
    }
    this.now = options.now ?? Date.now;
    this.lambdaTimeoutMs = options.lambdaTimeoutMs ?? 15 * 60 * 1000;
    this.report =
      options.onError ?? ((message, error) => logger.error(`local step functions: ${message}`, { error }));
    this.instrument = options.instrument ?? ((_name, run) => run());
    const client = options.store?.client;
    const table = options.store?.tableName;
    // Resolved on first use: the runtime sets the environment before it stores anything.
    this.store = new SfnStore(
      () => client ?? documentClient(),
      () => table ?? tableName(),
    );
    const tokenPlaceholder = `local-sfn-task-token-${randomBytes(12).toString('hex')}`;
    this.services = {
      store: this.store,
      now: this.now,
      tokenPlaceholder,
      invoke: (functionName, event) => this.invoke(functionName, event),
      timeoutError: async (cause) => {
        const Timeout = await probeTimeoutClass();
        const error = Timeout ? new Timeout() : new StateError('States.Timeout', cause);
        error.message = cause;
        return error;
      },
      track: (work) => this.track(work),
      report: (message, error) => this.report(message, error),
      finished: (run) => {
        if (this.runs.get(run.record.executionArn) === run) this.runs.delete(run.record.executionArn);
      },
      refresh: (run) => {
        void this.refresh(run);
      },
    };
  }

  /**
   * Registers (or replaces) a state machine and returns its ARN. Throws a DefinitionError
   * listing what the local engine cannot run (JSONata, other resources, ...).
   */
  createStateMachine(name: string, definition: object): string {
    if (!isValidName(name)) throw new Error(`invalid state machine name ${JSON.stringify(name)}`);
    const prepared = prepareDefinition(name, definition);
    const arn = stateMachineArn(name);
    this.machines.set(arn, {
      name,
      arn,
      createdAt: this.machines.get(arn)?.createdAt ?? iso(this.now()),
      prepared,
      interpreter: new StateMachine(prepared.runtime, { validationOptions: { noValidate: true } }),
    });
    return arn;
  }

  /**
   * Re-runs every RUNNING execution from its input, replaying its journal: call once at
   * start-up, after createStateMachine. Executions of unregistered state machines wait.
   */
  async resume(): Promise<{ resumed: string[]; waiting: string[] }> {
    const resumed: string[] = [];
    const waiting: string[] = [];
    for (const record of await this.store.runningExecutions()) {
      if (this.runs.has(record.executionArn)) continue;
      if (!this.machines.has(record.stateMachineArn)) {
        waiting.push(record.executionArn);
        continue;
      }
      await this.startRun(record, true);
      resumed.push(record.executionArn);
    }
    if (waiting.length > 0) {
      logger.warn('local step functions: running executions wait for their state machine to be registered', {
        executions: waiting,
      });
    }
    return { resumed, waiting };
  }

  /**
   * Stops every run without marking anything failed (the next start resumes them), clears
   * the timers and waits for pending store writes.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    const runs = [...this.runs.values()];
    this.runs.clear();
    await Promise.all(runs.map((run) => run.stop()));
    while (this.work.size > 0) await Promise.allSettled([...this.work]);
  }

  async startExecution(request: StartExecutionInput): Promise<{ executionArn: string; startDate: string }> {
    this.assertRunning();
    const machine = this.machines.get(request.stateMachineArn);
    if (!machine) {
      throw new SfnApiError(
        stateMachineNameOf(request.stateMachineArn) ? 'StateMachineDoesNotExist' : 'InvalidArn',
        `State Machine Does Not Exist: '${request.stateMachineArn}'`,
      );
    }
    const name = request.name ?? randomUUID();
    if (!isValidName(name)) throw new SfnApiError('InvalidName', `Invalid Name: '${name}'`);
    const input = request.input ?? '{}';
    if (Buffer.byteLength(input) > MAX_PAYLOAD_BYTES) {
      throw new SfnApiError('InvalidExecutionInput', 'Invalid Execution Input: the input exceeds 256 KB');
    }
    try {
      JSON.parse(input);
    } catch {
      throw new SfnApiError('InvalidExecutionInput', 'Invalid Execution Input: the input is not valid JSON');
    }
    const record: ExecutionRecord = {
      executionArn: executionArn(machine.name, name),
      stateMachineArn: machine.arn,
      stateMachineName: machine.name,
      name,
      input,
      status: 'RUNNING',
      startDate: iso(this.now()),
    };
    if (!(await this.track(this.store.createExecution(record)))) {
      // AWS: the same name and input while it runs is the same start (idempotent); otherwise an error.
      const existing = await this.store.getExecution(executionPk(machine.name, name));
      if (existing?.status === 'RUNNING' && existing.input === input) {
        return { executionArn: existing.executionArn, startDate: existing.startDate };
      }
      throw new SfnApiError('ExecutionAlreadyExists', `Execution Already Exists: '${record.executionArn}'`);
    }
    await this.startRun(record, false);
    return { executionArn: record.executionArn, startDate: record.startDate };
  }

  async describeExecution(arn: string): Promise<ExecutionDescription> {
    return this.execution(arn);
  }

  /** The execution's history, oldest first (protocol.ts pages and shapes it). */
  async getExecutionHistory(arn: string): Promise<StoredEvent[]> {
    const record = await this.execution(arn);
    await this.runs.get(record.executionArn)?.flushEvents();
    return this.store.events(this.pkOf(record));
  }

  /** The execution's journal, in order (for tools and tests; not an AWS action). */
  async journal(arn: string): Promise<JournalEntry[]> {
    const record = await this.execution(arn);
    return (await this.store.journal(this.pkOf(record))).filter(Boolean);
  }

  async listExecutions(request: {
    stateMachineArn: string;
    statusFilter?: ExecutionStatus;
    maxResults?: number;
    nextToken?: string;
  }): Promise<ExecutionPage> {
    const name = stateMachineNameOf(request.stateMachineArn);
    if (!name) throw new SfnApiError('InvalidArn', `Invalid Arn: '${request.stateMachineArn}'`);
    if (!this.machines.has(request.stateMachineArn)) {
      throw new SfnApiError(
        'StateMachineDoesNotExist',
        `State Machine Does Not Exist: '${request.stateMachineArn}'`,
      );
    }
    const all = (await this.store.executionsOf(name)).filter(
      (record) => !request.statusFilter || record.status === request.statusFilter,
    );
    const offset = request.nextToken ? Number(Buffer.from(request.nextToken, 'base64url').toString()) : 0;
    if (!Number.isInteger(offset) || offset < 0) throw new SfnApiError('InvalidToken', 'Invalid nextToken');
    const size = request.maxResults && request.maxResults > 0 ? Math.min(request.maxResults, 1000) : 100;
    const executions = all.slice(offset, offset + size);
    return offset + size < all.length
      ? { executions, nextToken: Buffer.from(String(offset + size)).toString('base64url') }
      : { executions };
  }

  /** Aborts a RUNNING execution (AWS's StopExecution); its open tokens then time out. */
  async stopExecution(arn: string, error?: string, cause?: string): Promise<{ stopDate: string }> {
    this.assertRunning();
    const record = await this.execution(arn);
    if (record.status === 'RUNNING') {
      const run = this.runs.get(record.executionArn);
      if (run) {
        await run.terminate('ABORTED', error, cause);
      } else {
        // Not running here (its state machine is not registered): close it in the store.
        const pk = this.pkOf(record);
        const stopDate = iso(this.now());
        const fields = {
          ...(error !== undefined ? { error } : {}),
          ...(cause !== undefined ? { cause } : {}),
        };
        const id = (await this.store.lastEventId(pk)) + 1;
        await this.track(
          this.store.putEvents(pk, [{ id, type: 'ExecutionAborted', timestamp: stopDate, details: fields }]),
        );
        await this.track(this.store.finishExecution(pk, { status: 'ABORTED', stopDate, ...fields }));
      }
    }
    const after = await this.execution(arn);
    return { stopDate: after.stopDate ?? iso(this.now()) };
  }

  async sendTaskSuccess(token: string, output: string): Promise<void> {
    let result: string;
    try {
      result = JSON.stringify(JSON.parse(output));
    } catch {
      throw new SfnApiError('InvalidOutput', 'Invalid Output: the output is not valid JSON');
    }
    if (Buffer.byteLength(result) > MAX_PAYLOAD_BYTES) {
      throw new SfnApiError('InvalidOutput', 'Invalid Output: the output exceeds 256 KB');
    }
    const ref = await this.openTask(token);
    await this.complete(ref, { outcome: 'succeeded', closedAt: iso(this.now()), result });
  }

  async sendTaskFailure(token: string, error?: string, cause?: string): Promise<void> {
    const ref = await this.openTask(token);
    await this.complete(ref, {
      outcome: 'failed',
      closedAt: iso(this.now()),
      error: error ?? '',
      cause: cause ?? '',
    });
  }

  /** Checks the token as AWS does; HeartbeatSeconds is not supported, so nothing else happens. */
  async sendTaskHeartbeat(token: string): Promise<void> {
    await this.openTask(token);
  }

  describeStateMachine(arn: string): { machine: RegisteredMachine; definition: JsonObject } {
    const machine = this.machines.get(arn);
    if (!machine) throw new SfnApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return { machine, definition: machine.prepared.original };
  }

  listStateMachines(): RegisteredMachine[] {
    return [...this.machines.values()];
  }

  private assertRunning() {
    if (this.stopped)
      throw new SfnApiError('ServiceUnavailable', 'the local Step Functions engine is stopped', 503);
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.work.add(work);
    const done = () => this.work.delete(work);
    work.then(done, done);
    return work;
  }

  private pkOf(record: ExecutionRecord): string {
    return executionPk(record.stateMachineName, record.name);
  }

  private async execution(arn: string): Promise<ExecutionRecord> {
    const parsed = parseExecutionArn(arn);
    if (!parsed) throw new SfnApiError('InvalidArn', `Invalid Arn: '${arn}'`);
    const record = await this.store.getExecution(executionPk(parsed.stateMachine, parsed.name));
    if (!record) throw new SfnApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return record;
  }

  private async startRun(record: ExecutionRecord, replay: boolean): Promise<void> {
    const machine = this.machines.get(record.stateMachineArn);
    if (!machine || this.stopped) return;
    const pk = this.pkOf(record);
    const [journal, persistedEvents] = replay
      ? await Promise.all([this.store.journal(pk), this.store.lastEventId(pk)])
      : [[], 0];
    if (this.stopped || this.runs.has(record.executionArn)) return;
    const run = new ExecutionRun(this.services, machine, record, pk, journal, persistedEvents);
    this.runs.set(record.executionArn, run);
    run.start();
  }

  private async refresh(run: ExecutionRun): Promise<void> {
    if (this.stopped || this.runs.get(run.record.executionArn) !== run) return;
    try {
      this.runs.delete(run.record.executionArn);
      await run.stop();
      const record = await this.store.getExecution(run.pk);
      if (record?.status === 'RUNNING') await this.startRun(record, true);
    } catch (error) {
      this.report(`refreshing ${run.record.executionArn} failed`, error);
    }
  }

  /** The open task of a token, or the error AWS answers for it. */
  private async openTask(token: string): Promise<TokenRef> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 2048) throw invalidToken();
    const ref = await this.store.tokenRef(token);
    if (!ref) throw invalidToken();
    const entry = await this.store.getTask(ref.pk, ref.seq);
    if (!entry) throw invalidToken();
    if (entry.outcome === 'timedOut') throw taskTimedOut('the task of this token timed out');
    if (entry.outcome) throw taskDoesNotExist();
    const record = await this.store.getExecution(ref.pk);
    if (record?.status !== 'RUNNING') throw taskTimedOut(`the execution is ${record?.status ?? 'gone'}`);
    if (Date.parse(entry.deadline) <= this.now()) {
      // Past its deadline with no run here to notice (the engine was down): it timed out.
      const cause = `Task "${entry.stateName}" did not complete within ${entry.timeoutSeconds} s (deadline ${entry.deadline})`;
      const close: TaskClose = {
        outcome: 'timedOut',
        closedAt: iso(this.now()),
        error: 'States.Timeout',
        cause,
      };
      if (await this.track(this.store.closeTask(ref.pk, ref.seq, close))) {
        this.runs.get(ref.executionArn)?.notify(ref.seq, { kind: 'timedOut', cause });
      }
      throw taskTimedOut('the task of this token timed out');
    }
    return ref;
  }

  /** Journals a token's outcome (the first one wins), then wakes the run waiting for it. */
  private async complete(ref: TokenRef, close: TaskClose): Promise<void> {
    if (!(await this.track(this.store.closeTask(ref.pk, ref.seq, close)))) {
      const entry = await this.store.getTask(ref.pk, ref.seq);
      throw entry?.outcome === 'timedOut'
        ? taskTimedOut('the task of this token timed out')
        : taskDoesNotExist();
    }
    const outcome: Outcome =
      close.outcome === 'succeeded'
        ? { kind: 'succeeded', result: close.result ?? 'null' }
        : { kind: 'failed', error: close.error ?? '', cause: close.cause ?? '' };
    this.runs.get(ref.executionArn)?.notify(ref.seq, outcome);
  }

  private handler(functionName: string): Promise<LambdaHandler> {
    const name = functionNameOf(functionName) ?? functionName;
    let handler = this.handlers.get(name);
    if (!handler) {
      const loader = this.loaders.get(name);
      if (!loader) {
        return Promise.reject(
          new StateError(
            'Lambda.ResourceNotFoundException',
            `Function not found: ${functionName} (the local engine knows ${[...this.loaders.keys()].join(', ') || 'no functions'})`,
          ),
        );
      }
      handler = loader();
      this.handlers.set(name, handler);
      handler.catch(() => this.handlers.delete(name));
    }
    return handler;
  }

  /** Calls a function's handler as Lambda would: a JSON copy of the event, a context; JSON back. */
  private async invoke(functionName: string, event: unknown): Promise<unknown> {
    const handler = await this.handler(functionName);
    const name = functionNameOf(functionName) ?? functionName;
    try {
      const call = this.instrument(name, () =>
        handler(JSON.parse(JSON.stringify(event ?? {})), lambdaContext(name, this.lambdaTimeoutMs)),
      );
      // Tracked, so stop() lets a function in flight finish before the clients go away; one past
      // its timeout no longer counts (Lambda would have ended it, stop() must not wait for it).
      const result = await this.track(this.withinTimeout(call));
      return result === undefined ? null : JSON.parse(JSON.stringify(result));
    } catch (error) {
      // As the Lambda integration reports a function error: its type, and the payload as Cause.
      const errorType = error instanceof Error && error.name ? error.name : 'Lambda.Unknown';
      const errorMessage = error instanceof Error ? error.message : String(error);
      const trace =
        error instanceof Error
          ? (error.stack ?? '')
              .split('\n')
              .slice(1, 6)
              .map((line) => line.trim())
          : [];
      throw new StateError(errorType, JSON.stringify({ errorType, errorMessage, trace }));
    }
  }

  /**
   * The call's outcome, or `Sandbox.Timedout` once the function's timeout passes, as Lambda
   * reports a function it stopped. A handler cannot be stopped in-process: it runs on, unheard.
   */
  private withinTimeout<T>(call: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const seconds = (this.lambdaTimeoutMs / 1000).toFixed(2);
        reject(
          Object.assign(new Error(`Task timed out after ${seconds} seconds`), { name: 'Sandbox.Timedout' }),
        );
      }, this.lambdaTimeoutMs);
      timer.unref();
    });
    return Promise.race([call, timedOut]).finally(() => clearTimeout(timer));
  }
}

import { randomBytes } from 'node:crypto';
import type { StateMachine } from 'aws-local-stepfunctions';
import { LOCAL_ROLE_ARN, REGION } from './arns.ts';
import {
  type Json,
  type PreparedDefinition,
  STABLE_START_TIME,
  type TaskSpec,
  unwrapTaskInput,
} from './definition.ts';
import { FatalStateError, RunStoppedError, StateError } from './errors.ts';
import type {
  ExecutionRecord,
  ExecutionStatus,
  JournalEntry,
  SfnStore,
  StoredEvent,
  TaskClose,
} from './journal.ts';
import { timerAt } from './timers.ts';

type InterpreterRun = ReturnType<StateMachine['run']>;
type InterpreterEvent = InterpreterRun['eventLogs'] extends AsyncGenerator<infer E> ? E : never;
type LocalHandlers = NonNullable<
  NonNullable<NonNullable<Parameters<StateMachine['run']>[1]>['overrides']>['taskResourceLocalHandlers']
>;

export interface RegisteredMachine {
  readonly name: string;
  readonly arn: string;
  readonly createdAt: string;
  readonly prepared: PreparedDefinition;
  readonly interpreter: StateMachine;
}

/** How a task ended, wherever that was decided (the journal, a token, a timer, the function). */
export type Outcome =
  | { readonly kind: 'succeeded'; readonly result: string }
  | { readonly kind: 'failed'; readonly error: string; readonly cause: string }
  | { readonly kind: 'timedOut'; readonly cause: string }
  | { readonly kind: 'stopped' };

export interface RunServices {
  readonly store: SfnStore;
  readonly now: () => number;
  /** What `$$.Task.Token` resolves to inside the interpreter; replaced by the minted token. */
  readonly tokenPlaceholder: string;
  /** Invokes a local function; its failure arrives as a StateError named after the error. */
  invoke(functionName: string, event: unknown): Promise<unknown>;
  /** A States.Timeout error that Retry/Catch treat like the interpreter's own. */
  timeoutError(cause: string): Promise<Error>;
  /** Adds store work to what stop() waits for. */
  track<T>(work: Promise<T>): Promise<T>;
  report(message: string, error: unknown): void;
  /** The run closed its execution. */
  finished(run: ExecutionRun): void;
  /** The run has lived REFRESH_AFTER_MS: re-run it from the journal. */
  refresh(run: ExecutionRun): void;
}

/**
 * The interpreter arms its own timer per task (the guard in definition.ts, below Node's
 * timer limit); a run older than this is stopped and re-run from its journal so that
 * timer never fires.
 */
export const REFRESH_AFTER_MS = 20 * 24 * 60 * 60 * 1000;

const TERMINAL_EVENTS: Record<Exclude<ExecutionStatus, 'RUNNING'>, string> = {
  SUCCEEDED: 'ExecutionSucceeded',
  FAILED: 'ExecutionFailed',
  TIMED_OUT: 'ExecutionTimedOut',
  ABORTED: 'ExecutionAborted',
};

export const iso = (ms: number): string => new Date(ms).toISOString();
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const defined = <T extends Record<string, unknown>>(values: T): T =>
  Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as T;

/** Every occurrence of `from` inside the strings of `value` replaced (States.Format may embed the token). */
function replaceText(value: Json, from: string, to: string): Json {
  if (typeof value === 'string') return value.replaceAll(from, () => to);
  if (Array.isArray(value)) return value.map((item) => replaceText(item, from, to));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceText(item, from, to)]));
  }
  return value;
}

/** The AWS Lambda integration's result (`arn:aws:states:::lambda:invoke`). */
const lambdaResponse = (payload: unknown) => ({
  ExecutedVersion: '$LATEST',
  Payload: payload ?? null,
  StatusCode: 200,
});

function outcomeOf(entry: JournalEntry): Outcome {
  switch (entry.outcome) {
    case 'succeeded':
      return { kind: 'succeeded', result: entry.result ?? 'null' };
    case 'failed':
      return { kind: 'failed', error: entry.error ?? '', cause: entry.cause ?? '' };
    default:
      return { kind: 'timedOut', cause: entry.cause ?? '' };
  }
}

function closeOf(outcome: Exclude<Outcome, { kind: 'stopped' }>, closedAt: string): TaskClose {
  switch (outcome.kind) {
    case 'succeeded':
      return { outcome: 'succeeded', closedAt, result: outcome.result };
    case 'failed':
      return { outcome: 'failed', closedAt, error: outcome.error, cause: outcome.cause };
    default:
      return { outcome: 'timedOut', closedAt, error: 'States.Timeout', cause: outcome.cause };
  }
}

function failureOf(error: unknown): { error: string; cause: string } {
  return error instanceof StateError
    ? { error: error.name, cause: error.message }
    : { error: 'Lambda.Unknown', cause: String(error) };
}

/** What the function receives: the integration's Payload, or the whole input for a Lambda ARN resource. */
function eventOf(entry: JournalEntry): unknown {
  const parameters = JSON.parse(entry.parameters) as Json;
  if (entry.resource === 'function') return parameters;
  const payload =
    parameters && typeof parameters === 'object' && !Array.isArray(parameters)
      ? parameters.Payload
      : undefined;
  return payload ?? {};
}

const timeoutCause = (entry: JournalEntry) =>
  `Task "${entry.stateName}" did not complete within ${entry.timeoutSeconds} s (deadline ${entry.deadline})`;

/**
 * One interpretation of an execution: the interpreter runs the definition from the
 * execution's input; each task occurrence is either replayed from the journal (nothing
 * invoked) or journaled, then invoked. Its history events are numbered in the order they
 * happen, so a replay meets the events a previous run stored under the same ids.
 */
export class ExecutionRun {
  readonly record: ExecutionRecord;
  readonly pk: string;
  private readonly services: RunServices;
  private readonly machine: RegisteredMachine;
  private readonly journal: JournalEntry[];
  private readonly persistedEvents: number;
  private nextSeq = 0;
  private readonly occurrences = new Map<string, number>();
  /** Settles a task that waits (a callback for its token, a Lambda for its function), by seq. */
  private readonly waiting = new Map<number, (outcome: Outcome) => void>();
  private readonly cancels = new Set<() => void>();
  /** States whose last failure came from the journal: their retry interval was waited out before. */
  private readonly replayedFailures = new Set<string>();
  private stopped = false;
  private closing = false;
  private abortInterpreter: () => void = () => undefined;
  private settled: Promise<void> = Promise.resolve();
  private nextEventId = 1;
  private pendingEvents: StoredEvent[] = [];
  private writeQueued = false;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    services: RunServices,
    machine: RegisteredMachine,
    record: ExecutionRecord,
    pk: string,
    journal: JournalEntry[],
    persistedEvents: number,
  ) {
    this.services = services;
    this.machine = machine;
    this.record = record;
    this.pk = pk;
    this.journal = journal;
    this.persistedEvents = persistedEvents;
  }

  start(): void {
    const { record, machine, services } = this;
    // JSON, not structuredClone: under Jest the interpreter does not take cloned objects as plain.
    const context = JSON.parse(
      JSON.stringify({
        Execution: {
          Id: record.executionArn,
          Name: record.name,
          RoleArn: LOCAL_ROLE_ARN,
          RedriveCount: 0,
          [STABLE_START_TIME]: record.startDate,
        },
        StateMachine: { Id: machine.arn, Name: machine.name },
        Task: { Token: services.tokenPlaceholder },
      }),
    );
    const handlers: Record<string, (input: unknown) => Promise<Json>> = {};
    for (const spec of machine.prepared.tasks.values()) {
      handlers[spec.stateName] = (input) => this.task(spec, input);
    }
    const replayed = this.replayedFailures;
    // Read at each retry decision: a failure replayed from the journal retries at once.
    const retryIntervalOverrides = new Proxy({} as Record<string, number>, {
      get: (_, state) => (typeof state === 'string' && replayed.has(state) ? 0 : undefined),
    });
    try {
      const execution = machine.interpreter.run(JSON.parse(record.input), {
        overrides: { taskResourceLocalHandlers: handlers as LocalHandlers, retryIntervalOverrides },
        context,
        noThrowOnAbort: true,
      });
      this.abortInterpreter = execution.abort;
      void this.consume(execution.eventLogs);
      this.settled = execution.result.then(
        (output) => this.succeeded(output),
        (error) => this.failed(error),
      );
    } catch (error) {
      this.settled = this.failed(error);
    }
    const { timeoutSeconds } = machine.prepared;
    if (timeoutSeconds !== undefined) {
      const deadline = Date.parse(record.startDate) + timeoutSeconds * 1000;
      this.cancels.add(
        timerAt(deadline, services.now, () => {
          void this.terminate(
            'TIMED_OUT',
            'States.Timeout',
            `The execution ran longer than its TimeoutSeconds (${timeoutSeconds} s)`,
          );
        }),
      );
    }
    const refresh = setTimeout(() => services.refresh(this), REFRESH_AFTER_MS);
    refresh.unref();
    this.cancels.add(() => clearTimeout(refresh));
  }

  /** Stops the run without touching its execution: the next run resumes it from the journal. */
  async stop(): Promise<void> {
    this.halt();
    await this.settled;
    await this.flushEvents();
  }

  /** Ends the execution from outside (StopExecution, the execution's TimeoutSeconds). */
  async terminate(status: 'ABORTED' | 'TIMED_OUT', error?: string, cause?: string): Promise<void> {
    if (this.closing) return;
    this.halt();
    await this.settled;
    await this.close(status, defined({ error, cause }));
  }

  /** A callback task's outcome, already journaled by whoever decided it. */
  notify(seq: number, outcome: Outcome): void {
    this.waiting.get(seq)?.(outcome);
  }

  /** Resolves once every history event emitted so far is stored. */
  async flushEvents(): Promise<void> {
    let current: Promise<void>;
    do {
      current = this.writes;
      await current;
    } while (current !== this.writes);
  }

  private halt() {
    if (this.stopped) return;
    this.stopped = true;
    this.dispose();
    this.abortInterpreter();
    for (const settle of [...this.waiting.values()]) settle({ kind: 'stopped' });
  }

  private dispose() {
    for (const cancel of this.cancels) cancel();
    this.cancels.clear();
  }

  /** The interpreter's handler for every Task state. */
  private async task(spec: TaskSpec, input: unknown): Promise<Json> {
    if (this.stopped) throw new RunStoppedError();
    this.replayedFailures.delete(spec.stateName);
    const seq = this.nextSeq++;
    const occurrence = (this.occurrences.get(spec.stateName) ?? 0) + 1;
    this.occurrences.set(spec.stateName, occurrence);
    // The interpreter queues its own events (TaskStateEntered...) for an async reader: let
    // them into the history before this task's.
    await nextTurn();
    if (this.stopped) throw new RunStoppedError();
    const known = this.journal[seq];
    if (known && (known.stateName !== spec.stateName || known.kind !== spec.kind)) {
      throw new FatalStateError(
        'States.Runtime',
        `Local replay mismatch at task occurrence ${seq + 1}: the journal holds "${known.stateName}" (${known.kind}, occurrence ${known.occurrence}) but the replay reached "${spec.stateName}" (${spec.kind}, occurrence ${occurrence}). The state machine definition (or something the path depends on) changed since this execution started; it cannot resume.`,
      );
    }
    const entry = known ?? (await this.open(spec, seq, occurrence, input));
    this.emitOpened(entry);
    if (entry.outcome) {
      if (entry.outcome !== 'succeeded') this.replayedFailures.add(spec.stateName);
      return this.closed(entry, outcomeOf(entry));
    }
    if (entry.kind === 'callback') {
      // A function that returned has sent its token: it is never invoked again. One that had
      // not (the engine stopped before or during the call) is invoked again, same token.
      return this.closed(entry, await this.park(entry, known !== undefined, !entry.submittedAt));
    }
    return this.closed(entry, await this.runLambda(entry, known !== undefined));
  }

  /** Journals a new task occurrence (with its token) before anything is invoked. */
  private async open(spec: TaskSpec, seq: number, occurrence: number, input: unknown): Promise<JournalEntry> {
    const { parameters, timeoutSeconds } = unwrapTaskInput(spec, input);
    const placeholder = this.services.tokenPlaceholder;
    const token = spec.kind === 'callback' ? randomBytes(48).toString('base64url') : undefined;
    if (!token && JSON.stringify(parameters).includes(placeholder)) {
      throw new FatalStateError(
        'States.Runtime',
        `$$.Task.Token is only available in .waitForTaskToken tasks (state "${spec.stateName}")`,
      );
    }
    const resolved = token ? replaceText(parameters, placeholder, token) : parameters;
    const functionName =
      spec.functionArn ??
      (resolved && typeof resolved === 'object' && !Array.isArray(resolved)
        ? resolved.FunctionName
        : undefined);
    if (typeof functionName !== 'string') {
      throw new FatalStateError(
        'States.Runtime',
        `Parameters.FunctionName of state "${spec.stateName}" must resolve to a string`,
      );
    }
    const now = this.services.now();
    const entry: JournalEntry = {
      seq,
      stateName: spec.stateName,
      occurrence,
      kind: spec.kind,
      resource: spec.resource,
      functionName,
      parameters: JSON.stringify(resolved),
      ...(token ? { token } : {}),
      openedAt: iso(now),
      deadline: iso(now + timeoutSeconds * 1000),
      timeoutSeconds,
    };
    await this.services.track(this.services.store.openTask(this.pk, this.record.executionArn, entry));
    if (this.stopped) throw new RunStoppedError();
    this.journal[seq] = entry;
    return entry;
  }

  private emitOpened(entry: JournalEntry) {
    if (entry.resource === 'function') {
      this.emit('LambdaFunctionScheduled', {
        resource: entry.functionName,
        input: entry.parameters,
        inputDetails: { truncated: false },
        timeoutInSeconds: entry.timeoutSeconds,
      });
      this.emit('LambdaFunctionStarted');
      return;
    }
    const task = { resourceType: 'lambda', resource: entry.resource };
    this.emit('TaskScheduled', {
      ...task,
      region: REGION,
      parameters: entry.parameters,
      timeoutInSeconds: entry.timeoutSeconds,
    });
    this.emit('TaskStarted', task);
    if (entry.submitted) {
      this.emit('TaskSubmitted', { ...task, output: entry.submitted, outputDetails: { truncated: false } });
    }
  }

  /** Turns a task's outcome into the interpreter's result or error, and its history event. */
  private async closed(entry: JournalEntry, outcome: Outcome): Promise<Json> {
    if (outcome.kind === 'stopped' || this.stopped) throw new RunStoppedError();
    const lambdaArn = entry.resource === 'function';
    const task = lambdaArn ? {} : { resourceType: 'lambda', resource: entry.resource };
    switch (outcome.kind) {
      case 'succeeded':
        this.emit(lambdaArn ? 'LambdaFunctionSucceeded' : 'TaskSucceeded', {
          ...task,
          output: outcome.result,
          outputDetails: { truncated: false },
        });
        return JSON.parse(outcome.result) as Json;
      case 'failed':
        this.emit(lambdaArn ? 'LambdaFunctionFailed' : 'TaskFailed', {
          ...task,
          error: outcome.error,
          cause: outcome.cause,
        });
        throw new StateError(outcome.error, outcome.cause);
      default:
        this.emit(lambdaArn ? 'LambdaFunctionTimedOut' : 'TaskTimedOut', {
          ...task,
          error: 'States.Timeout',
          cause: outcome.cause,
        });
        throw await this.services.timeoutError(outcome.cause);
    }
  }

  /**
   * Waits for a callback task's token to come back (SendTaskSuccess/Failure, which journal
   * the outcome and notify), for its deadline, or for its function to fail.
   */
  private park(entry: JournalEntry, recheck: boolean, invoke: boolean): Promise<Outcome> {
    return new Promise<Outcome>((resolve) => {
      let done = false;
      let cancel: () => void = () => undefined;
      const settle = (outcome: Outcome) => {
        if (done) return;
        done = true;
        cancel();
        this.cancels.delete(cancel);
        this.waiting.delete(entry.seq);
        resolve(outcome);
      };
      this.waiting.set(entry.seq, settle);
      cancel = timerAt(Date.parse(entry.deadline), this.services.now, () => {
        this.expire(entry).then(settle, (error) => this.services.report('a task timeout failed', error));
      });
      this.cancels.add(cancel);
      if (recheck) {
        // Its token may have come back while no run was listening (before resume()).
        this.services.store.getTask(this.pk, entry.seq).then(
          (fresh) => {
            if (fresh?.outcome) settle(outcomeOf(fresh));
          },
          (error) => this.services.report('reading a journal entry failed', error),
        );
      }
      if (invoke) void this.invokeCallback(entry);
    });
  }

  /** A callback task's deadline passed: it times out unless its token came back first. */
  private async expire(entry: JournalEntry): Promise<Outcome> {
    if (this.stopped) return { kind: 'stopped' };
    const cause = timeoutCause(entry);
    const { store, track, now } = this.services;
    if (await track(store.closeTask(this.pk, entry.seq, closeOf({ kind: 'timedOut', cause }, iso(now()))))) {
      return { kind: 'timedOut', cause };
    }
    const fresh = await store.getTask(this.pk, entry.seq);
    return fresh?.outcome ? outcomeOf(fresh) : { kind: 'timedOut', cause };
  }

  private async invokeCallback(entry: JournalEntry): Promise<void> {
    const { store, track, now } = this.services;
    try {
      let response: unknown;
      try {
        response = await this.services.invoke(entry.functionName, eventOf(entry));
      } catch (error) {
        if (this.stopped) return;
        // The function failed: so does the task, unless its token came back first.
        const failure = failureOf(error);
        const close = closeOf({ kind: 'failed', ...failure }, iso(now()));
        if (await track(store.closeTask(this.pk, entry.seq, close)))
          this.notify(entry.seq, { kind: 'failed', ...failure });
        return;
      }
      if (this.stopped) return;
      const submitted = JSON.stringify(lambdaResponse(response));
      if ((await track(store.markSubmitted(this.pk, entry.seq, iso(now()), submitted))) && !this.stopped) {
        this.emit('TaskSubmitted', {
          resourceType: 'lambda',
          resource: entry.resource,
          output: submitted,
          outputDetails: { truncated: false },
        });
      }
    } catch (error) {
      this.services.report(`recording the call of ${entry.functionName} failed`, error);
    }
  }

  /** Invokes a Lambda task's function against its deadline and journals the outcome. */
  private async runLambda(entry: JournalEntry, reopen: boolean): Promise<Outcome> {
    const { store, track, now } = this.services;
    let deadline = Date.parse(entry.deadline);
    if (reopen) {
      // Its function was running when the engine stopped: it runs again, with a fresh timeout.
      const reopenedAt = now();
      deadline = reopenedAt + entry.timeoutSeconds * 1000;
      await track(store.reopenTask(this.pk, entry.seq, iso(reopenedAt), iso(deadline)));
    }
    const outcome = await new Promise<Outcome>((resolve) => {
      let done = false;
      let cancel: () => void = () => undefined;
      const settle = (result: Outcome) => {
        if (done) return;
        done = true;
        cancel();
        this.cancels.delete(cancel);
        this.waiting.delete(entry.seq);
        resolve(result);
      };
      this.waiting.set(entry.seq, settle);
      cancel = timerAt(deadline, now, () => settle({ kind: 'timedOut', cause: timeoutCause(entry) }));
      this.cancels.add(cancel);
      this.services.invoke(entry.functionName, eventOf(entry)).then(
        (response) =>
          settle({
            kind: 'succeeded',
            result: JSON.stringify(
              entry.resource === 'function' ? (response ?? null) : lambdaResponse(response),
            ),
          }),
        (error) => settle({ kind: 'failed', ...failureOf(error) }),
      );
    });
    if (outcome.kind === 'stopped' || this.stopped) return { kind: 'stopped' };
    if (await track(store.closeTask(this.pk, entry.seq, closeOf(outcome, iso(now()))))) return outcome;
    const fresh = await store.getTask(this.pk, entry.seq);
    return fresh?.outcome ? outcomeOf(fresh) : outcome;
  }

  private async consume(events: AsyncGenerator<InterpreterEvent>) {
    try {
      for await (const event of events) {
        if (!this.stopped) this.onInterpreterEvent(event);
      }
    } catch (error) {
      this.services.report('reading the interpreter events failed', error);
    }
  }

  /** The interpreter's state events as AWS names them; task events come from the journal. */
  private onInterpreterEvent(event: InterpreterEvent) {
    switch (event.type) {
      case 'ExecutionStarted':
        this.emit('ExecutionStarted', {
          input: this.record.input,
          inputDetails: { truncated: false },
          roleArn: LOCAL_ROLE_ARN,
        });
        break;
      case 'StateEntered':
        this.emit(`${event.state.type}StateEntered`, {
          name: event.state.name,
          input: JSON.stringify(event.state.input ?? null),
          inputDetails: { truncated: false },
        });
        break;
      case 'StateExited':
        this.emit(`${event.state.type}StateExited`, {
          name: event.state.name,
          output: JSON.stringify(event.state.output ?? null),
          outputDetails: { truncated: false },
        });
        break;
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed':
        this.emit(event.type, { name: event.parentState.name, index: event.index });
        break;
      default:
        // Retries and catches show as Task* events; the run writes the execution's end itself.
        break;
    }
  }

  private emit(type: string, details?: Record<string, unknown>) {
    const id = this.nextEventId++;
    if (id <= this.persistedEvents) return; // stored by an earlier run: the replay met it again
    this.pendingEvents.push({
      id,
      type,
      timestamp: iso(this.services.now()),
      ...(details ? { details } : {}),
    });
    if (this.writeQueued) return;
    this.writeQueued = true;
    this.writes = this.writes.then(async () => {
      this.writeQueued = false;
      const batch = this.pendingEvents.splice(0);
      try {
        await this.services.track(this.services.store.putEvents(this.pk, batch));
      } catch (error) {
        this.services.report('storing history events failed', error);
      }
    });
  }

  private async succeeded(output: unknown) {
    if (this.stopped) return;
    await nextTurn(); // the interpreter's last state events first
    if (this.stopped) return;
    if (this.nextSeq < this.journal.length) {
      await this.close('FAILED', {
        error: 'States.Runtime',
        cause: `Local replay mismatch: the journal holds ${this.journal.length} task occurrences but the replay finished after ${this.nextSeq}. The state machine definition changed since this execution started.`,
      });
      return;
    }
    await this.close('SUCCEEDED', { output: JSON.stringify(output ?? null) });
  }

  private async failed(error: unknown) {
    if (this.stopped) return;
    await nextTurn();
    if (this.stopped) return;
    // The interpreter wraps the state's error in an ExecutionError (its `cause`).
    const reason = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    const name = reason instanceof Error ? reason.name : 'States.Runtime';
    const message = reason instanceof Error ? reason.message : String(reason);
    // A Fail state without Error or Cause: AWS reports none.
    await this.close(
      'FAILED',
      defined({
        error: name === 'FailStateError' ? undefined : name,
        cause: message === 'Execution failed because of a Fail state' ? undefined : message,
      }),
    );
  }

  private async close(
    status: Exclude<ExecutionStatus, 'RUNNING'>,
    fields: { output?: string; error?: string; cause?: string },
  ) {
    if (this.closing) return;
    this.closing = true;
    try {
      const stopDate = iso(this.services.now());
      this.emit(
        TERMINAL_EVENTS[status],
        status === 'SUCCEEDED'
          ? { output: fields.output, outputDetails: { truncated: false } }
          : defined({ error: fields.error, cause: fields.cause }),
      );
      await this.flushEvents();
      await this.services.track(
        this.services.store.finishExecution(this.pk, { status, stopDate, ...fields }),
      );
    } catch (error) {
      this.services.report(`closing execution ${this.record.executionArn} failed`, error);
    } finally {
      this.dispose();
      this.services.finished(this);
    }
  }
}

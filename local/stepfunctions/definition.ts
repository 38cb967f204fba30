import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { FatalStateError } from './errors.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
export const LAMBDA_INVOKE_CALLBACK = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
const LAMBDA_FUNCTION_ARN = /^arn:aws[\w-]*:lambda:[\w-]+:\d{12}:function:[\w-]+(:[\w$-]+)?$/;

/** AWS's timeout for a Task without TimeoutSeconds: the execution's lifetime, a year for STANDARD. */
export const DEFAULT_TASK_TIMEOUT_SECONDS = 365 * 24 * 60 * 60;
/**
 * What every Task's TimeoutSeconds is set to for the interpreter: its own timer (60 s by
 * default, and overflowing above ~24.8 days) must never fire, the engine times tasks
 * itself. A run is refreshed (re-run from the journal) before this much time passes.
 */
export const INTERPRETER_TASK_GUARD_SECONDS = 2_100_000;
/** `$$.Execution.StartTime` is read from here: the interpreter overwrites StartTime on every run. */
export const STABLE_START_TIME = 'LocalStartTime';
/** Marks a Task's payload wrapped to carry its TimeoutSecondsPath value. */
const WRAPPED_PARAMETERS = 'parameters';
const WRAPPED_TIMEOUT = 'timeoutSeconds';

export interface TaskSpec {
  readonly stateName: string;
  /** `callback` waits for SendTaskSuccess/Failure after invoking the function. */
  readonly kind: 'lambda' | 'callback';
  /** As history events name the integration (`resourceType` is always `lambda`). */
  readonly resource: 'invoke' | 'invoke.waitForTaskToken' | 'function';
  /** The function of a Task whose Resource is a Lambda ARN (otherwise Parameters.FunctionName). */
  readonly functionArn?: string;
  readonly timeoutSeconds?: number;
  /** The payload arrives wrapped as `{parameters, timeoutSeconds}` (TimeoutSecondsPath). */
  readonly wrapped: boolean;
}

export interface PreparedDefinition {
  /** The definition as given, for DescribeStateMachine. */
  readonly original: JsonObject;
  /** The definition the interpreter runs (see prepareDefinition). */
  readonly runtime: StateMachineDefinition;
  readonly tasks: ReadonlyMap<string, TaskSpec>;
  /** The execution's TimeoutSeconds, enforced by the engine. */
  readonly timeoutSeconds?: number;
}

export class DefinitionError extends Error {}

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Applies `change` to every string value (not key) inside `value`. */
function mapStrings(value: Json, change: (text: string) => string): Json {
  if (typeof value === 'string') return change(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, change));
  if (isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, change)]));
  }
  return value;
}

/** `"key.$": "$$.State.Name"` becomes `"key": "<the state's name>"`, nested templates too. */
function literalStateName(template: Json, stateName: string): Json {
  if (Array.isArray(template)) return template.map((item) => literalStateName(item, stateName));
  if (!isObject(template)) return template;
  return Object.fromEntries(
    Object.entries(template).map(([key, value]) =>
      key.endsWith('.$') && value === '$$.State.Name'
        ? [key.slice(0, -2), stateName]
        : [key, literalStateName(value, stateName)],
    ),
  );
}

const NESTED = ['Branches', 'Iterator', 'ItemProcessor'];

/**
 * Checks a definition against what the local engine supports and derives the one the
 * interpreter runs:
 * - JSONata (`QueryLanguage`, `Arguments`, `Output`) and variables (`Assign`) are refused:
 *   aws-local-stepfunctions ignores them silently, so a definition would run differently;
 * - Task resources: `lambda:invoke`, `lambda:invoke.waitForTaskToken` and Lambda function
 *   ARNs; HeartbeatSeconds is refused;
 * - every Task's TimeoutSeconds is replaced by a guard the engine never lets fire (the engine
 *   times each task from its journal); a TimeoutSecondsPath value travels in the payload;
 * - `$$.Execution.StartTime` reads the stored start time (the interpreter would use the
 *   time of each replay); `$$.State.Name` in Parameters becomes a literal; other
 *   `$$.State.*` fields are refused (the interpreter has none, and times would break replay);
 * - the execution's TimeoutSeconds is taken out (the engine enforces it from the start date);
 * - a Pass state's falsy Result (0, false, "", null), which the interpreter ignores, becomes
 *   its Parameters.
 */
export function prepareDefinition(name: string, definition: object): PreparedDefinition {
  let original: JsonObject;
  try {
    original = JSON.parse(JSON.stringify(definition)) as JsonObject;
  } catch (error) {
    throw new DefinitionError(
      `State machine "${name}": the definition is not JSON: ${(error as Error).message}`,
    );
  }
  if (!isObject(original))
    throw new DefinitionError(`State machine "${name}": the definition must be an object`);
  const problems: string[] = [];
  const tasks = new Map<string, TaskSpec>();
  const seen = new Set<string>();
  // (A function replacer: in a replacement string `$$` would mean one `$`.)
  const runtime = mapStrings(original, (text) =>
    text.replaceAll('$$.Execution.StartTime', () => `$$.Execution.${STABLE_START_TIME}`),
  ) as JsonObject;

  const prepareMachine = (machine: JsonObject, where: string) => {
    if ('QueryLanguage' in machine && machine.QueryLanguage !== 'JSONPath') {
      problems.push(
        `${where}: QueryLanguage ${JSON.stringify(machine.QueryLanguage)} is not supported: the local engine (aws-local-stepfunctions) interprets JSONPath only`,
      );
    }
    const states = machine.States;
    if (!isObject(states)) return;
    for (const [stateName, state] of Object.entries(states)) {
      if (!isObject(state)) continue;
      const at = `state "${stateName}"`;
      if (seen.has(stateName)) problems.push(`${at}: state names must be unique across the state machine`);
      seen.add(stateName);
      if ('QueryLanguage' in state && state.QueryLanguage !== 'JSONPath') {
        problems.push(`${at}: JSONata is not supported by the local engine; use JSONPath`);
      }
      for (const field of ['Arguments', 'Output', 'Assign']) {
        if (field in state) {
          problems.push(
            `${at}: ${field} (JSONata or workflow variables) is not supported by the local engine; use JSONPath Parameters/ResultSelector/ResultPath`,
          );
        }
      }
      for (const field of ['Parameters', 'ResultSelector', 'ItemSelector']) {
        if (field in state) state[field] = literalStateName(state[field] as Json, stateName);
      }
      const own = Object.fromEntries(Object.entries(state).filter(([key]) => !NESTED.includes(key)));
      if (JSON.stringify(own).includes('$$.State.')) {
        problems.push(
          `${at}: $$.State.* (other than "$$.State.Name" in Parameters) is not available locally and would change on every replay`,
        );
      }
      if (state.Type === 'Pass' && 'Result' in state && !state.Result) {
        // The interpreter ignores a falsy Result (0, false, "", null) and passes its input on;
        // as Parameters (which a Result overrides on AWS anyway) it becomes the output.
        state.Parameters = state.Result as Json;
        delete state.Result;
      }
      if (state.Type === 'Task') prepareTask(stateName, state, at);
      if (state.Type === 'Parallel' && Array.isArray(state.Branches)) {
        state.Branches.forEach((branch, i) => {
          if (isObject(branch)) prepareMachine(branch, `${at} branch ${i}`);
        });
      }
      if (state.Type === 'Map') {
        const processor = state.ItemProcessor ?? state.Iterator;
        if (isObject(processor)) prepareMachine(processor, `${at} item processor`);
      }
    }
  };

  const prepareTask = (stateName: string, state: JsonObject, at: string) => {
    const resource = state.Resource;
    let kind: TaskSpec['kind'] = 'lambda';
    let integration: TaskSpec['resource'];
    let functionArn: string | undefined;
    if (resource === LAMBDA_INVOKE || resource === LAMBDA_INVOKE_CALLBACK) {
      integration = resource === LAMBDA_INVOKE ? 'invoke' : 'invoke.waitForTaskToken';
      const parameters = state.Parameters;
      if (!isObject(parameters) || !('FunctionName' in parameters || 'FunctionName.$' in parameters)) {
        problems.push(`${at}: Parameters.FunctionName is required for ${resource}`);
      }
      if (resource === LAMBDA_INVOKE_CALLBACK) {
        kind = 'callback';
        if (!JSON.stringify(parameters ?? null).includes('$$.Task.Token')) {
          problems.push(`${at}: a .waitForTaskToken task must pass $$.Task.Token in its Parameters`);
        }
      }
    } else if (typeof resource === 'string' && LAMBDA_FUNCTION_ARN.test(resource)) {
      integration = 'function';
      functionArn = resource;
    } else {
      problems.push(
        `${at}: Resource ${JSON.stringify(resource)} is not supported locally (only ${LAMBDA_INVOKE}, ${LAMBDA_INVOKE_CALLBACK} and Lambda function ARNs)`,
      );
      return;
    }
    if ('HeartbeatSeconds' in state || 'HeartbeatSecondsPath' in state) {
      problems.push(`${at}: HeartbeatSeconds is not supported by the local engine`);
    }
    const wrapped = typeof state.TimeoutSecondsPath === 'string';
    if (wrapped) {
      // The interpreter resolves Parameters against the state's input (after InputPath):
      // the TimeoutSecondsPath value is resolved there too and unwrapped by the engine.
      const inner: JsonObject =
        'Parameters' in state
          ? { [WRAPPED_PARAMETERS]: state.Parameters as Json }
          : { [`${WRAPPED_PARAMETERS}.$`]: '$' };
      state.Parameters = { ...inner, [`${WRAPPED_TIMEOUT}.$`]: state.TimeoutSecondsPath as string };
      delete state.TimeoutSecondsPath;
    }
    const timeoutSeconds = typeof state.TimeoutSeconds === 'number' ? state.TimeoutSeconds : undefined;
    state.TimeoutSeconds = INTERPRETER_TASK_GUARD_SECONDS;
    tasks.set(stateName, {
      stateName,
      kind,
      resource: integration,
      wrapped,
      ...(functionArn ? { functionArn } : {}),
      ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
    });
  };

  prepareMachine(runtime, 'the state machine');
  if (problems.length > 0) {
    throw new DefinitionError(`State machine "${name}" cannot run locally:\n - ${problems.join('\n - ')}`);
  }
  try {
    new StateMachine(original as unknown as StateMachineDefinition);
  } catch (error) {
    throw new DefinitionError(`State machine "${name}": ${(error as Error).message}`);
  }
  const timeoutSeconds = typeof runtime.TimeoutSeconds === 'number' ? runtime.TimeoutSeconds : undefined;
  delete runtime.TimeoutSeconds;
  return {
    original,
    runtime: runtime as unknown as StateMachineDefinition,
    tasks,
    ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
  };
}

/** The payload and timeout of a Task's resolved Parameters (see the TimeoutSecondsPath wrapping). */
export function unwrapTaskInput(
  spec: TaskSpec,
  input: unknown,
): { parameters: Json; timeoutSeconds: number } {
  if (!spec.wrapped) {
    return {
      parameters: (input ?? null) as Json,
      timeoutSeconds: spec.timeoutSeconds ?? DEFAULT_TASK_TIMEOUT_SECONDS,
    };
  }
  const wrapped = input as { [WRAPPED_PARAMETERS]?: Json; [WRAPPED_TIMEOUT]?: unknown };
  const timeoutSeconds = wrapped[WRAPPED_TIMEOUT];
  if (typeof timeoutSeconds !== 'number' || !Number.isInteger(timeoutSeconds) || timeoutSeconds < 1) {
    throw new FatalStateError(
      'States.Runtime',
      `TimeoutSecondsPath of state "${spec.stateName}" must select a positive integer, not ${JSON.stringify(timeoutSeconds)}`,
    );
  }
  return { parameters: wrapped[WRAPPED_PARAMETERS] ?? null, timeoutSeconds };
}

/** An error of the Step Functions API, answered as AWS does: HTTP 400 with `__type` and `message`. */
export class SfnApiError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(code: string, message: string, status = 400) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = status;
  }
}

/**
 * An error raised by a state, as the interpreter sees it: Retry and Catch match its
 * `name` (the ASL error name) and a Catch hands on its `message` as the `Cause`.
 */
export class StateError extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

/**
 * Ends the execution at once: the interpreter lets neither Retry nor Catch see it
 * (it reads `isRetryable`/`isCatchable`), like AWS's `States.Runtime`.
 */
export class FatalStateError extends StateError {
  readonly isRetryable = false;
  readonly isCatchable = false;
}

/** Thrown into the interpreter when the engine stops a run; never recorded anywhere. */
export class RunStoppedError extends FatalStateError {
  constructor() {
    super('Local.RunStopped', 'the local engine stopped this run; it resumes on the next start');
  }
}

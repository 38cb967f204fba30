import type { MessageKey } from './i18n/translate.ts';

/** One field's problem, named by its dotted path in the request (`submitter.email`). */
export interface FieldError {
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

/** A field's problem named by a catalogue key, worded in the caller's language when it is answered. */
export interface FieldIssue {
  readonly field: string;
  readonly code: string;
  readonly messageKey: MessageKey;
}

/**
 * Base of every error that crosses the API. Each subclass knows its HTTP status and
 * the catalogue key of its title; the original error is kept as `cause`.
 */
export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly titleKey: MessageKey;
  readonly errors: readonly FieldError[];
  /** Field problems still to be worded (domain rules do not know the caller's language). */
  readonly issues: readonly FieldIssue[];
  readonly headers: Readonly<Record<string, string>>;
  readonly titleParams: Readonly<Record<string, string | number>>;

  constructor(
    message: string,
    options: {
      errors?: readonly FieldError[];
      issues?: readonly FieldIssue[];
      headers?: Record<string, string>;
      titleParams?: Record<string, string | number>;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.errors = options.errors ?? [];
    this.issues = options.issues ?? [];
    this.headers = options.headers ?? {};
    this.titleParams = options.titleParams ?? {};
  }
}

export class ValidationError extends AppError {
  readonly status = 422;
  readonly titleKey = 'problem.validation';
}
export class MalformedJsonError extends AppError {
  readonly status = 400;
  readonly titleKey = 'problem.malformedJson';
}
export class UnsupportedMediaTypeError extends AppError {
  readonly status = 415;
  readonly titleKey = 'problem.unsupportedMediaType';
}
export class PayloadTooLargeError extends AppError {
  readonly status = 413;
  readonly titleKey = 'problem.payloadTooLarge';
}
export class UnauthorizedError extends AppError {
  readonly status = 401;
  readonly titleKey = 'problem.unauthorized';
}
export class ForbiddenError extends AppError {
  readonly status = 403;
  readonly titleKey: MessageKey = 'problem.forbidden';
}
/** A public caller set a field only staff may set (channel, time of receipt, ...). */
export class StaffOnlyFieldError extends ForbiddenError {
  override readonly titleKey = 'problem.staffOnlyField';
}
export class NotFoundError extends AppError {
  readonly status = 404;
  readonly titleKey: MessageKey = 'problem.notFound';
}
export class RouteNotFoundError extends NotFoundError {
  override readonly titleKey = 'problem.routeNotFound';
}
/** Someone else changed the record between our read and our write. */
export class ConflictError extends AppError {
  readonly status: number = 409;
  readonly titleKey: MessageKey = 'problem.conflict';
}
/** A signed link (survey, follow-up, unsubscribe) that is not ours or was altered. */
export class LinkInvalidError extends AppError {
  readonly status = 403;
  readonly titleKey = 'problem.linkInvalid';
}
/** A signed link past its expiry. */
export class GoneError extends AppError {
  readonly status = 410;
  readonly titleKey = 'problem.linkExpired';
}
/** A return / exchange cannot take this step from where it stands (shared/domain/returns.ts). */
export class IllegalReturnTransitionError extends ConflictError {
  override readonly titleKey = 'returns.problem.illegalTransition';
}
export class IdempotencyInProgressError extends ConflictError {
  override readonly titleKey = 'problem.idempotencyInProgress';
}
export class IdempotencyMismatchError extends AppError {
  readonly status = 422;
  readonly titleKey = 'problem.idempotencyMismatch';
}
export class PreconditionFailedError extends AppError {
  readonly status = 412;
  readonly titleKey = 'problem.preconditionFailed';
}
export class InvalidCursorError extends AppError {
  readonly status = 400;
  readonly titleKey = 'problem.invalidCursor';
}
/** A dependency (DynamoDB, SES) is throttling or down: the caller should retry. */
export class ServiceUnavailableError extends AppError {
  readonly status = 503;
  readonly titleKey = 'problem.unavailable';
}
/** The function is at its concurrency (the local runtime's Lambda limit): come back after Retry-After. */
export class AtCapacityError extends ServiceUnavailableError {}

import type { APIGatewayProxyResult } from 'aws-lambda';
import { AppError, AtCapacityError, type FieldError, ServiceUnavailableError } from '../errors.ts';
import { type Language, translate } from '../i18n/translate.ts';
import { logger } from '../logger.ts';

/** RFC 9457 problem details, as every error response of the API carries them. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly requestId: string;
  readonly errors?: readonly FieldError[];
}

// AWS SDK error names that mean "busy or briefly down: try again", not "your input is bad".
const RETRYABLE = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'ServiceUnavailable',
  'InternalServerError',
  'TimeoutError',
  'TooManyRequestsException',
]);

/** Why DynamoDB cancels a transaction when trying again later can succeed. */
const TRANSIENT_CANCELLATIONS = new Set(['ThrottlingError', 'TransactionConflict']);

/**
 * A transaction DynamoDB cancelled because an item was throttled, or was in another transaction
 * at the same moment (concurrent submissions add to the same month's counters); the SDK retries
 * neither, and nothing of it was written.
 */
const isThrottledTransaction = (error: Error): boolean =>
  error.name === 'TransactionCanceledException' &&
  (((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).some((reason) =>
    TRANSIENT_CANCELLATIONS.has(reason.Code ?? ''),
  ) ||
    /Throttl/i.test(error.message));

/**
 * Retryable, or caused by something retryable: a wrapper keeps the AWS error as its `cause`
 * (Powertools idempotency raises its persistence error when the throttled write was its own).
 */
const isRetryableAwsError = (error: unknown, depth = 0): boolean =>
  error instanceof Error &&
  depth < 5 &&
  (RETRYABLE.has(error.name) || isThrottledTransaction(error) || isRetryableAwsError(error.cause, depth + 1));

/** Problem type slug, e.g. ValidationError -> `validation`; documented on the API docs page. */
const problemType = (error: AppError) =>
  `/v1/docs#problem-${error.name.replace(/Error$/, '').replace(/[A-Z]/g, (c, i) => (i ? '-' : '') + c.toLowerCase())}`;

/**
 * Maps any error to a problem+json response in the caller's language. Known errors
 * keep their status and field list; anything else is logged with the request id and
 * answered with a 500 that reveals nothing about the cause.
 */
export function problemResponse(
  error: unknown,
  language: Language,
  requestId: string,
): APIGatewayProxyResult {
  let known: AppError;
  if (error instanceof AppError) {
    known = error;
  } else if (isRetryableAwsError(error)) {
    logger.warn('dependency busy, asking the caller to retry', { error: error as Error });
    known = new ServiceUnavailableError('dependency busy', { headers: { 'Retry-After': '1' }, cause: error });
  } else {
    logger.error('unhandled error', { error: error as Error, requestId });
    const problem: Problem = {
      type: '/v1/docs#problem-internal',
      title: translate(language, 'problem.internal'),
      status: 500,
      requestId,
    };
    return problemResult(problem, {});
  }
  // At capacity is the flood's expected answer, not a failure: logging each would feed the flood.
  if (known.status >= 500 && !(known instanceof AtCapacityError))
    logger.warn('request failed', { error: known, requestId });
  const errors = [
    ...known.errors,
    ...known.issues.map(({ field, code, messageKey }) => ({
      field,
      code,
      message: translate(language, messageKey),
    })),
  ];
  const problem: Problem = {
    type: problemType(known),
    title: translate(language, known.titleKey, known.titleParams),
    status: known.status,
    requestId,
    ...(errors.length > 0 ? { errors } : {}),
  };
  return problemResult(problem, known.headers);
}

const problemResult = (
  problem: Problem,
  headers: Readonly<Record<string, string>>,
): APIGatewayProxyResult => ({
  statusCode: problem.status,
  headers: { 'Content-Type': 'application/problem+json; charset=utf-8', ...headers },
  body: JSON.stringify(problem),
});

import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyPersistenceLayerError,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context } from 'aws-lambda';
import { IdempotencyInProgressError, IdempotencyMismatchError, ValidationError } from '../errors.ts';
import { type Language, translate } from '../i18n/translate.ts';
import { logger } from '../logger.ts';
import { dynamoClient, tableName } from '../store/client.ts';
import type { HttpResult } from './result.ts';

/** Printable ASCII, as the IETF Idempotency-Key draft expects; long enough for a UUID and a prefix. */
const KEY_PATTERN = /^[\x21-\x7E]+$/;
const KEY_MAX_LENGTH = 255;
/** A retry within a day replays the first response. */
const RECORD_TTL_SECONDS = 24 * 3600;

interface IdempotentCall {
  /** What makes two requests "the same request": route, caller and key. */
  readonly scope: readonly string[];
  /** Must match the first request's body, or the retry is refused with 422. */
  readonly body: unknown;
}
type Run = () => Promise<HttpResult>;

let runOnce: ((call: IdempotentCall, run: Run) => Promise<HttpResult>) | undefined;
let idempotencyConfig: IdempotencyConfig | undefined;

function idempotentRunner() {
  if (runOnce) return runOnce;
  idempotencyConfig = new IdempotencyConfig({
    eventKeyJmesPath: 'scope',
    payloadValidationJmesPath: 'body',
    expiresAfterSeconds: RECORD_TTL_SECONDS,
    responseHook: (response) => {
      const result = response as unknown as HttpResult;
      const replayed = { ...result, headers: { ...result.headers, 'Idempotent-Replayed': 'true' } };
      return replayed as unknown as typeof response;
    },
  });
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName: tableName(),
    keyAttr: 'pk',
    sortKeyAttr: 'sk',
    staticPkValue: 'IDEMPOTENCY',
    expiryAttr: 'ttl',
    awsSdkV3Client: dynamoClient(),
  });
  runOnce = makeIdempotent((_call: IdempotentCall, run: Run) => run(), {
    persistenceStore,
    config: idempotencyConfig,
  });
  return runOnce;
}

/**
 * Runs `run` at most once per (route, caller, Idempotency-Key), with the IETF draft's
 * answers: a finished request's response is replayed, a concurrent one gets 409 with
 * Retry-After, a different body with the same key gets 422 and nothing is written.
 */
export async function withIdempotencyKey(
  key: string,
  scope: readonly string[],
  body: unknown,
  context: Context,
  language: Language,
  run: Run,
): Promise<HttpResult> {
  const tooLong = key.length > KEY_MAX_LENGTH;
  if (tooLong || !KEY_PATTERN.test(key)) {
    throw new ValidationError('bad idempotency key', {
      errors: [
        {
          field: 'headers.idempotency-key',
          ...(tooLong
            ? { code: 'too_long', message: translate(language, 'field.tooLong', { maximum: KEY_MAX_LENGTH }) }
            : { code: 'invalid_format', message: translate(language, 'field.invalidFormat') }),
        },
      ],
    });
  }
  const runner = idempotentRunner();
  idempotencyConfig?.registerLambdaContext(context);
  let produced: HttpResult | undefined;
  const runAndKeep = async () => {
    produced = await run();
    return produced;
  };
  try {
    return await runner({ scope: [...scope, key], body }, runAndKeep);
  } catch (error) {
    // The work is done and stored; only saving its answer for replays failed. Failing now would
    // make the caller retry work that happened (intake's claim still answers such a retry with
    // the stored case: shared/store/cases.ts submissionClaimItem).
    if (produced && error instanceof IdempotencyPersistenceLayerError) {
      logger.warn('answer not saved for replays', { error });
      return produced;
    }
    if (error instanceof IdempotencyAlreadyInProgressError) {
      throw new IdempotencyInProgressError('in progress', { headers: { 'Retry-After': '1' }, cause: error });
    }
    if (error instanceof IdempotencyValidationError) {
      throw new IdempotencyMismatchError('payload mismatch', { cause: error });
    }
    throw error;
  }
}

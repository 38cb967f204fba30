import { z } from 'zod';
import { InvalidCursorError } from '../errors.ts';

// A cursor is DynamoDB's LastEvaluatedKey made opaque. Decoding checks its shape, so a
// forged cursor can at most restart a query the caller may already run.
const keyShape = z.record(z.string().regex(/^(pk|sk|gsi[1-3](pk|sk))$/), z.string().max(1024));

export const encodeCursor = (lastEvaluatedKey: Record<string, unknown> | undefined): string | undefined =>
  lastEvaluatedKey ? Buffer.from(JSON.stringify(lastEvaluatedKey), 'utf8').toString('base64url') : undefined;

export function decodeCursor(cursor: string | undefined): Record<string, string> | undefined {
  if (cursor === undefined) return undefined;
  try {
    return keyShape.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch (cause) {
    throw new InvalidCursorError('bad cursor', { cause });
  }
}

/** DynamoDB rejects a start key that does not belong to the index queried: that is a bad cursor too. */
export function rethrowBadStartKey(error: unknown): never {
  if (error instanceof Error && error.name === 'ValidationException' && /start.*key/i.test(error.message)) {
    throw new InvalidCursorError('cursor does not fit this query', { cause: error });
  }
  throw error;
}

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor?: string;
}

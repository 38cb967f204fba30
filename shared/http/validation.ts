import type { z } from 'zod';
import { type FieldError, ValidationError } from '../errors.ts';
import { catalogue } from '../i18n/messages.ts';
import { type Language, type MessageKey, translate } from '../i18n/translate.ts';

const isMessageKey = (value: string): value is MessageKey => value in catalogue['zh-CN'];

/** `submitter.email` for body fields, `query.limit` / `params.id` elsewhere, `body` for the body as a whole. */
const fieldPath = (path: readonly PropertyKey[], prefix: string) =>
  [prefix, ...path.map(String)].filter(Boolean).join('.') || 'body';

const typeNames: Record<string, MessageKey> = {
  string: 'type.string',
  number: 'type.number',
  boolean: 'type.boolean',
  array: 'type.array',
  object: 'type.object',
};

/** Turns one zod issue into field errors worded from the catalogue in the caller's language. */
function toFieldErrors(issue: z.core.$ZodIssue, language: Language, prefix: string): FieldError[] {
  const field = fieldPath(issue.path, prefix);
  const error = (
    code: string,
    key: MessageKey,
    params: Record<string, string | number> = {},
  ): FieldError => ({
    field,
    code,
    message: translate(language, key, params),
  });
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return [error('required', 'field.required')];
      if (issue.expected === 'int') return [error('not_integer', 'field.notInteger')];
      return [
        error('invalid_type', 'field.invalidType', {
          expected: typeNames[issue.expected]
            ? translate(language, typeNames[issue.expected] as MessageKey)
            : issue.expected,
        }),
      ];
    case 'too_big':
      if (issue.origin === 'string')
        return [error('too_long', 'field.tooLong', { maximum: Number(issue.maximum) })];
      if (issue.origin === 'array' || issue.origin === 'set')
        return [error('too_many', 'field.tooManyItems', { maximum: Number(issue.maximum) })];
      return [error('too_big', 'field.tooLarge', { maximum: Number(issue.maximum) })];
    case 'too_small':
      if (issue.origin === 'string')
        return [
          Number(issue.minimum) === 1
            ? error('required', 'field.required')
            : error('too_short', 'field.tooShort', { minimum: Number(issue.minimum) }),
        ];
      if (issue.origin === 'array' || issue.origin === 'set')
        return [error('too_few', 'field.tooFewItems', { minimum: Number(issue.minimum) })];
      return [error('too_small', 'field.tooSmall', { minimum: Number(issue.minimum) })];
    case 'not_multiple_of':
      return [error('not_integer', 'field.notInteger')];
    case 'invalid_format': {
      const byFormat: Record<string, MessageKey> = {
        email: 'field.invalidEmail',
        url: 'field.invalidUrl',
        date: 'field.invalidDate',
        datetime: 'field.invalidDateTime',
      };
      const known = byFormat[issue.format];
      return [
        known ? error(`invalid_${issue.format}`, known) : error('invalid_format', 'field.invalidFormat'),
      ];
    }
    case 'invalid_value':
      if (issue.input === undefined) return [error('required', 'field.required')];
      return [
        error('invalid_option', 'field.invalidOption', { options: issue.values.map(String).join(', ') }),
      ];
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        field: fieldPath([...issue.path, key], prefix),
        code: 'unknown_field',
        message: translate(language, 'field.unknownField'),
      }));
    case 'custom':
      return [
        isMessageKey(issue.message) ? error('invalid', issue.message) : error('invalid', 'field.invalid'),
      ];
    default:
      return [error('invalid', 'field.invalid')];
  }
}

/**
 * Parses `data` with `schema`; on failure throws a ValidationError naming every bad field
 * (query and path fields are prefixed `query.` / `params.`; pass '' for the body). A text holding
 * a lone surrogate is a bad field too, whatever the schema.
 */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  data: unknown,
  language: Language,
  prefix: string,
): z.output<S> {
  const result = schema.safeParse(data, { reportInput: true });
  if (!result.success) {
    const errors = result.error.issues.flatMap((issue) => toFieldErrors(issue, language, prefix));
    throw new ValidationError(`invalid ${prefix}`, { errors });
  }
  const malformed = malformedTextPaths(result.data);
  if (malformed.length > 0) {
    throw new ValidationError(`malformed text in ${prefix}`, {
      errors: malformed.map((path) => ({
        field: fieldPath(path, prefix),
        code: 'invalid_format',
        message: translate(language, 'field.invalidFormat'),
      })),
    });
  }
  return result.data;
}

/**
 * Paths of the texts (keys too) holding a lone UTF-16 surrogate: JSON can carry one as a `\ud800`
 * escape, and it would be stored as U+FFFD, not as what was sent. Walked without recursion,
 * however deep the value.
 */
function malformedTextPaths(value: unknown): PropertyKey[][] {
  const found: PropertyKey[][] = [];
  const pending: [PropertyKey[], unknown][] = [[[], value]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [path, item] = next;
    if (typeof item === 'string') {
      if (!item.isWellFormed()) found.push(path);
    } else if (item !== null && typeof item === 'object') {
      for (const [key, child] of Object.entries(item)) {
        if (!key.isWellFormed()) found.push([...path, key]);
        else pending.push([[...path, key], child]);
      }
    }
  }
  return found;
}

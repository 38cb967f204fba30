import { z } from 'zod';
import { languages } from '../i18n/translate.ts';

// Control characters other than tab/newline never belong in user text (they break
// emails, CSV exports and terminals); single-line fields refuse newlines too.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LINE_BREAK = /[\r\n\t\u0085\u2028\u2029]/;

/** A trimmed, non-empty single line of at most `max` characters. */
export const line = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !CONTROL.test(s) && !LINE_BREAK.test(s), { message: 'field.invalidFormat' });

/** A trimmed, non-empty multi-line text of at most `max` characters. */
export const paragraph = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !CONTROL.test(s), { message: 'field.invalidFormat' });

export const email = z.email().max(254);
export const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 ()-]{4,28}(?:\s*(?:ext\.?|转)\s*[0-9]{1,6})?$/)
  .meta({ description: 'Phone number, digits with optional +, spaces, dashes, brackets and extension' });
export const httpUrl = z.url({ protocol: /^https?$/, hostname: z.regexes.domain }).max(2000);
/** A calendar date, `YYYY-MM-DD`. */
export const plainDate = z.iso.date();
/** An instant with an explicit offset, e.g. `2026-11-27T09:30:00+08:00`. */
export const instant = z.iso.datetime({ offset: true });
export const language = z.enum(languages);
/** An amount in yuan (CNY) with at most two decimals; stored and summed as integer fen. */
export const cny = z
  .number()
  .min(0)
  .max(100_000_000)
  .refine((n) => Number.isInteger(Math.round(n * 100)) && Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, {
    message: 'field.invalidFormat',
  })
  .meta({ description: 'CNY, at most two decimals' });
export const entityId = z
  .string()
  .regex(/^[0-9A-Za-z_-]{1,64}$/)
  .meta({ description: 'Identifier' });

export const productCategories = ['furniture', 'appliance', 'curtain'] as const;
export const productCategory = z.enum(productCategories);

/** Who may be contacted about a submission. */
export const submitter = z
  .strictObject({
    organization: line(200).meta({ description: 'Organisation (school, agency, ...)' }),
    contactName: line(100),
    phone: phone.optional(),
    email: email.optional(),
    language: language.optional().meta({ description: 'Language for emails; defaults to Accept-Language' }),
  })
  .refine((s) => s.phone !== undefined || s.email !== undefined, {
    message: 'field.contactRequired',
    path: ['email'],
  })
  .meta({ id: 'Submitter' });

export const productRef = z
  .strictObject({
    category: productCategory,
    name: line(200).meta({ description: 'Product name and model as the customer knows it' }),
  })
  .meta({ id: 'ProductRef' });

/** A page of results; `nextCursor` is absent on the last page. */
export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().optional() });

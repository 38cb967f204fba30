import type { Signed } from '../domain/complaint-record.ts';
import type { MessageKey } from '../i18n/messages.ts';
import type { Words } from './labels.ts';
import type { Layout } from './layout.ts';

/** A label and its value; rows without a value are left out. */
export type Row = readonly [MessageKey, string | undefined];
export type Fields = Readonly<Record<string, unknown>>;

/** A decision read by field name, so fields added to its schema later need no change here. */
export const fieldsOf = (decision: object): Fields => decision as Fields;

export const text = (value: unknown): string | undefined =>
  value === undefined || value === null || value === '' ? undefined : String(value);

export function rows(layout: Layout, w: Words, list: readonly Row[]): void {
  for (const [key, value] of list) if (value !== undefined) layout.field(w.t(key), value);
}

/** When and by whom a decision was made. */
export const signedNote = (w: Words, signed: Signed) =>
  w.t('dossier.signed', { at: w.time(signed.at), who: w.actor(signed.by) });

/** An approval's outcome: approved, or sent back. */
export const decisionWord = (w: Words, decision: unknown) =>
  w.t(decision === 'reject' ? 'dossier.decision.reject' : 'dossier.decision.approve');

/** An approval (Production's, Quality's review of measures): approved, or sent back with a reason. */
export const approvalRows = (w: Words, d: Fields): Row[] => [
  ['dossier.field.decision', decisionWord(w, d.decision)],
  ['dossier.field.reason', text(d.reason)],
];

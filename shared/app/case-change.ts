import { ConflictError, NotFoundError } from '../errors.ts';
import { type Actor, nextEvent } from '../store/audit.ts';
import {
  ARCHIVED,
  type CaseRecord,
  caseKey,
  getStoredCase,
  type StoredCase,
  updateCase,
} from '../store/cases.ts';
import { type OutgoingMail, stagedMail } from './deliver-mail.ts';

/** The record of a case is frozen once archived (记录控制程序): later changes are refused with 409. */
export class CaseArchivedError extends ConflictError {
  override readonly titleKey = 'problem.archived';
}

export type { OutgoingMail };

/** What one change does: new field values, its audit event, mail, and other items written with it. */
export interface CaseChange {
  readonly changes: Readonly<Record<string, unknown>>;
  readonly event: { readonly type: string; readonly data: Record<string, unknown> };
  readonly mails?: readonly OutgoingMail[];
  readonly extra?: Parameters<typeof updateCase>[3];
}

/**
 * Applies a change to a case in one transaction (version check, audit event, mail), then
 * sends the mail. `plan` sees the case as stored and returns undefined when there is nothing
 * to do (the step already happened: idempotent). A lost race re-reads and plans again.
 */
export async function changeCase(
  caseId: string,
  actor: Actor,
  now: Date,
  plan: (stored: StoredCase) => CaseChange | undefined | Promise<CaseChange | undefined>,
  attempts = 3,
): Promise<CaseRecord> {
  for (let attempt = 1; ; attempt += 1) {
    const stored = await getStoredCase(caseId);
    if (!stored) throw new NotFoundError(`case ${caseId}`);
    if (stored.record.status === ARCHIVED) throw new CaseArchivedError(`case ${caseId} is archived`);
    const change = await plan(stored);
    if (!change) return stored.record;
    const event = nextEvent(caseKey(caseId), stored.head, {
      type: change.event.type,
      at: now,
      actor,
      data: change.event.data,
    });
    const mails = stagedMail(change.mails ?? [], now, caseId);
    try {
      const record = await updateCase(stored, change.changes, event, [
        ...(change.extra ?? []),
        ...mails.items,
      ]);
      await mails.send();
      return record;
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= attempts) throw error;
    }
  }
}

import type { MessageKey } from '../../../../../shared/i18n/messages.ts';
import type { LedgerEntryView, ReconciliationView } from './types.ts';

/**
 * The words of a part's ledger and of its reconciliation, pure (jest tests them:
 * test/unit/console-parts.test.ts): the page renders what these return.
 */

/** One fact of a ledger entry's data: what it is, the value, and the page it links to. */
export interface LedgerDetail {
  readonly label: MessageKey;
  readonly text: string;
  /** A console path (`/service-requests/01J...`). */
  readonly link?: string;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Where issued units went: a service request (linked) or a department and its purpose. */
function destinationOf(to: unknown): LedgerDetail | undefined {
  if (!isRecord(to)) return undefined;
  const caseId = text(to.caseId);
  if (to.kind === 'serviceRequest' && caseId)
    return {
      label: 'console.parts.ledger.toServiceRequest',
      text: caseId,
      link: `/service-requests/${caseId}`,
    };
  const departmentId = text(to.departmentId);
  if (to.kind === 'department' && departmentId) {
    const purpose = text(to.purpose);
    return {
      label: 'console.parts.ledger.toDepartment',
      text: purpose ? `${departmentId} · ${purpose}` : departmentId,
    };
  }
  return undefined;
}

/**
 * What a ledger entry says besides its figures, in a fixed order: destination, supplier and
 * inspection, the requisition or issue it belongs to, transfer destination, cause, reason, note.
 */
export function ledgerDetails(entry: Pick<LedgerEntryView, 'data'>): LedgerDetail[] {
  const data = entry.data;
  const details: LedgerDetail[] = [];
  const add = (label: MessageKey, value: unknown, link?: (value: string) => string) => {
    const shown = text(value);
    if (shown) details.push({ label, text: shown, ...(link ? { link: link(shown) } : {}) });
  };
  const destination = destinationOf(data.to);
  if (destination) details.push(destination);
  add('console.parts.ledger.supplier', data.supplier);
  const inspection = isRecord(data.inspection) ? data.inspection : undefined;
  add('console.parts.ledger.inspectionNote', inspection?.note);
  add('console.parts.ledger.requisition', data.requisitionId, (id) => `/requisitions/${id}`);
  add('console.parts.ledger.scrap', data.scrapId, (id) => `/scraps/${id}`);
  add('console.parts.ledger.issueSeq', data.issueSeq);
  add('console.parts.ledger.destination', data.destination);
  add('console.parts.ledger.cause', data.cause);
  add('console.parts.ledger.serviceRequest', data.caseId, (id) => `/service-requests/${id}`);
  add('console.parts.ledger.reason', data.reason);
  add('console.parts.ledger.note', data.note);
  return details;
}

/** The reconciliation in one word: all agree, figures differ, or the ledger's chain is broken. */
export type ReconcileVerdict = 'agrees' | 'differs' | 'chainBroken';

export const reconcileVerdict = (
  result: Pick<ReconciliationView, 'agrees' | 'chainIntact'>,
): ReconcileVerdict => (!result.chainIntact ? 'chainBroken' : result.agrees ? 'agrees' : 'differs');

/** A signed change (`+3`, `−2`, `0`) as the ledger shows it. */
export const signedChange = (value: number, format: (n: number) => string = String): string =>
  value > 0 ? `+${format(value)}` : value < 0 ? `−${format(-value)}` : format(0);

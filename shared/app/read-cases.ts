import { NotFoundError } from '../errors.ts';
import { type Caller, canSeeOffice, officeScope, type StaffCaller } from '../http/roles.ts';
import type { CaseKind, CaseListQuery } from '../schemas/cases.ts';
import type { AuditEvent } from '../store/audit.ts';
import { listEvents } from '../store/audit-trail.ts';
import { type CaseRecord, caseKey, getCase, listCases } from '../store/cases.ts';
import type { Page } from '../store/pagination.ts';

const summaryFields = [
  'id',
  'reference',
  'kind',
  'status',
  'channel',
  'receivedAt',
  'organization',
  'customerId',
  'officeId',
  'title',
] as const satisfies readonly (keyof CaseRecord)[];

export type CaseSummary = Pick<CaseRecord, (typeof summaryFields)[number]>;

/** What a list shows of a case; absent links stay absent. */
const summaryOf = (record: CaseRecord): CaseSummary =>
  Object.fromEntries(
    summaryFields.filter((field) => record[field] !== undefined).map((field) => [field, record[field]]),
  ) as CaseSummary;

/**
 * Cases of one kind for a staff list, newest first; office users get their office's only. `q`
 * searches reference, organisation, contact, title and product within each page read.
 */
export async function listCaseSummaries(
  kind: CaseKind,
  query: CaseListQuery,
  caller: StaffCaller,
): Promise<Page<CaseSummary>> {
  const officeId = officeScope(caller);
  const page = await listCases(kind, {
    limit: query.limit,
    ...(query.status ? { status: query.status } : {}),
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
    ...(query.customerId ? { customerId: query.customerId } : {}),
    ...(query.q ? { search: query.q } : {}),
    ...(query.cursor ? { cursor: query.cursor } : {}),
    ...(officeId !== undefined ? { officeId } : {}),
  });
  return { items: page.items.map(summaryOf), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

/**
 * One case with its timeline. A case of another kind, or of an office the caller may
 * not see, is "not found": its existence is not revealed.
 */
export async function getCaseWithTimeline(
  kind: CaseKind,
  id: string,
  caller: Caller,
): Promise<CaseRecord & { timeline: AuditEvent[] }> {
  const record = await getCase(id);
  if (
    !record ||
    record.kind !== kind ||
    (caller.kind === 'staff' && !canSeeOffice(caller, record.officeId))
  ) {
    throw new NotFoundError(`${kind} ${id}`);
  }
  return { ...record, timeline: await listEvents(caseKey(id)) };
}

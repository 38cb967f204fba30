import { ulid } from 'ulid';
import { ForbiddenError, NotFoundError, PreconditionFailedError, ValidationError } from '../errors.ts';
import { canSeeOffice, type StaffCaller } from '../http/roles.ts';
import {
  COMPLAINT_REPLY_WORKING_DAYS,
  type OfficeStandardInput,
  type Standard,
  type SupervisionNote,
  type SupervisionNoteInput,
  type SupervisionNoteQuery,
} from '../schemas/offices.ts';
import { actorOf, nextEvent } from '../store/audit.ts';
import {
  getOffice,
  getOfficeChainHead,
  getStoredStandard,
  insertSupervisionNote,
  listSupervisionNotes,
  officeKey,
  writeStandard,
} from '../store/offices.ts';
import type { Page } from '../store/pagination.ts';

export type { Standard };

/**
 * The standard of an office without one of its own (requirements.md §2: one service standard
 * for head office and every regional office): first response within 4 working hours, a visit
 * within 3 working days, the complaint reply within 2 working days (§3.5), CSAT 4.0 or better.
 */
export const defaultStandard = {
  firstResponse: { value: 4, unit: 'workingHours' },
  visitWithinWorkingDays: 3,
  complaintReplyWorkingDays: COMPLAINT_REPLY_WORKING_DAYS,
  csatTarget: 4,
  items: [],
} as const satisfies Omit<Standard, 'officeId' | 'isDefault' | 'version'>;

/** The service standard an office works to: its own, or the default while it has none. */
export async function officeStandard(officeId: string): Promise<Standard> {
  const stored = await getStoredStandard(officeId);
  if (!stored) {
    return {
      officeId,
      ...defaultStandard,
      firstResponse: { ...defaultStandard.firstResponse },
      items: [],
      isDefault: true,
      version: 0,
    };
  }
  const s = stored as unknown as Standard;
  return {
    officeId,
    firstResponse: s.firstResponse,
    visitWithinWorkingDays: s.visitWithinWorkingDays,
    complaintReplyWorkingDays: COMPLAINT_REPLY_WORKING_DAYS,
    csatTarget: s.csatTarget,
    items: s.items ?? [],
    isDefault: false,
    version: s.version,
    ...(s.updatedAt ? { updatedAt: s.updatedAt } : {}),
    ...(s.updatedBy ? { updatedBy: s.updatedBy } : {}),
  };
}

/** Office users reach their own office only (403); an unknown office is 404. */
async function assertOfficeVisible(officeId: string, caller: StaffCaller): Promise<void> {
  if (!canSeeOffice(caller, officeId)) throw new ForbiddenError(`office ${officeId} is not the caller's`);
  if (!(await getOffice(officeId))) throw new NotFoundError(`office ${officeId}`);
}

const whoIs = (caller: StaffCaller) => caller.email ?? caller.sub;

/** GET /v1/offices/{id}/standard. */
export async function getStandardFor(officeId: string, caller: StaffCaller): Promise<Standard> {
  await assertOfficeVisible(officeId, caller);
  return officeStandard(officeId);
}

/**
 * Replaces the office's standard (PUT). With `expectedVersion` (If-Match; 0 for the default) a
 * stale write gets 412; without it the version read here still guards (409). Audited in the
 * office's chain with the standard before and after.
 */
export async function putStandard(
  officeId: string,
  input: OfficeStandardInput,
  expectedVersion: number | undefined,
  caller: StaffCaller,
  now: Date,
): Promise<Standard> {
  await assertOfficeVisible(officeId, caller);
  const before = await officeStandard(officeId);
  if (expectedVersion !== undefined && expectedVersion !== before.version) {
    throw new PreconditionFailedError(`standard of office ${officeId} is at version ${before.version}`);
  }
  const after: Standard = {
    officeId,
    firstResponse: input.firstResponse,
    visitWithinWorkingDays: input.visitWithinWorkingDays,
    complaintReplyWorkingDays: COMPLAINT_REPLY_WORKING_DAYS,
    csatTarget: input.csatTarget,
    items: input.items,
    isDefault: false,
    version: before.version + 1,
    updatedAt: now.toISOString(),
    updatedBy: whoIs(caller),
  };
  const head = await getOfficeChainHead(officeId);
  const targets = ({ firstResponse, visitWithinWorkingDays, csatTarget, items }: Standard) => ({
    firstResponse,
    visitWithinWorkingDays,
    csatTarget,
    items,
  });
  const event = nextEvent(officeKey(officeId), head, {
    type: 'standard.updated',
    at: now,
    actor: actorOf(caller),
    data: {
      version: after.version,
      before: before.isDefault ? null : targets(before),
      after: targets(after),
    },
  });
  const { isDefault: _isDefault, ...stored } = after;
  await writeStandard(stored, before.version, head, event);
  return after;
}

/** Records a finding of head office's supervision of an office (audited in the office's chain). */
export async function addSupervisionNote(
  officeId: string,
  input: SupervisionNoteInput,
  caller: StaffCaller,
  now: Date,
): Promise<SupervisionNote> {
  await assertOfficeVisible(officeId, caller);
  if (input.due < input.date) {
    throw new ValidationError('due before the supervision', {
      issues: [{ field: 'due', code: 'before_date', messageKey: 'office.dueBeforeDate' }],
    });
  }
  const note: SupervisionNote = {
    id: ulid(now.getTime()),
    officeId,
    ...input,
    createdAt: now.toISOString(),
    createdBy: whoIs(caller),
  };
  const head = await getOfficeChainHead(officeId);
  const event = nextEvent(officeKey(officeId), head, {
    type: 'supervisionNote.added',
    at: now,
    actor: actorOf(caller),
    data: { ...input, noteId: note.id },
  });
  await insertSupervisionNote(note, head, event);
  return note;
}

/** GET /v1/offices/{id}/supervision-notes: newest first. */
export async function listSupervisionNotesFor(
  officeId: string,
  query: SupervisionNoteQuery,
  caller: StaffCaller,
): Promise<Page<SupervisionNote>> {
  await assertOfficeVisible(officeId, caller);
  return listSupervisionNotes(officeId, query.limit, query.cursor);
}

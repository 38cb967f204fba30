import { versionFromIfMatch } from '../../shared/app/customers.ts';
import { officeLeagueFor } from '../../shared/app/office-league.ts';
import {
  addSupervisionNote,
  getStandardFor,
  listSupervisionNotesFor,
  putStandard,
} from '../../shared/app/office-standards.ts';
import { areaHandler } from '../../shared/http/handler.ts';
import { etag, ok } from '../../shared/http/result.ts';
import type { StaffCaller } from '../../shared/http/roles.ts';

/** Offices' service standards, supervision notes and the office league table (area `offices`). */
export const handler = areaHandler('offices', {
  getOfficeStandard: async ({ params, caller }) => {
    const standard = await getStandardFor(params.id, caller as StaffCaller);
    return ok(standard, etag(standard.version));
  },
  putOfficeStandard: async ({ params, body, headers, caller, now }) => {
    const expected = versionFromIfMatch(headers['if-match']);
    const standard = await putStandard(params.id, body, expected, caller as StaffCaller, now);
    return ok(standard, etag(standard.version));
  },
  createSupervisionNote: async ({ params, body, caller, now }) => ({
    status: 201,
    body: await addSupervisionNote(params.id, body, caller as StaffCaller, now),
  }),
  listSupervisionNotes: async ({ params, query, caller }) =>
    ok(await listSupervisionNotesFor(params.id, query, caller as StaffCaller)),
  getOfficeLeague: async ({ query, caller, now }) =>
    ok(await officeLeagueFor(query, caller as StaffCaller, now)),
});

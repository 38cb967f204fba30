import { page } from '../../schemas/common.ts';
import {
  officeLeagueQuery,
  officeLeagueSchema,
  officeParams,
  officeStandardInput,
  officeStandardSchema,
  supervisionNoteInput,
  supervisionNoteQuery,
  supervisionNoteSchema,
} from '../../schemas/offices.ts';
import type { Role } from '../roles.ts';
import { type RouteDefinition, route, staffAccess } from '../route.ts';

/** Who reads standards, notes and the league table: head office supervises; office users see their own office. */
export const officeReaders: Role[] = ['customer-service', 'quality', 'office', 'manager', 'admin'];
/** Who sets standards and writes supervision notes: head office management. */
export const officeSupervisors: Role[] = ['manager', 'admin'];

const ownOffice = 'Office users: their own office only (403 otherwise). Unknown office: 404.';

/** Offices' service standards, supervision notes and the office league table (area `offices`). Part of the route registry (shared/http/routes.ts). */
export const officeRoutes = {
  getOfficeStandard: route({
    method: 'GET',
    path: '/v1/offices/{id}/standard',
    area: 'offices',
    summary: "An office's service standard (服务标准)",
    description:
      'The checklist the office works to: first response target, visit within N working days, the complaint reply ' +
      'within 2 working days (fixed by the promise), the CSAT target and free-text items. An office without a ' +
      `standard of its own gets the default (\`isDefault\`, version 0). The \`ETag\` header carries the version. ${ownOffice}`,
    access: staffAccess(...officeReaders),
    params: officeParams,
    responses: { 200: { description: 'The standard', schema: officeStandardSchema } },
  }),
  putOfficeStandard: route({
    method: 'PUT',
    path: '/v1/offices/{id}/standard',
    area: 'offices',
    summary: "Set an office's service standard (audited)",
    description:
      "Replaces the whole standard; recorded in the office's hash-chained audit trail with before and after. " +
      '`complaintReplyWorkingDays` may only be 2.',
    access: staffAccess(...officeSupervisors),
    headers: [
      {
        name: 'If-Match',
        description: 'The version from GET (ETag; "0" for the default); a stale version gets 412',
      },
    ],
    params: officeParams,
    body: officeStandardInput,
    responses: { 200: { description: 'The new standard', schema: officeStandardSchema } },
  }),
  createSupervisionNote: route({
    method: 'POST',
    path: '/v1/offices/{id}/supervision-notes',
    area: 'offices',
    summary: "Record a finding of head office's supervision of an office (督导记录)",
    description:
      "Date, finding, action required and when it is due (not before the date). Audited in the office's trail.",
    access: staffAccess(...officeSupervisors),
    params: officeParams,
    body: supervisionNoteInput,
    idempotent: true,
    responses: { 201: { description: 'Recorded', schema: supervisionNoteSchema } },
  }),
  listSupervisionNotes: route({
    method: 'GET',
    path: '/v1/offices/{id}/supervision-notes',
    area: 'offices',
    summary: "An office's supervision notes, newest first",
    description: ownOffice,
    access: staffAccess(...officeReaders),
    params: officeParams,
    query: supervisionNoteQuery,
    responses: { 200: { description: 'A page of notes', schema: page(supervisionNoteSchema) } },
  }),
  getOfficeLeague: route({
    method: 'GET',
    path: '/v1/reports/offices',
    area: 'offices',
    summary: 'The office league table: response times, SLA, complaints, returns, CSAT (办事处服务考核)',
    description:
      'Per office, from pre-aggregated monthly counters (Asia/Shanghai months; default: the 12 months up to now; ' +
      'at most 36): first response average and % in target, visit time average and % in target, SLA compliance ' +
      '(complaint first replies on time / all first replies), complaints per 100 deliveries, return rate ' +
      "(returned / delivered units), CSAT average, the standard's targets and the newest 3 supervision notes. " +
      'Sorted by SLA compliance (highest first, offices without replies last), then complaints per 100 deliveries ' +
      "(lowest first), then office id; `rank` is the position. Office users get their own office's row only.",
    access: staffAccess(...officeReaders),
    query: officeLeagueQuery,
    responses: { 200: { description: 'The league table', schema: officeLeagueSchema } },
  }),
} as const satisfies Record<string, RouteDefinition>;

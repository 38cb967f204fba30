import { ulid } from 'ulid';
import { shanghaiDate, startOfShanghaiDay } from '../calendar/plain-date.ts';
import {
  carePlanStatus,
  contactLogIssues,
  isOpenCase,
  pendingFollowUps,
  periodsOf,
} from '../domain/care-plan.ts';
import { ValidationError } from '../errors.ts';
import { canSeeOffice, type StaffCaller } from '../http/roles.ts';
import type {
  CareOverview,
  ContactLogEntry,
  ContactLogInput,
  CustomerPageQuery,
} from '../schemas/care-plan.ts';
import { caseKinds } from '../schemas/cases.ts';
import type { SurveyAnswer, SurveyRecord } from '../schemas/surveys.ts';
import { actorOf } from '../store/audit.ts';
import { type CaseRecord, listCases } from '../store/cases.ts';
import { contactsSince, insertContact, listContacts } from '../store/contact-log.ts';
import type { Page } from '../store/pagination.ts';
import { listCustomerSurveys } from '../store/surveys.ts';
import { getTask } from '../store/tasks.ts';
import { visibleCustomer } from './customers.ts';

/**
 * The key-customer care plan (重点客户关怀计划, requirements.md §1C, §2): contacts logged with
 * the needs they captured, and an overview that shows a key account's open issues at a glance.
 * Office users reach only their own office's customers (404 for others, nothing written).
 */

/** Logs a visit, call, meeting or email with a customer; `by` is the caller. */
export async function logContact(
  customerId: string,
  input: ContactLogInput,
  caller: StaffCaller,
  now: Date,
): Promise<ContactLogEntry> {
  const { customer } = await visibleCustomer(customerId, caller);
  const issues = contactLogIssues(input, now);
  if (issues.length > 0) throw new ValidationError('bad contact log entry', { issues });
  const by = actorOf(caller);
  const entry: ContactLogEntry = {
    id: ulid(now.getTime()),
    customerId: customer.id,
    ...input,
    at: new Date(input.at).toISOString(),
    by: { ...by, roles: by.roles ? [...by.roles] : undefined },
    createdAt: now.toISOString(),
  };
  await insertContact(entry);
  return entry;
}

/** A customer's logged contacts, newest first. */
export async function listContactsFor(
  customerId: string,
  query: CustomerPageQuery,
  caller: StaffCaller,
): Promise<Page<ContactLogEntry>> {
  await visibleCustomer(customerId, caller);
  return listContacts(customerId, query);
}

/** A customer's surveys and follow-ups with their answers, newest first. */
export async function listSurveysFor(
  customerId: string,
  query: CustomerPageQuery,
  caller: StaffCaller,
): Promise<Page<SurveyRecord>> {
  await visibleCustomer(customerId, caller);
  return listCustomerSurveys(customerId, query);
}

/** At most this many cases of each kind are read for the overview (pages of 100). */
const MAX_CASE_PAGES = 5;

async function openCasesOf(customerId: string, caller: StaffCaller): Promise<CareOverview['openCases']> {
  const open: CaseRecord[] = [];
  for (const kind of caseKinds) {
    let cursor: string | undefined;
    for (let page = 0; page < MAX_CASE_PAGES; page += 1) {
      const result = await listCases(kind, { customerId, limit: 100, ...(cursor ? { cursor } : {}) });
      open.push(
        ...result.items.filter((c) => isOpenCase(c.kind, c.status) && canSeeOffice(caller, c.officeId)),
      );
      cursor = result.nextCursor;
      if (!cursor) break;
    }
  }
  return open
    .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))
    .map((c) => ({
      id: c.id,
      kind: c.kind,
      reference: c.reference,
      status: c.status,
      title: c.title,
      receivedAt: c.receivedAt,
      ...(c.replyDueAt ? { replyDueAt: c.replyDueAt } : {}),
      ...(c.currentStep ? { currentStep: c.currentStep } : {}),
      ...(c.openTaskId ? { openTaskId: c.openTaskId } : {}),
    }));
}

/** The latest answered survey of a kind among `surveys`, as the overview shows it. */
function latestAnswer(surveys: readonly SurveyRecord[], kind: 'csat' | 'nps') {
  const answered = surveys
    .filter(
      (s) => s.kind === kind && s.answeredAt !== undefined && s.answer !== undefined && 'score' in s.answer,
    )
    .sort((a, b) => String(b.answeredAt).localeCompare(String(a.answeredAt)));
  const survey = answered[0];
  if (!survey) return undefined;
  const answer = survey.answer as SurveyAnswer;
  return {
    surveyId: survey.id,
    score: answer.score,
    ...(answer.comment ? { comment: answer.comment } : {}),
    answeredAt: String(survey.answeredAt),
    ...(survey.caseId ? { caseId: survey.caseId } : {}),
    ...(survey.caseReference ? { caseReference: survey.caseReference } : {}),
  };
}

/**
 * Open follow-up tasks of low CSAT and NPS scores among `surveys` (the task's id is kept on the
 * survey; a task that is completed or gone is left out).
 */
async function openFollowUpTasks(
  surveys: readonly SurveyRecord[],
): Promise<CareOverview['openFollowUpTasks']> {
  const candidates = surveys.filter((s) => s.followUpTaskId !== undefined && s.followUpResult === undefined);
  const tasks = await Promise.all(candidates.map((s) => getTask(String(s.followUpTaskId))));
  return candidates.flatMap((survey, i) => {
    const task = tasks[i];
    if (task?.status !== 'open') return [];
    return [
      {
        taskId: task.taskId,
        surveyId: survey.id,
        surveyKind: survey.kind,
        ...(survey.answer && 'score' in survey.answer ? { score: survey.answer.score } : {}),
        ...(survey.caseReference ? { caseReference: survey.caseReference } : {}),
        createdAt: task.createdAt,
        dueAt: task.dueAt,
      },
    ];
  });
}

/**
 * The care overview of a customer on the Shanghai day of `now`: account manager, plan and whether
 * it is on track, the latest contacts and follow-ups still to make, open cases, open follow-up
 * tasks of low scores, and the latest CSAT and NPS answers (both among the customer's 100 newest
 * surveys).
 */
export async function careOverview(
  customerId: string,
  caller: StaffCaller,
  now: Date,
): Promise<CareOverview> {
  const { customer } = await visibleCustomer(customerId, caller);
  const today = shanghaiDate(now);
  const plan = customer.contactPlan;
  // The contacts the plan is judged on: this year's, and those since a planned contact of an earlier year.
  const yearStart = periodsOf(today).year.first;
  const since =
    plan?.nextContactOn !== undefined && plan.nextContactOn < yearStart ? plan.nextContactOn : yearStart;
  const [recent, latest, openCases, surveys] = await Promise.all([
    contactsSince(customer.id, startOfShanghaiDay(since)),
    listContacts(customer.id, { limit: 5 }),
    openCasesOf(customer.id, caller),
    listCustomerSurveys(customer.id, { limit: 100 }),
  ]);
  // A follow-up is pending until a later contact: the latest contacts decide, whenever they were.
  const known = new Set(recent.map((c) => c.id));
  const contacts = [...recent, ...latest.items.filter((c) => !known.has(c.id))];
  const followUpTasks = await openFollowUpTasks(surveys.items);
  const csat = latestAnswer(surveys.items, 'csat');
  const nps = latestAnswer(surveys.items, 'nps');
  return {
    customerId: customer.id,
    organization: customer.organization,
    officeId: customer.officeId,
    tier: customer.tier,
    asOf: today,
    ...(customer.accountManager ? { accountManager: customer.accountManager } : {}),
    ...(plan ? { contactPlan: plan } : {}),
    plan: carePlanStatus(plan, contacts, today),
    lastContacts: latest.items,
    pendingFollowUps: pendingFollowUps(contacts, today),
    openCases,
    openFollowUpTasks: followUpTasks,
    latestAnswers: { ...(csat ? { csat } : {}), ...(nps ? { nps } : {}) },
  };
}

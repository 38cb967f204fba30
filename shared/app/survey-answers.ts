import { shanghaiDate } from '../calendar/plain-date.ts';
import type { LinkPurpose } from '../domain/signed-link.ts';
import { replyDueAt } from '../domain/sla.ts';
import {
  type CaseToOpen,
  caseIdForSurvey,
  consequencesOf,
  followUpChoices,
  followUpIssues,
  isScored,
  scoreIssues,
  scoreScale,
} from '../domain/survey-answers.ts';
import { ConflictError, GoneError, NotFoundError, ValidationError } from '../errors.ts';
import { publicCaller } from '../http/roles.ts';
import { translate } from '../i18n/translate.ts';
import type { ComplaintInput, ServiceRequestInput } from '../schemas/cases.ts';
import type { Delivery } from '../schemas/customers.ts';
import type { SurveyFollowUpDecision } from '../schemas/decisions.ts';
import {
  type FollowUpAnswer,
  type FollowUpView,
  isFollowUp,
  type SurveyAnswer,
  type SurveyRecord,
  type SurveyView,
} from '../schemas/surveys.ts';
import type { Actor } from '../store/audit.ts';
import { getCase } from '../store/cases.ts';
import { recordUnsubscribe } from '../store/contact-preferences.ts';
import { getCustomer } from '../store/customers.ts';
import { listCustomerDeliveries } from '../store/deliveries.ts';
import { answerCounterItems } from '../store/satisfaction-stats.ts';
import {
  answerSurveyItem,
  followUpResultItem,
  linkSurveyCase,
  surveyCommentItem,
} from '../store/survey-answers.ts';
import { getSurvey } from '../store/surveys.ts';
import {
  completeTaskItems,
  followUpCommentItem,
  followUpTaskIdFor,
  newFollowUpTaskItems,
  type SurveyFollowUpTask,
} from '../store/tasks.ts';
import { writeAll } from '../store/transactions.ts';
import { linkSubject } from './links.ts';
import { workingCalendar } from './reply-deadline.ts';
import { submitCase } from './submit-case.ts';

/**
 * Customers answer surveys and follow-ups through signed links (requirements.md §1C, §1G, §2),
 * and the loop closes: a low score becomes a Customer Service task, a reported problem a
 * service request or complaint, a wanted inspection a maintenance visit.
 */

/** The survey was answered already: the first answer stays, and the page shows it (409). */
export class SurveyAnsweredError extends ConflictError {
  override readonly titleKey = 'feedback.problem.answered';
  readonly view: SurveyView | FollowUpView;
  constructor(message: string, view: SurveyView | FollowUpView, options: { cause?: unknown } = {}) {
    super(message, options);
    this.view = view;
  }
}
/** A comment can only follow an answer... */
export class SurveyNotAnsweredError extends ConflictError {
  override readonly titleKey = 'feedback.problem.notAnswered';
}
/** ...and only once. */
export class SurveyCommentedError extends ConflictError {
  override readonly titleKey = 'feedback.problem.commented';
}

type SurveyPurpose = Extract<LinkPurpose, 'survey' | 'followUp'>;

/**
 * The survey a link names. The signature and expiry are checked first (403, 410), so nothing
 * is read for a forged link. Only a survey that was sent can have a link in an email: one still
 * planned, postponed or skipped is as unknown as a missing one (404), and so is a survey of the
 * other family (a follow-up behind a survey link).
 */
async function surveyOfLink(token: string, purpose: SurveyPurpose, now: Date): Promise<SurveyRecord> {
  const id = await linkSubject(token, purpose, now);
  const survey = await getSurvey(id);
  const family: SurveyPurpose | undefined = survey && (isFollowUp(survey.kind) ? 'followUp' : 'survey');
  if (!survey || family !== purpose || (survey.status !== 'sent' && survey.status !== 'answered')) {
    throw new NotFoundError(`no ${purpose} ${id}`);
  }
  if (survey.expiresAt && survey.expiresAt <= now.toISOString()) throw new GoneError(`survey ${id} expired`);
  return survey;
}

const common = (survey: SurveyRecord) => ({
  kind: survey.kind,
  organization: survey.organization,
  ...(survey.caseReference ? { caseReference: survey.caseReference } : {}),
  ...(survey.productCategory ? { productCategory: survey.productCategory } : {}),
  language: survey.language,
  status: survey.status === 'answered' ? ('answered' as const) : ('open' as const),
  ...(survey.answeredAt ? { answeredAt: survey.answeredAt } : {}),
});

/** What the survey page shows: no personal data beyond the organisation's name. */
export function surveyViewOf(survey: SurveyRecord): SurveyView {
  const answer = survey.answer && 'score' in survey.answer ? survey.answer : undefined;
  return {
    ...common(survey),
    scale: scoreScale(isScored(survey.kind) ? survey.kind : 'csat'),
    ...(answer ? { answer } : {}),
    ...(survey.followUpTaskId ? { callBack: true } : {}),
  };
}

export function followUpViewOf(survey: SurveyRecord): FollowUpView {
  const answer = survey.answer && 'status' in survey.answer ? survey.answer : undefined;
  const opened = answer ? consequencesOf(survey.kind, answer).openCase : undefined;
  return {
    ...common(survey),
    choices: [...followUpChoices[survey.kind === 'warrantyInspection' ? 'warrantyInspection' : 'checkIn']],
    ...(answer ? { answer } : {}),
    ...(opened && survey.createdCaseReference
      ? { createdCase: { kind: opened.kind, reference: survey.createdCaseReference } }
      : {}),
  };
}

const viewOf = (survey: SurveyRecord) =>
  isFollowUp(survey.kind) ? followUpViewOf(survey) : surveyViewOf(survey);

/** Re-read after a write: the view shows what is stored. */
async function reread(survey: SurveyRecord): Promise<SurveyRecord> {
  return (await getSurvey(survey.id)) ?? survey;
}

export async function readSurvey(token: string, now: Date): Promise<SurveyView> {
  return surveyViewOf(await surveyOfLink(token, 'survey', now));
}

export async function readFollowUp(token: string, now: Date): Promise<FollowUpView> {
  return followUpViewOf(await surveyOfLink(token, 'followUp', now));
}

/** A CSAT or NPS answer: stored once; a low score opens a follow-up task for Customer Service. */
export async function answerSurvey(token: string, answer: SurveyAnswer, now: Date): Promise<SurveyView> {
  const survey = await surveyOfLink(token, 'survey', now);
  if (survey.status === 'answered') throw new SurveyAnsweredError('answered before', surveyViewOf(survey));
  const issues = isScored(survey.kind) ? scoreIssues(survey.kind, answer) : [];
  if (issues.length > 0) throw new ValidationError('score out of range', { issues });
  await recordAnswer(survey, answer, now);
  return surveyViewOf(await reread(survey));
}

/**
 * A check-in or inspection answer: stored once; a problem or a wanted inspection opens a case.
 * A repeated answer finds the first one (409), after opening its case if that had failed.
 */
export async function answerFollowUp(
  token: string,
  answer: FollowUpAnswer,
  now: Date,
): Promise<FollowUpView> {
  const survey = await surveyOfLink(token, 'followUp', now);
  if (survey.status === 'answered') {
    const completed = await openLinkedCase(survey, now);
    throw new SurveyAnsweredError('answered before', followUpViewOf(completed));
  }
  const kind = survey.kind === 'warrantyInspection' ? 'warrantyInspection' : 'checkIn';
  const issues = followUpIssues(kind, answer);
  if (issues.length > 0) throw new ValidationError('follow-up answer', { issues });
  await recordAnswer(survey, answer, now);
  return followUpViewOf(await openLinkedCase(await reread(survey), now));
}

/**
 * The answer, its counters and (low score) the follow-up task, in one transaction that only
 * succeeds while the survey is still `sent` at the version read. When another request answered
 * first (a double click, a second device), theirs is the answer: 409 with it.
 */
async function recordAnswer(survey: SurveyRecord, answer: SurveyAnswer | FollowUpAnswer, now: Date) {
  const at = now.toISOString();
  const task =
    'score' in answer && consequencesOf(survey.kind, answer).followUpTask
      ? followUpTaskOf(survey, answer, now)
      : undefined;
  try {
    await writeAll([
      answerSurveyItem(survey, answer, at, task?.taskId),
      ...answerCounterItems(survey, answer, at),
      ...(task ? newFollowUpTaskItems(task) : []),
    ]);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const latest = await reread(survey);
    if (latest.status === 'answered')
      throw new SurveyAnsweredError('answered meanwhile', viewOf(latest), { cause: error });
    throw error;
  }
}

/** Customer Service calls back within 2 working days (counted as for a complaint reply, docs/working-days.md). */
function followUpTaskOf(survey: SurveyRecord, answer: SurveyAnswer, now: Date): SurveyFollowUpTask {
  return {
    kind: 'surveyFollowUp',
    taskId: followUpTaskIdFor(survey.id),
    step: 'surveyFollowUp',
    organization: survey.organization,
    roles: ['customer-service'],
    status: 'open',
    createdAt: now.toISOString(),
    dueAt: replyDueAt(now, workingCalendar()).dueAt.toISOString(),
    escalations: 0,
    version: 1,
    surveyId: survey.id,
    surveyKind: survey.kind === 'nps' ? 'nps' : 'csat',
    score: answer.score,
    ...(answer.comment ? { comment: answer.comment } : {}),
    customerId: survey.customerId,
    ...(survey.caseId ? { caseId: survey.caseId } : {}),
    ...(survey.caseReference ? { reference: survey.caseReference } : {}),
  };
}

/** The optional comment after a one-click score: once, and on the follow-up task too when there is one. */
export async function commentOnSurvey(token: string, comment: string, now: Date): Promise<SurveyView> {
  const survey = await surveyOfLink(token, 'survey', now);
  if (survey.status !== 'answered') throw new SurveyNotAnsweredError(`survey ${survey.id} not answered`);
  if (survey.answer?.comment !== undefined)
    throw new SurveyCommentedError(`survey ${survey.id} has a comment`);
  try {
    await writeAll([
      surveyCommentItem(survey, comment, now.toISOString()),
      ...(survey.followUpTaskId ? [followUpCommentItem(survey.followUpTaskId, comment)] : []),
    ]);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const latest = await reread(survey);
    if (latest.answer?.comment !== undefined)
      throw new SurveyCommentedError('commented meanwhile', { cause: error });
    throw error;
  }
  return surveyViewOf(await reread(survey));
}

/** RFC 8058 one-click unsubscribe: the first click is kept, every later one answers the same. */
export async function unsubscribe(
  token: string,
  now: Date,
): Promise<{ unsubscribed: true; alreadyUnsubscribed: boolean }> {
  const address = await linkSubject(token, 'unsubscribe', now);
  const first = await recordUnsubscribe(address, now);
  return { unsubscribed: true, alreadyUnsubscribed: !first };
}

/**
 * Customer Service completes the follow-up of a low score: the outcome and note on the task and
 * on the survey, in one transaction. No workflow waits: nothing else is told.
 */
export async function completeSurveyFollowUp(
  task: SurveyFollowUpTask,
  decision: SurveyFollowUpDecision,
  by: Actor,
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  await writeAll([
    ...completeTaskItems(task, {
      at,
      by,
      outcome: decision.outcome,
      ...(decision.note ? { note: decision.note } : {}),
    }),
    followUpResultItem(task.surveyId, {
      outcome: decision.outcome,
      ...(decision.note ? { note: decision.note } : {}),
      completedAt: at,
      completedBy: by,
    }),
  ]);
}

// ---- the case an answer opens --------------------------------------------------------------

/**
 * Opens the case an answered follow-up asks for, once, and links it to the survey.
 *
 * Why answer first, case second: the answer is the customer's record and is stored on its own
 * (one transaction, only while `sent`); the case follows with an id derived from the survey
 * (`caseIdForSurvey`), written with attribute_not_exists. So a retried or racing answer can
 * never open a second case, and an answer whose case could not be opened (a crash, a throttled
 * table) gets it on the customer's retry, which finds the answer and calls this again. A lost
 * race costs at most a reference number (a gap, never a duplicate: docs/decisions.md 10).
 */
async function openLinkedCase(survey: SurveyRecord, now: Date): Promise<SurveyRecord> {
  const answer = survey.answer && 'status' in survey.answer ? survey.answer : undefined;
  const toOpen = answer ? consequencesOf(survey.kind, answer).openCase : undefined;
  if (!answer || !toOpen || survey.createdCaseId) return survey;
  const caseId = caseIdForSurvey(survey.id);
  const reference =
    (await getCase(caseId))?.reference ?? (await createCase(survey, answer, toOpen, caseId, now));
  await linkSurveyCase(survey.id, caseId, reference);
  return reread(survey);
}

async function createCase(
  survey: SurveyRecord,
  answer: FollowUpAnswer,
  toOpen: CaseToOpen,
  caseId: string,
  now: Date,
): Promise<string> {
  try {
    const receipt = await submitCase(await submissionFor(survey, answer, toOpen, now), {
      caller: publicCaller,
      language: survey.language,
      now,
      internal: {
        caseId,
        customerId: survey.customerId,
        source: { kind: 'survey', surveyId: survey.id, surveyKind: survey.kind },
      },
    });
    if (!receipt) throw new Error('a survey case cannot trip the spam trap');
    return receipt.reference;
  } catch (error) {
    // Another request opened it between our read and our write: theirs is the case.
    const raced = error instanceof ConflictError ? await getCase(caseId) : undefined;
    if (raced) return raced.reference;
    throw error;
  }
}

async function deliveryOf(survey: SurveyRecord): Promise<Delivery | undefined> {
  if (!survey.deliveryId) return undefined;
  return (await listCustomerDeliveries(survey.customerId)).find((d) => d.id === survey.deliveryId);
}

/**
 * The case as the customer would have filed it from the form: their organisation and contact,
 * the delivery's order and batch (so submitCase decides the warranty), the problem they wrote.
 */
async function submissionFor(survey: SurveyRecord, answer: FollowUpAnswer, toOpen: CaseToOpen, now: Date) {
  const [stored, delivery] = await Promise.all([getCustomer(survey.customerId), deliveryOf(survey)]);
  const say = (key: Parameters<typeof translate>[1]) => translate(survey.language, key);
  const item = delivery?.items[0];
  const orderRef = delivery?.orderRef ?? survey.orderRef;
  const submitter = {
    organization: survey.organization,
    contactName: (survey.contactName ?? survey.organization).slice(0, 100),
    ...(survey.contactEmail ? { email: survey.contactEmail } : {}),
    language: survey.language,
  };
  const product = {
    category: (item?.category ??
      survey.productCategory ??
      'furniture') as ServiceRequestInput['product']['category'],
    name:
      answer.productName ??
      item?.productName ??
      survey.productNames?.[0] ??
      say('feedback.case.deliveredProducts'),
  };
  const told = [answer.problem, answer.comment].filter((text): text is string => text !== undefined);
  if (toOpen.kind === 'complaint') {
    const input: ComplaintInput = {
      submitter,
      product,
      // Unique when unknown, so the 90-day batch signal never links unrelated complaints.
      batch: delivery?.batch ?? `unknown:${survey.id}`,
      // How many are affected the answer does not say: Customer Service asks when it calls.
      quantity: 1,
      problemDate: shanghaiDate(now),
      subject: 'quality-defect',
      description: told.join('\n\n'),
      requestedResolution: say('feedback.case.requestedResolution'),
      ...(orderRef ? { orderRef } : {}),
    };
    return { kind: 'complaint' as const, input };
  }
  const input: ServiceRequestInput = {
    submitter,
    type: toOpen.type,
    product,
    ...(orderRef ? { orderRef } : {}),
    ...(delivery?.batch ? { batch: delivery.batch } : {}),
    problem: (toOpen.type === 'maintenance' ? [say('feedback.case.inspection'), ...told] : told).join('\n\n'),
    siteAddress: stored ? `${stored.customer.region} ${survey.organization}` : survey.organization,
    preferredVisitDates: [],
  };
  return { kind: 'serviceRequest' as const, input };
}

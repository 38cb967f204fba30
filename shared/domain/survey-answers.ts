import type { FieldIssue } from '../errors.ts';
import {
  type FollowUpAnswer,
  isFollowUp,
  isLowScore,
  type SurveyAnswer,
  type SurveyKind,
} from '../schemas/surveys.ts';

/**
 * The rules of a customer's answer (requirements.md §1C, §1G, §2): which answers a kind takes,
 * and what an answer sets off. Pure: the app layer stores and creates.
 */

export type ScoredKind = 'csat' | 'nps';
export type FollowUpKind = 'checkIn' | 'warrantyInspection';
export const isScored = (kind: SurveyKind): kind is ScoredKind => !isFollowUp(kind);

/** CSAT is 1-5 (very dissatisfied ... very satisfied), NPS the usual 0-10. */
export const scoreScale = (kind: ScoredKind) => (kind === 'csat' ? { min: 1, max: 5 } : { min: 0, max: 10 });

/** The answers a follow-up offers: 回访 asks how the products perform, the inspection offer whether one is wanted. */
export const followUpChoices = {
  checkIn: ['fine', 'problem'],
  warrantyInspection: ['inspectionWanted', 'noInspection'],
} as const satisfies Record<FollowUpKind, readonly FollowUpAnswer['status'][]>;

const issue = (field: string, code: string, messageKey: FieldIssue['messageKey']): FieldIssue => ({
  field,
  code,
  messageKey,
});

/** What is wrong with a score for this kind (422 naming `score`): the schema allows 0-10 for both. */
export function scoreIssues(kind: ScoredKind, answer: SurveyAnswer): FieldIssue[] {
  const { min, max } = scoreScale(kind);
  if (answer.score >= min && answer.score <= max) return [];
  return [
    issue('score', 'out_of_range', kind === 'csat' ? 'feedback.field.scoreCsat' : 'feedback.field.scoreNps'),
  ];
}

/**
 * What is wrong with a follow-up answer for this kind: a status the kind does not offer, a
 * problem without its description, `wants` on anything but a problem.
 */
export function followUpIssues(kind: FollowUpKind, answer: FollowUpAnswer): FieldIssue[] {
  const offered: readonly string[] = followUpChoices[kind];
  if (!offered.includes(answer.status)) {
    return [
      issue(
        'status',
        'invalid_option',
        kind === 'checkIn' ? 'feedback.field.statusCheckIn' : 'feedback.field.statusInspection',
      ),
    ];
  }
  const issues: FieldIssue[] = [];
  if (answer.status === 'problem' && answer.problem === undefined)
    issues.push(issue('problem', 'required', 'field.required'));
  if (answer.status !== 'problem' && answer.wants !== undefined)
    issues.push(issue('wants', 'not_applicable', 'feedback.field.wantsOnlyForProblem'));
  return issues;
}

/** The case an answer opens: a repair for a reported problem, a complaint when asked for, an inspection visit. */
export type CaseToOpen =
  | { readonly kind: 'serviceRequest'; readonly type: 'repair' | 'maintenance' }
  | { readonly kind: 'complaint' };

/**
 * What an answer sets off (closing the loop):
 * - a low CSAT (1-2) or NPS (0-6): a follow-up task for Customer Service;
 * - a check-in `problem`: a repair request (warranty decided), or a complaint if the customer wants one;
 * - an inspection wanted: a maintenance visit, the free inspection before the warranty ends.
 */
export function consequencesOf(
  kind: SurveyKind,
  answer: SurveyAnswer | FollowUpAnswer,
): { readonly followUpTask: boolean; readonly openCase?: CaseToOpen } {
  if ('score' in answer) return { followUpTask: isScored(kind) && isLowScore(kind, answer.score) };
  if (kind === 'checkIn' && answer.status === 'problem') {
    return {
      followUpTask: false,
      openCase:
        answer.wants === 'complaint' ? { kind: 'complaint' } : { kind: 'serviceRequest', type: 'repair' },
    };
  }
  if (kind === 'warrantyInspection' && answer.status === 'inspectionWanted') {
    return { followUpTask: false, openCase: { kind: 'serviceRequest', type: 'maintenance' } };
  }
  return { followUpTask: false };
}

/**
 * The id of the case an answer opens, derived from the survey: a retried answer, or two racing
 * requests, can only ever create this one case (its item is written with attribute_not_exists).
 */
export const caseIdForSurvey = (surveyId: string): string => `survey-${surveyId}`;

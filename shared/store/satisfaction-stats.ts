import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { FollowUpAnswer, SurveyAnswer, SurveyRecord } from '../schemas/surveys.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * Pre-aggregated satisfaction counters for GET /v1/reports/satisfaction (being built: issue 5).
 * The writes that count a sent survey, to be added to the transaction that marks it sent.
 */
export function sentCounterItems(_record: SurveyRecord, _at: string): TransactItem[] {
  return [];
}

/** The writes that count an answer, to be added to the transaction that stores it. */
export function answerCounterItems(
  _record: SurveyRecord,
  _answer: SurveyAnswer | FollowUpAnswer,
  _at: string,
): TransactItem[] {
  return [];
}

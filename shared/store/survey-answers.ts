import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { FollowUpAnswer, FollowUpResult, SurveyAnswer, SurveyRecord } from '../schemas/surveys.ts';
import { documentClient, tableName } from './client.ts';
import { surveyKey } from './surveys.ts';

/**
 * The writes of a customer's answer on the survey item (`SURVEY#<id>` / `SURVEY`, keys from
 * shared/store/surveys.ts). Each is conditional: only a `sent` survey takes an answer, only an
 * answered one a comment, and only once.
 */

/** The write that records the first answer (refused unless still `sent` at the version read). */
export function answerSurveyItem(
  record: SurveyRecord,
  answer: SurveyAnswer | FollowUpAnswer,
  at: string,
  followUpTaskId?: string,
) {
  return {
    Update: {
      TableName: tableName(),
      Key: surveyKey(record.id),
      UpdateExpression: `SET #status = :answered, answeredAt = :at, answer = :answer, version = version + :one${followUpTaskId ? ', followUpTaskId = :task' : ''}`,
      ConditionExpression: '#status = :sent AND version = :version',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':answered': 'answered',
        ':sent': 'sent',
        ':at': at,
        ':answer': answer,
        ':one': 1,
        ':version': record.version,
        ...(followUpTaskId ? { ':task': followUpTaskId } : {}),
      },
    },
  };
}

/** The write that adds the comment to an answered survey that has none yet. */
export function surveyCommentItem(record: SurveyRecord, comment: string, at: string) {
  return {
    Update: {
      TableName: tableName(),
      Key: surveyKey(record.id),
      UpdateExpression: 'SET answer.#comment = :comment, commentedAt = :at, version = version + :one',
      ConditionExpression:
        '#status = :answered AND attribute_not_exists(answer.#comment) AND version = :version',
      ExpressionAttributeNames: { '#status': 'status', '#comment': 'comment' },
      ExpressionAttributeValues: {
        ':answered': 'answered',
        ':comment': comment,
        ':at': at,
        ':one': 1,
        ':version': record.version,
      },
    },
  };
}

/** The write that records how Customer Service closed the follow-up of a low score. */
export function followUpResultItem(surveyId: string, result: FollowUpResult) {
  return {
    Update: {
      TableName: tableName(),
      Key: surveyKey(surveyId),
      UpdateExpression: 'SET followUpResult = :result, version = version + :one',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':result': result, ':one': 1 },
    },
  };
}

/** Links the case an answer opened to the survey; the first link stays (a retry changes nothing). */
export async function linkSurveyCase(surveyId: string, caseId: string, reference: string): Promise<void> {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: surveyKey(surveyId),
        UpdateExpression:
          'SET createdCaseId = :caseId, createdCaseReference = :reference, version = version + :one',
        ConditionExpression: '#status = :answered AND attribute_not_exists(createdCaseId)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':caseId': caseId,
          ':reference': reference,
          ':answered': 'answered',
          ':one': 1,
        },
      }),
    );
  } catch (error) {
    if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
  }
}

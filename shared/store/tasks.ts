import { createHash } from 'node:crypto';
import { BatchGetCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Role } from '../http/roles.ts';
import type { HumanStepName } from '../schemas/decisions.ts';
import type { Actor } from './audit.ts';
import { documentClient, tableName } from './client.ts';

interface TaskBase {
  readonly taskId: string;
  readonly organization: string;
  readonly roles: readonly Role[];
  /** For department steps: the responsible department. */
  readonly departmentId?: string;
  readonly status: 'open' | 'completed';
  readonly createdAt: string;
  readonly dueAt: string;
  /** How often it ran past its due time (each time the manager was told and the task re-opened). */
  readonly escalations: number;
  readonly completedAt?: string;
  readonly completedBy?: Actor;
  /** What the workflow branches on; kept so it can be delivered again if the first delivery failed. */
  readonly outcome?: string;
  /** True once the workflow has been told. */
  readonly delivered?: boolean;
  readonly version: number;
}

/** A person's step of a complaint's workflow, as the task API shows it (the token never leaves the store). */
export interface WorkflowTask extends TaskBase {
  /** Absent on stored workflow tasks: they were the only kind. */
  readonly kind?: 'workflow';
  readonly complaintId: string;
  readonly reference: string;
  readonly step: HumanStepName;
}

/**
 * Customer Service's follow-up of a low CSAT or NPS score (requirements.md §1C: closing the loop).
 * No workflow waits on it: it has no token and completing it tells no state machine.
 */
export interface SurveyFollowUpTask extends TaskBase {
  readonly kind: 'surveyFollowUp';
  readonly step: 'surveyFollowUp';
  readonly surveyId: string;
  readonly surveyKind: 'csat' | 'nps';
  readonly score: number;
  readonly comment?: string;
  readonly customerId: string;
  /** CSAT: the case asked about, and its reference. */
  readonly caseId?: string;
  readonly reference?: string;
  /** Given on completion. */
  readonly note?: string;
}

export type TaskRecord = WorkflowTask | SurveyFollowUpTask;

const taskKey = (taskId: string) => ({ pk: `TASK#${taskId}`, sk: 'TASK' });

/** The queue partitions a task appears in: one per role, or the department's own. */
export const queueKeys = (task: Pick<TaskRecord, 'roles' | 'departmentId'>): string[] =>
  task.departmentId !== undefined
    ? [`QUEUE#department#${task.departmentId}`]
    : task.roles.map((role) => `QUEUE#${role}`);

/** An opaque task id derived from the token: a retried "open task" finds the same task, and the id reveals nothing. */
export const taskIdFor = (token: string): string =>
  createHash('sha256').update(`aftersales-task:${token}`).digest('base64url').slice(0, 24);

const TaskAttributes = ['pk', 'sk', 'entityType', 'token'];
const taskFromItem = (item: Record<string, unknown>): TaskRecord => {
  const task = { ...item };
  for (const key of TaskAttributes) delete task[key];
  return task as unknown as TaskRecord;
};

/** The writes that store a new open task and its queue entries (for a case transaction). */
export function newTaskItems(task: WorkflowTask, token: string) {
  const TableName = tableName();
  return [
    {
      Put: {
        TableName,
        Item: { ...taskKey(task.taskId), entityType: 'task', ...task, token },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...queueKeys(task).map((pk) => ({
      Put: {
        TableName,
        Item: { pk, sk: `TASK#${task.taskId}`, entityType: 'queueEntry', taskId: task.taskId },
      },
    })),
  ];
}

/** The id of a survey's follow-up task: one survey, at most one task, whatever retries. */
export const followUpTaskIdFor = (surveyId: string): string =>
  createHash('sha256').update(`aftersales-survey-follow-up:${surveyId}`).digest('base64url').slice(0, 24);

/** The writes that store a new follow-up task and its queue entries (for the answer's transaction). */
export function newFollowUpTaskItems(task: SurveyFollowUpTask) {
  const TableName = tableName();
  return [
    {
      Put: {
        TableName,
        Item: { ...taskKey(task.taskId), entityType: 'task', ...task },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...queueKeys(task).map((pk) => ({
      Put: {
        TableName,
        Item: { pk, sk: `TASK#${task.taskId}`, entityType: 'queueEntry', taskId: task.taskId },
      },
    })),
  ];
}

/** The write that adds the customer's later comment to a follow-up task (the one-click score came first). */
export function followUpCommentItem(taskId: string, comment: string) {
  return {
    Update: {
      TableName: tableName(),
      Key: taskKey(taskId),
      UpdateExpression: 'SET #comment = :comment, version = version + :one',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#comment': 'comment' },
      ExpressionAttributeValues: { ':comment': comment, ':one': 1 },
    },
  };
}

/**
 * The writes that complete an open task (refused if it is no longer open at `version`). A
 * workflow task's outcome must still be delivered to Step Functions (`delivered: false`); a
 * follow-up task has nothing to deliver and may carry a note.
 */
export function completeTaskItems(
  task: TaskRecord,
  completion: { at: string; by: Actor; outcome: string; note?: string },
) {
  const TableName = tableName();
  const awaitsDelivery = task.kind !== 'surveyFollowUp';
  const sets = [
    '#status = :completed',
    'completedAt = :at',
    'completedBy = :by',
    'outcome = :outcome',
    'version = version + :one',
    ...(awaitsDelivery ? ['delivered = :false'] : []),
    ...(completion.note ? ['note = :note'] : []),
  ];
  return [
    {
      Update: {
        TableName,
        Key: taskKey(task.taskId),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: '#status = :open AND version = :version',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':completed': 'completed',
          ':open': 'open',
          ':at': completion.at,
          ':by': completion.by,
          ':outcome': completion.outcome,
          ':one': 1,
          ':version': task.version,
          ...(awaitsDelivery ? { ':false': false } : {}),
          ...(completion.note ? { ':note': completion.note } : {}),
        },
      },
    },
    ...queueKeys(task).map((pk) => ({ Delete: { TableName, Key: { pk, sk: `TASK#${task.taskId}` } } })),
  ];
}

/** The write that gives a task the new token of its re-opened step (after an escalation, or a decision that met the timeout). */
export function retokenTaskItem(task: TaskRecord, token: string, dueAt: string) {
  return {
    Update: {
      TableName: tableName(),
      Key: taskKey(task.taskId),
      UpdateExpression: 'SET #token = :token, dueAt = :dueAt, version = version + :one',
      // Open (escalated) or decided-but-undelivered alike: only the version must still match.
      ConditionExpression: 'version = :version',
      ExpressionAttributeNames: { '#token': 'token' },
      ExpressionAttributeValues: { ':token': token, ':dueAt': dueAt, ':one': 1, ':version': task.version },
    },
  };
}

/** The write that counts an escalation of an open task. */
export function escalateTaskItem(task: TaskRecord) {
  return {
    Update: {
      TableName: tableName(),
      Key: taskKey(task.taskId),
      UpdateExpression: 'SET escalations = escalations + :one, version = version + :one',
      ConditionExpression: 'version = :version',
      ExpressionAttributeValues: { ':one': 1, ':version': task.version },
    },
  };
}

/** A task and the token the workflow waits on (server side only; empty for survey follow-ups). */
export async function getTaskWithToken(
  taskId: string,
): Promise<{ task: TaskRecord; token: string } | undefined> {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: taskKey(taskId), ConsistentRead: true }),
  );
  return Item ? { task: taskFromItem(Item), token: String(Item.token ?? '') } : undefined;
}

export async function getTask(taskId: string): Promise<TaskRecord | undefined> {
  return (await getTaskWithToken(taskId))?.task;
}

export async function markTaskDelivered(taskId: string): Promise<void> {
  await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: taskKey(taskId),
      UpdateExpression: 'SET delivered = :true',
      ExpressionAttributeValues: { ':true': true },
    }),
  );
}

/** Open tasks in one queue partition (a role's, or a department's): one Query and one BatchGet. */
export async function listQueue(queue: string): Promise<TaskRecord[]> {
  const { Items } = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': queue },
      Limit: 100,
    }),
  );
  const keys = (Items ?? []).map((entry) => taskKey(String(entry.taskId)));
  if (keys.length === 0) return [];
  const { Responses } = await documentClient().send(
    new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: keys } } }),
  );
  return (Responses?.[tableName()] ?? []).map(taskFromItem).filter((task) => task.status === 'open');
}

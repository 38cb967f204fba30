import { createHash } from 'node:crypto';
import { BatchGetCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Role } from '../http/roles.ts';
import type { HumanStepName } from '../schemas/decisions.ts';
import type { Actor } from './audit.ts';
import { documentClient, tableName } from './client.ts';

/** A person's step of a complaint's workflow, as the task API shows it (the token never leaves the store). */
export interface TaskRecord {
  readonly taskId: string;
  readonly complaintId: string;
  readonly reference: string;
  readonly organization: string;
  readonly step: HumanStepName;
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
export function newTaskItems(task: TaskRecord, token: string) {
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

/** The writes that complete an open task (refused if it is no longer open at `version`). */
export function completeTaskItems(task: TaskRecord, completion: { at: string; by: Actor; outcome: string }) {
  const TableName = tableName();
  return [
    {
      Update: {
        TableName,
        Key: taskKey(task.taskId),
        UpdateExpression:
          'SET #status = :completed, completedAt = :at, completedBy = :by, outcome = :outcome, delivered = :false, version = version + :one',
        ConditionExpression: '#status = :open AND version = :version',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':completed': 'completed',
          ':open': 'open',
          ':at': completion.at,
          ':by': completion.by,
          ':outcome': completion.outcome,
          ':false': false,
          ':one': 1,
          ':version': task.version,
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

/** A task and the token the workflow waits on (server side only). */
export async function getTaskWithToken(
  taskId: string,
): Promise<{ task: TaskRecord; token: string } | undefined> {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: taskKey(taskId), ConsistentRead: true }),
  );
  return Item ? { task: taskFromItem(Item), token: String(Item.token) } : undefined;
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

import { createHash } from 'node:crypto';
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { shanghaiDate } from '../calendar/plain-date.ts';
import { config } from '../config.ts';
import {
  emptyWorkflowRecord,
  latestInvestigation,
  responsibleDepartment,
  withCapaRequest,
} from '../domain/complaint-record.ts';
import { closingChange } from '../domain/complaint-report.ts';
import { logger } from '../logger.ts';
import { departmentMailbox, mailboxOf } from '../mail/mailboxes.ts';
import {
  batchAlertMail,
  capaRequestMail,
  complaintReportMail,
  escalationMail,
  statisticsMail,
  taskOpenedMail,
} from '../mail/workflow-mail.ts';
import type { HumanStepName } from '../schemas/decisions.ts';
import { systemActor } from '../store/audit.ts';
import { ARCHIVED, type CaseRecord, getStoredCase } from '../store/cases.ts';
import { documentClient, tableName } from '../store/client.ts';
import { complaintStatItems } from '../store/report-stats.ts';
import {
  escalateTaskItem,
  getTaskWithToken,
  newTaskItems,
  retokenTaskItem,
  type TaskRecord,
  taskIdFor,
} from '../store/tasks.ts';
import { humanSteps } from '../workflow/human-steps.ts';
import { CaseArchivedError, changeCase } from './case-change.ts';
import { caseSurveyItem } from './survey-planning.ts';

/** requirements: complaints about one batch from two or more customers within 90 days alert Quality. */
export const BATCH_SIGNAL_DAYS = 90;
/** How many earlier complaints of the batch a new one is linked to. */
const MAX_LINKED = 20;

const consoleUrl = () => config().CONSOLE_URL;
const workflowOf = (record: CaseRecord) => record.workflow ?? emptyWorkflowRecord;
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex').slice(0, 16);

/** Record: the complaint enters the procedure. */
export async function recordComplaint(complaintId: string, now: Date): Promise<void> {
  await changeCase(complaintId, systemActor, now, ({ record }) =>
    record.workflow
      ? undefined
      : {
          changes: { workflow: emptyWorkflowRecord, currentStep: 'record', status: 'RECORDED' },
          event: { type: 'workflow.started', data: {} },
        },
  );
}

/** The Complaint Report goes to group Quality and the responsible factory's Quality (§3.1). */
export async function notifyQuality(complaintId: string, now: Date): Promise<void> {
  await changeCase(complaintId, systemActor, now, ({ record }) => {
    const workflow = workflowOf(record);
    if (workflow.qualityNotifiedAt) return undefined;
    const to = [mailboxOf('quality'), mailboxOf('factory-quality')];
    return {
      changes: { workflow: { ...workflow, qualityNotifiedAt: now.toISOString() } },
      event: { type: 'quality.notified', data: { mailboxes: to } },
      mails: [
        {
          id: `${complaintId}-report`,
          purpose: 'complaint-report',
          message: complaintReportMail(record, to, consoleUrl()),
        },
      ],
    };
  });
}

/** Batch signal: the same batch from two or more customers within 90 days alerts Quality and links the complaints. */
export async function checkBatch(complaintId: string, now: Date): Promise<void> {
  const stored = await getStoredCase(complaintId);
  const batch = String((stored?.record.details as { batch?: unknown } | undefined)?.batch ?? '');
  if (!stored || !batch) return;
  const { record } = stored;
  const customer = record.customerId ?? record.organization.trim().toLowerCase();
  const pk = `COMPLAINT-BATCH#${batch}`;
  await documentClient().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        pk,
        sk: `${record.receivedAt}#${record.id}`,
        entityType: 'batchEntry',
        complaintId: record.id,
        reference: record.reference,
        customer,
      },
    }),
  );
  const since = new Date(Date.parse(record.receivedAt) - BATCH_SIGNAL_DAYS * 86_400_000).toISOString();
  const { Items = [] } = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND sk >= :since',
      ExpressionAttributeValues: { ':pk': pk, ':since': since },
    }),
  );
  const customers = new Set(Items.map((item) => String(item.customer)));
  if (customers.size < 2) return;
  // The most recent ones: a wave of complaints about one batch must not make each new one
  // rewrite every earlier complaint.
  const others = Items.filter((item) => item.complaintId !== record.id).slice(-MAX_LINKED);
  const references = Items.map((item) => String(item.reference));
  await changeCase(complaintId, systemActor, now, ({ record: current }) =>
    current.linkedComplaintIds
      ? undefined
      : {
          changes: { linkedComplaintIds: others.map((item) => String(item.complaintId)) },
          event: { type: 'batch.signal', data: { batch, references, customers: customers.size } },
          mails: [
            {
              id: `${complaintId}-batch-alert`,
              purpose: 'batch-alert',
              message: batchAlertMail(batch, references, customers.size, [mailboxOf('quality')]),
            },
          ],
        },
  );
  for (const other of others) {
    await changeCase(String(other.complaintId), systemActor, now, ({ record: linked }) =>
      linked.linkedComplaintIds?.includes(record.id)
        ? undefined
        : {
            changes: { linkedComplaintIds: [...(linked.linkedComplaintIds ?? []), record.id] },
            event: {
              type: 'batch.linked',
              data: { batch, complaintId: record.id, reference: record.reference },
            },
          },
    ).catch((error) => {
      if (!(error instanceof CaseArchivedError)) throw error;
    });
  }
}

/**
 * A person's step begins: store the task (id derived from the token, so a retried call finds
 * it), queue it for the role or department, mail them. When the step is re-opened after an
 * escalation, the same task is kept and given the new token.
 */
export async function openTask(
  complaintId: string,
  step: HumanStepName,
  token: string,
  timeoutSeconds: number,
  now: Date,
): Promise<{ taskId: string }> {
  const stored = await getStoredCase(complaintId);
  if (!stored) throw new Error(`complaint ${complaintId} not found`);
  const current = stored.record.openTaskId ? await getTaskWithToken(stored.record.openTaskId) : undefined;
  const dueAt = new Date(now.getTime() + timeoutSeconds * 1000).toISOString();
  // The step's task is kept while it is open (re-opened after an escalation) or decided but not
  // yet delivered (the decision met the timeout); a delivered one means a new round: new task.
  const keep =
    current &&
    current.task.step === step &&
    (current.task.status === 'open' || current.task.delivered === false);
  if (current && keep) {
    if (current.token === token) return { taskId: current.task.taskId };
    // Still open after an escalation, or decided while the step was being re-opened: either
    // way the task keeps its id and takes the new token (the decision path delivers it).
    await changeCase(complaintId, systemActor, now, () => ({
      changes: {},
      event: { type: 'task.reopened', data: { step, taskId: current.task.taskId, dueAt } },
      extra: [retokenTaskItem(current.task, token, dueAt)],
    }));
    return { taskId: current.task.taskId };
  }
  const taskId = taskIdFor(token);
  const definition = humanSteps[step];
  const departmentId =
    definition.scope === 'department' ? responsibleDepartment(workflowOf(stored.record)) : undefined;
  const task: TaskRecord = {
    taskId,
    complaintId,
    reference: stored.record.reference,
    organization: stored.record.organization,
    step,
    roles: definition.roles,
    ...(departmentId ? { departmentId } : {}),
    status: 'open',
    createdAt: now.toISOString(),
    dueAt,
    escalations: 0,
    version: 1,
  };
  const to = departmentId
    ? [departmentMailbox(departmentId)]
    : definition.roles.map((role) => mailboxOf(role));
  await changeCase(complaintId, systemActor, now, ({ record }) =>
    record.openTaskId === taskId
      ? undefined
      : {
          changes: { status: definition.status, currentStep: step, openTaskId: taskId },
          event: {
            type: 'task.opened',
            data: {
              step,
              taskId,
              dueAt,
              roles: [...definition.roles],
              ...(departmentId ? { departmentId } : {}),
            },
          },
          extra: newTaskItems(task, token),
          mails: [
            {
              id: `task-${taskId}`,
              purpose: 'task',
              message: taskOpenedMail(record, step, dueAt, to, consoleUrl()),
            },
          ],
        },
  );
  return { taskId };
}

/** A person's step ran past its time: remind the role, tell the manager; the workflow re-opens the step. */
export async function escalateTask(complaintId: string, step: HumanStepName, now: Date): Promise<void> {
  const stored = await getStoredCase(complaintId);
  const current = stored?.record.openTaskId ? await getTaskWithToken(stored.record.openTaskId) : undefined;
  if (!current || current.task.step !== step || current.task.status !== 'open') return;
  // A late duplicate after the step was re-opened finds the task not overdue: nothing to do.
  if (current.task.dueAt > now.toISOString()) return;
  const { task, token } = current;
  const marker = tokenHash(token);
  const count = task.escalations + 1;
  const to = [
    ...(task.departmentId
      ? [departmentMailbox(task.departmentId)]
      : task.roles.map((role) => mailboxOf(role))),
    mailboxOf('manager'),
  ];
  await changeCase(complaintId, systemActor, now, ({ record }) =>
    record.lastEscalation === marker
      ? undefined
      : {
          changes: { lastEscalation: marker },
          event: { type: 'task.escalated', data: { step, taskId: task.taskId, escalations: count } },
          extra: [escalateTaskItem(task)],
          mails: [
            {
              id: `escalation-${task.taskId}-${count}`,
              purpose: 'escalation',
              message: escalationMail(record, step, count, to, consoleUrl()),
            },
          ],
        },
  );
}

/**
 * 《纠正预防措施要求表》 to the responsible department; counts the department's complaints of the
 * year, and the CAPA requested in the complaint report.
 */
export async function requestCapa(complaintId: string, now: Date): Promise<void> {
  await changeCase(complaintId, systemActor, now, ({ record }) => {
    const workflow = workflowOf(record);
    if (workflow.capa) return undefined;
    const capaWorkflow = withCapaRequest(workflow, `CAPA-${record.reference.slice(3)}`, now.toISOString());
    const capa = capaWorkflow.capa;
    if (!capa) return undefined;
    const year = shanghaiDate(new Date(record.receivedAt)).slice(0, 4);
    return {
      changes: { workflow: capaWorkflow, status: 'CAPA_REQUESTED', currentStep: 'requestCapa' },
      event: { type: 'capa.requested', data: { number: capa.number, departmentId: capa.departmentId } },
      extra: [
        {
          Update: {
            TableName: tableName(),
            Key: { pk: `STATS#department#${capa.departmentId}`, sk: `YEAR#${year}` },
            UpdateExpression: 'ADD complaints :one SET entityType = :type',
            ExpressionAttributeValues: { ':one': 1, ':type': 'departmentStats' },
          },
        },
        ...complaintStatItems(record.receivedAt, { counters: { capaRequested: 1 } }),
      ],
      mails: [
        {
          id: `${complaintId}-capa`,
          purpose: 'capa-request',
          message: capaRequestMail(
            record,
            capa,
            latestInvestigation(capaWorkflow)?.findings ?? '',
            [departmentMailbox(capa.departmentId)],
            consoleUrl(),
          ),
        },
      ],
    };
  });
}

/** Effective: statistics and the request to revise the standard go to the department (§3.6). */
export async function sendStatistics(complaintId: string, now: Date): Promise<void> {
  const stored = await getStoredCase(complaintId);
  const capa = stored?.record.workflow?.capa;
  if (!stored || !capa) return;
  const { Attributes } = await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: {
        pk: `STATS#department#${capa.departmentId}`,
        sk: `YEAR#${stored.record.receivedAt.slice(0, 4)}`,
      },
      UpdateExpression: 'ADD complaints :zero',
      ExpressionAttributeValues: { ':zero': 0 },
      ReturnValues: 'ALL_NEW',
    }),
  );
  const departmentComplaints = Number(Attributes?.complaints ?? 1);
  await changeCase(complaintId, systemActor, now, ({ record }) => {
    const workflow = workflowOf(record);
    if (workflow.statisticsSentAt || !workflow.capa) return undefined;
    const rounds = workflow.capa.rounds.length;
    return {
      changes: {
        workflow: { ...workflow, statisticsSentAt: now.toISOString() },
        status: 'EFFECTIVE',
        currentStep: 'sendStatistics',
      },
      event: {
        type: 'statistics.sent',
        data: { departmentId: workflow.capa.departmentId, rounds, departmentComplaints },
      },
      mails: [
        {
          id: `${complaintId}-statistics`,
          purpose: 'statistics',
          message: statisticsMail(
            record,
            rounds,
            departmentComplaints,
            [departmentMailbox(workflow.capa.departmentId)],
            consoleUrl(),
          ),
        },
      ],
    };
  });
}

/**
 * Archive: the record is frozen; later changes are refused with 409 (§3.7). The satisfaction
 * survey is planned in the same transaction (§1C; docs/surveys.md), so it exists exactly when
 * the complaint is archived; its id comes from the complaint, so it is planned once. The
 * complaint counts as closed in the same transaction, so it is counted once too.
 */
export async function archiveComplaint(complaintId: string, now: Date): Promise<void> {
  try {
    await changeCase(complaintId, systemActor, now, async ({ record }) => {
      const survey = await caseSurveyItem(record, now);
      return {
        changes: { status: ARCHIVED, currentStep: 'archived', archivedAt: now.toISOString() },
        event: { type: 'archived', data: {} },
        // Closed, with its time to close, in the complaint report of its month of receipt.
        extra: [
          ...(survey ? [survey] : []),
          ...complaintStatItems(record.receivedAt, closingChange(record.receivedAt, now.toISOString())),
        ],
      };
    });
  } catch (error) {
    if (error instanceof CaseArchivedError) return logger.info('already archived', { complaintId });
    throw error;
  }
}

import { config } from '../config.ts';
import { INITIAL_STATUS } from '../domain/intake.ts';
import { reminderAt } from '../domain/sla.ts';
import { logger } from '../logger.ts';
import { mailboxOf } from '../mail/mailboxes.ts';
import { replyDeadlineMail } from '../mail/workflow-mail.ts';
import { systemActor } from '../store/audit.ts';
import { type CaseRecord, listCases } from '../store/cases.ts';
import { complaintStatItems } from '../store/report-stats.ts';
import { humanSteps } from '../workflow/human-steps.ts';
import { startComplaintWorkflow } from '../workflow/sfn.ts';
import { changeCase } from './case-change.ts';
import { workingCalendar } from './reply-deadline.ts';

/** Statuses of a complaint that has not been answered yet. */
const awaitingReply = [
  INITIAL_STATUS,
  'RECORDED',
  humanSteps.investigation.status,
  humanSteps.productionApproval.status,
  humanSteps.customerReply.status,
];
/** A stored complaint older than this without a workflow is started by the job. */
const START_GRACE_MS = 60_000;

async function complaintsIn(status: string): Promise<CaseRecord[]> {
  const found: CaseRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await listCases('complaint', { status, limit: 100, ...(cursor ? { cursor } : {}) });
    found.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return found;
}

export interface SlaReport {
  started: number;
  reminded: number;
  breached: number;
  /**
   * Received complaints whose workflow ended (failed every retry) before it recorded them: the
   * start cannot be repeated, a person has to redrive the execution. Each is logged as an error.
   */
  stalled: number;
}

/**
 * The SLA job (every 15 minutes, requirements.md §3.5): reminds Customer Service on the due
 * day, records and escalates breaches, and starts the workflow of any complaint whose start
 * failed. Safe to run twice: each reminder and breach is marked per due time.
 */
export async function runSlaJob(now: Date): Promise<SlaReport> {
  const report: SlaReport = { started: 0, reminded: 0, breached: 0, stalled: 0 };
  const { CONSOLE_URL } = config();
  for (const status of awaitingReply) {
    for (const complaint of await complaintsIn(status)) {
      if (status === INITIAL_STATUS && now.getTime() - Date.parse(complaint.createdAt) > START_GRACE_MS) {
        // One failed start (Step Functions down) must not keep the reminders and breaches from going out.
        await startComplaintWorkflow(complaint.id).then(
          (started) => {
            if (started) {
              report.started += 1;
              return;
            }
            report.stalled += 1;
            logger.error('workflow ended before recording the complaint: redrive its execution', {
              caseId: complaint.id,
            });
          },
          (error: Error) =>
            logger.warn('workflow start failed, retried next run', {
              caseId: complaint.id,
              error: error.name,
            }),
        );
      }
      const dueAt = complaint.replyDueAt;
      if (!dueAt || (complaint.workflow?.replies.length ?? 0) > 0) continue;
      const breached = now.toISOString() >= dueAt;
      const remindFrom = reminderAt(new Date(dueAt), workingCalendar());
      if (!breached && now < remindFrom) continue;
      const kind = breached ? 'breach' : 'reminder';
      const marker = breached ? 'replyBreachFor' : 'replyReminderFor';
      let acted = false;
      await changeCase(complaint.id, systemActor, now, ({ record }) => {
        acted = record[marker] !== dueAt && (record.workflow?.replies.length ?? 0) === 0;
        if (!acted) return undefined;
        const to = breached
          ? [mailboxOf('customer-service'), mailboxOf('manager')]
          : [mailboxOf('customer-service')];
        return {
          changes: { [marker]: dueAt },
          event: { type: breached ? 'reply.breached' : 'reply.reminded', data: { dueAt } },
          extra: breached ? complaintStatItems(record.receivedAt, { counters: { replyBreaches: 1 } }) : [],
          mails: [
            {
              id: `${record.id}-${kind}-${dueAt}`,
              purpose: `reply-${kind}`,
              message: replyDeadlineMail(record, kind, to, CONSOLE_URL),
            },
          ],
        };
      })
        .then(() => {
          // Counted once the change is written (a lost race re-plans; it must not count twice).
          if (acted) report[breached ? 'breached' : 'reminded'] += 1;
        })
        .catch((error: Error) =>
          logger.warn('SLA change skipped', { caseId: complaint.id, error: error.name }),
        );
    }
  }
  return report;
}

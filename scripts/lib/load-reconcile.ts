// After a load run: every 201 must be one stored complaint, one workflow execution and one
// acknowledgement email, and every completed investigation must have moved its workflow on.
import { type AttributeValue, DynamoDBClient, paginateQuery } from '@aws-sdk/client-dynamodb';
import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { localAws } from '../../local/dynamodb.ts';
import { capturedEmails, sesEventsSettled } from '../../local/ses.ts';
import { stateMachineArn } from '../../local/stepfunctions/arns.ts';
import { MAIL_IN_DOUBT_MS, MAIL_LEASE_MS } from '../../shared/app/deliver-mail.ts';
import type { Completion, Submission } from './load-traffic.ts';

export interface Reconciliation {
  readonly accepted: number;
  readonly stored: number;
  readonly executions: number;
  readonly acknowledgements: number;
  /** A 201 whose complaint is not stored, or has no execution, or no acknowledgement. */
  readonly lost: readonly string[];
  /** More than one complaint for one submission, execution for one complaint, or acknowledgement. */
  readonly duplicated: readonly string[];
  /** Stored, but the client never got its 201 (it gave up): not lost, reported. */
  readonly unanswered: number;
  readonly completionsAdvanced: number;
  readonly completionsStuck: readonly string[];
}

interface StoredComplaint {
  readonly id: string;
  readonly reference: string;
  readonly email: string;
  readonly currentStep?: string;
}

export interface ReconcileTarget {
  readonly url: string;
  readonly dynamoEndpoint: string;
  readonly sesEndpoint: string;
  readonly tableName: string;
}

async function storedComplaints(target: ReconcileTarget): Promise<StoredComplaint[]> {
  const client = new DynamoDBClient({
    endpoint: target.dynamoEndpoint,
    region: localAws.region,
    credentials: localAws,
  });
  const found: StoredComplaint[] = [];
  try {
    const pages = paginateQuery(
      { client },
      {
        TableName: target.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :kind',
        ExpressionAttributeValues: { ':kind': { S: 'CASES#complaint' } },
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        const record = unmarshall(item as Record<string, AttributeValue>);
        found.push({
          id: String(record.id),
          reference: String(record.reference),
          email: String((record.submitter as { email?: string })?.email ?? '').toLowerCase(),
          ...(record.currentStep ? { currentStep: String(record.currentStep) } : {}),
        });
      }
    }
  } finally {
    client.destroy();
  }
  return found;
}

async function executionNames(url: string): Promise<string[]> {
  const sfn = new SFNClient({ endpoint: url, region: localAws.region, credentials: localAws });
  const names: string[] = [];
  try {
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(
        new ListExecutionsCommand({
          stateMachineArn: stateMachineArn('aftersales-complaint'),
          maxResults: 1000,
          ...(nextToken ? { nextToken } : {}),
        }),
      );
      names.push(...(page.executions ?? []).map((execution) => String(execution.name)));
      nextToken = page.nextToken;
    } while (nextToken);
  } finally {
    sfn.destroy();
  }
  return names;
}

const tally = (values: readonly string[]) => {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
};

export async function reconcile(
  target: ReconcileTarget,
  submissions: readonly Submission[],
  completions: readonly Completion[],
): Promise<Reconciliation> {
  const [complaints, names, emails] = await Promise.all([
    storedComplaints(target),
    executionNames(target.url),
    capturedEmails(target.sesEndpoint),
  ]);
  const ours = new Set(submissions.map((s) => s.email.toLowerCase()));
  const stored = complaints.filter((c) => ours.has(c.email));
  const byEmail = tally(stored.map((c) => c.email));
  const byId = new Map(stored.map((c) => [c.id, c]));
  const executionsByName = tally(names);
  // Subjects of the mails to each address: an acknowledgement names the complaint's reference.
  const subjectsTo = new Map<string, string[]>();
  for (const mail of emails)
    for (const to of mail.destination.to)
      subjectsTo.set(to.toLowerCase(), [...(subjectsTo.get(to.toLowerCase()) ?? []), mail.subject]);
  const acknowledgements = (c: StoredComplaint) =>
    (subjectsTo.get(c.email) ?? []).filter((subject) => subject.includes(c.reference)).length;

  const lost: string[] = [];
  const duplicated: string[] = [];
  for (const submission of submissions) {
    if (!submission.complaintId) continue;
    const complaint = byId.get(submission.complaintId);
    if (!complaint) {
      lost.push(`${submission.complaintId}: not stored`);
      continue;
    }
    const executions = executionsByName.get(complaint.id) ?? 0;
    const acks = acknowledgements(complaint);
    if (executions === 0) lost.push(`${complaint.id}: no workflow execution`);
    if (acks === 0) lost.push(`${complaint.id}: no acknowledgement email`);
    if (executions > 1) duplicated.push(`${complaint.id}: ${executions} executions`);
    if (acks > 1) duplicated.push(`${complaint.id}: ${acks} acknowledgements`);
  }
  for (const [email, n] of byEmail) if (n > 1) duplicated.push(`${email}: ${n} complaints stored`);
  const answered = new Set(submissions.flatMap((s) => (s.complaintId ? [s.complaintId] : [])));
  const stuck = completions
    .filter((c) => c.status === 200 && byId.get(c.complaintId)?.currentStep === 'investigation')
    .map((c) => c.complaintId);
  return {
    accepted: answered.size,
    stored: stored.length,
    executions: stored.filter((c) => executionsByName.has(c.id)).length,
    acknowledgements: stored.filter((c) => acknowledgements(c) > 0).length,
    lost,
    duplicated,
    unanswered: stored.filter((c) => !answered.has(c.id)).length,
    completionsAdvanced: completions.filter((c) => c.status === 200).length - stuck.length,
    completionsStuck: stuck,
  };
}

export const reconciled = (r: Reconciliation) =>
  r.lost.length === 0 && r.duplicated.length === 0 && r.completionsStuck.length === 0;

/**
 * Runs what the schedules do in AWS, then reconciles, until it holds or `rounds` have passed.
 * First SES's send events are all handled (they mark sent the mail of senders cut off after
 * SES took it); then the outbox, as of when mail in doubt may be tried again, sends what a
 * crash left unsent, and the SLA job (as of two minutes on, past its grace) starts workflows
 * a crash left unstarted.
 */
export async function settleAndReconcile(
  target: ReconcileTarget,
  submissions: readonly Submission[],
  completions: readonly Completion[],
  rounds = 12,
): Promise<Reconciliation> {
  for (let round = 1; ; round += 1) {
    await sesEventsSettled(target.sesEndpoint, target.tableName, 60_000);
    const mailAsOf = new Date(Date.now() + MAIL_LEASE_MS + MAIL_IN_DOUBT_MS + 60_000).toISOString();
    const slaAsOf = new Date(Date.now() + 120_000).toISOString();
    for (const job of [`mail-outbox?asOf=${mailAsOf}`, `complaint-sla?asOf=${slaAsOf}`])
      await fetch(`${target.url}/_local/schedules/${job}`, { method: 'POST' }).then((r) => r.arrayBuffer());
    const result = await reconcile(target, submissions, completions);
    if (reconciled(result) || round >= rounds) return result;
    await new Promise((done) => setTimeout(done, 5000));
  }
}

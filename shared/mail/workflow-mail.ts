import type { CapaRecord } from '../domain/complaint-record.ts';
import { type Language, type MessageKey, translate } from '../i18n/translate.ts';
import type { HumanStepName } from '../schemas/decisions.ts';
import type { CaseRecord } from '../store/cases.ts';
import type { MailMessage } from '../store/mail-outbox.ts';
import { beijingTime } from './format.ts';
import { htmlDocument } from './html.ts';

type Params = Record<string, string | number>;

/** A mail from paragraphs worded in one language; customer text is escaped by htmlDocument. */
function mail(
  to: readonly string[],
  language: Language,
  subject: string,
  paragraphs: readonly string[],
): MailMessage {
  return {
    to: [...new Set(to)],
    subject,
    text: paragraphs.join('\n\n'),
    html: htmlDocument(language, paragraphs),
  };
}

/** Notices between departments are written in Chinese, the company's working language. */
const staff = (key: MessageKey, params: Params = {}) => translate('zh-CN', key, params);
const link = (record: CaseRecord, consoleUrl: string) =>
  translate('zh-CN', 'mail.staff.link', { url: `${consoleUrl}#/cases/${record.id}` });

const stepTitle = (step: HumanStepName) => staff(`step.${step}`);

/** 《投诉报告》 for group Quality and the responsible factory's Quality (requirements.md §3.1). */
export function complaintReportMail(
  record: CaseRecord,
  to: readonly string[],
  consoleUrl: string,
): MailMessage {
  const details = record.details as Record<string, unknown>;
  const product = details.product as { name?: string } | undefined;
  const attachments = (details.attachments as string[] | undefined) ?? [];
  return mail(
    to,
    'zh-CN',
    staff('mail.report.subject', { reference: record.reference, organization: record.organization }),
    [
      staff('mail.report.body', { replyDueAt: record.replyDueAt ? beijingTime(record.replyDueAt) : '-' }),
      staff('mail.report.fields', {
        batch: String(details.batch ?? '-'),
        problemDate: String(details.problemDate ?? '-'),
        quantity: String(details.quantity ?? '-'),
        product: product?.name ?? '-',
        description: String(details.description ?? ''),
        requestedResolution: String(details.requestedResolution ?? ''),
      }),
      ...(attachments.length > 0 ? [`${staff('mail.report.evidence')}\n${attachments.join('\n')}`] : []),
      link(record, consoleUrl),
    ],
  );
}

export function taskOpenedMail(
  record: CaseRecord,
  step: HumanStepName,
  dueAt: string,
  to: readonly string[],
  consoleUrl: string,
) {
  const params = {
    step: stepTitle(step),
    reference: record.reference,
    organization: record.organization,
    dueAt: beijingTime(dueAt),
  };
  return mail(to, 'zh-CN', staff('mail.task.subject', params), [
    staff('mail.task.body', params),
    link(record, consoleUrl),
  ]);
}

export function escalationMail(
  record: CaseRecord,
  step: HumanStepName,
  count: number,
  to: readonly string[],
  consoleUrl: string,
) {
  const params = { step: stepTitle(step), reference: record.reference, count };
  return mail(to, 'zh-CN', staff('mail.escalation.subject', params), [
    staff('mail.escalation.body', params),
    link(record, consoleUrl),
  ]);
}

/** Customer Service's reply (first reply, or the CAPA measures), in the purchaser's language. */
export function replyToPurchaserMail(
  record: CaseRecord,
  to: string,
  reply: string,
  kind: 'reply' | 'capaReply',
): MailMessage {
  const language = record.submitter.language;
  const t = (key: MessageKey, params: Params = {}) => translate(language, key, params);
  const subject = t(kind === 'reply' ? 'mail.reply.subject' : 'mail.capaReply.subject', {
    reference: record.reference,
  });
  return mail([to], language, subject, [
    t('mail.ack.greeting', { name: record.submitter.contactName }),
    reply,
    t('mail.ack.closing', { reference: record.reference }),
    t('mail.ack.signature'),
  ]);
}

/** 《纠正预防措施要求表》 to the responsible department. */
export function capaRequestMail(
  record: CaseRecord,
  capa: CapaRecord,
  findings: string,
  to: readonly string[],
  consoleUrl: string,
) {
  const params = { number: capa.number, reference: record.reference, findings };
  return mail(to, 'zh-CN', staff('mail.capa.subject', params), [
    staff('mail.capa.body', params),
    link(record, consoleUrl),
  ]);
}

/** Effective: the statistics and the request to revise the standard, to the department. */
export function statisticsMail(
  record: CaseRecord,
  rounds: number,
  departmentComplaints: number,
  to: readonly string[],
  consoleUrl: string,
) {
  const params = { reference: record.reference, rounds, departmentComplaints };
  return mail(to, 'zh-CN', staff('mail.statistics.subject', params), [
    staff('mail.statistics.body', params),
    link(record, consoleUrl),
  ]);
}

export function batchAlertMail(
  batch: string,
  references: readonly string[],
  customers: number,
  to: readonly string[],
) {
  const params = { batch, customers, references: references.join('、') };
  return mail(to, 'zh-CN', staff('mail.batch.subject', params), [staff('mail.batch.body', params)]);
}

/** Customer Service is reminded on the due day; the manager hears of a breach (requirements.md §3.5). */
export function replyDeadlineMail(
  record: CaseRecord,
  kind: 'reminder' | 'breach',
  to: readonly string[],
  consoleUrl: string,
) {
  const params = {
    reference: record.reference,
    organization: record.organization,
    dueAt: record.replyDueAt ? beijingTime(record.replyDueAt) : '-',
  };
  const [subject, body] =
    kind === 'reminder'
      ? (['mail.replyReminder.subject', 'mail.replyReminder.body'] as const)
      : (['mail.replyBreach.subject', 'mail.replyBreach.body'] as const);
  return mail(to, 'zh-CN', staff(subject, params), [staff(body, params), link(record, consoleUrl)]);
}

import { type Language, type MessageKey, translate } from '../i18n/translate.ts';
import type { CaseRecord } from '../store/cases.ts';
import type { MailMessage } from '../store/mail-outbox.ts';
import { beijingTime } from './format.ts';
import { htmlDocument } from './html.ts';

const kindKey = {
  complaint: 'kind.complaint',
  inquiry: 'kind.inquiry',
  serviceRequest: 'kind.serviceRequest',
} as const;
const promiseKey = {
  complaint: 'mail.ack.complaintPromise',
  inquiry: 'mail.ack.inquiryPromise',
  serviceRequest: 'mail.ack.serviceRequestPromise',
} as const;

/** The warranty decision in words, with its dates when known. */
export function warrantyMessage(
  record: Pick<CaseRecord, 'warranty'>,
  language: Language,
): string | undefined {
  const warranty = record.warranty;
  if (!warranty) return undefined;
  const key: MessageKey = `warranty.${warranty.status}`;
  const words = translate(language, key);
  return warranty.status === 'unknown'
    ? words
    : `${words} (${warranty.coverageStartsOn} – ${warranty.freeRepairEndsOn})`;
}

/** The acknowledgement to the customer, in the customer's language. */
export function acknowledgementMail(record: CaseRecord, to: string): MailMessage {
  const language = record.submitter.language;
  const t = (key: MessageKey, params: Record<string, string | number> = {}) =>
    translate(language, key, params);
  const kind = t(kindKey[record.kind]);
  const params = { kind, reference: record.reference, receivedAt: beijingTime(record.receivedAt) };
  const warranty = warrantyMessage(record, language);
  const paragraphs = [
    t('mail.ack.greeting', { name: record.submitter.contactName }),
    t('mail.ack.body', params),
    t(promiseKey[record.kind]),
    ...(warranty ? [t('mail.ack.warranty', { warranty })] : []),
    `${t('mail.ack.summary')}\n${record.title}`,
    t('mail.ack.closing', params),
    t('mail.ack.signature'),
  ];
  return {
    to: [to],
    subject: t('mail.ack.subject', params),
    text: paragraphs.join('\n\n'),
    html: htmlDocument(language, paragraphs),
  };
}

/** The after-sales mailbox's notice of a new submission (in Chinese, the department's language). */
export function staffNotificationMail(record: CaseRecord, to: string, consoleUrl: string): MailMessage {
  const language: Language = 'zh-CN';
  const params = {
    kind: translate(language, kindKey[record.kind]),
    reference: record.reference,
    organization: record.organization,
    contactName: record.submitter.contactName,
    channel: record.channel,
    receivedAt: beijingTime(record.receivedAt),
  };
  const paragraphs = [
    translate(language, 'mail.staff.body', params),
    record.title,
    translate(language, 'mail.staff.link', { url: `${consoleUrl}#/cases/${record.id}` }),
  ];
  return {
    to: [to],
    subject: translate(language, 'mail.staff.subject', params),
    text: paragraphs.join('\n\n'),
    html: htmlDocument(language, paragraphs),
  };
}

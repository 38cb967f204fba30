import { type Language, type MessageKey, translate } from '../i18n/translate.ts';
import type { CaseRecord } from '../store/cases.ts';
import type { MailMessage } from '../store/mail-outbox.ts';
import { beijingTime } from './format.ts';
import { htmlDocument } from './html.ts';

/** 咨询 / 意见 / 建议 in the reader's language. */
const kindWords = (record: CaseRecord, language: Language) => {
  const kind = (record.details as { kind?: unknown }).kind;
  return kind === 'inquiry' || kind === 'opinion' || kind === 'suggestion'
    ? translate(language, `inquiry.kind.${kind}`)
    : translate(language, 'kind.inquiry');
};

/**
 * Customer Service's answer to an inquiry, opinion or suggestion, to the submitter in the case's
 * language (zh-CN or en). The answer and the topic are the customer's or staff's own text:
 * htmlDocument escapes them, so they never become markup.
 */
export function inquiryAnswerMail(record: CaseRecord, to: string, answer: string): MailMessage {
  const language = record.submitter.language;
  const t = (key: MessageKey, params: Record<string, string | number> = {}) =>
    translate(language, key, params);
  const params = {
    kind: kindWords(record, language),
    reference: record.reference,
    receivedAt: beijingTime(record.receivedAt),
    topic: record.title,
  };
  const paragraphs = [
    t('mail.ack.greeting', { name: record.submitter.contactName }),
    t('inquiry.mail.answer.intro', params),
    answer,
    t('inquiry.mail.answer.closing', params),
    t('mail.ack.signature'),
  ];
  return {
    to: [to],
    subject: t('inquiry.mail.answer.subject', params),
    text: paragraphs.join('\n\n'),
    html: htmlDocument(language, paragraphs),
  };
}

/** The department's notice of an inquiry forwarded to it (in Chinese, the staff's language). */
export function inquiryForwardMail(
  record: CaseRecord,
  to: string,
  note: string | undefined,
  consoleUrl: string,
): MailMessage {
  const language: Language = 'zh-CN';
  const params = {
    kind: kindWords(record, language),
    reference: record.reference,
    organization: record.organization,
  };
  const paragraphs = [
    translate(language, 'inquiry.mail.forward.body', params),
    record.title,
    ...(note ? [translate(language, 'inquiry.mail.forward.note', { note })] : []),
    translate(language, 'mail.staff.link', { url: `${consoleUrl}#/cases/${record.id}` }),
  ];
  return {
    to: [to],
    subject: translate(language, 'inquiry.mail.forward.subject', params),
    text: paragraphs.join('\n\n'),
    html: htmlDocument(language, paragraphs),
  };
}

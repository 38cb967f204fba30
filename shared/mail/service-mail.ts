import { parsePlainDate } from '../calendar/plain-date.ts';
import { type Language, type MessageKey, translate } from '../i18n/translate.ts';
import type { ServiceRecord } from '../schemas/service-requests.ts';
import type { CaseRecord } from '../store/cases.ts';
import type { MailMessage } from '../store/mail-outbox.ts';
import { warrantyMessage } from './case-mail.ts';
import { htmlDocument } from './html.ts';

/** What the visit confirmation needs besides the case: the visit, who comes, and the site. */
export interface VisitMailInput {
  readonly record: CaseRecord;
  readonly to: string;
  readonly visit: NonNullable<ServiceRecord['visit']>;
  readonly assignment?: ServiceRecord['assignment'];
  /** The assigned office's name, when an office (not a named technician) visits. */
  readonly officeName?: string;
  readonly quote?: ServiceRecord['quote'];
  readonly quoteAccepted: boolean;
}

const weekdayOf = (day: string): number => {
  const { year, month, day: d } = parsePlainDate(day);
  return new Date(Date.UTC(year, month - 1, d)).getUTCDay();
};

const siteAddressOf = (record: CaseRecord): string | undefined => {
  const address = (record.details as { siteAddress?: unknown }).siteAddress;
  return typeof address === 'string' ? address : undefined;
};

/**
 * The visit confirmation (上门服务确认) to the customer, in the case's language: day and time
 * window, site, who comes, the warranty decision or accepted quote. A reschedule says so.
 * Customer text (site address, names, notes) is escaped in the HTML part by `htmlDocument`.
 */
export function visitConfirmationMail(input: VisitMailInput): MailMessage {
  const { record, visit, assignment } = input;
  const language: Language = record.submitter.language;
  const t = (key: MessageKey, params: Record<string, string | number> = {}) =>
    translate(language, key, params);
  const rescheduled = visit.schedules > 1;
  const reference = record.reference;
  const address = siteAddressOf(record);
  const warranty = warrantyMessage(record, language);
  const who = assignment?.technician
    ? t('service.mail.visit.technician', { name: assignment.technician.name })
    : input.officeName
      ? t('service.mail.visit.office', { name: input.officeName })
      : undefined;
  const details = [
    t('service.mail.visit.when', {
      date: visit.date,
      weekday: t(`service.weekday.${weekdayOf(visit.date)}` as MessageKey),
      from: visit.window.from,
      to: visit.window.to,
    }),
    ...(address ? [t('service.mail.visit.where', { address })] : []),
    ...(who ? [who] : []),
    ...(input.quote && input.quoteAccepted
      ? [t('service.mail.visit.quote', { amount: input.quote.amount.toFixed(2) })]
      : warranty
        ? [t('service.mail.visit.warranty', { warranty })]
        : []),
    ...(visit.note ? [t('service.mail.visit.note', { note: visit.note })] : []),
  ];
  const paragraphs = [
    t('service.mail.visit.greeting', { name: record.submitter.contactName }),
    t(rescheduled ? 'service.mail.visit.rescheduled' : 'service.mail.visit.body', { reference }),
    details.join('\n'),
    t('service.mail.visit.closing', { reference }),
    t('service.mail.visit.signature'),
  ];
  return {
    to: [input.to],
    subject: t(rescheduled ? 'service.mail.visit.rescheduledSubject' : 'service.mail.visit.subject', {
      reference,
    }),
    text: paragraphs.join('\n\n'),
    html: htmlDocument(language, paragraphs),
  };
}

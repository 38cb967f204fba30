import { type Language, languages, type MessageKey, translate } from '../i18n/translate.ts';
import type { RequisitionLine, RequisitionRecord } from '../schemas/requisitions.ts';
import type { MailMessage } from '../store/mail-outbox.ts';
import { htmlDocument } from './html.ts';

type Params = Record<string, string | number>;

/**
 * A staff notice in Chinese and English, one after the other (the warehouse and requesters read
 * either): the subject joins both, the body repeats its paragraphs in each language.
 */
function bilingualMail(
  to: readonly string[],
  subject: { key: MessageKey; params: Params },
  paragraphs: (language: Language) => string[],
): MailMessage {
  const body = languages.flatMap((language, i) => [...(i > 0 ? ['—'] : []), ...paragraphs(language)]);
  return {
    to: [...new Set(to)],
    subject: languages.map((language) => translate(language, subject.key, subject.params)).join(' / '),
    text: body.join('\n\n'),
    html: htmlDocument('zh-CN', body),
  };
}

const consoleLink = (language: Language, consoleUrl: string, id: string) =>
  translate(language, 'mail.staff.link', { url: `${consoleUrl}#/requisitions/${id}` });

/** What the warehouse needs to order a reorder proposal. */
export interface ReorderMailInput {
  readonly record: RequisitionRecord;
  readonly part: { readonly unit: string; readonly lowQuota: number; readonly highQuota: number };
  readonly onHand: number;
}

/** The warehouse's notice of a reorder proposal at the low quota (requirements.md §4). */
export function reorderProposedMail(input: ReorderMailInput, to: string, consoleUrl: string): MailMessage {
  const line = input.record.lines[0];
  const params = {
    reference: input.record.reference,
    partNumber: line?.partNumber ?? '',
    name: line?.name ?? '',
    quantity: line?.quantity ?? 0,
    onHand: input.onHand,
    unit: input.part.unit,
    lowQuota: input.part.lowQuota,
    highQuota: input.part.highQuota,
  };
  return bilingualMail([to], { key: 'requisitions.mail.reorder.subject', params }, (language) => [
    translate(language, 'requisitions.mail.reorder.body', params),
    consoleLink(language, consoleUrl, input.record.id),
  ]);
}

/** The requester's notice that urgent parts arrived (急件到货, announced at once). */
export function urgentArrivalMail(
  record: RequisitionRecord,
  line: RequisitionLine,
  arrived: { readonly quantity: number; readonly unit: string; readonly complete: boolean },
  to: string,
  consoleUrl: string,
): MailMessage {
  const params = {
    reference: record.reference,
    partNumber: line.partNumber,
    name: line.name,
    quantity: arrived.quantity,
    unit: arrived.unit,
    received: line.received,
    ordered: line.quantity,
  };
  return bilingualMail([to], { key: 'requisitions.mail.arrival.subject', params }, (language) => [
    translate(language, 'requisitions.mail.arrival.body', params),
    ...(arrived.complete ? [translate(language, 'requisitions.mail.arrival.complete')] : []),
    consoleLink(language, consoleUrl, record.id),
  ]);
}

/** One purchase that missed its written delay report. */
export interface OverduePurchase {
  readonly reference: string;
  readonly expectedOn: string;
  readonly supplier: string;
}

/** The day's summary of purchases late without their written report, to the warehouse and management. */
export function overdueDelayReportsMail(
  day: string,
  purchases: readonly OverduePurchase[],
  to: readonly string[],
  consoleUrl: string,
): MailMessage {
  const params = { day, count: purchases.length };
  return bilingualMail(to, { key: 'requisitions.mail.overdue.subject', params }, (language) => [
    translate(language, 'requisitions.mail.overdue.body'),
    purchases
      .map((purchase) => translate(language, 'requisitions.mail.overdue.line', { ...purchase }))
      .join('\n'),
    translate(language, 'mail.staff.link', { url: `${consoleUrl}#/requisitions` }),
  ]);
}

import { appraisalSlots } from '../domain/scrap.ts';
import { yuanOf } from '../domain/stock.ts';
import { type MessageKey, translate } from '../i18n/translate.ts';
import type { MailMessage } from '../store/mail-outbox.ts';
import type { ScrapRecord } from '../store/scraps.ts';
import { htmlDocument } from './html.ts';

/** Notices between departments are written in Chinese, the company's working language. */
const staff = (key: MessageKey, params: Record<string, string | number> = {}) =>
  translate('zh-CN', key, params);

/** To management once the three appraisals are in: the part, value, reason and each opinion. */
export function scrapApprovalMail(record: ScrapRecord, to: string, consoleUrl: string): MailMessage {
  const about = { reference: record.reference, partName: record.partName, quantity: record.quantity };
  const paragraphs = [
    staff('scrap.mail.approvalBody', {
      ...about,
      partNumber: record.partNumber,
      value: yuanOf(record.valueFen).toFixed(2),
      reason: record.reason,
    }),
    appraisalSlots
      .flatMap((slot) => {
        const appraisal = record.appraisals[slot];
        return appraisal
          ? [
              staff('scrap.mail.appraisal', {
                slot: staff(`scrap.slot.${slot}`),
                opinion: staff(`scrap.opinion.${appraisal.opinion}`),
                note: appraisal.note,
              }),
            ]
          : [];
      })
      .join('\n'),
    staff('mail.staff.link', { url: `${consoleUrl}#/scraps/${record.id}` }),
  ];
  return {
    to: [to],
    subject: staff('scrap.mail.approvalSubject', about),
    text: paragraphs.join('\n\n'),
    html: htmlDocument('zh-CN', paragraphs),
  };
}

import type { PlainDate } from '../calendar/plain-date.ts';
import { type Language, type MessageKey, translate } from '../i18n/translate.ts';
import type { ReconciliationView } from '../schemas/parts.ts';
import type { MailMessage } from '../store/mail-outbox.ts';
import { htmlDocument } from './html.ts';

/** A part whose ledger, card and lots disagree, or whose ledger chain does not verify. */
export interface StockMismatch
  extends Pick<ReconciliationView, 'partNumber' | 'chainIntact' | 'differences'> {
  readonly name: string;
}

/** What the daily stock check found, for its notice. */
export interface StockCheckFindings {
  readonly day: PlainDate;
  /** Parts checked. */
  readonly parts: number;
  readonly differing: readonly StockMismatch[];
}

type Difference = ReconciliationView['differences'][number];

/** Values are yuan with two decimals, units whole. */
const figureText = (figure: Difference['figure'], value: number) =>
  figure === 'value' ? value.toFixed(2) : String(value);

/**
 * The daily stock check's notice (帐、卡、物不符) to the warehouse keeper and management: per part,
 * each figure on card, ledger and lots, and a ledger whose hash chain does not verify. Staff
 * notices are in Chinese, the company's working language; English is there for the same text.
 * Part names are staff text: htmlDocument escapes them.
 */
export function stockCheckMail(
  findings: StockCheckFindings,
  to: readonly string[],
  language: Language = 'zh-CN',
): MailMessage {
  const t = (key: MessageKey, params: Record<string, string | number> = {}) =>
    translate(language, key, params);
  const params = { day: findings.day, parts: findings.parts, count: findings.differing.length };
  const partParagraph = (part: StockMismatch) =>
    [
      t('parts.mail.stockCheck.part', { partNumber: part.partNumber, name: part.name }),
      ...part.differences.map((d) =>
        t(
          d.lots === undefined
            ? 'parts.mail.stockCheck.cardLedgerDifference'
            : 'parts.mail.stockCheck.difference',
          {
            figure: t(`parts.mail.stockCheck.figure.${d.figure}`),
            card: figureText(d.figure, d.card),
            ledger: figureText(d.figure, d.ledger),
            lots: d.lots === undefined ? '' : figureText(d.figure, d.lots),
          },
        ),
      ),
      ...(part.chainIntact ? [] : [t('parts.mail.stockCheck.chainBroken')]),
    ].join('\n');
  const paragraphs = [
    t('parts.mail.stockCheck.body', params),
    ...findings.differing.map(partParagraph),
    t('parts.mail.stockCheck.closing'),
  ];
  return {
    to: [...new Set(to)],
    subject: t('parts.mail.stockCheck.subject', params),
    text: paragraphs.join('\n\n'),
    html: htmlDocument(language, paragraphs),
  };
}

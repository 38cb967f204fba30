import { shanghaiDate } from '../calendar/plain-date.ts';
import { referencePrefix } from '../domain/reference.ts';
import { FREQUENCY_CAP_DAYS } from '../domain/survey-rules.ts';
import { type Language, type MessageKey, translate } from '../i18n/translate.ts';
import type { CaseKind } from '../schemas/cases.ts';
import type { SurveyRecord } from '../schemas/surveys.ts';
import type { MailHeader, MailMessage } from '../store/mail-outbox.ts';
import { escapeHtml } from './html.ts';

/** What one survey or follow-up email needs besides the survey: who, in which language, the signed tokens. */
export interface SurveyMailInput {
  readonly survey: SurveyRecord;
  readonly to: string;
  readonly contactName?: string;
  readonly language: Language;
  /** Signed for `survey` (csat, nps) or `followUp` (checkIn, warrantyInspection), subject the survey id. */
  readonly answerToken: string;
  /** Signed for `unsubscribe`, subject the normalised contact address. */
  readonly unsubscribeToken: string;
  /** When the answer links stop working. */
  readonly expiresAt: string;
  /** Where customers open links (`PUBLIC_URL`). */
  readonly publicUrl: string;
}

/** A link the customer can click: its words and where it goes. */
export interface MailLink {
  readonly label: string;
  readonly url: string;
}

const query = (token: string, extra: Record<string, string | number> = {}) =>
  new URLSearchParams({
    token,
    ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, String(v)])),
  });

/** The links of the survey page: one per score (csat 1-5, nps 0-10), each answering with one click. */
export function scoreLinks(publicUrl: string, kind: 'csat' | 'nps', token: string): MailLink[] {
  const [min, max] = kind === 'csat' ? [1, 5] : [0, 10];
  return Array.from({ length: max - min + 1 }, (_, i) => min + i).map((score) => ({
    label: String(score),
    url: `${publicUrl}/survey.html?${query(token, { score })}`,
  }));
}

/** The follow-up page, and its quick answers (checkIn: fine / problem; warrantyInspection: inspectionWanted). */
export function followUpLinks(
  publicUrl: string,
  kind: 'checkIn' | 'warrantyInspection',
  token: string,
  t: (key: MessageKey) => string,
): { readonly page: string; readonly quick: MailLink[] } {
  const link = (status: string, key: MessageKey) => ({
    label: t(key),
    url: `${publicUrl}/follow-up.html?${query(token, { status })}`,
  });
  return {
    page: `${publicUrl}/follow-up.html?${query(token)}`,
    quick:
      kind === 'checkIn'
        ? [link('fine', 'survey.checkIn.fine'), link('problem', 'survey.checkIn.problem')]
        : [link('inspectionWanted', 'survey.warranty.book')],
  };
}

/** The unsubscribe page for people, and the RFC 8058 one-click endpoint for mail clients. */
export const unsubscribeUrls = (publicUrl: string, token: string) => ({
  page: `${publicUrl}/unsubscribe.html?${query(token)}`,
  oneClick: `${publicUrl}/v1/unsubscribe/${encodeURIComponent(token)}`,
});

/** `List-Unsubscribe` (the one-click URL) and `List-Unsubscribe-Post` (RFC 8058), on every survey email. */
export const unsubscribeHeaders = (oneClickUrl: string): MailHeader[] => [
  { name: 'List-Unsubscribe', value: `<${oneClickUrl}>` },
  { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
];

const kindOfReference = (reference: string | undefined): CaseKind => {
  const prefix = reference?.split('-')[0];
  const found = (Object.entries(referencePrefix) as [CaseKind, string][]).find(([, p]) => p === prefix);
  return found?.[0] ?? 'serviceRequest';
};

const kindKey = {
  complaint: 'kind.complaint',
  inquiry: 'kind.inquiry',
  serviceRequest: 'kind.serviceRequest',
} as const satisfies Record<CaseKind, MessageKey>;

/** One block of the email: a paragraph, a row of buttons (scores), or a list of links. */
type Block =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'scores'; readonly links: readonly MailLink[] }
  | { readonly type: 'links'; readonly links: readonly MailLink[] }
  | { readonly type: 'more'; readonly lead: string; readonly url: string };

const PARAGRAPH = 'margin:0 0 12px';
const BUTTON =
  'display:inline-block;min-width:22px;margin:0 4px 6px 0;padding:8px 10px;border:1px solid #1f5fa8;border-radius:4px;color:#1f5fa8;text-decoration:none;text-align:center;font-weight:600';
const anchor = (link: MailLink, style: string) =>
  `<a href="${escapeHtml(link.url)}" style="${style}">${escapeHtml(link.label)}</a>`;

function htmlOf(language: Language, subject: string, blocks: readonly Block[], footer: string): string {
  const body = blocks
    .map((block) => {
      if (block.type === 'text')
        return `<p style="${PARAGRAPH}">${escapeHtml(block.text).replaceAll('\n', '<br>')}</p>`;
      if (block.type === 'scores')
        return `<p style="${PARAGRAPH}">${block.links.map((link) => anchor(link, BUTTON)).join('')}</p>`;
      if (block.type === 'links')
        return `<p style="${PARAGRAPH}">${block.links.map((link) => anchor(link, BUTTON)).join(' ')}</p>`;
      return `<p style="${PARAGRAPH}">${escapeHtml(block.lead)}<br>${anchor({ label: block.url, url: block.url }, 'color:#1f5fa8')}</p>`;
    })
    .join('\n');
  return `<!doctype html><html lang="${escapeHtml(language)}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body style="font-family:system-ui,'PingFang SC','Microsoft YaHei',sans-serif;font-size:15px;line-height:1.6;color:#1f2933">\n${body}\n<hr style="border:none;border-top:1px solid #d9e2ec;margin:20px 0 12px">\n<p style="margin:0;font-size:12px;color:#52606d">${footer}</p>\n</body></html>`;
}

function textOf(blocks: readonly Block[], footer: readonly string[]): string {
  const body = blocks.map((block) => {
    if (block.type === 'text') return block.text;
    if (block.type === 'more') return `${block.lead}\n${block.url}`;
    return block.links.map((link) => `${link.label}: ${link.url}`).join('\n');
  });
  return `${body.join('\n\n')}\n\n--\n${footer.join('\n')}`;
}

/**
 * The survey or follow-up email, in the customer's language (zh-CN or en), HTML and text. Every
 * word comes from the message catalogue; customer-supplied text (organisation, contact name) is
 * escaped in the HTML. Every email carries a one-click unsubscribe (visible link and headers).
 */
export function surveyMail(input: SurveyMailInput): MailMessage {
  const { survey, language, publicUrl } = input;
  const t = (key: MessageKey, params: Record<string, string | number> = {}) =>
    translate(language, key, params);
  const organization = survey.organization;
  const products = (survey.productNames ?? []).join(t('survey.listSeparator'));
  const greeting = input.contactName
    ? t('survey.greeting', { name: input.contactName })
    : t('survey.greetingOrganization', { organization });
  const expires = t('survey.expires', { date: shanghaiDate(new Date(input.expiresAt)) });

  let subject: string;
  let blocks: Block[];
  switch (survey.kind) {
    case 'csat':
    case 'nps': {
      const params = {
        organization,
        reference: survey.caseReference ?? '',
        kind: t(kindKey[kindOfReference(survey.caseReference)]),
      };
      subject = t(`survey.${survey.kind}.subject`, params);
      blocks = [
        { type: 'text', text: greeting },
        { type: 'text', text: t(`survey.${survey.kind}.body`, params) },
        { type: 'text', text: t(`survey.${survey.kind}.scale`) },
        { type: 'scores', links: scoreLinks(publicUrl, survey.kind, input.answerToken) },
        { type: 'text', text: expires },
      ];
      break;
    }
    case 'checkIn':
    case 'warrantyInspection': {
      const links = followUpLinks(publicUrl, survey.kind, input.answerToken, t);
      const params = {
        organization,
        orderRef: survey.orderRef ?? '',
        products,
        months: survey.checkInMonths ?? 0,
        freeRepairEndsOn: survey.freeRepairEndsOn ?? '',
      };
      const quarterly = survey.kind === 'checkIn' && !survey.deliveryId;
      subject =
        survey.kind === 'warrantyInspection'
          ? t('survey.warranty.subject', params)
          : t(quarterly ? 'survey.checkIn.quarterSubject' : 'survey.checkIn.subject', params);
      const body =
        survey.kind === 'warrantyInspection'
          ? t('survey.warranty.body', params)
          : t(quarterly ? 'survey.checkIn.quarterBody' : 'survey.checkIn.body', params);
      const more = survey.kind === 'warrantyInspection' ? 'survey.warranty.other' : 'survey.checkIn.details';
      blocks = [
        { type: 'text', text: greeting },
        { type: 'text', text: body },
        { type: 'links', links: links.quick },
        { type: 'more', lead: t(more), url: links.page },
        { type: 'text', text: expires },
      ];
      break;
    }
  }
  blocks.push({ type: 'text', text: t('mail.ack.signature') });

  const unsubscribe = unsubscribeUrls(publicUrl, input.unsubscribeToken);
  const why = t('survey.why', { organization, days: FREQUENCY_CAP_DAYS });
  const footerHtml = `${escapeHtml(why)}<br>${anchor(
    { label: t('survey.unsubscribe'), url: unsubscribe.page },
    'color:#52606d',
  )} · ${escapeHtml(t('survey.unsubscribeNote'))}`;
  const footerText = [why, `${t('survey.unsubscribe')}: ${unsubscribe.page}`, t('survey.unsubscribeNote')];
  return {
    to: [input.to],
    subject,
    text: textOf(blocks, footerText),
    html: htmlOf(language, subject, blocks, footerHtml),
    headers: unsubscribeHeaders(unsubscribe.oneClick),
  };
}

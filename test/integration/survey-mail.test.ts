import { linkSubject } from '../../shared/app/links.ts';
import { planCaseSurvey } from '../../shared/app/survey-planning.ts';
import { config } from '../../shared/config.ts';
import type { SurveyRecord } from '../../shared/schemas/surveys.ts';
import { getCase } from '../../shared/store/cases.ts';
import { recordUnsubscribe } from '../../shared/store/contact-preferences.ts';
import { recordSuppression } from '../../shared/store/suppressions.ts';
import { planSurvey, surveyIdFor } from '../../shared/store/surveys.ts';
import { anInquiry, aSubmitter, uniqueEmail } from '../support/builders.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import {
  aCustomerIn,
  aDeliveryOf,
  putTestOffices,
  runJob,
  surveyOf,
  type TestCustomer,
} from '../support/survey-jobs.ts';

interface MailReport {
  due: number;
  sent: number;
  postponed: number;
  skipped: Record<string, number>;
  alreadyHandled: number;
  failed: number;
  more: boolean;
}

let api: TestRuntime;
let staff: string;
beforeAll(async () => {
  // No demo data: every survey due is one of this file's.
  api = await startTestRuntime({ seed: false });
  await putTestOffices();
  staff = await api.token('customer-service');
});
afterAll(async () => api.stop());

const sendAsOf = (asOf: string) => runJob<MailReport>(api, 'survey-mail', asOf);
const surveyMails = async (address: string) =>
  (await api.emailsTo(address)).filter((mail) =>
    mail.headers?.some((header) => header.name === 'List-Unsubscribe'),
  );
const header = (mail: { headers?: readonly { name: string; value: string }[] }, name: string) =>
  mail.headers?.find((h) => h.name === name)?.value;
/** The end of a Shanghai day, as a day `asOf` means it. */
const endOf = (day: string) => new Date(Date.parse(`${day}T00:00:00+08:00`) + 86_400_000 - 1).toISOString();

/** A survey due at `dueAt` for `customer` (planned straight into the store). */
async function aPlannedSurvey(
  customer: TestCustomer,
  dueAt: string,
  overrides: Partial<SurveyRecord> = {},
): Promise<SurveyRecord> {
  const occurrence = `nps#${customer.id}#${dueAt.slice(0, 4)}`;
  const record: SurveyRecord = {
    id: surveyIdFor(occurrence),
    kind: 'nps',
    occurrence,
    customerId: customer.id,
    organization: '示例市教育局',
    officeId: 'gz',
    tier: 'regular',
    language: 'zh-CN',
    contactName: '赵敏',
    contactEmail: customer.email,
    status: 'scheduled',
    createdAt: dueAt,
    dueAt,
    postponements: 0,
    version: 1,
    ...overrides,
  };
  await planSurvey(record);
  return record;
}

describe('sending due surveys', () => {
  const day = '2027-01-05';
  let chinese: TestCustomer;
  let english: TestCustomer;
  let caseCustomer: TestCustomer;
  let caseReference: string;
  let caseId: string;
  let first: MailReport;
  beforeAll(async () => {
    chinese = await aCustomerIn(api, staff, {
      organization: '示例<中学> & "分校"',
      contactName: '王<b>老师</b>',
    });
    english = await aCustomerIn(api, staff, {
      organization: 'Shanghai Education Bureau',
      contactName: 'Li Na',
      language: 'en',
      officeId: 'sh',
    });
    await runJob(api, 'loyalty-surveys', day);
    // Created after the loyalty run: this contact has the CSAT survey only (else the cap applies).
    caseCustomer = await aCustomerIn(api, staff);
    const inquiry = await api.request<{ id: string; reference: string }>('POST', '/v1/inquiries', {
      body: anInquiry({ submitter: aSubmitter({ email: caseCustomer.email }) }),
    });
    caseId = inquiry.body.id;
    caseReference = inquiry.body.reference;
    const record = await getCase(caseId);
    if (!record) throw new Error('inquiry not stored');
    // Closed on Monday 4 January 2027: the survey is due on Tuesday the 5th.
    await planCaseSurvey(record, new Date('2027-01-04T03:00:00.000Z'));
    first = await sendAsOf(day);
  });

  it('sends every survey due, once', async () => {
    expect(first).toMatchObject({ due: 3, sent: 3, postponed: 0, failed: 0, more: false });
    expect(await sendAsOf(day)).toMatchObject({ due: 0, sent: 0 });
    for (const customer of [chinese, english, caseCustomer]) {
      expect(await surveyMails(customer.email)).toHaveLength(1);
    }
  });

  it('marks the survey sent, records the contact’s last survey and sends the stored mail', async () => {
    const occurrence = `nps#${chinese.id}#2027`;
    const survey = await surveyOf(api, occurrence);

    expect(survey).toMatchObject({
      status: 'sent',
      sentAt: endOf(day),
      expiresAt: new Date(Date.parse(endOf(day)) + 30 * 86_400_000).toISOString(),
      contactEmail: chinese.email,
      version: 2,
    });
    expect(survey?.gsi1pk).toBeUndefined();
    expect(await api.item(`CONTACT#${chinese.email}`, 'PREFERENCES')).toMatchObject({
      lastSurveySentAt: endOf(day),
    });
    expect(await api.item(`MAIL#survey-${surveyIdFor(occurrence)}`, 'MAIL')).toMatchObject({
      status: 'sent',
      purpose: 'survey-nps',
      attempts: 1,
    });
  });

  it('writes to a Chinese customer in Chinese, escaping the organisation and the contact name', async () => {
    const [mail] = await surveyMails(chinese.email);

    expect(mail?.subject).toBe('【售后服务】您会向其他单位推荐我们吗？');
    expect(mail?.body.text).toMatch(/^王<b>老师<\/b>，您好：/);
    expect(mail?.body.html).toContain('王&lt;b&gt;老师&lt;/b&gt;，您好：');
    expect(mail?.body.html).toContain('感谢示例&lt;中学&gt; &amp; &quot;分校&quot;一直以来的信任');
    expect(mail?.body.html).not.toContain('<b>');
  });

  it('writes to an English-speaking customer in English', async () => {
    const [mail] = await surveyMails(english.email);

    expect(mail?.subject).toBe('[After-sales] Would you recommend us to other organisations?');
    expect(mail?.body.text).toMatch(/^Dear Li Na,/);
    expect(mail?.body.text).toContain('Thank you for the trust of Shanghai Education Bureau.');
    expect(mail?.body.html).toContain('<html lang="en">');
    expect(`${mail?.subject}${mail?.body.text}`).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('links eleven NPS scores and five CSAT scores with a token that verifies for the survey', async () => {
    const publicUrl = config().PUBLIC_URL;
    const scoresOf = (text: string | undefined) =>
      [...(text ?? '').matchAll(/\/survey\.html\?token=([^&\s]+)&score=(\d+)/g)].map((m) => ({
        token: m[1] ?? '',
        score: Number(m[2]),
      }));
    const [nps] = await surveyMails(english.email);
    const [csat] = await surveyMails(caseCustomer.email);
    const npsLinks = scoresOf(nps?.body.text);
    const csatLinks = scoresOf(csat?.body.text);

    expect(npsLinks.map((link) => link.score)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(csatLinks.map((link) => link.score)).toEqual([1, 2, 3, 4, 5]);
    expect(nps?.body.text).toContain(`${publicUrl}/survey.html?token=`);
    const at = new Date(endOf(day));
    expect(await linkSubject(npsLinks[0]?.token ?? '', 'survey', at)).toBe(
      surveyIdFor(`nps#${english.id}#2027`),
    );
    expect(await linkSubject(csatLinks[4]?.token ?? '', 'survey', at)).toBe(surveyIdFor(`csat#${caseId}`));
    await expect(linkSubject(npsLinks[0]?.token ?? '', 'followUp', at)).rejects.toThrow();
    expect(csat?.subject).toBe(`【售后服务】您对咨询与意见 ${caseReference} 的处理满意吗？`);
  });

  it('offers a one-click unsubscribe: a visible link and the RFC 8058 headers, bound to the address', async () => {
    const publicUrl = config().PUBLIC_URL;
    const [mail] = await surveyMails(chinese.email);
    const listUnsubscribe = header(mail ?? {}, 'List-Unsubscribe') ?? '';
    const token = /^<(.+)\/v1\/unsubscribe\/([^>]+)>$/.exec(listUnsubscribe);

    expect(token?.[1]).toBe(publicUrl);
    expect(header(mail ?? {}, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(mail?.body.text).toContain(`${publicUrl}/unsubscribe.html?token=${token?.[2]}`);
    expect(mail?.body.html).toContain(`href="${publicUrl}/unsubscribe.html?token=${token?.[2]}"`);
    expect(await linkSubject(decodeURIComponent(token?.[2] ?? ''), 'unsubscribe', new Date(endOf(day)))).toBe(
      chinese.email,
    );
  });
});

describe('the frequency cap', () => {
  let customer: TestCustomer;
  let firstCheckIn: string;
  let secondCheckIn: string;
  beforeAll(async () => {
    customer = await aCustomerIn(api, staff);
    // One-month check-ins due on 1 and 3 February 2027.
    const early = await aDeliveryOf(customer.id, { deliveredOn: '2026-12-20', acceptedOn: '2027-01-01' });
    const late = await aDeliveryOf(customer.id, { deliveredOn: '2026-12-20', acceptedOn: '2027-01-03' });
    firstCheckIn = `checkIn#${early.id}#m1`;
    secondCheckIn = `checkIn#${late.id}#m1`;
  });

  it('postpones a second survey to the same contact within 14 days to 14 days after the first', async () => {
    await runJob(api, 'product-check-ins', '2027-02-01');
    expect(await sendAsOf('2027-02-01')).toMatchObject({ sent: 1, postponed: 0 });
    await runJob(api, 'product-check-ins', '2027-02-03');

    expect(await sendAsOf('2027-02-03')).toMatchObject({ due: 1, sent: 0, postponed: 1 });
    expect(await surveyOf(api, firstCheckIn)).toMatchObject({ status: 'sent', sentAt: endOf('2027-02-01') });
    expect(await surveyOf(api, secondCheckIn)).toMatchObject({
      status: 'postponed',
      dueAt: new Date(Date.parse(endOf('2027-02-01')) + 14 * 86_400_000).toISOString(),
      postponements: 1,
      gsi1pk: 'SURVEYS#DUE',
    });
    expect(await surveyMails(customer.email)).toHaveLength(1);
  });

  it('sends the postponed survey on its new due day, not before', async () => {
    expect(await sendAsOf('2027-02-14')).toMatchObject({ due: 0, sent: 0 });
    expect(await sendAsOf('2027-02-15')).toMatchObject({ due: 1, sent: 1 });

    expect(await surveyOf(api, secondCheckIn)).toMatchObject({ status: 'sent', sentAt: endOf('2027-02-15') });
    const mails = await surveyMails(customer.email);
    expect(mails).toHaveLength(2);
    expect(mails.map((mail) => mail.body.text?.includes('follow-up.html?token=')).every(Boolean)).toBe(true);
    expect(mails[1]?.body.text).toContain('&status=fine');
    expect(mails[1]?.body.text).toContain('&status=problem');
  });

  it('lets concurrent runs mail each contact once, the others waiting', async () => {
    const dueAt = '2027-04-01T01:00:00.000Z';
    const contacts = await Promise.all([1, 2, 3].map(() => aCustomerIn(api, staff)));
    for (const contact of contacts) {
      await aPlannedSurvey(contact, dueAt);
      await aPlannedSurvey(contact, dueAt, {
        kind: 'checkIn',
        occurrence: `checkIn#${contact.id}#2027-Q2`,
        id: surveyIdFor(`checkIn#${contact.id}#2027-Q2`),
      });
    }

    const reports = await Promise.all([sendAsOf(dueAt), sendAsOf(dueAt)]);

    expect(reports.reduce((sum, report) => sum + report.sent, 0)).toBe(3);
    expect(reports.reduce((sum, report) => sum + report.failed, 0)).toBe(0);
    for (const contact of contacts) expect(await surveyMails(contact.email)).toHaveLength(1);
    expect(
      (await api.indexPartition('gsi1', 'SURVEYS#DUE')).filter((s) => s.status === 'postponed'),
    ).toHaveLength(3);
  });
});

describe('skipping', () => {
  const dueAt = '2027-03-01T01:00:00.000Z';
  const skipped: Record<string, { customer: TestCustomer; survey: SurveyRecord }> = {};
  let report: MailReport;
  beforeAll(async () => {
    const plan = async (reason: string, customer: TestCustomer) => {
      skipped[reason] = { customer, survey: await aPlannedSurvey(customer, dueAt) };
    };
    await plan('noConsent', await aCustomerIn(api, staff, { emailConsent: false }));
    const bounced = await aCustomerIn(api, staff);
    await api.request('POST', '/_local/ses-events', { body: { bounce: bounced.email } });
    await plan('doNotEmail', bounced);
    const phoneOnly = await api.request<{ id: string }>('POST', '/v1/customers', {
      token: staff,
      body: {
        organization: '只留电话的学校',
        contacts: [{ name: '周老师', phone: '020-1234 5678', primary: true }],
        region: '广东省',
        officeId: 'gz',
        tier: 'regular',
        tags: [],
        emailConsent: true,
      },
    });
    await plan('noEmail', { id: phoneOnly.body.id, email: uniqueEmail('none') });
    const unsubscribed = await aCustomerIn(api, staff);
    await recordUnsubscribe(unsubscribed.email, new Date());
    await plan('unsubscribed', unsubscribed);
    const suppressed = await aCustomerIn(api, staff);
    await recordSuppression({
      address: suppressed.email,
      reason: 'COMPLAINT',
      at: '2027-02-01T00:00:00.000Z',
      recordedAt: '2027-02-01T00:00:00.000Z',
    });
    await plan('suppressed', suppressed);
    report = await sendAsOf(dueAt);
  });

  it('skips each survey it may not send, counting the reasons', () => {
    expect(report).toMatchObject({
      due: 5,
      sent: 0,
      skipped: { noConsent: 1, doNotEmail: 1, noEmail: 1, unsubscribed: 1, suppressed: 1 },
    });
  });

  it.each(['noConsent', 'doNotEmail', 'noEmail', 'unsubscribed', 'suppressed'])(
    'records %s on the survey, takes it out of the due index and mails nothing',
    async (reason) => {
      const { customer, survey } = skipped[reason] ?? ({} as never);
      const stored = await surveyOf(api, survey.occurrence);

      expect(stored).toMatchObject({ status: 'skipped', skipReason: reason, skippedAt: dueAt, version: 2 });
      expect(stored?.gsi1pk).toBeUndefined();
      expect(await api.item(`MAIL#survey-${survey.id}`, 'MAIL')).toBeUndefined();
      expect(await surveyMails(customer.email)).toHaveLength(0);
    },
  );

  it('does not look at skipped surveys again', async () => {
    expect(await sendAsOf('2027-03-02')).toMatchObject({ due: 0 });
  });
});

import { catalogue } from '../../shared/i18n/messages.ts';
import { surveyMail } from '../../shared/mail/survey-mail.ts';
import type { SurveyRecord } from '../../shared/schemas/surveys.ts';

const aSurvey = (overrides: Partial<SurveyRecord> = {}): SurveyRecord => ({
  id: 'S1',
  kind: 'csat',
  occurrence: 'csat#c1',
  customerId: 'cu1',
  organization: '示例<学校> & "分校"',
  officeId: 'bj',
  tier: 'regular',
  language: 'zh-CN',
  caseId: 'c1',
  caseReference: 'TS-20261127-0007',
  status: 'scheduled',
  createdAt: '2026-11-27T02:00:00.000Z',
  dueAt: '2026-11-29T16:00:00.000Z',
  postponements: 0,
  version: 1,
  ...overrides,
});

const mailOf = (survey: SurveyRecord, language: 'zh-CN' | 'en' = 'zh-CN', contactName = '王<b>老师</b>') =>
  surveyMail({
    survey,
    to: 'wang@school.example.cn',
    contactName,
    language,
    answerToken: 'v1.k1.answer.sig',
    unsubscribeToken: 'v1.k1.unsub.sig',
    expiresAt: '2026-12-30T01:30:00.000Z',
    publicUrl: 'https://service.example.cn',
  });

describe('survey email', () => {
  it('asks for a CSAT score with five one-click links', () => {
    const mail = mailOf(aSurvey());

    expect(mail.to).toEqual(['wang@school.example.cn']);
    expect(mail.subject).toBe('【售后服务】您对投诉 TS-20261127-0007 的处理满意吗？');
    for (let score = 1; score <= 5; score += 1) {
      expect(mail.text).toContain(
        `${score}: https://service.example.cn/survey.html?token=v1.k1.answer.sig&score=${score}`,
      );
      expect(mail.html).toContain(
        `href="https://service.example.cn/survey.html?token=v1.k1.answer.sig&amp;score=${score}"`,
      );
    }
    expect(mail.text).not.toContain('score=0');
    expect(mail.text).not.toContain('score=6');
    expect(mail.text).toContain('以上链接在 2026-12-30 前有效。');
  });

  it('asks for an NPS score from 0 to 10, in English for an English-speaking customer', () => {
    const mail = mailOf(
      aSurvey({ kind: 'nps', organization: 'Shanghai Bureau', caseId: undefined, caseReference: undefined }),
      'en',
      'Li Na',
    );

    expect(mail.subject).toBe(catalogue.en['survey.nps.subject']);
    expect(mail.text).toMatch(/^Dear Li Na,/);
    const scores = [...mail.text.matchAll(/survey\.html\?token=v1\.k1\.answer\.sig&score=(\d+)/g)].map(
      (m) => m[1],
    );
    expect(scores).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(mail.html).toContain('<html lang="en">');
    expect(mail.text).toContain('These links work until 2026-12-30.');
    expect(mail.text).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('escapes the organisation and contact name in the HTML and keeps them as they are in the text', () => {
    const mail = mailOf(aSurvey());

    expect(mail.html).toContain('示例&lt;学校&gt; &amp; &quot;分校&quot;');
    expect(mail.html).toContain('王&lt;b&gt;老师&lt;/b&gt;');
    expect(mail.html).not.toContain('<b>');
    expect(mail.html).not.toContain('<学校>');
    expect(mail.text).toContain('示例<学校> & "分校"');
  });

  it('offers the check-in quick answers and the follow-up page', () => {
    const mail = mailOf(
      aSurvey({
        kind: 'checkIn',
        caseId: undefined,
        caseReference: undefined,
        deliveryId: 'd1',
        orderRef: 'HT-2025-BJ-001',
        productNames: ['学生课桌椅', '办公椅'],
        checkInMonths: 6,
      }),
    );

    expect(mail.subject).toBe('【售后服务】回访：订单 HT-2025-BJ-001 的产品使用情况如何？');
    expect(mail.text).toContain('订单 HT-2025-BJ-001（学生课桌椅、办公椅）已使用 6 个月');
    expect(mail.text).toContain(
      '一切正常: https://service.example.cn/follow-up.html?token=v1.k1.answer.sig&status=fine',
    );
    expect(mail.text).toContain(
      'https://service.example.cn/follow-up.html?token=v1.k1.answer.sig&status=problem',
    );
    expect(mail.text).toContain('https://service.example.cn/follow-up.html?token=v1.k1.answer.sig\n');
  });

  it('words the quarterly key-customer check-in without a delivery', () => {
    const mail = mailOf(
      aSurvey({ kind: 'checkIn', caseId: undefined, caseReference: undefined, period: '2026-Q4' }),
      'en',
    );

    expect(mail.subject).toBe(catalogue.en['survey.checkIn.quarterSubject']);
    expect(mail.text).toContain('status=fine');
  });

  it('offers the free inspection before the warranty ends', () => {
    const mail = mailOf(
      aSurvey({
        kind: 'warrantyInspection',
        caseId: undefined,
        caseReference: undefined,
        deliveryId: 'd1',
        orderRef: 'HT-2025-BJ-001',
        productNames: ['学生课桌椅'],
        freeRepairEndsOn: '2027-03-09',
      }),
      'en',
      'Li Na',
    );

    expect(mail.subject).toBe(
      '[After-sales] Your free warranty ends soon: book a free inspection (order HT-2025-BJ-001)',
    );
    expect(mail.text).toContain('ends on 2027-03-09 (inclusive)');
    expect(mail.text).toContain(
      'Book the free inspection: https://service.example.cn/follow-up.html?token=v1.k1.answer.sig&status=inspectionWanted',
    );
  });

  it('carries a visible unsubscribe link and the RFC 8058 one-click headers', () => {
    const mail = mailOf(aSurvey());

    expect(mail.text).toContain(
      '退订调查和回访邮件: https://service.example.cn/unsubscribe.html?token=v1.k1.unsub.sig',
    );
    expect(mail.html).toContain('href="https://service.example.cn/unsubscribe.html?token=v1.k1.unsub.sig"');
    expect(mail.headers).toEqual([
      { name: 'List-Unsubscribe', value: '<https://service.example.cn/v1/unsubscribe/v1.k1.unsub.sig>' },
      { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
    ]);
  });

  it('greets the organisation when no contact name is known', () => {
    const mail = surveyMail({
      survey: aSurvey({ organization: 'Example School' }),
      to: 'office@school.example.cn',
      language: 'en',
      answerToken: 't',
      unsubscribeToken: 'u',
      expiresAt: '2026-12-30T01:30:00.000Z',
      publicUrl: 'http://localhost:3000',
    });

    expect(mail.text).toMatch(/^Dear colleagues at Example School,/);
  });
});

import { randomUUID } from 'node:crypto';

/** A unique address per test, so emails captured by the shared SES stand-in never mix. */
export const uniqueEmail = (name = 'contact') => `${name}.${randomUUID().slice(0, 8)}@customer.example.cn`;

type Body = Record<string, unknown>;
const merge = (base: Body, overrides: Body): Body => ({ ...base, ...overrides });

export const aSubmitter = (overrides: Body = {}): Body =>
  merge(
    { organization: '测试市第二中学', contactName: '李老师', phone: '010-1234 5678', email: uniqueEmail() },
    overrides,
  );

export const aComplaint = (overrides: Body = {}): Body =>
  merge(
    {
      submitter: aSubmitter(),
      product: { category: 'furniture', name: '学生课桌椅 KZY-01' },
      batch: 'B2025-031',
      quantity: 12,
      problemDate: '2026-11-20',
      subject: 'quality-defect',
      description: '桌面出现裂缝，边角翘起。',
      requestedResolution: '更换桌面',
    },
    overrides,
  );

export const anInquiry = (overrides: Body = {}): Body =>
  merge(
    { submitter: aSubmitter(), kind: 'suggestion', topic: '课桌高度', message: '建议提供可调高度的课桌。' },
    overrides,
  );

export const aServiceRequest = (overrides: Body = {}): Body =>
  merge(
    {
      submitter: aSubmitter(),
      type: 'repair',
      product: { category: 'furniture', name: '学生课桌椅 KZY-01' },
      orderRef: 'HT-2025-BJ-001',
      problem: '椅子螺丝松动',
      siteAddress: '北京市东城区示例路 1 号',
      preferredVisitDates: [],
    },
    overrides,
  );

export const aCustomer = (overrides: Body = {}): Body =>
  merge(
    {
      organization: '示例市教育局',
      contacts: [{ name: '赵敏', phone: '020-8888 0000', email: uniqueEmail('zhao'), primary: true }],
      region: '广东省示例市',
      officeId: 'gz',
      tier: 'regular',
      tags: [],
      emailConsent: true,
      language: 'zh-CN',
    },
    overrides,
  );

/** The EventBridge envelope SES puts around its events (with fields we do not read). */
const sesEnvelope = (detailType: string, detail: Body): Body => ({
  version: '0',
  id: randomUUID(),
  'detail-type': detailType,
  source: 'aws.ses',
  account: '123456789012',
  time: '2026-11-27T02:00:00Z',
  region: 'ap-northeast-1',
  resources: [],
  detail,
});

/** An "Email Bounced" event as SES publishes it to EventBridge. */
export const anSesBounce = (address: string, bounce: Body = {}): Body =>
  sesEnvelope('Email Bounced', {
    eventType: 'Bounce',
    bounce: merge(
      {
        bounceType: 'Permanent',
        bounceSubType: 'General',
        bouncedRecipients: [{ emailAddress: address, action: 'failed', status: '5.1.1' }],
        timestamp: '2026-11-27T01:59:58.000Z',
        feedbackId: `feedback-${randomUUID()}`,
        reportingMTA: 'dns; a1-2.smtp-out.amazonses.com',
      },
      bounce,
    ),
    mail: {
      timestamp: '2026-11-27T01:59:55.000Z',
      messageId: `message-${randomUUID()}`,
      source: 'after-sales@aftersales.local',
      destination: [address],
      tags: { 'ses:configuration-set': ['aftersales-test'] },
    },
  });

/** An "Email Complaint Received" event as SES publishes it to EventBridge. */
export const anSesComplaint = (address: string): Body =>
  sesEnvelope('Email Complaint Received', {
    eventType: 'Complaint',
    complaint: {
      complainedRecipients: [{ emailAddress: address }],
      complaintFeedbackType: 'abuse',
      userAgent: 'ExampleCorp Feedback Loop (V0.01)',
      timestamp: '2026-11-27T01:59:58.000Z',
      feedbackId: `feedback-${randomUUID()}`,
    },
    mail: {
      timestamp: '2026-11-27T01:59:55.000Z',
      messageId: `message-${randomUUID()}`,
      destination: [address],
    },
  });

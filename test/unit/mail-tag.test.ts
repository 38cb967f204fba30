import { MAIL_ID_TAG, mailIdFromTags, mailIdTag } from '../../shared/mail/mail-tag.ts';
import { mailSentEvent } from '../../shared/schemas/ses-events.ts';

describe('the mail id carried in an SES message tag', () => {
  it.each([
    '01M8G08S4Q8MV43G225741H0WG-ack',
    'requisition-arrival#01M8G08S4Q#3',
    '01M8G-first-reply-2026-11-30T09:00:00.000Z',
    '投诉-回复',
  ])('goes out as letters, digits, _ and - only, and comes back the same: %s', (id) => {
    const tag = mailIdTag(id);

    expect(tag?.Name).toBe(MAIL_ID_TAG);
    expect(tag?.Value).toMatch(/^[A-Za-z0-9_-]{1,256}$/);
    expect(mailIdFromTags({ [MAIL_ID_TAG]: [tag?.Value ?? ''] })).toBe(id);
  });

  it('is left off a mail whose id would not fit in 256 characters', () => {
    expect(mailIdTag('x'.repeat(192))).toBeDefined();
    expect(mailIdTag('x'.repeat(193))).toBeUndefined();
  });

  it.each([
    ['no tags', undefined],
    ['other tags only', { 'ses:configuration-set': ['aftersales-prod'] }],
    ['an empty value', { [MAIL_ID_TAG]: [''] }],
    ['characters SES would refuse', { [MAIL_ID_TAG]: ['a#b'] }],
    ['a value that is not what we encode', { [MAIL_ID_TAG]: ['YWJ'] }],
    ['bytes that are not UTF-8', { [MAIL_ID_TAG]: ['_w'] }],
  ])('names no mail with %s', (_name, tags) => {
    expect(mailIdFromTags(tags)).toBeUndefined();
  });
});

describe("SES's send event", () => {
  const sent = {
    id: 'event-1',
    source: 'aws.ses',
    'detail-type': 'Email Sent',
    detail: {
      eventType: 'Send',
      mail: {
        messageId: 'message-1',
        timestamp: '2026-11-28T03:00:00.000Z',
        tags: { 'ses:configuration-set': ['aftersales-prod'], [MAIL_ID_TAG]: ['YWJj'] },
        destination: ['li@example.cn'],
      },
      send: {},
    },
  };

  it('is read with its message id and tags, whatever else SES adds', () => {
    expect(mailSentEvent.parse(sent).detail.mail).toMatchObject({ messageId: 'message-1' });
  });

  it.each([
    ['another detail-type', { ...sent, 'detail-type': 'Email Delivered' }],
    ['no message id', { ...sent, detail: { ...sent.detail, mail: { tags: {} } } }],
    ['another event type', { ...sent, detail: { ...sent.detail, eventType: 'Bounce' } }],
    ['another source', { ...sent, source: 'aws.s3' }],
  ])('is not read with %s', (_name, event) => {
    expect(mailSentEvent.safeParse(event).success).toBe(false);
  });
});

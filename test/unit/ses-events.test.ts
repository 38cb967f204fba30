import { handler } from '../../functions/events/ses-events.ts';
import { lambdaContext } from '../../local/lambda-context.ts';
import { decideSesEvent, normaliseAddress } from '../../shared/domain/suppression.ts';
import { sesEvent } from '../../shared/schemas/ses-events.ts';
import { anSesBounce, anSesComplaint } from '../support/builders.ts';

const decide = (event: unknown) => decideSesEvent(sesEvent.parse(event));

describe('which SES events suppress an address', () => {
  it('suppresses the recipients of a permanent bounce, normalised, with the SES ids', () => {
    const event = anSesBounce(' Zhang.Wei@BJ1School.example.cn ');

    expect(decide(event)).toEqual({
      action: 'suppress',
      reason: 'BOUNCE',
      addresses: ['zhang.wei@bj1school.example.cn'],
      at: '2026-11-27T01:59:58.000Z',
      feedbackId: expect.stringMatching(/^feedback-/),
      messageId: expect.stringMatching(/^message-/),
    });
  });

  it('suppresses every recipient of a complaint', () => {
    expect(decide(anSesComplaint('li@example.cn'))).toMatchObject({
      action: 'suppress',
      reason: 'COMPLAINT',
      addresses: ['li@example.cn'],
    });
  });

  it.each(['Transient', 'Undetermined', 'SomethingNew'])('ignores a %s bounce', (bounceType) => {
    expect(decide(anSesBounce('li@example.cn', { bounceType }))).toEqual({
      action: 'ignore',
      why: 'not-permanent',
    });
  });

  it('ignores other SES events, whatever their detail', () => {
    const delivery = {
      ...anSesBounce('li@example.cn'),
      'detail-type': 'Email Delivered',
      detail: 'anything',
    };

    expect(decide(delivery)).toEqual({ action: 'ignore', why: 'not-bounce-or-complaint' });
  });

  it('suppresses each address once, and ignores a bounce whose recipients have no address', () => {
    const twice = anSesBounce('a@example.cn', {
      bouncedRecipients: [{ emailAddress: 'A@example.cn' }, { emailAddress: 'a@example.cn' }],
    });
    const blank = anSesBounce('', { bouncedRecipients: [{ emailAddress: '  ' }] });

    expect(decide(twice)).toMatchObject({ addresses: ['a@example.cn'] });
    expect(decide(blank)).toEqual({ action: 'ignore', why: 'no-address' });
  });

  it.each([
    ['a bounce without recipients', anSesBounce('a@example.cn', { bouncedRecipients: [] })],
    [
      'a bounce without its bounce record',
      { ...anSesBounce('a@example.cn'), detail: { eventType: 'Bounce' } },
    ],
    [
      'a complaint with a bounce inside',
      { ...anSesComplaint('a@example.cn'), detail: anSesBounce('a@x.cn').detail },
    ],
    ['an event from another source', { ...anSesComplaint('a@example.cn'), source: 'aws.s3' }],
    ['no event at all', null],
  ])('does not read %s', (_name, event) => {
    expect(sesEvent.safeParse(event).success).toBe(false);
  });

  it('takes the address out of a "Name <address>" recipient', () => {
    expect(normaliseAddress('张伟 <Zhang.Wei@Example.CN>')).toBe('zhang.wei@example.cn');
  });
});

describe('the ses-events handler', () => {
  const invoke = (event: unknown) => handler(event, lambdaContext('aftersales-ses-events', 10_000));

  it('logs and drops a malformed event instead of failing (a retry cannot mend it)', async () => {
    await expect(invoke({ source: 'aws.ses', 'detail-type': 'Email Bounced', detail: {} })).resolves.toEqual({
      outcome: 'ignored',
      why: 'malformed',
    });
  });

  it('ignores a transient bounce without touching anything', async () => {
    await expect(invoke(anSesBounce('li@example.cn', { bounceType: 'Transient' }))).resolves.toEqual({
      outcome: 'ignored',
      why: 'not-permanent',
    });
  });
});

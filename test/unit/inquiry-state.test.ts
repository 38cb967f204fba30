import {
  decideInquiry,
  type InquiryAction,
  inquiryStatuses,
  isOpenInquiry,
} from '../../shared/domain/inquiry.ts';

/** Every status each action may start from, and where it leads: the whole table, spelled out. */
const allowed: Record<InquiryAction, Record<string, string>> = {
  answer: { RECEIVED: 'ANSWERED', RESPONDED: 'ANSWERED' },
  answerAndClose: { RECEIVED: 'CLOSED', RESPONDED: 'CLOSED' },
  forward: { RECEIVED: 'FORWARDED', FORWARDED: 'FORWARDED', RESPONDED: 'FORWARDED' },
  respond: { FORWARDED: 'RESPONDED' },
  close: { RECEIVED: 'CLOSED', RESPONDED: 'CLOSED', ANSWERED: 'CLOSED' },
  flag: {
    RECEIVED: 'RECEIVED',
    FORWARDED: 'FORWARDED',
    RESPONDED: 'RESPONDED',
    ANSWERED: 'ANSWERED',
    CLOSED: 'CLOSED',
  },
};

const rows = (Object.keys(allowed) as InquiryAction[]).flatMap((action) =>
  inquiryStatuses.map((status) => [action, status, allowed[action][status]] as const),
);

describe('the inquiry state model', () => {
  it.each(rows)('%s from %s leads to %s (undefined: refused)', (action, status, to) => {
    const decision = decideInquiry({ status, flagged: false }, action);

    expect(decision).toEqual(to ? { allowed: true, status: to } : { allowed: false, reason: 'status' });
  });

  it('refuses to flag an inquiry twice', () => {
    expect(decideInquiry({ status: 'RECEIVED', flagged: true }, 'flag')).toEqual({
      allowed: false,
      reason: 'flagged',
    });
  });

  it('lets a flagged inquiry move on as before', () => {
    expect(decideInquiry({ status: 'RECEIVED', flagged: true }, 'answer')).toEqual({
      allowed: true,
      status: 'ANSWERED',
    });
  });

  it('refuses every action on a status it does not know (an archived record)', () => {
    for (const action of Object.keys(allowed) as InquiryAction[]) {
      expect(decideInquiry({ status: 'ARCHIVED', flagged: false }, action)).toMatchObject({ allowed: false });
    }
  });

  it('treats CLOSED as the only status that is not open', () => {
    expect(inquiryStatuses.filter((status) => !isOpenInquiry(status))).toEqual(['CLOSED']);
  });
});

/**
 * How an inquiry, opinion or suggestion (咨询与意见, requirements.md §1A, §1E, §2) moves:
 * Customer Service answers it, or forwards it to the department concerned (相关部门), which
 * responds; Customer Service then answers the customer and closes it. Flagging a good
 * suggestion for management changes no status and can happen once, at any time.
 */
export const inquiryStatuses = ['RECEIVED', 'FORWARDED', 'RESPONDED', 'ANSWERED', 'CLOSED'] as const;
export type InquiryStatus = (typeof inquiryStatuses)[number];

export const inquiryActions = ['answer', 'answerAndClose', 'forward', 'respond', 'close', 'flag'] as const;
export type InquiryAction = (typeof inquiryActions)[number];

/** Where an inquiry stands, as far as its transitions care. */
export interface InquiryState {
  readonly status: string;
  readonly flagged: boolean;
}

/** The statuses each action may start from, and where it leads (`same`: the status stays). */
const transitions: Readonly<
  Record<InquiryAction, { readonly from: readonly InquiryStatus[]; readonly to: InquiryStatus | 'same' }>
> = {
  // The department's response comes back to Customer Service, which answers in one voice.
  answer: { from: ['RECEIVED', 'RESPONDED'], to: 'ANSWERED' },
  answerAndClose: { from: ['RECEIVED', 'RESPONDED'], to: 'CLOSED' },
  // Again while pending: sent to the wrong department; after a response: another one must look too.
  forward: { from: ['RECEIVED', 'FORWARDED', 'RESPONDED'], to: 'FORWARDED' },
  respond: { from: ['FORWARDED'], to: 'RESPONDED' },
  // Not while a department still works on it; an opinion may close without an answer.
  close: { from: ['RECEIVED', 'RESPONDED', 'ANSWERED'], to: 'CLOSED' },
  flag: { from: [...inquiryStatuses], to: 'same' },
};

export type InquiryDecision =
  | { readonly allowed: true; readonly status: InquiryStatus }
  | { readonly allowed: false; readonly reason: 'status' | 'flagged' };

/** Whether `action` may happen to an inquiry in `state`, and its status afterwards. */
export function decideInquiry(state: InquiryState, action: InquiryAction): InquiryDecision {
  const rule = transitions[action];
  const status = inquiryStatuses.find((s) => s === state.status);
  if (!status || !rule.from.includes(status)) return { allowed: false, reason: 'status' };
  if (action === 'flag' && state.flagged) return { allowed: false, reason: 'flagged' };
  return { allowed: true, status: rule.to === 'same' ? status : rule.to };
}

/** True when the inquiry still needs someone's work (CLOSED is done). */
export const isOpenInquiry = (status: string): boolean => status !== 'CLOSED';

import { shanghaiDate } from '../../shared/calendar/plain-date.ts';
import { aServiceRequest, aSubmitter } from './builders.ts';
import type { ApiResponse, TestRuntime } from './runtime.ts';

type Body = Record<string, unknown>;

/** Orders of the demo seed: the Beijing school's is within the free warranty, Shanghai's is past it. */
export const FREE_ORDER = 'HT-2025-BJ-001';
export const CHARGEABLE_ORDER = 'HT-2023-SH-017';
/** A contact of the Beijing school (office bj): requests from this address belong to office bj. */
export const BJ_EMAIL = 'zhang.wei@bj1school.example.cn';

/** Today in Asia/Shanghai: the earliest day a visit may be booked for. */
export const today = () => shanghaiDate(new Date());

/** A valid body for each lifecycle action, as Customer Service would send it. */
export const actionBodies = {
  triage: (): Body => ({ note: '电话确认：椅子螺丝松动，保修期内免费维修' }),
  quote: (): Body => ({
    amount: 350,
    lines: [
      { description: '上门服务费', amount: 100 },
      { description: '更换气压棒 2 根', amount: 250 },
    ],
  }),
  'quote-decision': (): Body => ({ decision: 'accepted', note: '张老师电话同意' }),
  assign: (): Body => ({ technician: { name: '刘师傅' } }),
  'schedule-visit': (): Body => ({ date: today(), window: { from: '14:00', to: '17:00' } }),
  'visit-report': (): Body => ({
    workDone: '紧固螺丝，更换气压棒',
    partsUsed: [{ partNumber: 'QYB-120', name: '气压棒', quantity: 2 }],
    photos: ['https://photos.example.cn/sr/after-1.jpg'],
    customerSignOff: '李老师',
  }),
  complete: (): Body => ({ note: '客户确认已修好' }),
  close: (): Body => ({}),
  cancel: (): Body => ({ reason: '客户自行修好了' }),
} as const;
export type ActionSegment = keyof typeof actionBodies;

/** The actions that take a new request (free or chargeable) to each status. */
const pathTo: Record<string, readonly ActionSegment[]> = {
  RECEIVED: [],
  TRIAGED: ['triage'],
  QUOTED: ['quote'],
  QUOTE_ACCEPTED: ['quote', 'quote-decision'],
  ASSIGNED: ['triage', 'assign'],
  VISIT_SCHEDULED: ['triage', 'assign', 'schedule-visit'],
  VISITED: ['triage', 'assign', 'schedule-visit', 'visit-report'],
  COMPLETED: ['triage', 'assign', 'schedule-visit', 'visit-report', 'complete'],
};

/** POSTs one lifecycle action. */
export const act = (
  api: TestRuntime,
  id: string,
  segment: ActionSegment,
  options: { token: string; body?: Body; ifMatch?: string },
): Promise<ApiResponse> =>
  api.request('POST', `/v1/service-requests/${id}/${segment}`, {
    token: options.token,
    body: options.body ?? actionBodies[segment](),
    ...(options.ifMatch !== undefined ? { headers: { 'if-match': options.ifMatch } } : {}),
  });

/** Submits a request (public form) and returns its id. */
export async function submitServiceRequest(api: TestRuntime, overrides: Body = {}): Promise<string> {
  const response = await api.request<{ id: string }>('POST', '/v1/service-requests', {
    body: aServiceRequest(overrides),
  });
  if (response.status !== 201) throw new Error(`could not submit: ${response.text}`);
  return response.body.id;
}

/**
 * A new request of the Beijing school (office bj) taken to `status` through the API: free
 * (`FREE_ORDER`) unless the path goes through a quote.
 */
export async function aServiceRequestAt(
  api: TestRuntime,
  status: keyof typeof pathTo,
  token: string,
  overrides: Body = {},
): Promise<string> {
  const path = pathTo[status] ?? [];
  const quoted = path.includes('quote');
  const id = await submitServiceRequest(api, {
    submitter: aSubmitter({ email: BJ_EMAIL }),
    orderRef: quoted ? CHARGEABLE_ORDER : FREE_ORDER,
    ...overrides,
  });
  for (const segment of path) {
    const response = await act(api, id, segment, { token });
    if (response.status !== 200) throw new Error(`${segment} failed: ${response.text}`);
  }
  return id;
}

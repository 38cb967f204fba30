import { shanghaiDate } from '../../shared/calendar/plain-date.ts';
import { type Role, roles } from '../../shared/http/roles.ts';
import { serviceRoles } from '../../shared/http/routes/service-requests.ts';
import { type RegisteredRoute, type RouteId, routeList } from '../../shared/http/routes.ts';
import { signLocalToken } from '../../shared/http/tokens.ts';
import { aComplaint, aCustomer, anInquiry, aServiceRequest, aSubmitter } from '../support/builders.ts';
import {
  type ApiResponse,
  startTestRuntime,
  TEST_TOKEN_SECRET,
  type TestRuntime,
} from '../support/runtime.ts';
import {
  type ActionSegment,
  actionBodies,
  aServiceRequestAt,
  CHARGEABLE_ORDER,
} from '../support/service-requests.ts';
import { aCheckIn, aSurvey, everything, linkFor, storeSurvey } from '../support/surveys.ts';
import { taskFor } from '../support/workflow.ts';

interface Page {
  items: { id: string; officeId?: string }[];
  nextCursor?: string;
}

let api: TestRuntime;
/** Cases of each kind from a bj customer (visible to a bj office user) and one complaint from gz. */
const cases = { complaint: '', inquiry: '', serviceRequest: '', gzComplaint: '' };
/** A bj customer the update samples may change freely. */
let customerId = '';
/** The open investigation task of `cases.complaint` (Quality's). */
let investigationTaskId = '';

const bjEmail = 'zhang.wei@bj1school.example.cn';
const gzEmail = 'chen.jing@thsx.example.cn';

const submitted = async (path: string, body: Record<string, unknown>) => {
  const response = await api.request<{ id: string }>('POST', path, { body });
  if (response.status !== 201) throw new Error(`could not submit: ${response.text}`);
  return response.body.id;
};

beforeAll(async () => {
  api = await startTestRuntime();
  const bj = aSubmitter({ email: bjEmail });
  cases.complaint = await submitted('/v1/complaints', aComplaint({ submitter: bj }));
  cases.inquiry = await submitted('/v1/inquiries', anInquiry({ submitter: bj }));
  cases.serviceRequest = await submitted('/v1/service-requests', aServiceRequest({ submitter: bj }));
  cases.gzComplaint = await submitted(
    '/v1/complaints',
    aComplaint({ submitter: aSubmitter({ email: gzEmail }) }),
  );
  const created = await api.request<{ id: string }>('POST', '/v1/customers', {
    token: await api.token('admin'),
    body: aCustomer({ officeId: 'bj', organization: '北京市授权测试学校' }),
  });
  customerId = created.body.id;
  investigationTaskId = (await taskFor(api, cases.complaint, 'investigation', 'quality')).taskId;
});
afterAll(async () => api.stop());

/**
 * Fresh inquiries for the inquiry actions, which change state (a second answer is 409): each
 * sample takes the next one (the last is reused once the pool runs out). `respond` ones are
 * forwarded to the department of the department token (`assembly`).
 */
const inquiryPools = {
  answer: [] as string[],
  flag: [] as string[],
  close: [] as string[],
  respond: [] as string[],
};
const inquiryFrom = (pool: string[]) => (pool.length > 1 ? (pool.shift() ?? '') : (pool[0] ?? ''));
beforeAll(async () => {
  const cs = await api.token('customer-service');
  for (const pool of Object.values(inquiryPools)) {
    for (let i = 0; i < 10; i += 1) pool.push(await submitted('/v1/inquiries', anInquiry()));
  }
  for (const id of inquiryPools.respond) {
    const forwarded = await api.request('POST', `/v1/inquiries/${id}/forward`, {
      token: cs,
      body: { departmentId: 'assembly' },
    });
    if (forwarded.status !== 200) throw new Error(`could not forward: ${forwarded.text}`);
  }
});

/** Signed links for the feedback routes: each answer sample answers a survey of its own, once. */
const links = {
  survey: '',
  openSurvey: '',
  answeredSurvey: '',
  followUp: '',
  openFollowUp: '',
  unsubscribe: '',
};
beforeAll(async () => {
  const surveyLink = async (overrides: Parameters<typeof aSurvey>[0] = {}) =>
    linkFor('survey', (await storeSurvey(aSurvey(overrides))).id);
  const followUpLink = async () => linkFor('followUp', (await storeSurvey(aCheckIn())).id);
  links.survey = await surveyLink();
  links.openSurvey = await surveyLink();
  links.answeredSurvey = await surveyLink({ status: 'answered', answer: { score: 4 }, version: 2 });
  links.followUp = await followUpLink();
  links.openFollowUp = await followUpLink();
  links.unsubscribe = await linkFor('unsubscribe', bjEmail);
});

/**
 * Returns of a bj customer: one to read, and a pool of submitted ones, so that each request of the
 * transition sample approves a fresh one (a return is approved once).
 */
const returns = { bj: '', submitted: [] as string[] };
const aReturnRequest = () => ({
  customerId: 'bj-no1-school',
  deliveryId: 'd-bj1-2025',
  kind: 'return',
  items: [{ productId: 'kzy-01', quantity: 1 }],
  reason: '桌面开裂',
});
const freshReturn = () =>
  (returns.submitted.length > 1 ? returns.submitted.shift() : returns.submitted[0]) ?? '';
beforeAll(async () => {
  const token = await api.token('admin');
  const submitReturn = async () => {
    const response = await api.request<{ id: string }>('POST', '/v1/returns', {
      token,
      body: aReturnRequest(),
    });
    if (response.status !== 201) throw new Error(`could not submit a return: ${response.text}`);
    return response.body.id;
  };
  returns.bj = await submitReturn();
  for (let i = 0; i < 30; i += 1) returns.submitted.push(await submitReturn());
});

/**
 * Service requests of office bj for the lifecycle samples: per action, one request per allowed role
 * in the status the action starts from, taken in turn (a request moves on once acted on).
 */
const serviceStarts: Record<
  ActionSegment,
  [Parameters<typeof aServiceRequestAt>[1], Record<string, unknown>?]
> = {
  triage: ['RECEIVED'],
  quote: ['RECEIVED', { orderRef: CHARGEABLE_ORDER }],
  'quote-decision': ['QUOTED'],
  assign: ['TRIAGED'],
  'schedule-visit': ['ASSIGNED'],
  'visit-report': ['VISIT_SCHEDULED'],
  complete: ['VISITED'],
  close: ['COMPLETED'],
  cancel: ['RECEIVED'],
};
const serviceCases = new Map<ActionSegment, { ids: string[]; turn: number }>();
const serviceSample = (segment: ActionSegment) => (): Sample => {
  const pool = serviceCases.get(segment) ?? { ids: [], turn: 0 };
  const id = pool.ids[pool.turn++ % Math.max(pool.ids.length, 1)] ?? 'none';
  return { params: { id }, body: actionBodies[segment]() };
};
beforeAll(async () => {
  const token = await api.token('customer-service');
  await Promise.all(
    Object.entries(serviceStarts).map(async ([segment, [status, overrides]]) => {
      const ids: string[] = [];
      for (let i = 0; i < serviceRoles.length; i += 1)
        ids.push(await aServiceRequestAt(api, status, token, overrides));
      serviceCases.set(segment as ActionSegment, { ids, turn: 0 });
    }),
  );
});

/** A part with stock for the parts samples (every movement takes 1 unit of plenty). */
const AUTH_PART = 'AUTH-PART-1';
let authIssueSeq = 0;
beforeAll(async () => {
  const token = await api.token('warehouse');
  const created = await api.request('POST', '/v1/parts', {
    token,
    body: {
      partNumber: AUTH_PART,
      name: '授权测试配件',
      specification: '标准',
      unit: '件',
      unitCost: 12.5,
      category: 'standard',
      location: 'Z-99-1',
      lowQuota: 0,
      highQuota: 0,
    },
  });
  if (created.status !== 201) throw new Error(`could not create a part: ${created.text}`);
  await api.request('POST', `/v1/parts/${AUTH_PART}/receipts`, {
    token,
    body: { quantity: 1000, unitCost: 12.5, supplier: '测试供应商', inspection: { result: 'accepted' } },
  });
  const issued = await api.request<{ entry: { seq: number } }>('POST', `/v1/parts/${AUTH_PART}/issues`, {
    token,
    body: { quantity: 100, to: { kind: 'department', departmentId: 'assembly', purpose: '维修' } },
  });
  authIssueSeq = issued.body.entry.seq;
  await api.request('POST', `/v1/parts/${AUTH_PART}/to-repair`, {
    token,
    body: { quantity: 100, cause: '磨损' },
  });
});
const partParams = { partNumber: AUTH_PART };

/** Requisitions of assembly on AUTH_PART: one to read; pools in the status each step starts from. */
const requisitions = {
  read: '',
  toCheck: [] as string[],
  toApprove: [] as string[],
  toOrder: [] as string[],
  ordered: [] as string[],
  toCancel: [] as string[],
};
const aRequisitionRequest = () => ({
  departmentId: 'assembly',
  reason: '授权测试',
  lines: [{ partNumber: AUTH_PART, quantity: 1 }],
});
beforeAll(async () => {
  const warehouse = await api.token('warehouse');
  const head = await api.token('department', { department: 'assembly', sub: 'auth-department-head' });
  const plant = await api.token('manager', { sub: 'auth-plant-manager' });
  const request = async () => {
    const r = await api.request<{ id: string }>('POST', '/v1/requisitions', {
      token: warehouse,
      body: aRequisitionRequest(),
    });
    if (r.status !== 201) throw new Error(`could not request parts: ${r.text}`);
    return r.body.id;
  };
  const stepOn = async (id: string, segment: string, token: string, body: Record<string, unknown>) => {
    const r = await api.request('POST', `/v1/requisitions/${id}/${segment}`, { token, body });
    if (r.status !== 200) throw new Error(`${segment} refused: ${r.text}`);
  };
  const approved = async () => {
    const id = await request();
    await stepOn(id, 'stock-check', warehouse, {});
    await stepOn(id, 'approvals', head, { level: 'department', decision: 'approve' });
    await stepOn(id, 'approvals', plant, { level: 'plant', decision: 'approve' });
    return id;
  };
  requisitions.read = await request();
  for (let i = 0; i < 12; i += 1) {
    requisitions.toCheck.push(await request());
    requisitions.toCancel.push(await request());
    const checked = await request();
    await stepOn(checked, 'stock-check', warehouse, {});
    requisitions.toApprove.push(checked);
    requisitions.toOrder.push(await approved());
    const ordered = await approved();
    await stepOn(ordered, 'order', warehouse, { supplier: '测试供应商', expectedOn: '2099-12-31' });
    requisitions.ordered.push(ordered);
  }
});

/** Scraps of AUTH_PART: one read sample (12.50 CNY, scrapped at once); pools over 200 CNY (20 × 12.50) appraising / with three appraisals. */
const scraps = { direct: '', appraising: [] as string[], awaiting: [] as string[] };
const scrapFrom = (pool: string[]) => (pool.length > 1 ? (pool.shift() ?? '') : (pool[0] ?? ''));
beforeAll(async () => {
  const warehouse = await api.token('warehouse');
  const slots: [string, string][] = [
    ['repairTeam', await api.token('production')],
    ['warehouseKeeper', warehouse],
    ['equipmentOwner', await api.token('department', { department: 'assembly' })],
  ];
  const requestScrap = async (quantity: number) => {
    const response = await api.request<{ id: string }>('POST', '/v1/scraps', {
      token: warehouse,
      body: { partNumber: AUTH_PART, quantity, reason: '锈蚀' },
    });
    if (response.status !== 201) throw new Error(`could not request a scrap: ${response.text}`);
    return response.body.id;
  };
  scraps.direct = await requestScrap(1);
  for (let i = 0; i < 10; i += 1) scraps.appraising.push(await requestScrap(20));
  for (let i = 0; i < 10; i += 1) {
    const id = await requestScrap(20);
    for (const [slot, token] of slots) {
      await api.request('POST', `/v1/scraps/${id}/appraisals`, {
        token,
        body: { slot, opinion: 'scrap', note: '无修复价值' },
      });
    }
    scraps.awaiting.push(id);
  }
});

interface Sample {
  readonly params?: Record<string, string>;
  readonly body?: unknown;
  /** Query string parameters. */
  readonly query?: Record<string, string>;
  /** For routes that act on one object: the roles that object belongs to (the others get 403). */
  readonly ownedBy?: readonly Role[];
}

/**
 * A request each route would accept from an allowed caller (a bj office user included).
 * Typed by route id: a new route does not compile until it has a sample here.
 */
const samples: { readonly [K in RouteId]: () => Sample } = {
  createComplaint: () => ({ body: aComplaint() }),
  createInquiry: () => ({ body: anInquiry() }),
  createServiceRequest: () => ({ body: aServiceRequest() }),
  listComplaints: () => ({}),
  getComplaint: () => ({ params: { id: cases.complaint } }),
  getComplaintDossier: () => ({ params: { id: cases.complaint } }),
  listInquiries: () => ({}),
  getInquiry: () => ({ params: { id: cases.inquiry } }),
  listServiceRequests: () => ({}),
  getServiceRequest: () => ({ params: { id: cases.serviceRequest } }),
  listCustomers: () => ({}),
  createCustomer: () => ({ body: aCustomer({ officeId: 'bj' }) }),
  getCustomer: () => ({ params: { id: 'bj-no1-school' } }),
  updateCustomer: () => ({ params: { id: customerId }, body: { region: `北京市东城区 ${Math.random()}` } }),
  listOffices: () => ({}),
  listTasks: () => ({}),
  getTask: () => ({ params: { taskId: investigationTaskId }, ownedBy: ['quality'] }),
  completeTask: () => ({
    params: { taskId: investigationTaskId },
    ownedBy: ['quality'],
    body: {
      step: 'investigation',
      findings: '客户使用不当',
      cause: 'usage',
      responsibility: 'customer',
      handlingOpinion: '指导正确使用',
    },
  }),
  extendReplyDeadline: () => ({
    params: { id: cases.complaint },
    body: {
      agreedBy: '张伟',
      agreedAt: new Date().toISOString(),
      channel: 'phone',
      newDueAt: new Date(Date.now() + 10 * 86_400_000).toISOString(),
    },
  }),
  verifyComplaintChain: () => ({ params: { id: cases.complaint } }),
  logCustomerContact: () => ({
    params: { id: customerId },
    body: { kind: 'call', at: new Date().toISOString(), summary: '电话回访' },
  }),
  listCustomerContacts: () => ({ params: { id: 'bj-no1-school' } }),
  getCustomerCare: () => ({ params: { id: 'bj-no1-school' } }),
  listCustomerSurveys: () => ({ params: { id: 'bj-no1-school' } }),
  getSatisfactionReport: () => ({}),
  getComplaintReport: () => ({}),
  getComplaintPareto: () => ({ query: { by: 'cause' } }),
  getReturnsReport: () => ({}),
  getOfficeStandard: () => ({ params: { id: 'bj' } }),
  putOfficeStandard: () => ({
    params: { id: 'bj' },
    body: { firstResponse: { value: 4, unit: 'workingHours' }, visitWithinWorkingDays: 3, csatTarget: 4.2 },
  }),
  createSupervisionNote: () => ({
    params: { id: 'bj' },
    body: {
      date: '2026-11-20',
      finding: '回访记录不完整',
      actionRequired: '补齐回访记录',
      due: '2026-12-04',
    },
  }),
  listSupervisionNotes: () => ({ params: { id: 'bj' } }),
  getOfficeLeague: () => ({}),
  getSurvey: () => ({ params: { token: links.survey } }),
  answerSurvey: () => ({ params: { token: links.openSurvey }, body: { score: 5 } }),
  commentOnSurvey: () => ({ params: { token: links.answeredSurvey }, body: { comment: '服务很好' } }),
  getFollowUp: () => ({ params: { token: links.followUp } }),
  answerFollowUp: () => ({ params: { token: links.openFollowUp }, body: { status: 'fine' } }),
  unsubscribe: () => ({ params: { token: links.unsubscribe } }),
  lookUpWarranty: () => ({ query: { orderRef: 'HT-2025-BJ-001', phone: '010-6512 3456' } }),
  answerInquiry: () => ({
    params: { id: inquiryFrom(inquiryPools.answer) },
    body: { answer: '可以，已安排。' },
  }),
  forwardInquiry: () => ({ params: { id: cases.inquiry }, body: { departmentId: 'procurement' } }),
  respondToInquiry: () => ({
    params: { id: inquiryFrom(inquiryPools.respond) },
    body: { response: '下一批次可提供可调高度的课桌。' },
  }),
  flagInquiry: () => ({ params: { id: inquiryFrom(inquiryPools.flag) }, body: { reason: '很好的建议' } }),
  closeInquiry: () => ({ params: { id: inquiryFrom(inquiryPools.close) }, body: {} }),
  listForwardedInquiries: () => ({ query: { departmentId: 'assembly' } }),
  listFlaggedInquiries: () => ({}),
  createReturn: () => ({ body: aReturnRequest() }),
  listReturns: () => ({}),
  getReturn: () => ({ params: { id: returns.bj } }),
  transitionReturn: () => ({
    params: { id: freshReturn() },
    ownedBy: ['customer-service', 'manager', 'admin'],
    body: { action: 'approve', reason: '质量问题属实' },
  }),
  triageServiceRequest: serviceSample('triage'),
  quoteServiceRequest: serviceSample('quote'),
  decideServiceQuote: serviceSample('quote-decision'),
  assignServiceRequest: serviceSample('assign'),
  scheduleServiceVisit: serviceSample('schedule-visit'),
  reportServiceVisit: serviceSample('visit-report'),
  completeServiceRequest: serviceSample('complete'),
  closeServiceRequest: serviceSample('close'),
  cancelServiceRequest: serviceSample('cancel'),
  createPart: () => ({
    body: {
      partNumber: `AUTH-NEW-${Math.random().toString(36).slice(2, 10)}`,
      name: '新配件',
      specification: '标准',
      unit: '件',
      unitCost: 1,
      category: 'standard',
      location: 'Z-99-2',
      lowQuota: 0,
      highQuota: 0,
    },
  }),
  listParts: () => ({}),
  getPart: () => ({ params: partParams }),
  updatePart: () => ({ params: partParams, body: { location: `Z-99-${Math.floor(Math.random() * 9)}` } }),
  listPartLedger: () => ({ params: partParams }),
  reconcilePart: () => ({ params: partParams }),
  receiveParts: () => ({
    params: partParams,
    body: { quantity: 1, unitCost: 12.5, supplier: '测试供应商', inspection: { result: 'accepted' } },
  }),
  issueParts: () => ({
    params: partParams,
    body: { quantity: 1, to: { kind: 'department', departmentId: 'assembly', purpose: '维修' } },
  }),
  returnSurplusParts: () => ({ params: partParams, body: { issueSeq: authIssueSeq, quantity: 1 } }),
  transferParts: () => ({ params: partParams, body: { quantity: 1, destination: '二厂', reason: '调剂' } }),
  bookPartsToRepair: () => ({ params: partParams, body: { quantity: 1, cause: '磨损' } }),
  recordPartRepair: () => ({ params: partParams, body: { outcome: 'repaired', quantity: 1, repairCost: 2 } }),
  createScrap: () => ({ body: { partNumber: AUTH_PART, quantity: 1, reason: '锈蚀' } }),
  listScraps: () => ({}),
  getScrap: () => ({ params: { id: scraps.direct } }),
  appraiseScrap: () => ({
    params: { id: scrapFrom(scraps.appraising) },
    ownedBy: ['production'],
    body: { slot: 'repairTeam', opinion: 'scrap', note: '无修复价值' },
  }),
  decideScrap: () => ({ params: { id: scrapFrom(scraps.awaiting) }, body: { decision: 'approve' } }),
  getPartsReport: () => ({}),
  listOldLots: () => ({ query: { olderThanDays: '30', limit: '10' } }),
  createRequisition: () => ({ body: aRequisitionRequest() }),
  listRequisitions: () => ({}),
  getRequisition: () => ({ params: { id: requisitions.read } }),
  checkRequisitionStock: () => ({ params: { id: scrapFrom(requisitions.toCheck) }, body: {} }),
  // The plant level is management's (a department token gets 403 here); the department level needs the requisition's own head.
  approveRequisition: () => ({
    params: { id: scrapFrom(requisitions.toApprove) },
    body: { level: 'plant', decision: 'approve' },
    ownedBy: ['manager'],
  }),
  orderRequisition: () => ({
    params: { id: scrapFrom(requisitions.toOrder) },
    body: { supplier: '测试供应商', expectedOn: '2099-12-31' },
  }),
  reportPurchaseDelay: () => ({
    params: { id: scrapFrom(requisitions.ordered) },
    body: { learnedOn: shanghaiDate(new Date()), newExpectedOn: '2100-06-30', reason: '供应商延期' },
  }),
  cancelRequisition: () => ({
    params: { id: scrapFrom(requisitions.toCancel) },
    body: { reason: '授权测试' },
  }),
  getOpenApi: () => ({}),
  getApiDocs: () => ({}),
};

const pathOf = (route: RegisteredRoute, params: Record<string, string> = {}) =>
  route.path.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? `missing-${name}`);

/** Sends the route's sample request (or `body` instead of the sample's) with these headers. */
function call(
  route: RegisteredRoute,
  options: { token?: string; headers?: Record<string, string>; body?: unknown },
) {
  const sample = samples[route.id]();
  const body = 'body' in options ? options.body : sample.body;
  const query = sample.query ? `?${new URLSearchParams(sample.query)}` : '';
  return api.request(route.method, `${pathOf(route, sample.params)}${query}`, {
    ...(body !== undefined ? { body } : {}),
    ...(options.token ? { token: options.token } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
  });
}

/**
 * The table once the background workflows have come to rest (every complaint waiting for a
 * person): two reads 300 ms apart agree. A refused request must leave it exactly so.
 */
async function settledTable(): Promise<Record<string, unknown>[]> {
  let previous = await everything(api);
  // Unchanged since the last settled read (most refused requests in a row): at rest already.
  if (JSON.stringify(previous) === lastSettled) return previous;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const current = await everything(api);
    const text = JSON.stringify(current);
    if (text === JSON.stringify(previous)) {
      lastSettled = text;
      return current;
    }
    previous = current;
  }
}
let lastSettled = '';

const expectProblem = (response: ApiResponse, status: number) => {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
};

const staffRoutes = routeList.flatMap((route) =>
  route.access.kind === 'staff' ? [{ ...route, allowed: route.access.roles }] : [],
);
const publicRoutes = routeList.filter((route) => route.access.kind === 'public');
const asRow = <T extends RegisteredRoute>(route: T) => [route.method, route.path, route] as const;

const claimsOf = (role: Role) => ({ sub: `test-${role}`, 'cognito:groups': [role] });
const tokenFor = (role: Role) =>
  api.token(
    role,
    role === 'office' ? { office: 'bj' } : role === 'department' ? { department: 'assembly' } : {},
  );

describe('the route registry', () => {
  it('has staff routes and public routes, and a sample request for every one of them', () => {
    expect(staffRoutes.length).toBeGreaterThan(0);
    expect(publicRoutes.length).toBeGreaterThan(0);
    for (const route of routeList) expect(typeof samples[route.id]).toBe('function');
  });
});

describe.each(staffRoutes.map(asRow))('staff route %s %s', (_method, _path, route) => {
  it('refuses a request without a token with 401', async () => {
    const response = await call(route, {});

    expectProblem(response, 401);
  });

  it('refuses a malformed token with 401', async () => {
    const response = await call(route, { token: 'not-a-token' });

    expectProblem(response, 401);
  });

  it('refuses an authorization header that is not a bearer token with 401', async () => {
    const response = await call(route, { headers: { authorization: `Basic ${btoa('admin:admin')}` } });

    expectProblem(response, 401);
  });

  it('refuses an expired token with 401', async () => {
    const expired = signLocalToken(claimsOf('admin'), TEST_TOKEN_SECRET, 60, Date.now() - 3_600_000);

    const response = await call(route, { token: expired });

    expectProblem(response, 401);
  });

  it('refuses a token signed with another secret with 401', async () => {
    const forged = signLocalToken(claimsOf('admin'), 'someone-elses-secret');

    const response = await call(route, { token: forged });

    expectProblem(response, 401);
  });

  it('refuses a valid token that carries no role with 403', async () => {
    const roleless = signLocalToken({ sub: 'test-nobody', 'cognito:groups': [] }, TEST_TOKEN_SECRET);

    const response = await call(route, { token: roleless });

    expectProblem(response, 403);
  });

  it('lets every allowed role through', async () => {
    const refused: string[] = [];
    for (const role of samples[route.id]().ownedBy ?? route.allowed) {
      const response = await call(route, { token: await tokenFor(role) });
      if (response.status >= 300) refused.push(`${role}: ${response.status}`);
    }

    expect(refused).toEqual([]);
  });
});

const forbidden = staffRoutes.flatMap((route) =>
  roles
    .filter((role) => !route.allowed.includes(role))
    .map((role) => [route.method, route.path, role, route] as const),
);

describe('roles a staff route does not allow', () => {
  it.each(forbidden)('%s %s refuses %s with 403 and writes nothing', async (_m, _p, role, route) => {
    const before = await settledTable();

    const response = await call(route, { token: await tokenFor(role) });

    expectProblem(response, 403);
    expect(await everything(api)).toEqual(before);
  });

  it.each(forbidden.filter(([, , , route]) => route.body !== undefined))(
    '%s %s refuses %s with 403 even when the body is empty',
    async (_m, _p, role, route) => {
      const response = await call(route, { token: await tokenFor(role), body: {} });

      expectProblem(response, 403);
    },
  );
});

describe.each(publicRoutes.map(asRow))('public route %s %s', (_method, _path, route) => {
  it('accepts a request without a token', async () => {
    const response = await call(route, {});

    expect(response.status).not.toBe(401);
    expect(response.status).toBeLessThan(300);
  });
});

describe('staff-only fields on a public route', () => {
  const recorded = { channel: 'phone', receivedAt: '2026-11-26T10:15:00+08:00' };
  const recordingRows = publicRoutes.flatMap((route) => {
    const recorders = route.access.kind === 'public' ? route.access.staffRoles : undefined;
    if (!recorders || !route.body) return [];
    return roles
      .filter((role) => !recorders.includes(role))
      .map((role) => [route.method, route.path, role, route] as const);
  });

  it.each(recordingRows)(
    '%s %s refuses them from %s, who may not record, with 403',
    async (_m, _p, role, route) => {
      const sample = samples[route.id]().body as Record<string, unknown>;
      const before = await settledTable();

      const response = await call(route, { token: await tokenFor(role), body: { ...sample, ...recorded } });

      expectProblem(response, 403);
      expect(await everything(api)).toEqual(before);
    },
  );
});

/**
 * Records of office gz and department assembly, made last (so the newest in their lists), that a
 * bj office user and a painting department user must not reach.
 */
const others = {
  inquiry: '',
  serviceRequest: '',
  return: '',
  requisition: '',
  /** Forwarded to assembly, awaiting its response. */
  forwardedInquiry: '',
  /** Assembly's CAPA step: the root cause of a complaint put on assembly. */
  capaTask: '',
};
const gzCustomer = 'gz-tianhe-primary';
const assembly = { department: 'assembly' };
const aGzReturnRequest = () => ({
  customerId: gzCustomer,
  deliveryId: 'd-gz-2024',
  kind: 'return',
  items: [{ productId: 'kt-35', quantity: 1 }],
  reason: '不制冷',
});
const aRootCause = {
  step: 'rootCause',
  rootCause: '涂胶机参数漂移',
  correctiveMeasures: '校准涂胶机',
  preventiveMeasures: '每班点检',
};
beforeAll(async () => {
  const gz = aSubmitter({ email: gzEmail });
  others.inquiry = await submitted('/v1/inquiries', anInquiry({ submitter: gz }));
  others.serviceRequest = await submitted(
    '/v1/service-requests',
    aServiceRequest({ submitter: gz, orderRef: 'HT-2024-GZ-044' }),
  );
  const staff = {
    admin: await api.token('admin'),
    cs: await api.token('customer-service'),
    warehouse: await api.token('warehouse'),
  };
  const created = async (path: string, token: string, body: unknown) => {
    const response = await api.request<{ id: string }>('POST', path, { token, body });
    if (response.status >= 300) throw new Error(`${path} refused: ${response.text}`);
    return response.body.id;
  };
  others.return = await created('/v1/returns', staff.admin, aGzReturnRequest());
  others.requisition = await created('/v1/requisitions', staff.warehouse, aRequisitionRequest());
  others.forwardedInquiry = await submitted('/v1/inquiries', anInquiry());
  await created(`/v1/inquiries/${others.forwardedInquiry}/forward`, staff.cs, { departmentId: 'assembly' });

  const complaint = await submitted('/v1/complaints', aComplaint());
  const complete = async (step: string, role: Role, body: Record<string, unknown>) => {
    const task = await taskFor(api, complaint, step, role);
    await created(`/v1/tasks/${task.taskId}`, await api.token(role), { step, ...body });
  };
  await complete('investigation', 'quality', {
    findings: '封边胶量不足',
    cause: 'workmanship',
    factory: '一厂',
    responsibility: 'internal',
    responsibleDepartmentId: 'assembly',
    preliminaryLossCny: 1200,
    handlingOpinion: '免费更换桌面',
  });
  await complete('productionApproval', 'production', { decision: 'approve' });
  await complete('customerReply', 'customer-service', { reply: '将免费更换', channel: 'phone' });
  others.capaTask = (await taskFor(api, complaint, 'rootCause', 'department', assembly)).taskId;
});

/** Sends a request to the route as given, without its sample. */
const send = (
  route: RegisteredRoute,
  token: string,
  request: { params?: Record<string, string>; query?: Record<string, string>; body?: unknown },
) =>
  api.request(
    route.method,
    `${pathOf(route, request.params)}${request.query ? `?${new URLSearchParams(request.query)}` : ''}`,
    { token, ...(request.body !== undefined ? { body: request.body } : {}) },
  );

type ScopedRequest = { params?: Record<string, string>; query?: Record<string, string>; body?: unknown };

/**
 * How a route keeps an office (or department) user to their own records:
 * - `refuses`: a request about another's record is refused with this status and writes nothing;
 * - `hides`: the list (`request`) shows the owner a text naming their record and the outsider
 *   never; `naming`, a query asking for another's list outright, is 403;
 * - `open`: the route shows every office's (department's) data, for the reason given.
 */
type Scoping =
  | { readonly refuses: 403 | 404; readonly request: () => ScopedRequest }
  | {
      readonly hides: () => string;
      readonly request?: () => ScopedRequest;
      readonly naming?: Record<string, string>;
    }
  | { readonly open: string };

const hidden = (id: () => string) => ({ refuses: 404 as const, request: () => ({ params: { id: id() } }) });
const partsCatalogue = {
  open: "the spare-parts catalogue is the plant's, one for every office and department",
};
const directory = { open: "the offices are the company's directory" };
const serviceActions: Record<string, ActionSegment> = {
  triageServiceRequest: 'triage',
  quoteServiceRequest: 'quote',
  decideServiceQuote: 'quote-decision',
  assignServiceRequest: 'assign',
  scheduleServiceVisit: 'schedule-visit',
  reportServiceVisit: 'visit-report',
  completeServiceRequest: 'complete',
  closeServiceRequest: 'close',
  cancelServiceRequest: 'cancel',
};
const recordedFor = (office: string) => (route: RouteId) => () => ({
  body: { ...(samples[route]().body as Record<string, unknown>), channel: 'phone', officeId: office },
});

/** Every route an `office` user may call (bj user, gz records). */
const officeScoping: Partial<Record<RouteId, Scoping>> = {
  listComplaints: { hides: () => cases.gzComplaint, request: () => ({ query: { limit: '100' } }) },
  getComplaint: hidden(() => cases.gzComplaint),
  getComplaintDossier: hidden(() => cases.gzComplaint),
  verifyComplaintChain: hidden(() => cases.gzComplaint),
  listInquiries: { hides: () => others.inquiry, request: () => ({ query: { limit: '100' } }) },
  getInquiry: hidden(() => others.inquiry),
  listServiceRequests: { hides: () => others.serviceRequest, request: () => ({ query: { limit: '100' } }) },
  getServiceRequest: hidden(() => others.serviceRequest),
  ...Object.fromEntries(
    Object.entries(serviceActions).map(([route, segment]) => [
      route,
      {
        refuses: 404,
        request: () => ({ params: { id: others.serviceRequest }, body: actionBodies[segment]() }),
      },
    ]),
  ),
  listCustomers: {
    hides: () => `"${gzCustomer}"`,
    request: () => ({ query: { limit: '100' } }),
    naming: { officeId: 'gz' },
  },
  getCustomer: hidden(() => gzCustomer),
  getCustomerCare: hidden(() => gzCustomer),
  listCustomerContacts: hidden(() => gzCustomer),
  listCustomerSurveys: hidden(() => gzCustomer),
  createCustomer: { refuses: 403, request: () => ({ body: aCustomer({ officeId: 'gz' }) }) },
  updateCustomer: { refuses: 404, request: () => ({ params: { id: gzCustomer }, body: { tier: 'key' } }) },
  logCustomerContact: {
    refuses: 404,
    request: () => ({ params: { id: gzCustomer }, body: samples.logCustomerContact().body }),
  },
  listOffices: directory,
  getOfficeStandard: { refuses: 403, request: () => ({ params: { id: 'gz' } }) },
  listSupervisionNotes: { refuses: 403, request: () => ({ params: { id: 'gz' } }) },
  getOfficeLeague: { hides: () => '"id":"gz"' },
  getSatisfactionReport: { hides: () => '"office":"gz"' },
  listReturns: {
    hides: () => others.return,
    request: () => ({ query: { limit: '100' } }),
    naming: { officeId: 'gz' },
  },
  getReturn: hidden(() => others.return),
  createReturn: { refuses: 404, request: () => ({ body: aGzReturnRequest() }) },
  transitionReturn: {
    refuses: 404,
    request: () => ({ params: { id: others.return }, body: { action: 'approve', reason: '质量问题属实' } }),
  },
  listParts: partsCatalogue,
  getPart: partsCatalogue,
  listPartLedger: partsCatalogue,
  createComplaint: { refuses: 403, request: recordedFor('gz')('createComplaint') },
  createInquiry: { refuses: 403, request: recordedFor('gz')('createInquiry') },
  createServiceRequest: { refuses: 403, request: recordedFor('gz')('createServiceRequest') },
  lookUpWarranty: { refuses: 404, request: () => ({ query: { orderRef: 'HT-2024-GZ-044' } }) },
};

const plantScraps = {
  open: "scraps are the plant's: any department user appraises as the equipment owner (docs/spare-parts.md)",
};
/** Every route a `department` user may call (painting user, assembly records). */
const departmentScoping: Partial<Record<RouteId, Scoping>> = {
  listTasks: { hides: () => others.capaTask },
  getTask: { refuses: 403, request: () => ({ params: { taskId: others.capaTask } }) },
  completeTask: { refuses: 403, request: () => ({ params: { taskId: others.capaTask }, body: aRootCause }) },
  listForwardedInquiries: { hides: () => others.forwardedInquiry, naming: { departmentId: 'assembly' } },
  respondToInquiry: {
    refuses: 404,
    request: () => ({ params: { id: others.forwardedInquiry }, body: { response: '可以提供。' } }),
  },
  listRequisitions: {
    hides: () => others.requisition,
    request: () => ({ query: { limit: '100' } }),
    naming: { departmentId: 'assembly' },
  },
  getRequisition: hidden(() => others.requisition),
  createRequisition: { refuses: 403, request: () => ({ body: aRequisitionRequest() }) },
  approveRequisition: {
    refuses: 404,
    request: () => ({
      params: { id: others.requisition },
      body: { level: 'department', decision: 'approve' },
    }),
  },
  cancelRequisition: {
    refuses: 404,
    request: () => ({ params: { id: others.requisition }, body: { reason: '授权测试' } }),
  },
  listScraps: plantScraps,
  getScrap: plantScraps,
  appraiseScrap: plantScraps,
  listParts: partsCatalogue,
  getPart: partsCatalogue,
  listPartLedger: partsCatalogue,
  listOffices: directory,
};

const admits = (route: RegisteredRoute, role: Role) =>
  route.access.kind === 'staff'
    ? route.access.roles.includes(role)
    : (route.access.staffRoles ?? []).includes(role);

describe.each([
  {
    role: 'office' as const,
    scoping: officeScoping,
    outsider: () => api.token('office', { office: 'bj' }),
    owner: () => api.token('office', { office: 'gz' }),
  },
  {
    role: 'department' as const,
    scoping: departmentScoping,
    outsider: () => api.token('department', { department: 'painting' }),
    owner: () => api.token('department', assembly),
  },
])('a user of another $role', ({ role, scoping, outsider, owner }) => {
  const scopedRoutes = routeList.filter((route) => admits(route, role));

  it(`has every route that admits ${role} users classified here, so a new one cannot skip the checks`, () => {
    expect(scopedRoutes.filter((route) => scoping[route.id] === undefined).map((route) => route.id)).toEqual(
      [],
    );
    expect(Object.keys(scoping).filter((id) => !scopedRoutes.some((route) => route.id === id))).toEqual([]);
  });

  const rowsOf = (kind: 'refuses' | 'hides') =>
    scopedRoutes.flatMap((route) => {
      const scope = scoping[route.id];
      return scope && kind in scope ? [[route.method, route.path, route, scope] as const] : [];
    });

  it.each(rowsOf('refuses'))('%s %s refuses them and writes nothing', async (_m, _p, route, scope) => {
    if (!('refuses' in scope)) throw new Error('not a refusal');
    const request = scope.request();
    const before = await settledTable();

    const response = await send(route, await outsider(), request);

    expectProblem(response, scope.refuses);
    expect(await everything(api)).toEqual(before);
    // The record is there: its owner reads it (writes are left alone, they would change it).
    if (route.method === 'GET') expect((await send(route, await owner(), request)).status).toBe(200);
  });

  it.each(rowsOf('hides'))("%s %s hides the other's records from them", async (_m, _p, route, scope) => {
    if (!('hides' in scope)) throw new Error('not a list');
    const request = scope.request?.() ?? {};

    const theirs = await send(route, await owner(), request);
    const mine = await send(route, await outsider(), request);

    expect(theirs.status).toBe(200);
    expect(theirs.text).toContain(scope.hides());
    expect(mine.status).toBe(200);
    expect(mine.text).not.toContain(scope.hides());
    if (scope.naming) {
      const naming = await send(route, await outsider(), {
        ...request,
        query: { ...request.query, ...scope.naming },
      });
      expectProblem(naming, 403);
    }
  });
});

describe('an office user', () => {
  it('cannot move a customer of their own office to another office, and nothing changes', async () => {
    const before = await settledTable();

    const response = await api.request('PATCH', `/v1/customers/${customerId}`, {
      token: await api.token('office', { office: 'bj' }),
      body: { officeId: 'gz' },
    });

    expectProblem(response, 403);
    expect(await everything(api)).toEqual(before);
  });
});

describe('an office user whose token names no office', () => {
  let noOffice: string;
  beforeAll(async () => {
    noOffice = await api.token('office');
  });

  it('lists no complaints', async () => {
    const response = await api.request<Page>('GET', '/v1/complaints?limit=100', { token: noOffice });

    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([]);
  });

  it('lists no customers', async () => {
    const response = await api.request<Page>('GET', '/v1/customers?limit=100', { token: noOffice });

    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([]);
  });

  it('gets 404 for any case or customer', async () => {
    const aCase = await api.request('GET', `/v1/complaints/${cases.complaint}`, { token: noOffice });
    const aCustomerView = await api.request('GET', '/v1/customers/bj-no1-school', { token: noOffice });

    expectProblem(aCase, 404);
    expectProblem(aCustomerView, 404);
  });
});

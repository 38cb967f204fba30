import { randomUUID } from 'node:crypto';
import { addDays, shanghaiDate } from '../../shared/calendar/plain-date.ts';
import type { ApiResponse, TestRuntime } from './runtime.ts';

/** A requisition as the API answers it (the fields the tests read). */
export interface RequisitionBody {
  id: string;
  reference: string;
  origin: 'request' | 'reorder';
  status: string;
  version: number;
  departmentId?: string;
  urgent: boolean;
  requestedBy: { sub?: string; email?: string };
  lines: {
    partNumber: string;
    name: string;
    quantity: number;
    received: number;
    maker?: string;
    model?: string;
    makerChange: boolean;
    onHandAtCheck?: number;
  }[];
  approvals: {
    department?: { decision: string; by: { sub?: string } };
    plant?: { decision: string; by: { sub?: string }; makerChange?: string };
  };
  order?: { supplier: string; expectedOn: string };
  delayReports: { learnedOn: string; newExpectedOn: string; late: boolean }[];
  delayReportOverdue?: { flaggedAt: string; expectedOn: string };
  availableActions: string[];
  timeline?: { type: string; seq: number; data: Record<string, unknown> }[];
}
export interface Problem {
  title: string;
  errors?: { field: string; code: string; message: string }[];
}
export type Answer = ApiResponse<RequisitionBody & Problem>;

/** A part number no other test file uses (the captured mail is shared by all). */
export const uniquePartNumber = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** A part added through the API: a standard part stocked 2..10 unless told otherwise. */
export async function aPart(
  api: TestRuntime,
  token: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const partNumber = String(overrides.partNumber ?? uniquePartNumber('P'));
  const response = await api.request('POST', '/v1/parts', {
    token,
    body: {
      partNumber,
      name: '气压棒',
      specification: '120 mm',
      unit: '件',
      unitCost: 35.5,
      category: 'standard',
      location: 'A-01-1',
      lowQuota: 2,
      highQuota: 10,
      ...overrides,
    },
  });
  if (response.status !== 201) throw new Error(`part refused: ${response.text}`);
  return partNumber;
}

/** Receives accepted units of a part (for a requisition with `requisitionId`). */
export const receive = (
  api: TestRuntime,
  token: string,
  partNumber: string,
  quantity: number,
  extra: Record<string, unknown> = {},
) =>
  api.request<Problem>('POST', `/v1/parts/${partNumber}/receipts`, {
    token,
    body: { quantity, unitCost: 12.5, supplier: '华东五金', inspection: { result: 'accepted' }, ...extra },
  });

/** Issues units of a part to a department. */
export const issue = (api: TestRuntime, token: string, partNumber: string, quantity: number) =>
  api.request<Problem>('POST', `/v1/parts/${partNumber}/issues`, {
    token,
    body: { quantity, to: { kind: 'department', departmentId: 'assembly', purpose: '设备维修' } },
  });

/** One step on a requisition: `stock-check`, `approvals`, `order`, `delay-reports` or `cancel`. */
export const step = (
  api: TestRuntime,
  id: string,
  segment: string,
  token: string,
  body: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<Answer> => api.request('POST', `/v1/requisitions/${id}/${segment}`, { token, body, headers });

export const getRequisition = (api: TestRuntime, id: string, token: string): Promise<Answer> =>
  api.request('GET', `/v1/requisitions/${id}`, { token });

/** The day `days` after today in Beijing. */
export const beijingDay = (days = 0): string => addDays(shanghaiDate(new Date()), days);

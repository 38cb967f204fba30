import { randomUUID } from 'node:crypto';
import type { ApiResponse, TestRuntime } from './runtime.ts';

/** Spare parts through the API, for the parts tests (area `parts`). */

export interface Problem {
  title: string;
  status: number;
  errors?: { field: string; code: string; message: string }[];
}
export interface LotBody {
  lotId: string;
  receivedOn: string;
  quantity: number;
  unitCost: number;
  value: number;
  origin: string;
  supplier?: string;
}
export interface PartBody {
  partNumber: string;
  category: string;
  maker?: string;
  model?: string;
  lowQuota: number;
  highQuota: number;
  version: number;
  belowLowQuota: boolean;
  stock: { onHand: number; stockValue: number; toRepair: number };
  lots: LotBody[];
}
export interface EntryBody {
  seq: number;
  kind: string;
  quantity: number;
  value: number;
  toRepair: number;
  by?: { sub?: string; email?: string };
  balance: { onHand: number; stockValue: number; toRepair: number };
  allocations?: { lotId: string; receivedOn: string; quantity: number; unitCost: number; origin: string }[];
  data: Record<string, unknown>;
  hash: string;
}
export interface MovedBody {
  entry: EntryBody;
  part: PartBody;
}
export interface ReconcileBody {
  agrees: boolean;
  chainIntact: boolean;
  card: { quantity: number; value: number; toRepair: number };
  ledger: { quantity: number; value: number; toRepair: number; entries: number };
  lots: { quantity: number; value: number; count: number };
  differences: { figure: string; card: number; ledger: number; lots?: number }[];
}

/** A part number no other test uses (letters, digits and `-`, as the schema wants). */
export const aPartNumber = (prefix = 'P') => `${prefix}-${randomUUID().slice(0, 8)}`;

/** A valid new standard part; quotas 2..10. */
export const aPart = (overrides: Record<string, unknown> = {}) => ({
  partNumber: aPartNumber(),
  name: '气压棒',
  specification: '120 mm, 黑色',
  unit: '件',
  unitCost: 35.5,
  category: 'standard',
  location: 'A-01-1',
  lowQuota: 2,
  highQuota: 10,
  ...overrides,
});

export const toDepartment = { kind: 'department', departmentId: 'assembly', purpose: '设备维修' } as const;

/** The parts API of one test runtime, as the warehouse keeper (or `token`) calls it. */
export function partsApi(api: TestRuntime, keeper: string) {
  const post = <T = MovedBody & Problem>(
    path: string,
    body: unknown,
    token = keeper,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> => api.request<T>('POST', path, { token, body, headers });
  const must = <T>(response: ApiResponse<T>, status = 201): T => {
    if (response.status !== status)
      throw new Error(`expected ${status}: ${response.status} ${response.text}`);
    return response.body;
  };
  return {
    create: (body: Record<string, unknown>, token = keeper) =>
      post<PartBody & Problem>('/v1/parts', body, token),
    async created(overrides: Record<string, unknown> = {}): Promise<PartBody> {
      return must(await post<PartBody>('/v1/parts', aPart(overrides)));
    },
    receive: (partNumber: string, body: Record<string, unknown>, token = keeper, headers = {}) =>
      post(
        `/v1/parts/${partNumber}/receipts`,
        { supplier: '华东五金', inspection: { result: 'accepted' }, ...body },
        token,
        headers,
      ),
    async received(partNumber: string, quantity: number, unitCost: number, receivedOn?: string) {
      return must(
        await post<MovedBody>(`/v1/parts/${partNumber}/receipts`, {
          quantity,
          unitCost,
          supplier: '华东五金',
          inspection: { result: 'accepted' },
          ...(receivedOn ? { receivedOn } : {}),
        }),
      );
    },
    issue: (
      partNumber: string,
      quantity: number,
      to: unknown = toDepartment,
      headers: Record<string, string> = {},
    ) => post(`/v1/parts/${partNumber}/issues`, { quantity, to }, keeper, headers),
    returnSurplus: (partNumber: string, issueSeq: number, quantity: number) =>
      post(`/v1/parts/${partNumber}/surplus-returns`, { issueSeq, quantity }),
    transfer: (partNumber: string, quantity: number, token = keeper) =>
      post(
        `/v1/parts/${partNumber}/transfers`,
        { quantity, destination: '广州分厂', reason: '分厂设备抢修' },
        token,
      ),
    toRepair: (partNumber: string, body: Record<string, unknown>) =>
      post(`/v1/parts/${partNumber}/to-repair`, body),
    repair: (partNumber: string, body: Record<string, unknown>) =>
      post(`/v1/parts/${partNumber}/repairs`, body),
    async detail(partNumber: string, token = keeper): Promise<PartBody> {
      return must(await api.request<PartBody>('GET', `/v1/parts/${partNumber}`, { token }), 200);
    },
    async reconcile(partNumber: string, token = keeper): Promise<ReconcileBody> {
      return must(
        await api.request<ReconcileBody>('GET', `/v1/parts/${partNumber}/reconcile`, { token }),
        200,
      );
    },
    /** The whole ledger, newest first. */
    async ledger(partNumber: string, token = keeper): Promise<EntryBody[]> {
      const path = `/v1/parts/${partNumber}/ledger?limit=500`;
      return must(await api.request<{ items: EntryBody[] }>('GET', path, { token }), 200).items;
    },
  };
}
export type PartsApi = ReturnType<typeof partsApi>;

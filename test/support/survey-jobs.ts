import { randomUUID } from 'node:crypto';
import type { Delivery } from '../../shared/schemas/customers.ts';
import type { SurveyRecord } from '../../shared/schemas/surveys.ts';
import { putDelivery } from '../../shared/store/deliveries.ts';
import { putOffice } from '../../shared/store/offices.ts';
import { surveyIdFor } from '../../shared/store/surveys.ts';
import { aCustomer, uniqueEmail } from './builders.ts';
import type { TestRuntime } from './runtime.ts';

/** The regional offices customers belong to, for a runtime started without the demo seed. */
export async function putTestOffices(): Promise<void> {
  for (const id of ['bj', 'sh', 'gz']) {
    await putOffice({ id, name: `${id} office`, region: id, email: `${id}-office@aftersales.local` });
  }
}

export interface TestCustomer {
  readonly id: string;
  /** The primary contact's address. */
  readonly email: string;
}

/** A customer created through the API, with one primary contact at a fresh address (unless given). */
export async function aCustomerIn(
  api: TestRuntime,
  staffToken: string,
  overrides: Record<string, unknown> & { email?: string; contactName?: string } = {},
): Promise<TestCustomer> {
  const { email = uniqueEmail(), contactName = '赵敏', ...fields } = overrides;
  const response = await api.request<{ id: string }>('POST', '/v1/customers', {
    token: staffToken,
    body: aCustomer({ contacts: [{ name: contactName, email, primary: true }], ...fields }),
  });
  if (response.status !== 201) throw new Error(`customer refused: ${response.status} ${response.text}`);
  return { id: response.body.id, email };
}

/** A delivery written through the deliveries store (deliveries have no API). */
export async function aDeliveryOf(
  customerId: string,
  dates: { deliveredOn: string; acceptedOn?: string },
  overrides: Partial<Delivery> = {},
): Promise<Delivery> {
  const delivery: Delivery = {
    id: `d-${randomUUID().slice(0, 12)}`,
    customerId,
    orderRef: `HT-TEST-${randomUUID().slice(0, 6)}`,
    batch: `B-${randomUUID().slice(0, 6)}`,
    items: [{ productId: 'kzy-01', productName: '学生课桌椅 KZY-01', category: 'furniture', quantity: 40 }],
    ...dates,
    ...overrides,
  };
  await putDelivery(delivery);
  return delivery;
}

/** Runs a scheduled job through the local endpoint, as of a day or instant, and returns its report. */
export async function runJob<T = Record<string, unknown>>(
  api: TestRuntime,
  name: string,
  asOf?: string,
): Promise<T> {
  const query = asOf ? `?asOf=${encodeURIComponent(asOf)}` : '';
  const response = await api.request<{ result: T }>('POST', `/_local/schedules/${name}${query}`);
  if (response.status !== 200) throw new Error(`${name} failed: ${response.status} ${response.text}`);
  return response.body.result;
}

/** The survey of an occurrence (`nps#<customerId>#2027`...), as stored, or undefined. */
export const surveyOf = async (api: TestRuntime, occurrence: string) =>
  (await api.item(`SURVEY#${surveyIdFor(occurrence)}`, 'SURVEY')) as
    | (SurveyRecord & Record<string, unknown>)
    | undefined;

/** The occurrences of every survey waiting to be sent (gsi1 `SURVEYS#DUE`). */
export const waitingOccurrences = async (api: TestRuntime): Promise<Set<string>> =>
  new Set((await api.indexPartition('gsi1', 'SURVEYS#DUE')).map((item) => String(item.occurrence)));

/** The occurrences a job run added to the due index. */
export async function plannedBy(api: TestRuntime, run: () => Promise<unknown>): Promise<string[]> {
  const before = await waitingOccurrences(api);
  await run();
  return [...(await waitingOccurrences(api))].filter((occurrence) => !before.has(occurrence)).sort();
}

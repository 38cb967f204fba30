import { randomUUID } from 'node:crypto';
import { aComplaint, aSubmitter, uniqueEmail } from '../support/builders.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { complaintOf, eventsOf, taskFor } from '../support/workflow.ts';

let api: TestRuntime;
beforeAll(async () => {
  api = await startTestRuntime();
});
afterAll(async () => api.stop());

interface Receipt {
  id: string;
  reference: string;
}

const QUALITY = 'quality@aftersales.local';
const uniqueBatch = () => `B-SIG-${randomUUID().slice(0, 8)}`;

/** A purchaser: their own organisation and contact email. */
const aPurchaser = () => {
  const tag = randomUUID().slice(0, 6);
  return { organization: `测试市第${tag}中学`, email: uniqueEmail(`school-${tag}`) };
};

/**
 * Submits a complaint about `batch` and waits until its workflow has passed the batch check
 * (the investigation is open), so complaints of one batch are checked one after the other.
 */
async function complain(batch: string, purchaser: { organization: string; email: string }): Promise<Receipt> {
  const response = await api.request<Receipt>('POST', '/v1/complaints', {
    body: aComplaint({ batch, submitter: aSubmitter(purchaser) }),
  });
  expect(response.status).toBe(201);
  await taskFor(api, response.body.id, 'investigation', 'quality');
  return response.body;
}

const batchAlerts = async (batch: string) =>
  (await api.emailsTo(QUALITY)).filter((mail) => mail.subject.includes(batch));

const linksOf = async (complaintId: string) =>
  ((await complaintOf(api, complaintId)).linkedComplaintIds as string[] | undefined) ?? [];

describe('complaints about one batch from two customers', () => {
  it('alert Quality once, naming both complaints, and are linked to each other', async () => {
    const batch = uniqueBatch();
    const first = await complain(batch, aPurchaser());
    expect(await batchAlerts(batch)).toHaveLength(0);

    const second = await complain(batch, aPurchaser());

    const alerts = await batchAlerts(batch);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.subject).toBe(`[批次预警] 批次 ${batch} 在 90 天内收到 2 家客户的投诉`);
    expect(alerts[0]?.destination.to).toEqual([QUALITY]);
    expect(alerts[0]?.body.text).toContain(first.reference);
    expect(alerts[0]?.body.text).toContain(second.reference);
    expect(await linksOf(first.id)).toEqual([second.id]);
    expect(await linksOf(second.id)).toEqual([first.id]);
    const [signal, ...moreSignals] = await eventsOf(api, second.id, 'batch.signal');
    expect(moreSignals).toHaveLength(0);
    expect(signal?.data).toMatchObject({ batch, customers: 2 });
    expect(signal?.data.references).toEqual(expect.arrayContaining([first.reference, second.reference]));
    const [linked, ...moreLinks] = await eventsOf(api, first.id, 'batch.linked');
    expect(moreLinks).toHaveLength(0);
    expect(linked?.data).toMatchObject({ batch, complaintId: second.id, reference: second.reference });
    expect(await eventsOf(api, first.id, 'batch.signal')).toHaveLength(0);
  });
});

describe('complaints about one batch from the same customer', () => {
  it('raise no alert and stay unlinked', async () => {
    const batch = uniqueBatch();
    const purchaser = aPurchaser();
    const first = await complain(batch, purchaser);

    const second = await complain(batch, purchaser);

    expect(await batchAlerts(batch)).toHaveLength(0);
    expect(await linksOf(first.id)).toEqual([]);
    expect(await linksOf(second.id)).toEqual([]);
    expect(await eventsOf(api, second.id, 'batch.signal')).toHaveLength(0);
  });
});

describe('a third complaint about an already signalled batch', () => {
  it('sends its own alert only, and is linked to both earlier complaints', async () => {
    const batch = uniqueBatch();
    const first = await complain(batch, aPurchaser());
    const second = await complain(batch, aPurchaser());
    const [pairAlert] = await batchAlerts(batch);

    const third = await complain(batch, aPurchaser());

    const alerts = await batchAlerts(batch);
    expect(alerts).toHaveLength(2);
    expect(alerts.filter((mail) => mail.messageId === pairAlert?.messageId)).toHaveLength(1);
    const thirdAlert = alerts.find((mail) => mail.messageId !== pairAlert?.messageId);
    expect(thirdAlert?.subject).toBe(`[批次预警] 批次 ${batch} 在 90 天内收到 3 家客户的投诉`);
    for (const complaint of [first, second, third])
      expect(thirdAlert?.body.text).toContain(complaint.reference);
    expect(await eventsOf(api, second.id, 'batch.signal')).toHaveLength(1);
    expect(await eventsOf(api, first.id, 'batch.signal')).toHaveLength(0);
    expect(await eventsOf(api, third.id, 'batch.signal')).toHaveLength(1);
    expect(new Set(await linksOf(third.id))).toEqual(new Set([first.id, second.id]));
    expect(new Set(await linksOf(first.id))).toEqual(new Set([second.id, third.id]));
    expect(new Set(await linksOf(second.id))).toEqual(new Set([first.id, third.id]));
  });
});

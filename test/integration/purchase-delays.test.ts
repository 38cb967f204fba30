import { proposeLowStockReorders } from '../../shared/app/reorder.ts';
import { reportPurchaseDelay } from '../../shared/app/requisitions.ts';
import { startOfShanghaiDay } from '../../shared/calendar/plain-date.ts';
import type { StaffCaller } from '../../shared/http/roles.ts';
import { aPart, beijingDay, getRequisition, type RequisitionBody, step } from '../support/requisitions.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { runJob } from '../support/survey-jobs.ts';

let api: TestRuntime;
let warehouse = '';

beforeAll(async () => {
  api = await startTestRuntime({ seed: false });
  warehouse = await api.token('warehouse', { sub: 'buyer' });
});
afterAll(async () => api.stop());

interface JobReport {
  day: string;
  considered: number;
  flagged: number;
  overdue: number;
  mailed: boolean;
}

/** A reorder proposal (no approvals needed) ordered now, expected on `expectedOn`. */
async function aPurchase(expectedOn: string): Promise<RequisitionBody> {
  const partNumber = await aPart(api, warehouse, { lowQuota: 1, highQuota: 5 });
  await proposeLowStockReorders(new Date());
  const part = await api.item(`PART#${partNumber}`, 'PART');
  const ordered = await step(api, String(part?.openReorderId), 'order', warehouse, {
    supplier: '华东五金',
    expectedOn,
  });
  if (ordered.status !== 200) throw new Error(`not ordered: ${ordered.text}`);
  return ordered.body;
}

/** The day's summaries (not the reorder notices) listing a purchase. */
const summariesWith = async (address: string, reference: string) =>
  (await api.emailsTo(address)).filter(
    (mail) => mail.subject.includes('Purchase delays') && mail.body.text?.includes(reference),
  );

describe('written delay reports', () => {
  it('takes a report made within 3 days as on time, and keeps the reports', async () => {
    const purchase = await aPurchase(beijingDay(30));
    const reported = await step(api, purchase.id, 'delay-reports', warehouse, {
      learnedOn: beijingDay(0),
      newExpectedOn: beijingDay(40),
      reason: '供应商原材料短缺',
    });
    expect([reported.status, reported.body.status]).toEqual([200, 'ordered']);
    expect(reported.body.delayReports).toEqual([
      expect.objectContaining({ learnedOn: beijingDay(0), newExpectedOn: beijingDay(40), late: false }),
    ]);
    const detail = await getRequisition(api, purchase.id, warehouse);
    expect(detail.body.timeline?.at(-1)).toMatchObject({ type: 'requisition.delayReported' });
  });

  it('marks a report made more than 3 days after learning of the delay as late', async () => {
    const purchase = await aPurchase(beijingDay(30));
    const buyer: StaffCaller = { kind: 'staff', sub: 'buyer', roles: ['warehouse'] };
    const fourDaysOn = new Date(startOfShanghaiDay(beijingDay(4)).getTime() + 10 * 3600_000);
    const view = await reportPurchaseDelay(
      purchase.id,
      { learnedOn: beijingDay(0), newExpectedOn: beijingDay(45), reason: '运输受阻' },
      undefined,
      buyer,
      fourDaysOn,
    );
    expect(view.delayReports.at(-1)?.late).toBe(true);
    const stored = await getRequisition(api, purchase.id, warehouse);
    expect(stored.body.delayReports.at(-1)).toMatchObject({ late: true, learnedOn: beijingDay(0) });
  });

  it('refuses days that do not fit (422) and purchases not ordered (409)', async () => {
    const purchase = await aPurchase(beijingDay(30));
    const future = await step(api, purchase.id, 'delay-reports', warehouse, {
      learnedOn: beijingDay(1),
      newExpectedOn: beijingDay(40),
      reason: '运输受阻',
    });
    expect([future.status, future.body.errors?.map((e) => e.field)]).toEqual([422, ['learnedOn']]);
    const notLater = await step(api, purchase.id, 'delay-reports', warehouse, {
      learnedOn: beijingDay(0),
      newExpectedOn: beijingDay(30),
      reason: '运输受阻',
    });
    expect([notLater.status, notLater.body.errors?.map((e) => e.field)]).toEqual([422, ['newExpectedOn']]);

    await step(api, purchase.id, 'cancel', warehouse, { reason: '改由总部调拨' });
    const cancelled = await step(api, purchase.id, 'delay-reports', warehouse, {
      learnedOn: beijingDay(0),
      newExpectedOn: beijingDay(40),
      reason: '运输受阻',
    });
    expect(cancelled.status).toBe(409);
  });
});

/** The daily parts job, as of a day: its purchase delays part. */
const runDelays = async (asOf: string) =>
  (await runJob<{ purchaseDelays: JobReport }>(api, 'parts-daily', asOf)).purchaseDelays;

describe('the purchase delays of the parts-daily job', () => {
  it('flags a purchase more than 3 days late without a report, once, and mails one summary a day', async () => {
    const purchase = await aPurchase(beijingDay(0));

    const threeDays = await runDelays(beijingDay(3));
    expect(threeDays).toMatchObject({ flagged: 0, overdue: 0, mailed: false });
    expect((await getRequisition(api, purchase.id, warehouse)).body.delayReportOverdue).toBeUndefined();

    const fourDays = await runDelays(beijingDay(4));
    expect(fourDays).toMatchObject({ day: beijingDay(4), flagged: 1, overdue: 1, mailed: true });
    const flagged = await getRequisition(api, purchase.id, warehouse);
    expect(flagged.body.delayReportOverdue).toMatchObject({ expectedOn: beijingDay(0) });
    expect(flagged.body.timeline?.at(-1)?.type).toBe('requisition.delayReportOverdue');
    for (const address of ['warehouse@aftersales.local', 'manager@aftersales.local']) {
      const [summary, ...more] = await summariesWith(address, purchase.reference);
      expect(more).toEqual([]);
      expect(summary?.subject).toContain(beijingDay(4));
    }

    const again = await runDelays(beijingDay(4));
    expect(again).toMatchObject({ flagged: 0, overdue: 1, mailed: false });
    expect((await getRequisition(api, purchase.id, warehouse)).body.version).toBe(flagged.body.version);
    expect(await summariesWith('warehouse@aftersales.local', purchase.reference)).toHaveLength(1);
  });

  it('clears the flag with a report, and flags again when the new day is missed', async () => {
    const purchase = await aPurchase(beijingDay(0));
    await runDelays(beijingDay(5));
    expect((await getRequisition(api, purchase.id, warehouse)).body.delayReportOverdue).toBeDefined();

    const reported = await step(api, purchase.id, 'delay-reports', warehouse, {
      learnedOn: beijingDay(0),
      newExpectedOn: beijingDay(10),
      reason: '供应商停工检修',
    });
    expect(reported.status).toBe(200);
    expect(reported.body.delayReportOverdue).toBeUndefined();

    await runDelays(beijingDay(6));
    expect((await getRequisition(api, purchase.id, warehouse)).body.delayReportOverdue).toBeUndefined();
    await runDelays(beijingDay(14));
    expect((await getRequisition(api, purchase.id, warehouse)).body.delayReportOverdue).toMatchObject({
      expectedOn: beijingDay(10),
    });
  });
});

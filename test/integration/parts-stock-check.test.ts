import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { PartsStockCheckReport } from '../../shared/app/parts-stock-check.ts';
import { shanghaiDate } from '../../shared/calendar/plain-date.ts';
import { monthOf } from '../../shared/domain/satisfaction-report.ts';
import { translate } from '../../shared/i18n/translate.ts';
import { stockCheckMail } from '../../shared/mail/parts-mail.ts';
import { eventSortKey } from '../../shared/store/audit.ts';
import { documentClient, tableName } from '../../shared/store/client.ts';
import { partKey } from '../../shared/store/parts.ts';
import { type PartsApi, partsApi } from '../support/parts.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { runJob } from '../support/survey-jobs.ts';

let api: TestRuntime;
let parts: PartsApi;
beforeAll(async () => {
  api = await startTestRuntime({ seed: false });
  parts = partsApi(api, await api.token('warehouse'));
});
afterAll(async () => api.stop());

const WAREHOUSE = 'warehouse@aftersales.local';
const MANAGER = 'manager@aftersales.local';
const checkStock = async () => (await runJob<{ stock: PartsStockCheckReport }>(api, 'parts-daily')).stock;

/** The stock check notices of this file's runs: they name the part numbers it made. */
const noticesAbout = async (partNumber: string) =>
  (await api.emailsTo(WAREHOUSE)).filter(
    (mail) => mail.subject.startsWith('【帐卡物不符】') && mail.body.text?.includes(partNumber),
  );

/** A part stocked without a quota (no reorder proposals), with `quantity` units at `unitCost`. */
async function aStockedPart(quantity: number, unitCost: number, name = '气压棒') {
  const part = await parts.created({ name, lowQuota: 0, highQuota: 0 });
  await parts.received(part.partNumber, quantity, unitCost, '2026-01-05');
  return part.partNumber;
}

describe('the daily stock check (帐、卡、物相符)', () => {
  let clean: string;

  it('finds every part agreeing and sends nothing when nothing differs', async () => {
    clean = await aStockedPart(3, 0.7);
    const report = await checkStock();
    expect(report).toMatchObject({ parts: 1, agreeing: 1, differing: [], mail: 'none' });
    expect(report.day).toBe(shanghaiDate(new Date()));
    expect(await noticesAbout(clean)).toHaveLength(0);
  });

  it('names a part whose card was changed behind the ledger, and one whose ledger lost an entry, in one notice a day', async () => {
    const miscounted = await aStockedPart(2, 10.1, '滑轮 <M8>');
    const shortened = await aStockedPart(1, 5);
    await api.request('PATCH', `/v1/parts/${shortened}`, {
      token: await api.token('warehouse'),
      body: { location: 'Z-09-9' },
    });
    // Someone changes the card without a ledger entry: one unit and 0.10 yuan more than booked.
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { pk: partKey(miscounted), sk: 'PART' },
        UpdateExpression: 'SET onHand = onHand + :one, stockValueFen = stockValueFen + :ten',
        ExpressionAttributeValues: { ':one': 1, ':ten': 10 },
      }),
    );
    // ... and the last ledger entry of another part disappears (it moved nothing: the sums agree).
    await documentClient().send(
      new DeleteCommand({ TableName: tableName(), Key: { pk: partKey(shortened), sk: eventSortKey(3) } }),
    );

    const report = await checkStock();
    expect(report).toMatchObject({ parts: 3, agreeing: 1, mail: 'sent' });
    // In part number order, as the catalogue lists them.
    const expected = [
      {
        partNumber: miscounted,
        name: '滑轮 <M8>',
        chainIntact: true,
        differences: [
          { figure: 'quantity', card: 3, ledger: 2, lots: 2 },
          { figure: 'value', card: 20.3, ledger: 20.2, lots: 20.2 },
        ],
      },
      { partNumber: shortened, name: '气压棒', chainIntact: false, differences: [] },
    ].sort((a, b) => (a.partNumber < b.partNumber ? -1 : 1));
    expect(report.differing).toEqual(expected);
    expect(report.differing.map((d) => d.partNumber)).not.toContain(clean);
    expect(await parts.reconcile(miscounted)).toMatchObject({
      agrees: false,
      chainIntact: true,
      differences: expected.find((d) => d.partNumber === miscounted)?.differences,
    });

    const [notice, ...more] = await noticesAbout(miscounted);
    expect(more).toHaveLength(0);
    expect(notice?.destination.to).toEqual([WAREHOUSE, MANAGER]);
    expect(notice?.subject).toBe(
      translate('zh-CN', 'parts.mail.stockCheck.subject', { day: report.day, count: 2 }),
    );
    expect(notice?.body.text).toContain('数量：卡 3，帐 2，物 2');
    expect(notice?.body.text).toContain('金额（元）：卡 20.30，帐 20.20，物 20.20');
    expect(notice?.body.text).toContain(
      `${shortened} 气压棒\n${translate('zh-CN', 'parts.mail.stockCheck.chainBroken')}`,
    );
    expect(notice?.body.html).toContain('滑轮 &lt;M8&gt;');
    expect(notice?.body.text).not.toContain(clean);

    // A rerun the same day (a retried schedule) reports the same and sends nothing more.
    const rerun = await checkStock();
    expect(rerun).toMatchObject({ mail: 'alreadySent', differing: report.differing });
    expect(await noticesAbout(miscounted)).toHaveLength(1);
  });

  it('proposes reorders for parts at their low quota and records the month stock value', async () => {
    const low = await parts.created({ lowQuota: 2, highQuota: 10 });
    await parts.received(low.partNumber, 1, 8);
    const report = await checkStock();
    expect(report.reorders.proposed).toContain(low.partNumber);
    expect(report.snapshot).toMatchObject({ month: monthOf(new Date().toISOString()) });
  });
});

describe('the stock check notice', () => {
  it('reads the same in English', () => {
    const mail = stockCheckMail(
      {
        day: '2026-03-02',
        parts: 40,
        differing: [
          {
            partNumber: 'QYB-120',
            name: 'Gas spring',
            chainIntact: true,
            differences: [{ figure: 'toRepair', card: 2, ledger: 1 }],
          },
        ],
      },
      ['warehouse@example.cn', 'warehouse@example.cn'],
      'en',
    );
    expect(mail.to).toEqual(['warehouse@example.cn']);
    expect(mail.subject).toBe('[Stock mismatch] Daily stock check of 2026-03-02: 1 part(s) do not agree');
    expect(mail.text).toContain('looked at 40 parts');
    expect(mail.text).toContain('QYB-120 Gas spring\nUnits waiting for repair: card 2, ledger 1');
  });
});

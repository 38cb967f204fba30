/**
 * Browser end-to-end test of the public forms (web/*.html): `npm run test:e2e`.
 *
 * A plain Node script on node:test (not Jest). It starts the whole system in-process
 * (its own DynamoDB Local in memory and SES stand-in, on free loopback ports), drives the
 * Debian Chromium at /usr/bin/chromium through playwright-core, and checks what a person
 * filling in the forms sees, what is stored and which emails go out.
 * Screenshots of the success pages land in test-results/e2e/.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { BrowserContext, Page, Response } from 'playwright-core';
import { type CapturedEmail, capturedEmails } from '../../local/ses.ts';
import { getSurvey } from '../../shared/store/surveys.ts';
import { aSurvey, linkFor, storeSurvey } from '../support/surveys.ts';
import { e2eSuite, localToken, screenshot } from './harness.ts';
import { fillComplaint, shanghaiDay } from './public-forms.ts';

const AFTER_SALES_MAILBOX = 'after-sales@aftersales.local';
const REFERENCE = /^(TS|ZX|WX)-\d{8}-\d{4}$/;
/** The whole run must end well within 2 minutes, cleanup included. */
const suite = e2eSuite('forms.e2e.ts', { watchdogMs: 110_000 });
const TEST_TIMEOUT_MS = 45_000;

interface CaseCreated {
  id: string;
  reference: string;
  kind: string;
  status: string;
  warranty?: { status: string; message: string; coverageStartsOn?: string; freeRepairEndsOn?: string };
}
interface CaseView extends CaseCreated {
  channel: string;
  organization: string;
  submitter: Record<string, unknown>;
  details: Record<string, unknown>;
  timeline: unknown[];
}

/**
 * The little of the DOM the in-page functions use. They run in Chromium; the tsconfig has
 * no DOM library, so these declarations only type them.
 */
interface DomElement {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly checked: boolean;
  readonly hidden: boolean;
  readonly textContent: string | null;
  readonly href?: string;
  closest(selector: string): DomElement | null;
  matches(selector: string): boolean;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): Iterable<DomElement>;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  removeAttribute(name: string): void;
}
declare const document: {
  readonly activeElement: DomElement | null;
  querySelector(selector: string): DomElement | null;
};
declare const navigator: { readonly language: string };

let staffToken = '';

before(
  async () => {
    await suite.start();
    staffToken = await localToken(suite.baseUrl(), { role: 'customer-service' });
  },
  { timeout: 60_000 },
);

after(() => suite.stop());

// ---- helpers ---------------------------------------------------------------------

const baseUrl = () => suite.baseUrl();

async function staffGet<T>(path: string): Promise<T> {
  const response = await fetch(`${baseUrl()}${path}`, { headers: { authorization: `Bearer ${staffToken}` } });
  const text = await response.text();
  assert.equal(response.status, 200, `GET ${path}: ${text}`);
  return JSON.parse(text) as T;
}

async function complaintCount(): Promise<number> {
  const page = await staffGet<{ items: unknown[]; nextCursor?: string }>('/v1/complaints?limit=100');
  assert.equal(page.nextCursor, undefined, 'more complaints than one page: the count would be wrong');
  return page.items.length;
}

interface Opened {
  context: BrowserContext;
  page: Page;
  /** URLs of every POST the page sent. */
  posts: string[];
  /** Uncaught script errors on the page. */
  pageErrors: Error[];
}

/** A fresh browser profile (own storage, so a language choice does not leak) on one page. */
async function open(file: string): Promise<Opened> {
  // The service's calendar, so the page's "today" (date limits) is the server's.
  const context = await suite.browser().newContext({
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1000, height: 900 },
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const posts: string[] = [];
  const pageErrors: Error[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST') posts.push(request.url());
  });
  page.on('pageerror', (error) => pageErrors.push(error));
  await page.goto(`${baseUrl()}/${file}`);
  // Ready once i18n.js has rendered the page: it then adds the language to the links home
  // (and has wired the language switch; forms.js wired the form before that).
  await page.waitForFunction(
    () => document.querySelector('a[data-keep-lang]')?.href?.includes('lang=') === true,
  );
  return { context, page, posts, pageErrors };
}

/** Runs `body` on a freshly opened page and always closes its profile. */
async function withPage(file: string, body: (opened: Opened) => Promise<void>): Promise<void> {
  const opened = await open(file);
  try {
    await body(opened);
    assert.deepEqual(
      opened.pageErrors.map((e) => e.message),
      [],
      'the page threw script errors',
    );
  } finally {
    await opened.context.close();
  }
}

const submitButton = (page: Page, name = '提交') => page.getByRole('button', { name, exact: true });

/** Waits for the answer to the form's POST while `action` submits it. */
async function submitting(page: Page, endpoint: string, action: () => Promise<void>): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === endpoint),
    action(),
  ]);
  return response;
}

/** The success panel: shown, focused, with the reference the API returned. */
async function expectSuccess(page: Page, response: Response): Promise<CaseCreated> {
  const text = await response.text();
  assert.equal(response.status(), 201, `POST ${response.url()}: ${text}`);
  const created = JSON.parse(text) as CaseCreated;
  const panel = page.getByRole('region', { name: '提交成功' });
  await panel.waitFor({ state: 'visible' });
  assert.equal(await page.locator('form.case-form').isHidden(), true, 'the form is replaced');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'success', 'focus moves to the panel');
  const shown = (await panel.locator('[data-success="reference"] strong').textContent())?.trim() ?? '';
  assert.match(shown, REFERENCE);
  assert.equal(shown, created.reference, 'the panel shows the reference the API returned');
  return created;
}

/** Both emails of a submission: the acknowledgement to the submitter and the after-sales notice. */
async function expectEmails(reference: string, submitterEmail: string): Promise<void> {
  const { sesEndpoint } = suite.runtime();
  const deadline = Date.now() + 10_000;
  let emails: CapturedEmail[] = [];
  const about = (to: string) =>
    emails.find((mail) => mail.destination.to.includes(to) && mail.subject.includes(reference));
  while (Date.now() < deadline) {
    emails = await capturedEmails(sesEndpoint);
    if (about(submitterEmail) && about(AFTER_SALES_MAILBOX)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const subjects = emails.map((mail) => `${mail.destination.to.join(',')}: ${mail.subject}`).join('\n  ');
  const ack = about(submitterEmail);
  assert.ok(ack, `no acknowledgement to ${submitterEmail} about ${reference}; captured:\n  ${subjects}`);
  assert.deepEqual(ack.destination.to, [submitterEmail]);
  assert.ok(ack.body.text?.includes(reference), 'the acknowledgement quotes the reference');
  assert.ok(
    about(AFTER_SALES_MAILBOX),
    `no notification to ${AFTER_SALES_MAILBOX} about ${reference}; captured:\n  ${subjects}`,
  );
}

/** The stored case, read back through the staff API. */
async function expectStored(collection: string, created: CaseCreated, email: string): Promise<CaseView> {
  const stored = await staffGet<CaseView>(`/v1/${collection}/${created.id}`);
  assert.equal(stored.id, created.id);
  assert.equal(stored.reference, created.reference);
  assert.equal(stored.channel, 'web');
  assert.equal(stored.submitter.email, email);
  assert.equal(stored.submitter.language, 'zh-CN');
  assert.ok(stored.timeline.length >= 1, 'the case has its first audit event');
  return stored;
}

/** The error text shown in the .field of `input` (and announced with it), and its aria-invalid. */
async function fieldError(page: Page, inputId: string): Promise<{ invalid: string | null; text: string }> {
  return page.locator(`#${inputId}`).evaluate((input: DomElement) => {
    const box = input.closest('.field')?.querySelector(':scope > .field-error');
    const describedBy = (input.getAttribute('aria-describedby') ?? '').split(/\s+/);
    return {
      invalid: input.getAttribute('aria-invalid'),
      // only counted when the input points at it, so screen readers announce it with the input
      text: box && describedBy.includes(box.id) ? (box.textContent ?? '') : '',
    };
  });
}

// ---- complaint ------------------------------------------------------------------------

test('complaint: a person fills in every required field and gets a reference, a stored case and both emails', {
  timeout: TEST_TIMEOUT_MS,
}, async () => {
  await withPage('complaint.html', async ({ page }) => {
    const email = 'zhang.wei.e2e@bj1school.example.cn';
    await fillComplaint(page, {
      email,
      batch: 'B2025-031',
      attachments: 'https://photos.example.cn/desk-1.jpg\nhttps://photos.example.cn/desk-2.jpg',
    });
    const response = await submitting(page, '/v1/complaints', () => submitButton(page).click());
    const created = await expectSuccess(page, response);
    assert.match(created.reference, /^TS-/);
    await screenshot(page, 'complaint-success');

    const stored = await expectStored('complaints', created, email);
    assert.equal(stored.kind, 'complaint');
    assert.equal(stored.organization, '北京市第一中学');
    assert.equal(stored.details.batch, 'B2025-031');
    assert.equal(stored.details.quantity, 12);
    assert.equal(stored.details.problemDate, shanghaiDay(3));
    assert.deepEqual(stored.details.attachments, [
      'https://photos.example.cn/desk-1.jpg',
      'https://photos.example.cn/desk-2.jpg',
    ]);
    await expectEmails(created.reference, email);
  });
});

// ---- inquiry ------------------------------------------------------------------------

test('inquiry: a person fills in every required field and gets a reference, a stored case and both emails', {
  timeout: TEST_TIMEOUT_MS,
}, async () => {
  await withPage('inquiry.html', async ({ page }) => {
    const email = 'li.na.e2e@sh-edu.example.cn';
    await page.getByLabel('单位名称', { exact: true }).fill('上海市教育局机关');
    await page.getByLabel('联系人', { exact: true }).fill('李娜');
    await page.getByLabel('邮箱', { exact: true }).fill(email);
    await page.getByRole('radio', { name: '建议', exact: true }).check();
    await page.getByLabel('主题', { exact: true }).fill('希望提供窗帘清洗服务');
    await page.getByLabel('内容', { exact: true }).fill('遮光窗帘使用两年后积灰较多，希望能提供上门清洗。');
    const response = await submitting(page, '/v1/inquiries', () => submitButton(page).click());
    const created = await expectSuccess(page, response);
    assert.match(created.reference, /^ZX-/);
    await screenshot(page, 'inquiry-success');

    const stored = await expectStored('inquiries', created, email);
    assert.equal(stored.kind, 'inquiry');
    assert.equal(stored.details.kind, 'suggestion');
    assert.equal(stored.details.topic, '希望提供窗帘清洗服务');
    await expectEmails(created.reference, email);
  });
});

// ---- repair ------------------------------------------------------------------------

const WARRANTY_FREE = '在 2 年免费保修期内：免费维修';
const WARRANTY_CHARGEABLE = '已过 2 年免费保修期：终身维护，按收费标准维修';
const zhLongDate = (iso: string) =>
  new Intl.DateTimeFormat('zh-CN', { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${iso}T00:00:00Z`),
  );

async function fillRepair(page: Page, email: string, orderRef: string): Promise<void> {
  await page.getByLabel('单位名称', { exact: true }).fill('北京市第一中学');
  await page.getByLabel('联系人', { exact: true }).fill('张伟');
  await page.getByLabel('邮箱', { exact: true }).fill(email);
  await page.getByLabel('产品类别', { exact: true }).selectOption({ label: '家具' });
  await page.getByLabel('产品名称/型号', { exact: true }).fill('钢制文件柜 WJG-05');
  await page.getByLabel('订单/合同编号', { exact: true }).fill(orderRef);
  await page.getByRole('radio', { name: '维修', exact: true }).check();
  await page.getByLabel('故障描述', { exact: true }).fill('文件柜门锁损坏，无法上锁。');
  await page.getByLabel('上门地址', { exact: true }).fill('北京市东城区示例路 1 号 行政楼 302');
  await page.getByLabel('日期 1', { exact: true }).fill(shanghaiDay(-7));
}

test('repair: order HT-2025-BJ-001 gets a reference, a stored case, both emails and the free-warranty decision', {
  timeout: TEST_TIMEOUT_MS,
}, async () => {
  await withPage('repair.html', async ({ page }) => {
    const email = 'repair.e2e@bj1school.example.cn';
    await fillRepair(page, email, 'HT-2025-BJ-001');
    const response = await submitting(page, '/v1/service-requests', () => submitButton(page).click());
    const created = await expectSuccess(page, response);
    assert.match(created.reference, /^WX-/);
    assert.equal(created.warranty?.status, 'free');

    const warranty = page.locator('[data-success="warranty"]');
    await warranty.waitFor({ state: 'visible' });
    assert.equal(await warranty.getByRole('heading', { name: '保修判定' }).isVisible(), true);
    const message = (await warranty.locator('[data-success="warranty-message"]').textContent()) ?? '';
    assert.ok(message.startsWith(WARRANTY_FREE), `warranty message shown: ${message}`);
    assert.equal(message, created.warranty?.message);
    const { coverageStartsOn, freeRepairEndsOn } = created.warranty ?? {};
    assert.ok(coverageStartsOn && freeRepairEndsOn, 'the decision has its dates');
    assert.equal(
      (await warranty.locator('[data-success="coverage"]').textContent())?.trim(),
      `保修起算日：${zhLongDate(coverageStartsOn)}`,
    );
    assert.equal(
      (await warranty.locator('[data-success="free-until"]').textContent())?.trim(),
      `免费维修截止日：${zhLongDate(freeRepairEndsOn)}（含当日）`,
    );
    await screenshot(page, 'repair-success');

    const stored = await expectStored('service-requests', created, email);
    assert.equal(stored.kind, 'serviceRequest');
    assert.equal(stored.details.orderRef, 'HT-2025-BJ-001');
    assert.deepEqual(stored.details.preferredVisitDates, [shanghaiDay(-7)]);
    assert.equal(stored.warranty?.status, 'free');
    await expectEmails(created.reference, email);

    // "Submit another": a new fill keeps the contact details; an order past its warranty is chargeable.
    await page.getByRole('button', { name: '再提交一份', exact: true }).click();
    assert.equal(await page.getByLabel('邮箱', { exact: true }).inputValue(), email);
    assert.equal(await page.getByLabel('订单/合同编号', { exact: true }).inputValue(), '');
    await fillRepair(page, email, 'HT-2023-SH-017');
    const second = await submitting(page, '/v1/service-requests', () => submitButton(page).click());
    const chargeable = await expectSuccess(page, second);
    assert.notEqual(chargeable.reference, created.reference);
    assert.equal(chargeable.warranty?.status, 'chargeable');
    const secondMessage = (await warranty.locator('[data-success="warranty-message"]').textContent()) ?? '';
    assert.ok(secondMessage.startsWith(WARRANTY_CHARGEABLE), `warranty message shown: ${secondMessage}`);
  });
});

// ---- language ------------------------------------------------------------------------

test('switching to English shows English labels and keeps what was typed', {
  timeout: TEST_TIMEOUT_MS,
}, async () => {
  await withPage('complaint.html', async ({ page }) => {
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    await page.getByLabel('单位名称', { exact: true }).fill('北京市第一中学');
    await page.getByRole('button', { name: 'English', exact: true }).click();

    await page.getByRole('heading', { level: 1, name: 'Complaint' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await page.title(), 'Complaint · After-sales Service');
    assert.equal(await page.getByLabel('Organisation', { exact: true }).inputValue(), '北京市第一中学');
    for (const label of [
      'Contact person',
      'Phone',
      'Email',
      'Product category',
      'Batch number',
      'Quantity',
    ]) {
      assert.equal(await page.getByLabel(label, { exact: true }).count(), 1, `label ${label}`);
    }
    assert.equal(await page.getByLabel('单位名称', { exact: true }).count(), 0, 'no Chinese label left');
    assert.equal(await submitButton(page, 'Submit').isVisible(), true);
    assert.equal(new URL(page.url()).searchParams.get('lang'), 'en');

    // Errors are worded in the chosen language too.
    await submitButton(page, 'Submit').click();
    const summary = page.getByRole('alert');
    await summary.waitFor({ state: 'visible' });
    assert.match(
      (await summary.getByRole('heading').textContent()) ?? '',
      /^Please correct \d+ error\(s\) below$/,
    );

    // The choice is remembered, and the switch names the other language.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Complaint' }).waitFor();
    await page.getByRole('button', { name: '中文', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '投诉' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
  });
});

// ---- errors ------------------------------------------------------------------------

const COMPLAINT_REQUIRED = [
  'f-organization',
  'f-contactName',
  'f-email', // carries "give a phone number or an email address"
  'f-category',
  'f-productName',
  'f-batch',
  'f-quantity',
  'f-problemDate',
  'f-subject',
  'f-description',
  'f-requestedResolution',
];

test('an empty complaint shows the error summary and marks the inputs, without creating a case', {
  timeout: TEST_TIMEOUT_MS,
}, async () => {
  const before = await complaintCount();
  await withPage('complaint.html', async ({ page, posts }) => {
    await submitButton(page).click();
    const summary = page.getByRole('alert');
    await summary.waitFor({ state: 'visible' });
    assert.equal(
      (await summary.getByRole('heading').textContent())?.trim(),
      `请更正以下 ${COMPLAINT_REQUIRED.length} 处错误`,
    );
    assert.equal(await summary.getByRole('listitem').count(), COMPLAINT_REQUIRED.length);
    assert.equal(await page.evaluate(() => document.activeElement?.hasAttribute('data-error-summary')), true);

    const invalid = await page
      .locator('[aria-invalid="true"]')
      .evaluateAll((els: DomElement[]) => els.map((e) => e.id));
    assert.deepEqual(invalid, COMPLAINT_REQUIRED);
    for (const id of COMPLAINT_REQUIRED) {
      const { text } = await fieldError(page, id);
      assert.ok(text !== '', `no error text next to #${id}`);
    }
    assert.equal((await fieldError(page, 'f-email')).text, '请至少填写电话或邮箱中的一项');
    assert.equal((await fieldError(page, 'f-organization')).text, '必填');
    assert.equal(await page.locator('#f-website').getAttribute('aria-invalid'), null, 'honeypot untouched');

    // The summary's links take the keyboard to the field.
    await summary.getByRole('link').first().click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-organization');

    // Fixing a field and trying again clears its mark.
    await page.getByLabel('单位名称', { exact: true }).fill('北京市第一中学');
    await submitButton(page).click();
    await page.waitForFunction(
      () => document.querySelector('#f-organization')?.getAttribute('aria-invalid') === null,
    );
    assert.equal(
      (await summary.getByRole('heading').textContent())?.trim(),
      `请更正以下 ${COMPLAINT_REQUIRED.length - 1} 处错误`,
    );
    assert.deepEqual(posts, [], 'no request was sent');
  });
  assert.equal(await complaintCount(), before, 'no complaint was created');
});

test('the server’s 422 is shown inline next to its fields, and the corrected form goes through', {
  timeout: TEST_TIMEOUT_MS,
}, async () => {
  const before = await complaintCount();
  await withPage('complaint.html', async ({ page, posts }) => {
    const email = 'validation.e2e@bj1school.example.cn';
    const longBatch = `B-${'9'.repeat(59)}`; // 61 characters; the schema allows 60

    // A javascript: link is refused by the page itself, on its line.
    await fillComplaint(page, {
      email,
      batch: 'B2025-031',
      attachments: 'https://photos.example.cn/a.jpg\njavascript:alert(1)',
    });
    await submitButton(page).click();
    await page.getByRole('alert').waitFor({ state: 'visible' });
    const local = await fieldError(page, 'f-attachments');
    assert.equal(local.invalid, 'true');
    assert.equal(local.text, '第 2 行：必须是 http(s) 网址');
    assert.deepEqual(posts, [], 'nothing was sent for a javascript: link');

    // The browser enforces maxlength as one types...
    await page.getByLabel('附件链接').fill('https://photos.example.cn/a.jpg');
    await page.getByLabel('批次号', { exact: true }).fill(longBatch);
    assert.equal((await page.getByLabel('批次号', { exact: true }).inputValue()).length, 60);
    // ...so play a client that does not, and give a phone number only the server checks.
    await page.locator('#f-batch').evaluate((input: DomElement) => input.removeAttribute('maxlength'));
    await page.getByLabel('批次号', { exact: true }).fill(longBatch);
    await page.getByLabel('电话', { exact: true }).fill('call me maybe');
    const rejected = await submitting(page, '/v1/complaints', () => submitButton(page).click());
    assert.equal(rejected.status(), 422, await rejected.text());
    const problem = (await rejected.json()) as {
      title: string;
      errors: { field: string; message: string }[];
    };
    assert.deepEqual(problem.errors.map((e) => e.field).sort(), ['batch', 'submitter.phone']);

    // The page renders the answer after reading it: wait for the mark it puts on the field.
    await page.waitForFunction(
      () => document.querySelector('#f-batch')?.getAttribute('aria-invalid') === 'true',
    );
    const summary = page.getByRole('alert');
    assert.equal(await summary.isVisible(), true);
    assert.equal((await summary.getByRole('heading').textContent())?.trim(), problem.title);
    assert.equal(await summary.getByRole('listitem').count(), 2);
    const batch = await fieldError(page, 'f-batch');
    assert.deepEqual(batch, { invalid: 'true', text: '太长：最多 60 个字符' });
    const phone = await fieldError(page, 'f-phone');
    assert.deepEqual(phone, { invalid: 'true', text: '格式不正确' });
    const invalid = await page
      .locator('[aria-invalid="true"]')
      .evaluateAll((els: DomElement[]) => els.map((e) => e.id));
    assert.deepEqual(invalid, ['f-phone', 'f-batch']);
    assert.equal(
      await page.locator('form.case-form').isVisible(),
      true,
      'the form stays with what was typed',
    );
    assert.match(await page.getByLabel('问题描述', { exact: true }).inputValue(), /^课桌桌面开裂/);
    assert.equal(await complaintCount(), before, 'no complaint was created');

    // Corrected, the same fill goes through.
    await page.getByLabel('批次号', { exact: true }).fill('B2025-031');
    await page.getByLabel('电话', { exact: true }).fill('010-6512 3456');
    const accepted = await submitting(page, '/v1/complaints', () => submitButton(page).click());
    const created = await expectSuccess(page, accepted);
    const stored = await expectStored('complaints', created, email);
    assert.equal(stored.details.batch, 'B2025-031');
    assert.equal(stored.submitter.phone, '010-6512 3456');
  });
  assert.equal(await complaintCount(), before + 1, 'exactly one complaint was created');
});

// ---- keyboard ------------------------------------------------------------------------

/** The id of the focused control of the form (`submit` for its button), or null outside it. */
const focusedInForm = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el?.closest('form')) return null;
    return el.matches('button[type="submit"]') ? 'submit' : el.id;
  });

/** Presses Tab from the top of the page until the submit button, listing the focused controls. */
async function tabStops(page: Page): Promise<string[]> {
  const stops: string[] = [];
  for (let i = 0; i < 80; i += 1) {
    await page.keyboard.press('Tab');
    const id = await focusedInForm(page);
    if (id === null) continue;
    if (stops.at(-1) !== id) stops.push(id); // a date input has a stop per part (day, month, year)
    if (id === 'submit') return stops;
  }
  assert.fail(`Tab never reached the submit button; stops: ${stops.join(' ')}`);
}

/** What Tab should reach: every visible control of the form in document order, one stop per radio group. */
function expectedStops(page: Page): Promise<string[]> {
  return page.locator('form.case-form').evaluate((form: DomElement) => {
    const controls = [...form.querySelectorAll('input, select, textarea, button[type="submit"]')].filter(
      (el) => !el.closest('[aria-hidden="true"]') && !el.hidden,
    );
    const seenGroups = new Set<string>();
    const stops: string[] = [];
    for (const el of controls) {
      if (el.type === 'radio') {
        if (seenGroups.has(el.name)) continue;
        seenGroups.add(el.name);
        const group = controls.filter((c) => c.type === 'radio' && c.name === el.name);
        stops.push((group.find((c) => c.checked) ?? el).id);
        continue;
      }
      stops.push(el.matches('button') ? 'submit' : el.id);
    }
    return stops;
  });
}

/** Types a YYYY-MM-DD date into the focused date input, in the order the browser shows its parts. */
async function typeDate(page: Page, iso: string): Promise<void> {
  const [year, month, day] = iso.split('-') as [string, string, string];
  const order = await page.evaluate(() =>
    new Intl.DateTimeFormat(navigator.language, { year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(new Date())
      .map((part) => part.type)
      .filter((type) => type === 'year' || type === 'month' || type === 'day'),
  );
  for (const part of order) await page.keyboard.type({ year, month, day }[part as 'year' | 'month' | 'day']);
}

test('keyboard only: Tab reaches every input and the submit button in order, and Enter submits', {
  timeout: TEST_TIMEOUT_MS,
}, async () => {
  for (const file of ['inquiry.html', 'repair.html']) {
    await withPage(file, async ({ page }) => {
      const stops = await tabStops(page);
      assert.deepEqual(stops, await expectedStops(page), `Tab order on ${file}`);
      assert.ok(!stops.includes('f-website'), 'the spam trap is never focused');
    });
  }

  // The complaint form, filled and sent with the keyboard alone.
  await withPage('complaint.html', async ({ page }) => {
    const expected = await expectedStops(page);
    assert.deepEqual(expected, [
      'f-organization',
      'f-contactName',
      'f-phone',
      'f-email',
      'f-category',
      'f-productName',
      'f-batch',
      'f-quantity',
      'f-orderRef',
      'f-problemDate',
      'f-subject',
      'f-description',
      'f-requestedResolution',
      'f-attachments',
      'submit',
    ]);
    const email = 'keyboard.e2e@bj1school.example.cn';
    const problemDate = shanghaiDay(5);
    const typed: Record<string, () => Promise<void>> = {
      'f-organization': () => page.keyboard.type('北京市第一中学'),
      'f-contactName': () => page.keyboard.type('张伟'),
      'f-phone': async () => {},
      'f-email': () => page.keyboard.type(email),
      'f-category': () => page.keyboard.press('ArrowDown'), // 家具, the first choice
      'f-productName': () => page.keyboard.type('办公椅 BGY-20'),
      'f-batch': () => page.keyboard.type('B2026-015'),
      'f-quantity': () => page.keyboard.type('3'),
      'f-orderRef': async () => {},
      'f-problemDate': () => typeDate(page, problemDate),
      'f-subject': () => page.keyboard.press('ArrowDown'), // 质量缺陷
      'f-description': () => page.keyboard.type('椅子气压杆失灵，坐下后自动下沉。'),
      'f-requestedResolution': () => page.keyboard.type('更换气压杆。'),
      'f-attachments': async () => {},
    };
    const visited: string[] = [];
    for (let i = 0; i < 80 && visited.at(-1) !== 'submit'; i += 1) {
      await page.keyboard.press('Tab');
      const id = await focusedInForm(page);
      if (id === null || visited.at(-1) === id) continue;
      visited.push(id);
      await typed[id]?.();
    }
    assert.deepEqual(visited, expected, 'Tab order on complaint.html');
    assert.equal(await page.locator('#f-problemDate').inputValue(), problemDate, 'the typed date');
    assert.equal(await page.locator('#f-category').inputValue(), 'furniture');
    assert.equal(await page.locator('#f-subject').inputValue(), 'quality-defect');

    const response = await submitting(page, '/v1/complaints', () => page.keyboard.press('Enter'));
    const created = await expectSuccess(page, response);
    const stored = await expectStored('complaints', created, email);
    assert.equal(stored.details.quantity, 3);
    assert.equal(stored.details.problemDate, problemDate);
    assert.equal(stored.details.subject, 'quality-defect');
    await screenshot(page, 'complaint-keyboard-success');
  });
});

// ---- survey ------------------------------------------------------------------------

test('survey: the score from the email link is stored at once, thanks are shown, and a comment is saved', {
  timeout: TEST_TIMEOUT_MS,
}, async () => {
  // A sent survey as the mail job leaves it, and the link its email carries.
  const survey = await storeSurvey(aSurvey());
  const token = await linkFor('survey', survey.id);

  await withPage(`survey.html?token=${token}&score=5`, async ({ page, posts }) => {
    const thanks = page.locator('[data-answered]');
    await thanks.waitFor({ state: 'visible' });
    assert.equal((await thanks.getByRole('heading').textContent())?.trim(), '感谢您的反馈！');
    assert.equal((await thanks.locator('.reference').textContent())?.trim(), '您的评分：5');
    assert.equal((await getSurvey(survey.id))?.status, 'answered', 'the one click stored the score');
    assert.equal(new URL(page.url()).searchParams.get('score'), null, 'a reload does not post again');

    // Customer text is shown as text, never as markup.
    const comment = '<b>安装师傅很专业</b>，谢谢！';
    await page.getByLabel('还有什么想告诉我们的吗？').fill(comment);
    await page.getByRole('button', { name: '提交意见', exact: true }).click();
    await page.getByText('您的意见已收到，谢谢！').waitFor();
    assert.equal((await thanks.locator('.quote').textContent())?.trim(), `您的意见：${comment}`);
    assert.equal(await thanks.locator('b').count(), 0);
    assert.deepEqual((await getSurvey(survey.id))?.answer, { score: 5, comment });
    assert.deepEqual(
      posts.map((url) => new URL(url).pathname),
      [`/v1/surveys/${token}`, `/v1/surveys/${token}/comment`],
      'one post for the score, one for the comment',
    );
    await screenshot(page, 'survey-thanks');
  });
});

/**
 * Browser end-to-end test of the staff console (web/console): part of `npm run test:e2e`.
 *
 * A purchaser submits a complaint through the public form; then each role signs in through the
 * local token picker and takes it through the whole internal path in the console — investigation,
 * production approval, reply, CAPA root cause, quality review, CAPA reply, execution report,
 * verification and standard revision — each step through the form generated from its schema.
 * The complaint report must then count it, and the dossier PDF downloads. The queue and the
 * first task form are used with the keyboard only; a wrong submission shows the error summary.
 * Screenshots of every page land in test-results/e2e/.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { roles } from '../../shared/http/roles.ts';
import type { ComplaintReport } from '../../shared/schemas/reports.ts';
import { apiAs, type Claims, fillByName, signIn as signInAs } from './console-helpers.ts';
import { e2eSuite, screenshot } from './harness.ts';
import { fillComplaint, shanghaiDay } from './public-forms.ts';

/** The little of the DOM the in-page functions use (they run in Chromium; the tsconfig has no DOM library). */
interface DomElement {
  readonly id: string;
  readonly name?: string;
  readonly tagName: string;
  getAttribute(name: string): string | null;
}
declare const document: {
  readonly activeElement: DomElement | null;
  querySelector(selector: string): DomElement | null;
};

const suite = e2eSuite('console.e2e.ts', { watchdogMs: 240_000 });
const DEPARTMENT = 'assembly';
/** The month the complaint is received in (Asia/Shanghai), as the reports key it. */
const THIS_MONTH = shanghaiDay(0).slice(0, 7);

before(() => suite.start(), { timeout: 60_000 });
after(() => suite.stop());

interface Task {
  readonly taskId: string;
  readonly step: string;
  readonly complaintId?: string;
  readonly reference?: string;
}
/** GET `path` as a role (the suite's runtime). */
const api = <T>(claims: Claims, path: string) => apiAs<T>(suite, claims, path);
const signIn = (claims: Claims) => signInAs(suite, claims);

/** Waits until the workflow has opened `step` for the complaint (the engine runs asynchronously). */
async function waitForTask(claims: Claims, complaintId: string, step: string): Promise<Task> {
  const deadline = Date.now() + 20_000;
  let seen: Task[] = [];
  while (Date.now() < deadline) {
    seen = (await api<{ items: Task[] }>(claims, '/v1/tasks')).items;
    const task = seen.find((t) => t.complaintId === complaintId && t.step === step);
    if (task) return task;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no ${step} task for ${claims.role}; open: ${seen.map((t) => t.step).join(', ')}`);
}

async function complaintReport(): Promise<ComplaintReport['months'][number]> {
  const report = await api<ComplaintReport>(
    { role: 'manager' },
    `/v1/reports/complaints?from=${THIS_MONTH}&to=${THIS_MONTH}`,
  );
  const month = report.months.find((m) => m.month === THIS_MONTH);
  assert.ok(month, 'the report has this month');
  return month;
}

/** Opens the task of the queue row for `reference` and completes it with `values`. */
async function completeFromQueue(
  page: Page,
  reference: string,
  values: Record<string, string>,
  shot: string,
) {
  await page.goto(`${suite.baseUrl()}/console/#/queue`);
  const row = page.getByTestId('task-row').filter({ hasText: reference });
  await row.getByRole('link').first().click();
  const form = page.getByTestId('task-form');
  await form.waitFor();
  await fillByName(form, values);
  await screenshot(page, `console-${shot}`);
  await form.locator('button[type="submit"]').click();
  await page.getByText('已提交').first().waitFor();
}

const steps: {
  step: string;
  claims: Claims;
  values: Record<string, string>;
}[] = [
  {
    step: 'productionApproval',
    claims: { role: 'production' },
    values: { decision: 'approve' },
  },
  {
    step: 'customerReply',
    claims: { role: 'customer-service' },
    values: { reply: '经调查为焊接工艺问题，我们将免费更换桌面并重新焊接，本周五上门。', channel: 'email' },
  },
  {
    step: 'rootCause',
    claims: { role: 'department', department: DEPARTMENT },
    values: {
      rootCause: '焊接夹具磨损，焊点熔深不足。',
      correctiveMeasures: '更换夹具，返修同批次产品。',
      preventiveMeasures: '夹具每周点检，焊点抽检比例提高到 5%。',
    },
  },
  { step: 'qualityReview', claims: { role: 'quality' }, values: { decision: 'approve' } },
  {
    step: 'capaReply',
    claims: { role: 'customer-service' },
    values: { reply: '纠正预防措施已批准：更换夹具并加强点检。', channel: 'email' },
  },
  {
    step: 'executionReport',
    claims: { role: 'department', department: DEPARTMENT },
    values: { report: '夹具已更换，同批次 40 张课桌已返修。', completedOn: shanghaiDay(0) },
  },
  {
    step: 'verification',
    claims: { role: 'quality' },
    values: { result: 'effective', notes: '回访一个月无复发，措施有效。' },
  },
  {
    step: 'standardRevision',
    claims: { role: 'department', department: DEPARTMENT },
    values: { notes: '焊接作业指导书已修订（WI-HJ-03 第 4 版）。' },
  },
];

test('every role signs in through the token picker and sees its start page', {
  timeout: 90_000,
}, async () => {
  for (const role of roles) {
    const claims: Claims = {
      role,
      ...(role === 'office' ? { office: 'bj' } : {}),
      ...(role === 'department' ? { department: DEPARTMENT } : {}),
    };
    const { context, page, errors } = await signIn(claims);
    try {
      await page.locator('main h1').first().waitFor();
      await screenshot(page, `console-home-${role}`);
      assert.deepEqual(
        errors.map((e) => e.message),
        [],
        `script errors for ${role}`,
      );
    } finally {
      await context.close();
    }
  }
});

test('a complaint from the public form goes through the whole procedure in the console, is counted and has a dossier', {
  timeout: 200_000,
}, async () => {
  const before = await complaintReport();

  // 1. The purchaser submits the complaint on the public form.
  const publicContext = await suite.browser().newContext({ timezoneId: 'Asia/Shanghai' });
  const publicPage = await publicContext.newPage();
  await publicPage.goto(`${suite.baseUrl()}/complaint.html`);
  await publicPage.waitForFunction(() =>
    document.querySelector('a[data-keep-lang]')?.getAttribute('href')?.includes('lang='),
  );
  await fillComplaint(publicPage, { email: 'zhang.wei.console@bj1school.example.cn', batch: 'B2026-E2E' });
  const [created] = await Promise.all([
    publicPage.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/v1/complaints')),
    publicPage.getByRole('button', { name: '提交', exact: true }).click(),
  ]);
  assert.equal(created.status(), 201);
  const { id, reference } = (await created.json()) as { id: string; reference: string };
  await publicContext.close();

  // 2. Quality: the queue and the investigation form with the keyboard only.
  await waitForTask({ role: 'quality' }, id, 'investigation');
  const quality = await signIn({ role: 'quality' });
  try {
    const { page } = quality;
    await page.goto(`${suite.baseUrl()}/console/#/queue`);
    const rowLink = page.getByTestId('task-row').filter({ hasText: reference }).getByRole('link').first();
    await rowLink.waitFor();
    await screenshot(page, 'console-queue-quality');
    let reached = false;
    for (let i = 0; i < 80 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await rowLink.evaluate((el) => el === document.activeElement);
    }
    assert.ok(reached, 'Tab reaches the task in the queue');
    await page.keyboard.press('Enter');
    const form = page.getByTestId('task-form');
    await form.waitFor();
    await screenshot(page, 'console-complaint-quality');

    // Tab walks every control of the form in order, then its submit button; Enter on it submits.
    const controls = await form
      .locator('input, textarea, select, button[type="submit"]')
      .evaluateAll((els) =>
        els.map((el) => (el as DomElement).id || (el as DomElement).name || (el as DomElement).tagName),
      );
    const submit = form.locator('button[type="submit"]');
    await form.locator('input, textarea, select').first().focus();
    const visited: string[] = [];
    for (let i = 0; i < 60; i++) {
      const focused = await page.evaluate(() => {
        const el = document.activeElement;
        return el ? el.id || el.name || el.tagName : '';
      });
      if (!visited.includes(focused)) visited.push(focused);
      if (await submit.evaluate((el) => el === document.activeElement)) break;
      await page.keyboard.press('Tab');
    }
    const radioNames = controls.filter((c) => !visited.includes(c));
    assert.ok(
      await submit.evaluate((el) => el === document.activeElement),
      `Tab reaches the submit button; visited ${visited.join(' ')}`,
    );
    // Radio groups take one Tab stop: everything else must have been visited.
    for (const missing of radioNames) {
      assert.ok(
        (await form
          .locator(`[id="${missing}"][type="radio"], input[type="radio"][name="${missing}"]`)
          .count()) > 0,
        `Tab skipped ${missing}`,
      );
    }
    await page.keyboard.press('Enter');
    const summary = page.getByTestId('error-summary');
    await summary.getByRole('link').first().waitFor();
    assert.equal(await summary.getAttribute('role'), 'alert', 'errors are announced (role=alert)');
    assert.equal(await summary.getAttribute('aria-live'), 'assertive');
    assert.ok(
      await summary.evaluate((el) => el === document.activeElement),
      'focus moves to the error summary',
    );
    assert.ok((await form.locator('[aria-invalid="true"]').count()) > 0, 'fields are marked invalid');
    await screenshot(page, 'console-task-form-errors');
    await fillByName(form, {
      findings: '桌面开裂为焊点熔深不足所致，属生产工艺问题。',
      responsibility: 'internal',
      responsibleDepartmentId: DEPARTMENT,
      preliminaryLossCny: '1200.50',
      cause: 'workmanship',
      factory: '天津工厂',
      handlingOpinion: '免费更换桌面并重新焊接，同批次返修。',
    });
    await submit.focus();
    await page.keyboard.press('Enter');
    await page.getByText('已提交').first().waitFor();
    assert.deepEqual(
      quality.errors.map((e) => e.message),
      [],
    );
  } finally {
    await quality.context.close();
  }

  // 3. Every later step by its role, from the queue.
  for (const { step, claims, values } of steps) {
    await waitForTask(claims, id, step);
    const signedIn = await signIn(claims);
    try {
      await completeFromQueue(signedIn.page, reference, values, `task-${step}`);
      assert.deepEqual(
        signedIn.errors.map((e) => e.message),
        [],
        `script errors at ${step}`,
      );
    } finally {
      await signedIn.context.close();
    }
  }

  // 4. The complaint is archived; the manager sees it counted in the report and downloads the dossier.
  const deadline = Date.now() + 20_000;
  let status = '';
  while (Date.now() < deadline && status !== 'ARCHIVED') {
    status = (await api<{ status: string }>({ role: 'manager' }, `/v1/complaints/${id}`)).status;
    if (status !== 'ARCHIVED') await new Promise((r) => setTimeout(r, 250));
  }
  assert.equal(status, 'ARCHIVED');
  const afterwards = await complaintReport();
  assert.equal(afterwards.received, before.received + 1, 'received');
  assert.equal(afterwards.responsibility.internal, before.responsibility.internal + 1, 'internal');
  assert.equal(afterwards.capa.effective, before.capa.effective + 1, 'CAPA effective');
  assert.equal(
    afterwards.capa.firstTimeEffective,
    before.capa.firstTimeEffective + 1,
    'first-time effective',
  );
  assert.equal(afterwards.closing.closed, before.closing.closed + 1, 'closed');

  const manager = await signIn({ role: 'manager' });
  try {
    const { page } = manager;
    await page.goto(`${suite.baseUrl()}/console/#/reports/complaints?from=${THIS_MONTH}&to=${THIS_MONTH}`);
    await page.getByTestId('chart-capa').waitFor();
    const capaTable = (await page.getByTestId('chart-capa').locator('table').first().textContent()) ?? '';
    assert.ok(
      capaTable.includes(String(afterwards.capa.effective)),
      `the CAPA table shows ${afterwards.capa.effective} effective:\n${capaTable}`,
    );
    await screenshot(page, 'console-report-complaints');
    await page.goto(
      `${suite.baseUrl()}/console/#/reports/pareto?by=cause&from=${THIS_MONTH}&to=${THIS_MONTH}`,
    );
    await page.getByTestId('chart-pareto').waitFor();
    await screenshot(page, 'console-report-pareto');

    await page.goto(`${suite.baseUrl()}/console/#/complaints/${id}`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /下载档案/ }).click(),
    ]);
    const pdf = await readFile(await download.path());
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-', 'the dossier is a PDF');
    await screenshot(page, 'console-complaint-archived');
    assert.deepEqual(
      manager.errors.map((e) => e.message),
      [],
    );
  } finally {
    await manager.context.close();
  }
});

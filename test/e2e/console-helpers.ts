/**
 * What the console's browser tests share beyond the harness: signing in through the local token
 * picker, filling a form generated from a schema by its fields' names, and reading the API as a
 * role (to check what the console did, not just what it shows).
 */
import assert from 'node:assert/strict';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { type E2e, localToken } from './harness.ts';

export type Claims = { role: string; office?: string; department?: string };

/** GET `path` with a token of `claims`; the JSON body of its 200. */
export async function apiAs<T>(suite: E2e, claims: Claims, path: string): Promise<T> {
  const token = await localToken(suite.baseUrl(), claims);
  const response = await fetch(`${suite.baseUrl()}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const text = await response.text();
  assert.equal(response.status, 200, `GET ${path}: ${text}`);
  return JSON.parse(text) as T;
}

/** A fresh browser profile signed in through the console's local token picker. */
export async function signIn(
  suite: E2e,
  claims: Claims,
): Promise<{ context: BrowserContext; page: Page; errors: Error[] }> {
  const context = await suite.browser().newContext({
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1200, height: 900 },
    acceptDownloads: true,
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors: Error[] = [];
  page.on('pageerror', (error) => errors.push(error));
  await page.goto(`${suite.baseUrl()}/console/`);
  const form = page.getByTestId('local-sign-in');
  await form.getByLabel('角色').selectOption(claims.role);
  if (claims.office) await form.getByLabel('办事处编号').fill(claims.office);
  if (claims.department) await form.getByLabel('部门编号').fill(claims.department);
  await form.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('signed-in-as').waitFor();
  // Signed in at `#/`, the console goes on to the role's start page; a test's own navigation starts after that.
  await page.waitForURL((url) => !['', '#', '#/'].includes(url.hash));
  return { context, page, errors };
}

/**
 * Fills a generated form by field path (`quantity`, `to.departmentId`, `lines.0.partNumber`): text,
 * number and date inputs, text areas, selects, checkboxes (`'true'`) and radio groups, the
 * choice of a variant (`inspection: 'rejected'`) included.
 */
export async function fillByName(form: Locator, values: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(values)) {
    const radio = form.locator(`input[type="radio"][name$="-${name}"][value="${value}"]`);
    if ((await radio.count()) > 0) {
      await radio.check();
      continue;
    }
    const control = form.locator(`[name="${name}"]`);
    assert.equal(await control.count(), 1, `one control named ${name}`);
    const kind = await control.evaluate((el) => `${el.tagName}:${el.getAttribute('type') ?? ''}`);
    if (kind === 'SELECT:') await control.selectOption(value);
    else if (kind === 'INPUT:checkbox') await control.setChecked(value === 'true');
    else await control.fill(value);
  }
}

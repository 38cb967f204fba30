/**
 * What the browser suites (test/e2e/*.e2e.ts) share: the whole system started in-process on
 * free loopback ports (its own DynamoDB Local in memory and SES stand-in, demo data seeded),
 * Debian's Chromium driven by playwright-core (no browser downloads), a watchdog, and a
 * clean stop on any exit. Screenshots go to test-results/e2e/ (git-ignored, kept by CI).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { freePort } from '../../local/ports.ts';
import { type Runtime, startRuntime } from '../../local/runtime.ts';

export const projectRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** The Debian package's Chromium (CI installs it); CHROMIUM_PATH may point elsewhere. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const SCREENSHOTS = join(projectRoot, 'test-results', 'e2e');

export interface E2e {
  readonly runtime: () => Runtime;
  readonly browser: () => Browser;
  readonly baseUrl: () => string;
  /** Starts the runtime and the browser (call from `before`). */
  start(): Promise<void>;
  /** Stops the browser and the runtime once (call from `after`). */
  stop(): Promise<void>;
}

/**
 * One suite's system and browser. `watchdogMs` bounds the whole run, cleanup included: a hung
 * browser or runtime ends the process with a clear line instead of hanging CI.
 */
export function e2eSuite(name: string, { watchdogMs }: { watchdogMs: number }): E2e {
  // Checked before anything starts, so the one line that matters is not buried in test output.
  if (!existsSync(CHROMIUM)) {
    console.error(
      `\n${name}: Chromium was not found at ${CHROMIUM} (playwright-core downloads no browsers).\n` +
        'Install it with: apt-get install -y chromium   (or point CHROMIUM_PATH at a Chromium binary)\n',
    );
    process.exit(1);
  }
  let runtime: Runtime | undefined;
  let browser: Browser | undefined;
  let cleanup: Promise<void> | undefined;
  const stop = () => {
    cleanup ??= (async () => {
      await browser?.close().catch((error: unknown) => console.error('browser.close failed:', error));
      await runtime?.stop().catch((error: unknown) => console.error('runtime.stop failed:', error));
    })();
    return cleanup;
  };
  let aborting = false;
  const abort = async (reason: string) => {
    if (aborting) return;
    aborting = true;
    console.error(`\n${reason}: stopping the browser and the runtime.`);
    await Promise.race([stop(), new Promise((r) => setTimeout(r, 8_000))]);
    process.exit(1);
  };
  setTimeout(() => void abort(`${name} took longer than ${watchdogMs / 1000} s`), watchdogMs).unref();
  // Playwright's own signal handlers are off (see launch): they would exit before the runtime stops.
  process.on('SIGINT', () => void abort('SIGINT'));
  process.on('SIGTERM', () => void abort('SIGTERM'));

  const start = async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const [dynamoPort, sesPort] = [await freePort(), await freePort()];
    // Both at once; each is kept as soon as it is up, so stop() can stop it whatever else failed.
    const started = await Promise.allSettled([
      startRuntime({
        projectRoot,
        port: 0,
        tableName: 'aftersales-e2e',
        dynamo: { port: dynamoPort },
        ses: { port: sesPort },
        tokenSecret: randomBytes(16).toString('hex'),
        seed: true,
        timers: false,
        logLevel: 'SILENT',
      }).then((started) => {
        runtime = started;
      }),
      chromium
        .launch({
          executablePath: CHROMIUM,
          args: CHROMIUM_ARGS,
          handleSIGINT: false,
          handleSIGTERM: false,
          handleSIGHUP: false,
        })
        .then((launched) => {
          browser = launched;
        }),
    ]);
    for (const outcome of started) if (outcome.status === 'rejected') throw outcome.reason;
  };
  const theRuntime = () => {
    assert.ok(runtime, 'the runtime did not start');
    return runtime;
  };
  return {
    runtime: theRuntime,
    browser: () => {
      assert.ok(browser, 'the browser did not start');
      return browser;
    },
    baseUrl: () => theRuntime().url,
    start,
    stop,
  };
}

/** A local sign-in token, as the console's token picker gets one. */
export async function localToken(baseUrl: string, claims: Record<string, string>): Promise<string> {
  const response = await fetch(`${baseUrl}/_local/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(claims),
  });
  assert.equal(response.status, 200, 'POST /_local/token');
  return ((await response.json()) as { token: string }).token;
}

export const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

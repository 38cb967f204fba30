import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stop } from 'esbuild';
import { buildConsole } from '../../scripts/lib/console-build.ts';

describe('the staff console build', () => {
  let outDir: string;
  beforeAll(() => {
    outDir = mkdtempSync(join(tmpdir(), 'console-build-test-'));
  });
  afterAll(async () => {
    rmSync(outDir, { recursive: true, force: true });
    // esbuild keeps its service process for the next build: end it, so jest's worker can exit.
    await stop();
  });

  it('bundles the app beside its page and styles, with nothing of Node left in it', async () => {
    await buildConsole(outDir, { minify: true });

    for (const file of ['app.js', 'index.html', 'console.css'])
      expect(existsSync(join(outDir, file))).toBe(true);
    const app = readFileSync(join(outDir, 'app.js'), 'utf8');
    expect(app).not.toContain('process.env');
    expect(app).not.toMatch(/from\s*["']node:/);
    expect(readFileSync(join(outDir, 'index.html'), 'utf8')).toContain('src="app.js"');
  }, 60_000);
});

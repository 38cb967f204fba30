import { copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, buildSync } from 'esbuild';

const consoleDir = resolve(fileURLToPath(new URL('../../web/console', import.meta.url)));
/** The static files beside the bundle (config.json is not one: each runtime writes its own). */
const staticFiles = ['index.html', 'console.css'];

const options = (outDir: string, minify: boolean): BuildOptions => ({
  entryPoints: [join(consoleDir, 'src', 'main.tsx')],
  outfile: join(outDir, 'app.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome120', 'firefox120', 'safari17'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  minify,
  sourcemap: minify ? false : 'inline',
  legalComments: 'none',
  logLevel: 'warning',
});

const copyStatic = (outDir: string) => {
  for (const file of staticFiles) copyFileSync(join(consoleDir, file), join(outDir, file));
  // The palette the public forms and the console share.
  copyFileSync(join(consoleDir, '..', 'palette.css'), join(outDir, 'palette.css'));
};

/**
 * Builds the staff console (web/console) into `outDir`: `npm start` serves it, CDK uploads it to S3.
 * esbuild bundles Preact, Chart.js and the shared schemas and messages in about a second.
 */
export async function buildConsole(outDir: string, { minify = false } = {}): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  await build(options(outDir, minify));
  copyStatic(outDir);
}

/** The same, synchronously, for `cdk synth` (constructs are built synchronously). */
export function buildConsoleSync(outDir: string, { minify = true } = {}): void {
  mkdirSync(outDir, { recursive: true });
  buildSync(options(outDir, minify));
  copyStatic(outDir);
}

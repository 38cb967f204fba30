import { execFileSync, execSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { esbuildOptionsFor, projectPath, projectRoot } from '../../infra/constructs/bundling.ts';
import { functionClasses, functionOverrides } from '../../infra/constructs/project-function.ts';
import type { AftersalesStack } from '../../infra/stacks/aftersales-stack.ts';
import { FONT_DIR_VARIABLE } from '../../shared/pdf/fonts.ts';
import { pdfText } from '../support/pdf-text.ts';
import { logicalIdOf, ofType, type Resource, synthesize } from './template.ts';

let stack: AftersalesStack;
let resources: Record<string, Resource>;
let functions: [string, Resource][];

beforeAll(() => {
  ({ stack, resources, functions } = synthesize());
});

const variablesOf = (fn: Resource) =>
  (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;

describe('the dossier function', () => {
  it('has its own 1024 MB function, the only one told where the fonts are', () => {
    const dossierId = logicalIdOf(stack, stack.functions.byArea.dossier);
    const dossier = resources[dossierId];

    expect(dossier?.Properties.MemorySize).toBe(1024);
    expect(dossier?.Properties.Timeout).toBe(functionClasses.api.timeout.toSeconds());
    expect(dossier && variablesOf(dossier)[FONT_DIR_VARIABLE]).toBe('/var/task/fonts');
    const others = functions.filter(([id]) => id !== dossierId);
    expect(others.length).toBeGreaterThan(0);
    for (const [, fn] of others) expect(variablesOf(fn)[FONT_DIR_VARIABLE]).toBeUndefined();
  });

  it('is served through an API that passes application/pdf through as binary', () => {
    const [[, api] = []] = ofType(resources, 'AWS::ApiGateway::RestApi');

    expect(api?.Properties.BinaryMediaTypes).toEqual(['application/pdf']);
  });

  it('renders Chinese from its bundle and the fonts its bundling copies, without node_modules', async () => {
    const out = mkdtempSync(join(tmpdir(), 'dossier-bundle-'));
    try {
      // A stand-in entry for the renderer (the handler itself needs DynamoDB), built exactly as
      // the function is, then the function's own afterBundling commands.
      const entry = join(out, 'entry.ts');
      writeFileSync(
        entry,
        `import { renderDossier } from ${JSON.stringify(projectPath('shared/pdf/dossier.ts'))};
import { loadDossierFonts } from ${JSON.stringify(projectPath('shared/pdf/fonts.ts'))};
const complaint = { id: 'c', kind: 'complaint', reference: 'TS-20261127-0001', status: 'RECEIVED',
  channel: 'web', receivedAt: '2026-11-27T01:00:00.000Z', createdAt: '2026-11-27T01:00:00.000Z',
  updatedAt: '2026-11-27T01:00:00.000Z', version: 1, organization: '北京市第一中学', title: '课桌',
  submitter: { organization: '北京市第一中学', contactName: '张伟', language: 'zh-CN' },
  details: { description: '桌面出现裂缝，边角翘起。' } };
const pdf = await renderDossier({ complaint, timeline: [], chain: { intact: true } },
  { language: 'zh-CN', generatedAt: new Date(), fonts: await loadDossierFonts() });
process.stdout.write(pdf.toString('base64'));
`,
      );
      const bundleDir = join(out, 'asset');
      await build({ ...esbuildOptionsFor(entry, join(bundleDir, 'index.mjs')), logLevel: 'silent' });
      const hooks = functionOverrides['http-dossier']?.bundling?.commandHooks;
      for (const command of hooks?.afterBundling(projectRoot, bundleDir) ?? []) execSync(command);

      const fonts = readdirSync(join(bundleDir, 'fonts')).sort();
      const pdf = execFileSync(process.execPath, [join(bundleDir, 'index.mjs')], {
        cwd: bundleDir,
        env: { PATH: process.env.PATH ?? '', [FONT_DIR_VARIABLE]: join(bundleDir, 'fonts') },
        maxBuffer: 16 * 1024 * 1024,
      });
      const bytes = Buffer.from(pdf.toString(), 'base64');

      expect(fonts).toEqual(['NotoSansSC_400Regular.ttf', 'NotoSansSC_700Bold.ttf', 'OFL.txt']);
      expect(statSync(join(bundleDir, 'fonts', 'NotoSansSC_400Regular.ttf')).size).toBeGreaterThan(5e6);
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(await pdfText(bytes)).toContain('桌面出现裂缝，边角翘起。');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

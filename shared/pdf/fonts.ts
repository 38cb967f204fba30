import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';

/** Noto Sans SC (SIL OFL 1.1), from its npm package: full TTFs, so every Chinese character a customer types renders. */
export const fontPackage = '@expo-google-fonts/noto-sans-sc';

/** The two weights the dossier uses, as paths inside the package. */
export const dossierFontFiles = {
  regular: '400Regular/NotoSansSC_400Regular.ttf',
  bold: '700Bold/NotoSansSC_700Bold.ttf',
} as const;

/**
 * A folder holding the font files flat: set on the dossier's Lambda function, whose asset carries
 * them beside the bundle (infra/constructs/bundling.ts). Unset (npm start, tests): the package in node_modules.
 */
export const FONT_DIR_VARIABLE = 'DOSSIER_FONT_DIR';

/** The font files as the renderer gets them. */
export interface DossierFonts {
  readonly regular: Buffer;
  readonly bold: Buffer;
}

function fontPath(file: string): string {
  const folder = process.env[FONT_DIR_VARIABLE];
  if (folder) return join(folder, basename(file));
  // Resolved only without the variable: the bundled function has no node_modules.
  const packageJson = createRequire(import.meta.url).resolve(`${fontPackage}/package.json`);
  return join(dirname(packageJson), file);
}

let loading: Promise<DossierFonts> | undefined;

/** Reads the fonts once per process (about 21 MB): a warm function renders without touching the disk. */
export function loadDossierFonts(): Promise<DossierFonts> {
  loading ??= Promise.all([
    readFile(fontPath(dossierFontFiles.regular)),
    readFile(fontPath(dossierFontFiles.bold)),
  ]).then(([regular, bold]) => ({ regular, bold }));
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

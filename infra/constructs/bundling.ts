import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, type NodejsFunctionProps, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';
import { dossierFontFiles, FONT_DIR_VARIABLE, fontPackage } from '../../shared/pdf/fonts.ts';

/** Entries and the lock file resolve from the repository root, whatever directory cdk or jest runs in. */
export const projectRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const projectPath = (relative: string) => resolve(projectRoot, relative);

/** Where the AWS SDK v3 comes from: inside each bundle, or the copy the Lambda runtime ships. */
export type AwsSdk = 'bundled' | 'external';

/**
 * External means what the nodejs24.x runtime provides in /var/runtime/node_modules: the AWS SDK v3
 * and the Smithy packages it is built on (CDK's own default with `sdkV3ExcludeSmithyPackages`).
 */
const sdkExternals: Record<AwsSdk, string[]> = { bundled: [], external: ['@aws-sdk/*', '@smithy/*'] };

/**
 * The deployed choice: the AWS SDK v3 is bundled, so the version we test is the version that runs,
 * instead of whatever the Lambda runtime happens to ship that week. `npm run bench` measures both
 * variants: external bundles are smaller but load no faster (docs/performance.md, decisions 16).
 */
const deployedAwsSdk = 'bundled' as AwsSdk;

/**
 * One set of constants feeds both the CDK bundling options and `esbuildOptionsFor`, so the bundle
 * the benchmark measures is the bundle Lambda runs.
 */
const build = {
  format: OutputFormat.ESM,
  target: 'node24',
  minify: true,
  // Problem types are derived from error class names (shared/http/problem.ts): keep them minified.
  keepNames: true,
  sourceMap: true,
  mainFields: ['module', 'main'],
  // ESM output has no `require`; CommonJS dependencies bundled into it still call it.
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  awsSdk: deployedAwsSdk,
  external: sdkExternals[deployedAwsSdk],
} as const;

export const bundling: BundlingOptions = {
  format: build.format,
  target: build.target,
  minify: build.minify,
  keepNames: build.keepNames,
  sourceMap: build.sourceMap,
  mainFields: [...build.mainFields],
  banner: build.banner,
  externalModules: build.external,
  bundleAwsSDK: build.awsSdk === 'bundled',
};

/** Where the dossier function's fonts sit in its asset, and so in the running function. */
export const dossierFontAssetDir = 'fonts';

/**
 * The dossier function's bundle (GET /v1/complaints/{id}/dossier.pdf): the usual one, plus the two
 * Noto Sans SC files (about 21 MB, read at run time, not bundled) and their licence (the SIL OFL
 * asks that copies carry it) beside it. Only this function carries them; the others stay small.
 */
export const dossierBundling: BundlingOptions = {
  ...bundling,
  commandHooks: {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir: string, outputDir: string) => {
      const source = `${inputDir}/node_modules/${fontPackage}`;
      const target = `${outputDir}/${dossierFontAssetDir}`;
      return [
        `mkdir -p "${target}"`,
        ...Object.values(dossierFontFiles).map((file) => `cp "${source}/${file}" "${target}/"`),
        `cp "${source}/LICENSE_FONT" "${target}/OFL.txt"`,
      ];
    },
  },
};

/** Tells the dossier function where its fonts are: Lambda unpacks the asset in /var/task. */
export const dossierEnvironment = { [FONT_DIR_VARIABLE]: `/var/task/${dossierFontAssetDir}` } as const;

/** Settings every function shares; callers add entry, environment, timeout and log group. */
export const functionDefaults = {
  runtime: Runtime.NODEJS_24_X,
  architecture: Architecture.ARM_64,
  // CPU scales with memory: 512 MB keeps cold starts of the bundled SDK short at little cost.
  memorySize: 512,
  projectRoot,
  depsLockFilePath: projectPath('package-lock.json'),
  bundling,
} satisfies Partial<NodejsFunctionProps>;

/**
 * The same build as `bundling`, for running esbuild directly (scripts/bench.ts measures bundle sizes
 * and load times). `awsSdk` picks the variant; the default is the deployed one.
 */
export function esbuildOptionsFor(
  entry: string,
  outfile: string,
  { awsSdk = build.awsSdk }: { awsSdk?: AwsSdk } = {},
): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: build.format,
    target: build.target,
    minify: build.minify,
    keepNames: build.keepNames,
    sourcemap: build.sourceMap,
    mainFields: [...build.mainFields],
    banner: { js: build.banner },
    external: [...sdkExternals[awsSdk]],
  };
}

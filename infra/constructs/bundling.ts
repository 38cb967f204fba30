import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, type NodejsFunctionProps, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';

/** Entries and the lock file resolve from the repository root, whatever directory cdk or jest runs in. */
export const projectRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const projectPath = (relative: string) => resolve(projectRoot, relative);

/**
 * One set of constants feeds both the CDK bundling options and `esbuildOptionsFor`, so the bundle
 * the benchmark measures is the bundle Lambda runs.
 */
const build = {
  format: OutputFormat.ESM,
  target: 'node24',
  minify: true,
  sourceMap: true,
  mainFields: ['module', 'main'],
  // ESM output has no `require`; CommonJS dependencies bundled into it still call it.
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  // Nothing external: the AWS SDK v3 is bundled so the version we test is the version that runs,
  // instead of whatever the Lambda runtime happens to ship that week.
  external: [] as string[],
} as const;

export const bundling: BundlingOptions = {
  format: build.format,
  target: build.target,
  minify: build.minify,
  sourceMap: build.sourceMap,
  mainFields: [...build.mainFields],
  banner: build.banner,
  externalModules: build.external,
  bundleAwsSDK: true,
};

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

/** The same build as `bundling`, for running esbuild directly (scripts/bench.ts measures bundle sizes). */
export function esbuildOptionsFor(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: build.format,
    target: build.target,
    minify: build.minify,
    sourcemap: build.sourceMap,
    mainFields: [...build.mainFields],
    banner: { js: build.banner },
    external: [...build.external],
  };
}

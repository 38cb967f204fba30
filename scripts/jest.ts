// `npm test`: runs Jest with ESM enabled and ends with the plain `N passed, N failed` line CI reads.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const resultsFile = join(mkdtempSync(join(tmpdir(), 'aftersales-jest-')), 'results.json');
const jest = spawnSync(
  process.execPath,
  ['node_modules/jest/bin/jest.js', '--json', `--outputFile=${resultsFile}`, ...process.argv.slice(2)],
  {
    stdio: 'inherit',
    env: {
      ...process.env,
      NODE_OPTIONS:
        `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --no-warnings=ExperimentalWarning`.trim(),
    },
  },
);
try {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  console.log(`${results.numPassedTests} passed, ${results.numFailedTests} failed`);
} catch {
  console.log('0 passed, 1 failed');
}
process.exit(jest.status ?? 1);

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../local/ports.ts';
import { type Runtime, startRuntime } from '../../local/runtime.ts';
import { aComplaint } from '../support/builders.ts';
import { projectRoot, TEST_TOKEN_SECRET } from '../support/runtime.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'aftersales-restart-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function boot(dynamoPort: number): Promise<Runtime> {
  return startRuntime({
    projectRoot,
    port: 0,
    tableName: 'aftersales-restart',
    dynamo: { port: dynamoPort, dataDir },
    ses: { endpoint: process.env.TEST_SES_ENDPOINT ?? '' },
    tokenSecret: TEST_TOKEN_SECRET,
    seed: true,
    timers: false,
    logLevel: 'SILENT',
  });
}

const post = async (url: string) => {
  const response = await fetch(`${url}/v1/complaints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(aComplaint()),
  });
  return (await response.json()) as { id: string; reference: string };
};

describe('npm start after a restart', () => {
  it('keeps the stored cases, seeds the demo data only once and continues the reference counter', async () => {
    const dynamoPort = await freePort();
    const first = await boot(dynamoPort);
    let before: { id: string; reference: string };
    try {
      before = await post(first.url);
      expect(first.seeded).toBe(true);
    } finally {
      await first.stop();
    }

    const second = await boot(dynamoPort);
    try {
      const tokenResponse = await fetch(`${second.url}/_local/token`, {
        method: 'POST',
        body: '{"role":"manager"}',
      });
      const { token } = (await tokenResponse.json()) as { token: string };
      const stored = await fetch(`${second.url}/v1/complaints/${before.id}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const after = await post(second.url);

      expect(second.seeded).toBe(false);
      expect(stored.status).toBe(200);
      expect(((await stored.json()) as { reference: string }).reference).toBe(before.reference);
      expect(Number(after.reference.split('-')[2])).toBe(Number(before.reference.split('-')[2]) + 1);
    } finally {
      await second.stop();
    }
  });
});

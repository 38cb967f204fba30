import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConsole } from '../scripts/lib/console-build.ts';
import type { ExtraHandler } from './gateway.ts';
import { staticFiles } from './static-files.ts';

/** What the console reads from `config.json` locally: the API on the same origin, the token picker. */
export const localConsoleConfig = { apiBase: '', auth: { kind: 'local' } } as const;

/**
 * Serves the staff console at `/console/`: built from web/console on the first request (about a
 * second), with the local `config.json`. `stop` removes the build.
 */
export function consoleFiles(): { handler: ExtraHandler; stop: () => void } {
  const outDir = mkdtempSync(join(tmpdir(), 'aftersales-console-'));
  let built: Promise<ExtraHandler> | undefined;
  const handler: ExtraHandler = async (request, response, url, body) => {
    if (url.pathname === '/console') {
      response.writeHead(301, { Location: '/console/' });
      response.end();
      return true;
    }
    if (!url.pathname.startsWith('/console/')) return false;
    if (url.pathname === '/console/config.json') {
      response.writeHead(200, {
        'Content-Type': 'application/json; charset=utf-8',
        'Cache-Control': 'no-cache',
      });
      response.end(JSON.stringify(localConsoleConfig));
      return true;
    }
    built ??= buildConsole(outDir).then(() => staticFiles(outDir));
    const serve = await built;
    const inner = new URL(url.pathname.slice('/console'.length) + url.search, url);
    return serve(request, response, inner, body);
  };
  return { handler, stop: () => rmSync(outDir, { recursive: true, force: true }) };
}

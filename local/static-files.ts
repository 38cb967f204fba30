import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { catalogue } from '../shared/i18n/messages.ts';
import type { ExtraHandler } from './gateway.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/**
 * Serves `web/` (the forms) and `/messages.json`, the message catalogue the pages
 * translate themselves with: built from shared/i18n, as the deployment does.
 */
export function staticFiles(webDir: string): ExtraHandler {
  const messages = JSON.stringify(catalogue);
  return async (request, response, url) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    if (url.pathname.startsWith('/v1/') || url.pathname.startsWith('/_local/')) return false;
    if (url.pathname === '/messages.json') {
      response.writeHead(200, { 'Content-Type': TYPES['.json'] ?? '', 'Cache-Control': 'no-cache' });
      response.end(messages);
      return true;
    }
    const relative = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
    const file = join(webDir, relative === '' ? 'index.html' : relative);
    if (!file.startsWith(webDir + sep) && file !== webDir) return false;
    const target = await stat(file).then(
      (s) => (s.isDirectory() ? join(file, 'index.html') : file),
      () => undefined,
    );
    if (!target) return false;
    const content = await readFile(target).catch(() => undefined);
    if (!content) return false;
    response.writeHead(200, {
      'Content-Type': TYPES[extname(target)] ?? 'application/octet-stream',
      'Cache-Control': 'no-cache',
    });
    response.end(request.method === 'HEAD' ? undefined : content);
    return true;
  };
}

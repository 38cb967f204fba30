import { readFileSync } from 'node:fs';
import { buildOpenApiDocument } from '../../shared/http/openapi.ts';
import { routeList } from '../../shared/http/routes.ts';

const document = buildOpenApiDocument();

describe('the OpenAPI document', () => {
  it('is committed up to date (run `npm run openapi` after changing routes or schemas)', () => {
    const committed = readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8');
    expect(JSON.parse(committed)).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it('describes every route of the registry exactly once', () => {
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(routeList.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('marks staff routes as needing a bearer token and leaves public ones open', () => {
    for (const route of routeList) {
      const operation = (document.paths as Record<string, Record<string, { security: unknown[] }>>)[
        route.path
      ]?.[route.method.toLowerCase()];
      if (route.access.kind === 'staff') expect(operation?.security).toEqual([{ bearerAuth: [] }]);
      else expect(operation?.security).not.toContainEqual([{ bearerAuth: [] }]);
    }
  });

  it('resolves every schema reference', () => {
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(
      (m) => m[1],
    );
    for (const name of refs) expect(Object.keys(document.components.schemas)).toContain(name);
  });
});

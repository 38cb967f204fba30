import { renderApiDocsPage } from '../../shared/http/api-docs-page.ts';
import { areaHandler } from '../../shared/http/handler.ts';
import { buildOpenApiDocument } from '../../shared/http/openapi.ts';
import { ok } from '../../shared/http/result.ts';

// Built once per cold start: the document only changes with a deployment.
const document = buildOpenApiDocument();
const page = renderApiDocsPage(document);

/** The API's own description: OpenAPI 3.1 and a readable page. */
export const handler = areaHandler('docs', {
  getOpenApi: async () => ok(document),
  getApiDocs: async () => ({ status: 200, body: page, contentType: 'text/html; charset=utf-8' }),
});

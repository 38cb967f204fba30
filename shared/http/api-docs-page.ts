import { escapeHtml } from '../mail/html.ts';
import type { buildOpenApiDocument } from './openapi.ts';

type Document = ReturnType<typeof buildOpenApiDocument>;
interface Operation {
  operationId: string;
  tags: string[];
  summary: string;
  description: string;
  parameters: {
    name: string;
    in: string;
    required: boolean;
    description?: string;
    schema: Record<string, unknown>;
  }[];
  requestBody?: { content: Record<string, { schema?: Record<string, unknown> }> };
  responses: Record<string, { description: string }>;
}

/** The problem types an error's `type` links to (`/v1/docs#problem-<name>`). */
const problemTypes: [string, string][] = [
  ['validation', '422: fields are invalid; `errors` names each field with a message.'],
  ['malformed-json', '400: the body is not JSON (or not UTF-8).'],
  ['unsupported-media-type', '415: send `Content-Type: application/json`.'],
  ['payload-too-large', '413: the body is over 64 KiB.'],
  ['unauthorized', '401: no token, or an invalid or expired one.'],
  ['forbidden', '403: the role, office or department may not do this.'],
  ['staff-only-field', '403: only staff may set the named fields (channel, receivedAt, officeId, origin).'],
  ['not-found', '404: no such record, or none the caller may see.'],
  ['route-not-found', '404: no such endpoint.'],
  ['conflict', '409: the record changed meanwhile; read it again and retry.'],
  [
    'idempotency-in-progress',
    '409: a request with this Idempotency-Key is still running; retry after Retry-After.',
  ],
  ['idempotency-mismatch', '422: this Idempotency-Key was used with another body.'],
  ['precondition-failed', '412: If-Match names an old version.'],
  ['invalid-cursor', '400: the pagination cursor is not one this API gave out.'],
  [
    'export-format',
    '400: `format` is not `csv`, the route has no CSV export, or `header` is not `true` or `false`.',
  ],
  ['service-unavailable', '503: a dependency is busy; retry after Retry-After seconds.'],
  ['internal', '500: an unexpected error; quote the requestId.'],
  ['link-invalid', '403: a survey, follow-up or unsubscribe link that was altered or is not ours.'],
  ['gone', '410: the link has expired.'],
  [
    'survey-answered',
    '409: this survey or follow-up was answered already; `survey` carries the first answer.',
  ],
  ['survey-not-answered', '409: a comment can only follow the answer.'],
  ['survey-commented', '409: the survey has its comment already.'],
  ['service-transition', '409: the service request is not in a status that allows this step.'],
  [
    'service-warranty',
    '409: the step does not fit the warranty decision (a quote for a free repair, or none for a chargeable one).',
  ],
  ['illegal-return-transition', '409: the return or exchange is not in a status that allows this step.'],
  ['inquiry-transition', '409: the inquiry is not in a status that allows this step.'],
  [
    'key-part-change-forbidden',
    '403: a key ("three fixed", 三定) part\'s maker, model or specification is changed by management only.',
  ],
  [
    'requisition-refused',
    '409: a requisition rule refuses the step (status, both approvals, two approvers, stock check first, maker change, parts arrived).',
  ],
  [
    'requisition-forbidden',
    '403: not this approver (the department level is its own department head, the plant level management), or a department cancelling after approval.',
  ],
  [
    'scrap-slot-role',
    '403: this role does not give that appraisal (repair team: production; warehouse keeper: warehouse; equipment owner: department).',
  ],
  [
    'scrap-rule',
    '409: the scrap rules refuse the step (not being appraised, slot already given, one person in two slots, appraisals missing, appraiser as approver, units no longer in stock, stock changed); the title says which.',
  ],
  ['inquiry-flagged', '409: the suggestion is flagged already.'],
  [
    'gateway',
    'In AWS, answered by API Gateway or its firewall before any function: 401, 403, 404, 413, or 429 (too many requests from one address or in total; retry later). The title is in Chinese and English.',
  ],
];

const code = (value: unknown) => `<pre><code>${escapeHtml(JSON.stringify(value, null, 2))}</code></pre>`;

function operationHtml(
  method: string,
  path: string,
  op: Operation,
  schemas: Record<string, unknown>,
): string {
  const params = op.parameters
    .map(
      (p) =>
        `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${p.in}</td><td>${p.required ? 'yes' : 'no'}</td><td>${escapeHtml(
          String(p.description ?? p.schema.description ?? p.schema.type ?? ''),
        )}</td></tr>`,
    )
    .join('');
  const bodyRef = String(op.requestBody?.content['application/json']?.schema?.$ref ?? '');
  const bodyName = bodyRef.split('/').pop() ?? '';
  return `<section id="${op.operationId}" class="op">
<h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
<p><strong>${escapeHtml(op.summary)}</strong></p>
${op.description
  .split('\n\n')
  .map((p) => `<p>${escapeHtml(p)}</p>`)
  .join('')}
${params ? `<table><tr><th>Parameter</th><th>In</th><th>Required</th><th>About</th></tr>${params}</table>` : ''}
${bodyName ? `<details><summary>Request body: <code>${escapeHtml(bodyName)}</code></summary>${code(schemas[bodyName])}</details>` : ''}
<p>Responses: ${Object.entries(op.responses)
    .map(([status, r]) => `<span title="${escapeHtml(r.description)}">${status}</span>`)
    .join(' · ')}</p>
</section>`;
}

/** A readable page of the API, rendered from the OpenAPI document (no external assets). */
export function renderApiDocsPage(document: Document): string {
  const schemas = document.components.schemas as Record<string, unknown>;
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op: op as Operation })),
  );
  const tags = [...new Set(operations.map((o) => o.op.tags[0] ?? 'other'))];
  const sections = tags
    .map(
      (tag) =>
        `<h2 id="tag-${tag}">${escapeHtml(tag)}</h2>${operations
          .filter((o) => o.op.tags[0] === tag)
          .map((o) => operationHtml(o.method, o.path, o.op, schemas))
          .join('\n')}`,
    )
    .join('\n');
  const problems = problemTypes
    .map(([name, about]) => `<dt id="problem-${name}"><code>${name}</code></dt><dd>${escapeHtml(about)}</dd>`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(document.info.title)}</title>
<style>body{font-family:system-ui,'PingFang SC','Microsoft YaHei',sans-serif;max-width:60rem;margin:0 auto;padding:1rem;line-height:1.5;color:#1f2933}
.op{border-top:1px solid #d9e2ec;padding:.5rem 0}.method{display:inline-block;min-width:4.5rem;padding:0 .4rem;border-radius:4px;color:#fff;background:#486581;font-size:.85em;text-align:center}
.method.post{background:#2f8132}.method.patch{background:#b7791f}.method.delete{background:#c53030}table{border-collapse:collapse;font-size:.9em}
td,th{border:1px solid #d9e2ec;padding:.2rem .5rem;text-align:left}pre{background:#f0f4f8;padding:.5rem;overflow:auto;font-size:.8em}</style></head>
<body><h1>${escapeHtml(document.info.title)}</h1><p>${escapeHtml(document.info.description)}</p>
<p>Machine-readable: <a href="/v1/openapi.json">/v1/openapi.json</a> (OpenAPI ${document.openapi}). Staff routes need
<code>Authorization: Bearer &lt;token&gt;</code>; locally, <code>POST /_local/token</code> with <code>{"role":"customer-service"}</code> gives one.
Every list and report is also a CSV file with <code>format=csv</code> (UTF-8 with BOM for Excel; a list's next page is in <code>X-Next-Cursor</code> and <code>Link</code>).</p>
<nav>${tags.map((t) => `<a href="#tag-${t}">${escapeHtml(t)}</a>`).join(' · ')} · <a href="#problems">problems</a></nav>
${sections}
<h2 id="problems">Problem types</h2><p>Every error is <code>application/problem+json</code>: <code>{type, title, status, requestId, errors?}</code>.</p><dl>${problems}</dl>
</body></html>`;
}

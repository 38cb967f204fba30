import { z } from 'zod';
import { csvExportOf } from './csv-exports.ts';
import { roles } from './roles.ts';
import type { RouteDefinition } from './route.ts';
import { type RegisteredRoute, type RouteId, routeList } from './routes.ts';

type JsonSchema = Record<string, unknown>;
type Io = 'input' | 'output';

export const problemSchema = z
  .object({
    type: z.string().meta({ description: 'Problem type, a link into the API docs page' }),
    title: z.string().meta({ description: 'What went wrong, in the language asked for by Accept-Language' }),
    status: z.number().int(),
    requestId: z.string().meta({ description: 'Quote it when reporting a problem' }),
    errors: z
      .array(z.object({ field: z.string(), code: z.string(), message: z.string() }))
      .optional()
      .meta({ description: 'One entry per bad field, e.g. `submitter.email`, `query.limit`' }),
  })
  .meta({ id: 'Problem' });

/** Named schemas (`.meta({ id })`) become components; their inline `$defs` are hoisted there. */
class Components {
  readonly schemas: Record<string, JsonSchema> = {};

  toSchema(schema: z.ZodType, io: Io): JsonSchema {
    const {
      $defs,
      $schema: _dialect,
      ...json
    } = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
    }) as JsonSchema & { $defs?: Record<string, JsonSchema> };
    for (const [name, definition] of Object.entries($defs ?? {})) this.add(name, definition);
    return rewriteRefs(json);
  }

  private add(name: string, definition: JsonSchema) {
    const existing = this.schemas[name];
    const rewritten = rewriteRefs(definition);
    if (existing && JSON.stringify(existing) !== JSON.stringify(rewritten)) {
      throw new Error(`two different schemas are named ${name}: give one another id`);
    }
    this.schemas[name] = rewritten;
  }
}

const rewriteRefs = (json: JsonSchema): JsonSchema =>
  JSON.parse(JSON.stringify(json).replaceAll('"#/$defs/', '"#/components/schemas/'));

const hasCsvExport = (id: RouteId) => csvExportOf(id) !== undefined;
/** A list's CSV export pages on with its cursor; a report is one file. */
const isPaged = (route: RouteDefinition) => route.query?.shape.cursor !== undefined;

/** The pipeline's parameters of a CSV export (shared/http/csv-response.ts). */
const csvParameters = [
  {
    name: 'format',
    in: 'query',
    required: false,
    description:
      '`csv`: the same data as a CSV file (UTF-8 with BOM, CRLF, header row in the language of Accept-Language)',
    schema: { type: 'string', enum: ['csv'] },
  },
  {
    name: 'header',
    in: 'query',
    required: false,
    description:
      'With `format=csv`: `false` leaves out the BOM and the header row, for a page appended to the first',
    schema: { type: 'boolean', default: true },
  },
];

function parametersOf(route: RegisteredRoute, components: Components) {
  const fromObject = (schema: z.ZodObject | undefined, where: 'path' | 'query') => {
    if (!schema) return [];
    const json = components.toSchema(schema, 'input') as {
      properties?: Record<string, JsonSchema>;
      required?: string[];
    };
    return Object.entries(json.properties ?? {}).map(([name, property]) => ({
      name,
      in: where,
      required: where === 'path' || (json.required ?? []).includes(name),
      schema: property,
    }));
  };
  const headers = [
    ...(route.idempotent
      ? [
          {
            name: 'Idempotency-Key',
            description: 'Any unique string (e.g. a UUID) per submission; retries reuse it',
          },
        ]
      : []),
    ...(route.headers ?? []),
  ].map((h) => ({
    name: h.name,
    in: 'header',
    required: false,
    description: h.description,
    schema: { type: 'string' },
  }));
  return [
    ...fromObject(route.params, 'path'),
    ...fromObject(route.query, 'query'),
    ...(hasCsvExport(route.id) ? csvParameters : []),
    ...headers,
  ];
}

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

const csvHeaders = (route: RouteDefinition) => ({
  'Content-Disposition': {
    description: 'With `format=csv`: `attachment; filename="<list>-<Shanghai day>.csv"`',
    schema: { type: 'string' },
  },
  ...(isPaged(route)
    ? {
        'X-Next-Cursor': {
          description: 'With `format=csv`: the cursor of the next page; absent on the last page',
          schema: { type: 'string' },
        },
        Link: {
          description:
            'With `format=csv`: `<?...&cursor=...&header=false>; rel="next"`, the next page relative to this request',
          schema: { type: 'string' },
        },
      }
    : {}),
});

function responsesOf(route: RegisteredRoute, components: Components) {
  const responses: Record<string, unknown> = {};
  const csv = hasCsvExport(route.id);
  for (const [status, response] of Object.entries(route.responses)) {
    const contentType = response.contentType ?? 'application/json';
    const media = response.schema ? { schema: components.toSchema(response.schema, 'output') } : {};
    responses[status] =
      csv && status === '200'
        ? {
            description: `${response.description}; with \`format=csv\`, as a CSV file`,
            headers: csvHeaders(route),
            content: { [contentType]: media, 'text/csv': { schema: { type: 'string' } } },
          }
        : { description: response.description, content: { [contentType]: media } };
  }
  if (csv) responses['400'] = problem('`format` is not `csv`, or `header` not `true`/`false`');
  const staffOnly = route.access.kind === 'staff';
  const tokenAccepted =
    staffOnly || (route.access.kind === 'public' && route.access.staffRoles !== undefined);
  if (route.body || route.query || route.params)
    responses['422'] = problem('A field is invalid: `errors` names each one');
  if (route.body) {
    responses['400'] = problem('The body is not JSON');
    responses['413'] = problem('The body is larger than 64 KiB');
    responses['415'] = problem('The body is not application/json');
  }
  if (tokenAccepted) responses['401'] = problem('The token is missing, invalid or expired');
  if (tokenAccepted)
    responses['403'] = problem('The caller may not do this (role, office or staff-only field)');
  if (route.params) responses['404'] = problem('No such record, or not one the caller may see');
  if (route.idempotent || route.method === 'PATCH')
    responses['409'] = problem('Conflict: in progress, or changed meanwhile');
  responses['503'] = problem('Briefly unavailable; retry after Retry-After seconds');
  return responses;
}

function operationOf(route: RegisteredRoute, components: Components) {
  const staffOnly = route.access.kind === 'staff';
  const optionalToken = route.access.kind === 'public' && route.access.staffRoles !== undefined;
  const who =
    route.access.kind === 'staff'
      ? `Staff roles: ${route.access.roles.join(', ')}.`
      : route.access.staffRoles
        ? `Public; staff roles ${route.access.staffRoles.join(', ')} may set staff-only fields.`
        : 'Public.';
  return {
    operationId: route.id,
    tags: [route.area],
    summary: route.summary,
    description: [route.description, who].filter(Boolean).join('\n\n'),
    ...(staffOnly
      ? { security: [{ bearerAuth: [] }] }
      : optionalToken
        ? { security: [{}, { bearerAuth: [] }] }
        : { security: [] }),
    parameters: parametersOf(route, components),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: components.toSchema(route.body, 'input') } },
          },
        }
      : {}),
    responses: responsesOf(route, components),
  };
}

/** The API as an OpenAPI 3.1 document, generated from the route registry and its zod schemas. */
export function buildOpenApiDocument() {
  const components = new Components();
  components.toSchema(problemSchema, 'output');
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routeList) {
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = operationOf(
      route,
      components,
    );
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Aftersales API',
      version: '1',
      description:
        'After-sales service for furniture suppliers: complaints, inquiries, repair requests and customers. ' +
        'Errors are application/problem+json in the language of Accept-Language (zh-CN by default, en).',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(components.schemas).sort(([a], [b]) => a.localeCompare(b))),
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: `Cognito ID token (locally: POST /_local/token). Groups: ${roles.join(', ')}.`,
        },
      },
    },
  };
}

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { z } from 'zod';
import { ForbiddenError, RouteNotFoundError, UnauthorizedError } from '../errors.ts';
import { type Language, negotiateLanguage } from '../i18n/translate.ts';
import { logger } from '../logger.ts';
import { corsHeaders } from './cors.ts';
import { type CsvMode, csvModeOf, csvResult } from './csv-response.ts';
import { withIdempotencyKey } from './idempotency.ts';
import { problemResponse } from './problem.ts';
import { normalizeHeaders, readRequestBody } from './request-body.ts';
import type { HttpResult } from './result.ts';
import { type Caller, hasAnyRole, publicCaller } from './roles.ts';
import type { Area, RouteDefinition } from './route.ts';
import { type RegisteredRoute, type RouteId, type Routes, routeList } from './routes.ts';
import { callerFromClaims, type StaffClaims, verifyBearerToken } from './tokens.ts';
import { parseOrThrow } from './validation.ts';

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a route implementation receives: validated input and who is asking. */
export interface HttpRequest<R extends RouteDefinition> {
  readonly body: Parsed<R['body']>;
  readonly query: Parsed<R['query']>;
  readonly params: Parsed<R['params']>;
  readonly caller: Caller;
  readonly language: Language;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly requestId: string;
  readonly now: Date;
}

export type Implementation<R extends RouteDefinition> = (request: HttpRequest<R>) => Promise<HttpResult>;

/** Every route of an area must be implemented, and nothing else (checked by the compiler). */
export type AreaImplementations<A extends Area> = {
  [K in RouteId as Routes[K]['area'] extends A ? K : never]: Implementation<Routes[K]>;
};

interface PipelineContext extends Context {
  http: {
    language: Language;
    requestId: string;
    headers: Record<string, string>;
    route?: RegisteredRoute;
    caller: Caller;
    body?: unknown;
    query?: unknown;
    params?: unknown;
    /** The query string less the CSV export's own parameters (`format`, `header`). */
    queryParameters?: Record<string, string | undefined>;
    csv?: CsvMode;
  };
}

/** A step of the pipeline. */
type Middleware = MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult, Error, PipelineContext>;

const routesByArea = (area: Area) =>
  new Map(routeList.filter((r) => r.area === area).map((r) => [`${r.method} ${r.path}`, r]));

/** 1. Request id, language and headers, known before anything can fail. */
const requestContext = (): Middleware => ({
  before: ({ event, context }) => {
    const headers = normalizeHeaders(event.headers);
    context.http = {
      headers,
      language: negotiateLanguage(headers['accept-language']),
      requestId: event.requestContext?.requestId ?? context.awsRequestId,
      caller: publicCaller,
    };
  },
});

/**
 * Outermost: names the caller's origin on every response, errors included, when it is one of the
 * configured origins. Registered before the error mapping so it runs after it.
 */
const crossOrigin = (): Middleware => {
  const addHeaders: Middleware['after'] = ({ event, response }) => {
    if (!response) return;
    const origin = event.headers?.origin ?? event.headers?.Origin;
    response.headers = { ...response.headers, ...corsHeaders(origin) };
  };
  return { after: addHeaders, onError: addHeaders };
};

/** Last. Any error becomes problem+json in the caller's language; nothing internal leaks. */
const problemResponses = (): Middleware => ({
  onError: (request) => {
    const http = request.context.http ?? { language: 'zh-CN', requestId: request.context.awsRequestId };
    request.response = problemResponse(request.error, http.language, http.requestId);
  },
});

/** 2. The route this event is for, from the registry (API Gateway passes the resource template). */
const resolveRoute = (area: Area): Middleware => {
  const table = routesByArea(area);
  return {
    before: ({ event, context }) => {
      const route = table.get(`${event.httpMethod} ${event.resource}`);
      if (!route) throw new RouteNotFoundError(`${event.httpMethod} ${event.resource}`);
      context.http.route = route;
    },
  };
};

/**
 * 3. Who is calling. Staff routes sit behind the Cognito authorizer, which puts the
 * claims on the event; on public routes a bearer token is optional and verified here.
 * Authorization runs before body parsing so strangers learn nothing about schemas.
 */
const authorize = (): Middleware => ({
  before: async ({ event, context }) => {
    const { route, headers } = context.http;
    if (!route) return;
    const authorizerClaims = event.requestContext?.authorizer?.claims as StaffClaims | undefined;
    let claims: StaffClaims | undefined = authorizerClaims?.sub ? authorizerClaims : undefined;
    if (!claims && headers.authorization) claims = await verifyBearerToken(headers.authorization);
    const caller = claims ? callerFromClaims(claims) : publicCaller;
    if (route.access.kind === 'staff') {
      if (caller.kind !== 'staff') throw new UnauthorizedError('staff route without a token');
      if (!hasAnyRole(caller, route.access.roles))
        throw new ForbiddenError(`role not allowed on ${route.id}`);
    }
    context.http.caller = caller;
  },
});

/**
 * 4. CSV exports: `format=csv` (and `header`) ask for the route's export (shared/http/csv-exports.ts);
 * they leave the query here, before the route's strict schema sees it. Any other `format`, or
 * `csv` on a route without an export, is 400 naming `query.format`.
 */
const csvExport = (): Middleware => ({
  before: ({ event, context }) => {
    const { route, language } = context.http;
    if (!route) return;
    const { query, csv } = csvModeOf(route.id, event.queryStringParameters ?? {}, language);
    context.http.queryParameters = query;
    if (csv) context.http.csv = csv;
  },
});

/** 5 and 6. Body parsing (JSON, size, content type), then zod validation of params, query and body. */
const validateInput = (): Middleware => ({
  before: ({ event, context }) => {
    const { route, language, headers } = context.http;
    if (!route) return;
    const raw = readRequestBody(event, headers, route.requestBody);
    if (route.params)
      context.http.params = parseOrThrow(route.params, event.pathParameters ?? {}, language, 'params');
    if (route.query) {
      const query = context.http.queryParameters ?? event.queryStringParameters ?? {};
      context.http.query = parseOrThrow(route.query, query, language, 'query');
    }
    if (route.body) context.http.body = parseOrThrow(route.body, raw, language, '');
  },
});

function toProxyResult(result: HttpResult): APIGatewayProxyResult {
  const isJson = result.contentType === undefined;
  if (Buffer.isBuffer(result.body)) {
    // Binary (the dossier PDF): API Gateway decodes it for callers that Accept a binary media type.
    return {
      statusCode: result.status,
      headers: { 'Content-Type': result.contentType ?? 'application/octet-stream', ...result.headers },
      body: result.body.toString('base64'),
      isBase64Encoded: true,
    };
  }
  return {
    statusCode: result.status,
    headers: {
      'Content-Type': result.contentType ?? 'application/json; charset=utf-8',
      ...result.headers,
    },
    body: result.body === undefined ? '' : isJson ? JSON.stringify(result.body) : String(result.body),
  };
}

/**
 * The one middy stack every route shares, in this order: request context and logger ->
 * route -> auth and role check -> CSV export parameters -> body parsing and zod validation ->
 * idempotency -> the implementation (its 200 body encoded as CSV when asked) -> problem+json
 * error mapping (last). One Lambda serves one area.
 */
export function areaHandler<A extends Area>(area: A, implementations: AreaImplementations<A>) {
  const byId = implementations as unknown as Record<string, Implementation<RouteDefinition>>;
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, PipelineContext>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(crossOrigin())
    .use(problemResponses())
    .use(requestContext())
    .use(resolveRoute(area))
    .use(authorize())
    .use(csvExport())
    .use(validateInput())
    .handler(async (event, context) => {
      const { route, caller, language, headers, requestId, body, query, params, csv } = context.http;
      if (!route) throw new RouteNotFoundError('no route');
      const implementation = byId[route.id];
      if (!implementation) throw new RouteNotFoundError(`no implementation for ${route.id}`);
      logger.appendKeys({ route: route.id, requestId });
      const request = { body, query, params, caller, language, headers, requestId, now: new Date() };
      const run = () => implementation(request as HttpRequest<RouteDefinition>);
      const key = headers['idempotency-key'];
      const result =
        route.idempotent && key !== undefined
          ? await withIdempotencyKey(
              key,
              [route.id, caller.kind === 'staff' ? caller.sub : 'public'],
              body,
              context,
              language,
              run,
            )
          : await run();
      if (!csv || result.status !== 200) return toProxyResult(result);
      const parameters = event.queryStringParameters ?? {};
      return toProxyResult(csvResult(result, csv, { language, now: request.now, parameters }));
    });
}

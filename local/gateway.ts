import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { AppError, PayloadTooLargeError, RouteNotFoundError, UnauthorizedError } from '../shared/errors.ts';
import { problemResponse } from '../shared/http/problem.ts';
import { type RegisteredRoute, routeList } from '../shared/http/routes.ts';
import { type StaffClaims, verifyBearerToken } from '../shared/http/tokens.ts';
import { negotiateLanguage } from '../shared/i18n/translate.ts';
import { areaHandlerPath } from '../shared/schedules.ts';
import { concurrencyLimit } from './concurrency.ts';
import { lambdaContext } from './lambda-context.ts';
import { proxyEvent } from './proxy-event.ts';

type ProxyHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
type Invocation = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

/** Anything else the local server answers besides the API: /_local/*, web files. */
export type ExtraHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  body: Buffer,
) => Promise<boolean>;

export interface GatewayOptions {
  readonly port: number;
  readonly projectRoot: string;
  /** Tried in order before the API routes. */
  readonly extras: readonly ExtraHandler[];
  readonly onRequest?: (line: string) => void;
  /** Wraps each API handler invocation (the benchmark attributes DynamoDB calls to requests with it). */
  readonly instrument?: <T>(run: () => Promise<T>) => Promise<T>;
  /**
   * Each area's function: invocations at once, and requests that may wait for one; beyond
   * that 503 with Retry-After, as Lambda throttles a function at its concurrency.
   */
  readonly concurrency?: { readonly perFunction: number; readonly waiting: number };
}

/** API Gateway refuses payloads over 10 MB; locally 1 MB is plenty and keeps memory bounded. */
const MAX_REQUEST_BYTES = 1024 * 1024;
const API_TIMEOUT_MS = 29_000;
/** Enough for a 2-core machine: more at once only queues inside DynamoDB Local. */
const DEFAULT_CONCURRENCY = { perFunction: 8, waiting: 64 };

const isParameter = (segment: string) => segment.startsWith('{');
/** Like API Gateway, a literal segment wins over a `{param}` one: `/v1/x/flagged` before `/v1/x/{id}`. */
const routesBySpecificity = [...routeList].sort((a, b) => {
  const left = a.path.split('/');
  const right = b.path.split('/');
  for (let i = 0; i < Math.min(left.length, right.length); i += 1) {
    const order = Number(isParameter(left[i] ?? '')) - Number(isParameter(right[i] ?? ''));
    if (order !== 0) return order;
  }
  return 0;
});

function matchRoute(
  method: string,
  path: string,
): { route?: RegisteredRoute; params?: Record<string, string>; pathKnown: boolean } {
  const segments = path.split('/');
  let pathKnown = false;
  for (const route of routesBySpecificity) {
    const template = route.path.split('/');
    if (template.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const fits = template.every((part, i) => {
      const given = segments[i] ?? '';
      if (part.startsWith('{') && part.endsWith('}')) {
        if (given === '') return false;
        try {
          params[part.slice(1, -1)] = decodeURIComponent(given);
        } catch {
          return false; // a malformed escape (`%`, `%ED%A0%80`) names no resource: 404
        }
        return true;
      }
      return part === given;
    });
    if (!fits) continue;
    pathKnown = true;
    if (route.method === method) return { route, params, pathKnown };
  }
  return { pathKnown };
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES)
      throw new PayloadTooLargeError('request too large', { titleParams: { limit: MAX_REQUEST_BYTES } });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(response: ServerResponse, result: APIGatewayProxyResult) {
  response.writeHead(result.statusCode, (result.headers ?? {}) as Record<string, string>);
  response.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
}

/**
 * The local API Gateway: routes from the registry, REST proxy events, the Cognito
 * authorizer emulated with local tokens on staff routes, and each area's handler
 * module loaded exactly as Lambda would load it.
 */
export async function startGateway(
  options: GatewayOptions,
): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const handlers = new Map<string, Promise<Invocation>>();
  const { perFunction, waiting } = options.concurrency ?? DEFAULT_CONCURRENCY;
  const handlerFor = (area: string) => {
    let loaded = handlers.get(area);
    if (!loaded) {
      const file = pathToFileURL(resolve(options.projectRoot, areaHandlerPath(area))).href;
      const slot = concurrencyLimit(perFunction, waiting);
      // The Lambda context (its time budget) begins when the invocation gets its turn.
      loaded = import(file).then((module: { handler: ProxyHandler }) =>
        slot((event: APIGatewayProxyEvent) =>
          module.handler(event, lambdaContext(`aftersales-${area}`, API_TIMEOUT_MS)),
        ),
      );
      handlers.set(area, loaded);
    }
    return loaded;
  };

  const server = createServer(async (request, response) => {
    const started = performance.now();
    const url = new URL(request.url ?? '/', 'http://localhost');
    const language = negotiateLanguage(request.headers['accept-language']);
    try {
      const body = await readBody(request);
      for (const extra of options.extras) {
        if (await extra(request, response, url, body)) return;
      }
      const method = request.method ?? 'GET';
      const { route, params, pathKnown } = matchRoute(method, url.pathname);
      if (!route) throw new RouteNotFoundError(`${method} ${url.pathname}${pathKnown ? ' (method)' : ''}`);
      let claims: StaffClaims | undefined;
      if (route.access.kind === 'staff') {
        const authorization = request.headers.authorization;
        if (!authorization) throw new UnauthorizedError('no token');
        claims = await verifyBearerToken(authorization);
      }
      const event = proxyEvent({
        method,
        resource: route.path,
        path: url.pathname,
        pathParameters: params && Object.keys(params).length > 0 ? params : null,
        query: url.searchParams,
        headers: request.headers,
        distinctHeaders: request.headersDistinct,
        body,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        ...(claims ? { claims } : {}),
      });
      const handler = await handlerFor(route.area);
      const invoke = () => handler(event);
      send(response, await (options.instrument ? options.instrument(invoke) : invoke()));
    } catch (error) {
      if (!(error instanceof AppError)) console.error('local gateway error', error);
      const problem = problemResponse(error, language, 'local-gateway');
      // The rest of an oversized body is still on the connection: close it rather than read on.
      if (error instanceof PayloadTooLargeError)
        problem.headers = { ...problem.headers, Connection: 'close' };
      send(response, problem);
    } finally {
      options.onRequest?.(
        `${request.method} ${url.pathname} ${response.statusCode} ${Math.round(performance.now() - started)}ms`,
      );
    }
  });
  await new Promise<void>((ready) => server.listen(options.port, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    server,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

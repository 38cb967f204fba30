import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { StaffClaims } from '../shared/http/tokens.ts';

export interface MatchedRequest {
  readonly method: string;
  readonly resource: string;
  readonly path: string;
  readonly pathParameters: Record<string, string> | null;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** Every header line as sent (Node folds a repeated Content-Type into one in `headers`). */
  readonly distinctHeaders?: NodeJS.Dict<string[]>;
  readonly body: Buffer;
  readonly sourceIp: string;
  readonly claims?: StaffClaims;
}

const single = (headers: IncomingHttpHeaders) =>
  Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]),
  );
const multi = (headers: IncomingHttpHeaders | NodeJS.Dict<string[]>) =>
  Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v : [v ?? '']]));

function queryMaps(query: URLSearchParams) {
  if ([...query.keys()].length === 0) return { single: null, multi: null };
  const multiValue: Record<string, string[]> = {};
  for (const [k, v] of query) multiValue[k] = [...(multiValue[k] ?? []), v];
  // API Gateway's single-value map keeps the last value of a repeated parameter.
  const singleValue = Object.fromEntries(
    Object.entries(multiValue).map(([k, v]) => [k, v[v.length - 1] ?? '']),
  );
  return { single: singleValue, multi: multiValue };
}

/** The REST API (v1) Lambda proxy event API Gateway would send for this request. */
export function proxyEvent(request: MatchedRequest): APIGatewayProxyEvent {
  const now = new Date();
  const query = queryMaps(request.query);
  const textual = request.body.length === 0 || isUtf8(request.body);
  return {
    resource: request.resource,
    path: request.path,
    httpMethod: request.method,
    headers: single(request.headers),
    multiValueHeaders: multi(request.distinctHeaders ?? request.headers),
    queryStringParameters: query.single,
    multiValueQueryStringParameters: query.multi,
    pathParameters: request.pathParameters,
    stageVariables: null,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: request.claims ? { claims: request.claims } : null,
      protocol: 'HTTP/1.1',
      httpMethod: request.method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.sourceIp,
        user: null,
        userAgent: String(request.headers['user-agent'] ?? ''),
        userArn: null,
      },
      path: `/api${request.path}`,
      stage: 'api',
      requestId: randomUUID(),
      requestTimeEpoch: now.getTime(),
      resourceId: 'local',
      resourcePath: request.resource,
    },
    body:
      request.body.length === 0
        ? null
        : textual
          ? request.body.toString('utf8')
          : request.body.toString('base64'),
    isBase64Encoded: !textual,
  };
}

function isUtf8(buffer: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buffer);
    return true;
  } catch {
    return false;
  }
}

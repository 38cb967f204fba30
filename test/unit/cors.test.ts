import type { APIGatewayProxyResult } from 'aws-lambda';
import { lambdaContext } from '../../local/lambda-context.ts';
import { proxyEvent } from '../../local/proxy-event.ts';

process.env.TABLE_NAME = 'unused';
process.env.ALLOWED_ORIGINS = 'https://service.example.cn, https://www.example.cn';
const { handler } = await import('../../functions/http/docs.ts');

/** Calls the docs area function (it needs no table) the way API Gateway would. */
async function call(resource: string, origin?: string): Promise<APIGatewayProxyResult> {
  const event = proxyEvent({
    method: 'GET',
    resource,
    path: resource,
    pathParameters: null,
    query: new URLSearchParams(),
    headers: origin ? { origin } : {},
    body: Buffer.alloc(0),
    sourceIp: '127.0.0.1',
  });
  // The pipeline adds its own fields to the context; API Gateway passes a plain one.
  return (await handler(event, lambdaContext('docs', 25_000) as never)) as APIGatewayProxyResult;
}

describe('CORS headers of function responses', () => {
  it.each(['https://service.example.cn', 'https://www.example.cn'])(
    'name the configured origin %s',
    async (origin) => {
      const response = await call('/v1/openapi.json', origin);
      expect(response.statusCode).toBe(200);
      expect(response.headers).toMatchObject({
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Expose-Headers':
          'ETag, Location, Retry-After, Content-Disposition, X-Next-Cursor, Link',
        Vary: 'Origin',
      });
    },
  );

  it('are on error responses too', async () => {
    const response = await call('/v1/no-such-route', 'https://www.example.cn');
    expect(response.statusCode).toBe(404);
    expect(response.headers?.['Access-Control-Allow-Origin']).toBe('https://www.example.cn');
  });

  it.each([
    ['another origin', 'https://evil.example.com'],
    ['a configured origin with a path', 'https://service.example.cn/x'],
    ['no origin (same-origin or not a browser)', undefined],
  ])('are absent for %s', async (_, origin) => {
    const response = await call('/v1/openapi.json', origin);
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['Access-Control-Allow-Origin']).toBeUndefined();
  });
});

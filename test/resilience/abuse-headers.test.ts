import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { UnsupportedMediaTypeError } from '../../shared/errors.ts';
import { readRequestBody } from '../../shared/http/request-body.ts';
import type { RegisteredRoute } from '../../shared/http/routes.ts';
import {
  expectHarmlessRefusal,
  leavesNoTrace as leftAlone,
  publicBodyRoutes,
  publicSamples,
  rawRequest,
  sendBytes,
} from '../support/fuzz.ts';
import { type ApiResponse, startTestRuntime, type TestRuntime } from '../support/runtime.ts';

/**
 * Header abuse on the public routes that take a body (issue 9, abuse): Idempotency-Keys too long
 * or not printable ASCII, bodies that are not declared as UTF-8 JSON, a second Content-Type, and
 * headers too large for the server. Each is a 4xx saying what is wrong, and nothing is written.
 */

let api: TestRuntime;
const MARKER = `HD${randomUUID().slice(0, 8)}`;
let samples: Awaited<ReturnType<typeof publicSamples>>;
beforeAll(async () => {
  api = await startTestRuntime({ seed: false });
  samples = await publicSamples(MARKER);
});
afterAll(async () => api.stop());

const leavesNoTrace = (attack: () => Promise<void>) => leftAlone(api, MARKER, attack);
const sampleJson = (route: RegisteredRoute) => Buffer.from(JSON.stringify(samples.sampleOf(route).body));

/** The route's sample, valid in every way but the headers given (no Content-Type unless given). */
const sendSample = (route: RegisteredRoute, headers: Record<string, string>) =>
  sendBytes(`${api.url}${samples.pathOf(route)}`, route.method, sampleJson(route), headers);

/** The sample with header lines written exactly as given, on a connection of its own. */
const sendRaw = (route: RegisteredRoute, headers: readonly (readonly [string, string])[]) =>
  rawRequest(api.url, { method: route.method, path: samples.pathOf(route), headers }, sampleJson(route));

const fieldsOf = (response: ApiResponse) =>
  ((response.body as { errors?: { field: string; code: string }[] }).errors ?? []).map(
    (error) => `${error.field}:${error.code}`,
  );

const rows = (routes: readonly RegisteredRoute[]) =>
  routes.map((route) => [route.method, route.path, route] as const);
const json = { 'content-type': 'application/json' };

describe.each(rows(publicBodyRoutes.filter((route) => route.idempotent)))(
  'the Idempotency-Key of %s %s',
  (_method, _path, route) => {
    it('is refused with 422 naming the header when 10 KB long', () =>
      leavesNoTrace(async () => {
        const response = await sendSample(route, { ...json, 'idempotency-key': 'k'.repeat(10 * 1024) });

        expectHarmlessRefusal(response);
        expect(response.status).toBe(422);
        expect(fieldsOf(response)).toEqual(['headers.idempotency-key:too_long']);
      }));

    it.each([
      ['a control character', 'key\x01one'],
      ['DEL', 'key\x7fone'],
      ['a space', 'key one'],
      ['Latin-1 text', 'clé'],
      ['UTF-8 Chinese', Buffer.from('幂等键', 'utf8').toString('latin1')],
    ])('is refused with a 4xx when it holds %s', (_what, key) =>
      leavesNoTrace(async () => {
        const response = await sendRaw(route, [
          ['Content-Type', 'application/json'],
          ['Idempotency-Key', key],
        ]);

        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        // The HTTP server itself refuses control characters; whatever reaches the API names the header.
        if (response.headers.get('content-type')?.startsWith('application/problem+json')) {
          expectHarmlessRefusal(response);
          expect(fieldsOf(response)).toEqual(['headers.idempotency-key:invalid_format']);
        }
      }),
    );

    it('is refused with 422 naming the header when empty', () =>
      leavesNoTrace(async () => {
        const response = await sendSample(route, { ...json, 'idempotency-key': '' });

        expectHarmlessRefusal(response);
        expect(fieldsOf(response)).toEqual(['headers.idempotency-key:invalid_format']);
      }));
  },
);

describe.each(rows(publicBodyRoutes))('the Content-Type of %s %s', (_method, _path, route) => {
  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['text/plain', 'text/plain;charset=UTF-8'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['multipart', 'multipart/form-data; boundary=----abuse'],
    ['JSON in Latin-1', 'application/json; charset=latin1'],
    ['JSON in UTF-16', 'application/json; charset=utf-16'],
    ['two types in one header', 'application/json, text/plain'],
    ['a look-alike', 'application/jsonp'],
    ['text/json', 'text/json'],
  ])('is refused with 415 when %s', (_what, contentType) =>
    leavesNoTrace(async () => {
      const response = await sendSample(
        route,
        contentType === undefined ? {} : { 'content-type': contentType },
      );

      expectHarmlessRefusal(response);
      expect(response.status).toBe(415);
    }),
  );

  it('is refused with 415 when sent twice, as text and as JSON', () =>
    leavesNoTrace(async () => {
      const response = await sendRaw(route, [
        ['Content-Type', 'text/plain'],
        ['Content-Type', 'application/json'],
      ]);

      expectHarmlessRefusal(response);
      expect(response.status).toBe(415);
    }));
});

describe('a request whose headers are too large', () => {
  const [route] = publicBodyRoutes;
  if (!route) throw new Error('no public route takes a body');

  it('is refused by the HTTP server with 431 when they pass 16 KB, and nothing is written', () =>
    leavesNoTrace(async () => {
      const response = await sendSample(route, { ...json, 'x-filler': 'f'.repeat(20 * 1024) });

      expect(response.status).toBe(431);
    }));

  it('gets 401 for a 10 KB bearer token on a public route, and nothing is written', () =>
    leavesNoTrace(async () => {
      const response = await sendSample(route, { ...json, authorization: `Bearer ${'t'.repeat(10 * 1024)}` });

      expectHarmlessRefusal(response);
      expect(response.status).toBe(401);
    }));

  it('is answered in the default language when Accept-Language is 8 KB of tags', () =>
    leavesNoTrace(async () => {
      const response = await sendBytes(
        `${api.url}${samples.pathOf(route)}`,
        route.method,
        Buffer.from('{}'),
        {
          ...json,
          'accept-language': Array.from({ length: 1000 }, (_, i) => `x${i};q=0.${i % 10}`).join(','),
        },
      );

      expectHarmlessRefusal(response);
      expect(response.status).toBe(422);
    }));
});

/** The REST API event of a JSON body sent with these Content-Type header lines. */
const eventWith = (contentTypes: readonly string[]) =>
  ({
    body: '{"a":1}',
    isBase64Encoded: false,
    headers: { 'Content-Type': contentTypes.at(-1) },
    multiValueHeaders: { 'Content-Type': contentTypes },
  }) as unknown as APIGatewayProxyEvent;

describe('two Content-Type lines as API Gateway passes them (multiValueHeaders)', () => {
  it.each([
    [['application/json', 'text/plain']],
    [['text/plain', 'application/json']],
    [['application/json', 'application/json']],
  ])('%j are refused as unsupported', (contentTypes) => {
    const event = eventWith(contentTypes);

    expect(() => readRequestBody(event, { 'content-type': contentTypes.at(-1) ?? '' })).toThrow(
      UnsupportedMediaTypeError,
    );
  });

  it('one of them, JSON, is read', () => {
    expect(readRequestBody(eventWith(['application/json']), { 'content-type': 'application/json' })).toEqual({
      a: 1,
    });
  });
});

describe('a Content-Type the API takes', () => {
  const complaints = publicBodyRoutes.find((route) => route.id === 'createComplaint');
  if (!complaints) throw new Error('no complaint route');

  it.each([['application/json; charset=UTF-8'], ['application/json;charset="utf-8"'], ['Application/JSON']])(
    '%s is accepted',
    async (contentType) => {
      const response = await sendSample(complaints, { 'content-type': contentType });

      expect(`${response.status} ${response.text.slice(0, 200)}`).toMatch(/^201 /);
    },
  );
});

import { connect } from 'node:net';
import fc from 'fast-check';
import type { z } from 'zod';
import { capturedEmails } from '../../local/ses.ts';
import type { RegisteredRoute, RouteId } from '../../shared/http/routes.ts';
import { routeList } from '../../shared/http/routes.ts';
import { aComplaint, anInquiry, aServiceRequest, aSubmitter, uniqueEmail } from './builders.ts';
import type { ApiResponse, TestRuntime } from './runtime.ts';
import { aCheckIn, aSurvey, everything, linkFor, storeSurvey } from './surveys.ts';

/** A public route that takes a JSON body: what the abuse suites attack. */
export type PublicBodyRoute = RegisteredRoute & { readonly body: z.ZodType };

/** From the registry: a new public route with a body is attacked without a line in the suites. */
export const publicBodyRoutes = routeList.filter(
  (route): route is PublicBodyRoute => route.access.kind === 'public' && route.body !== undefined,
);
/** Public routes that take any body and read none of it (RFC 8058 one-click unsubscribe). */
export const publicIgnoredBodyRoutes = routeList.filter(
  (route) => route.access.kind === 'public' && route.requestBody === 'ignored',
);

export const pathParametersOf = (route: RegisteredRoute) =>
  [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '');

export interface PublicSample {
  readonly params: Readonly<Record<string, string>>;
  readonly body: Record<string, unknown>;
}

/**
 * A request each public route with a body accepts (the one-click unsubscribe's is not read), every
 * text carrying `marker` (so that mail about anything stored from it can be found). Signed links point at surveys stored for the purpose;
 * a sample is good for one acceptance. A route missing here makes `sampleOf` throw.
 */
export async function publicSamples(marker: string) {
  const links = {
    survey: await linkFor('survey', (await storeSurvey(aSurvey())).id),
    answeredSurvey: await linkFor(
      'survey',
      (await storeSurvey(aSurvey({ status: 'answered', answer: { score: 4 }, version: 2 }))).id,
    ),
    followUp: await linkFor('followUp', (await storeSurvey(aCheckIn())).id),
    unsubscribe: await linkFor('unsubscribe', uniqueEmail(marker)),
  };
  const submitter = () =>
    aSubmitter({
      organization: `模糊测试学校 ${marker}`,
      contactName: `测试 ${marker}`,
      email: uniqueEmail(marker),
    });
  const samples: Partial<Record<RouteId, () => PublicSample>> = {
    createComplaint: () => ({
      params: {},
      body: aComplaint({ submitter: submitter(), description: `桌面开裂 ${marker}`, attachments: [] }),
    }),
    createInquiry: () => ({
      params: {},
      body: anInquiry({ submitter: submitter(), topic: `课桌 ${marker}` }),
    }),
    createServiceRequest: () => ({
      params: {},
      body: aServiceRequest({
        submitter: submitter(),
        problem: `螺丝松动 ${marker}`,
        preferredVisitDates: [],
      }),
    }),
    answerSurvey: () => ({ params: { token: links.survey }, body: { score: 4, comment: `很好 ${marker}` } }),
    commentOnSurvey: () => ({
      params: { token: links.answeredSurvey },
      body: { comment: `补充 ${marker}` },
    }),
    answerFollowUp: () => ({
      params: { token: links.followUp },
      body: { status: 'fine', productName: `课桌 ${marker}`, comment: `一切正常 ${marker}` },
    }),
    unsubscribe: () => ({ params: { token: links.unsubscribe }, body: {} }),
  };
  const sampleOf = (route: RegisteredRoute): PublicSample => {
    const sample = samples[route.id];
    if (!sample) throw new Error(`public route ${route.id} takes a body but has no sample to attack`);
    return sample();
  };
  /** The route's path with the sample's parameters; throws when the sample lacks one. */
  const pathOf = (route: RegisteredRoute) =>
    route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = sampleOf(route).params[name];
      if (!value) throw new Error(`${route.id}: the sample has no path parameter ${name}`);
      return encodeURIComponent(value);
    });
  return { sampleOf, pathOf };
}

const prototypeKeys = () =>
  [Object.prototype, Array.prototype, Function.prototype, String.prototype].map((p) =>
    Object.getOwnPropertyNames(p).sort(),
  );

/**
 * Runs `attack` and shows that it left the table (every item), the mails naming `marker` and the
 * prototypes of this process (the runtime's handlers run in it) exactly as they were, and that no
 * object has a property named `polluted`.
 */
export async function leavesNoTrace(api: TestRuntime, marker: string, attack: () => Promise<void>) {
  const markedMails = async () =>
    (await capturedEmails(api.runtime.sesEndpoint)).filter((mail) => JSON.stringify(mail).includes(marker))
      .length;
  const table = await everything(api);
  const mails = await markedMails();
  const prototypes = prototypeKeys();

  await attack();

  expect(await everything(api)).toEqual(table);
  expect(await markedMails()).toBe(mails);
  expect(prototypeKeys()).toEqual(prototypes);
  expect(`polluted${marker}` in {}).toBe(false);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

/** Where a value sits in a JSON body: keys and array indexes from the root. */
export type JsonPath = readonly (string | number)[];

/** Every value inside `body` (objects and arrays too, not the root itself), by path. */
export function pathsOf(body: unknown, prefix: JsonPath = []): JsonPath[] {
  if (body === null || typeof body !== 'object') return [];
  return Object.entries(body).flatMap(([key, value]) => {
    const path = [...prefix, Array.isArray(body) ? Number(key) : key];
    return [path, ...pathsOf(value, path)];
  });
}

export const valueAt = (body: unknown, path: JsonPath): unknown =>
  path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], body);

/** `target` with `value` as its own property `key`, as JSON.parse makes it, even for `__proto__`. */
const defineOwn = <T extends object>(target: T, key: string | number, value: unknown): T =>
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });

/** A copy of `body` with the value at `path` replaced (an own property, whatever its name). */
export function withValueAt(body: unknown, path: JsonPath, value: unknown): unknown {
  const copy = structuredClone(body);
  const parent = valueAt(copy, path.slice(0, -1)) as object;
  defineOwn(parent, path[path.length - 1] as string | number, value);
  return copy;
}

type JsonType = 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object';
const jsonTypeOf = (value: unknown): JsonType =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : (typeof value as JsonType);

const valuesOfType: Record<JsonType, fc.Arbitrary<unknown>> = {
  string: fc.string({ maxLength: 20 }),
  number: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
  boolean: fc.boolean(),
  null: fc.constant(null),
  array: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  object: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
};

/** JSON values of every type but the type of `value`: a field given one is always a wrong type. */
export const wrongTypeFor = (value: unknown): fc.Arbitrary<unknown> =>
  fc.oneof(
    ...Object.entries(valuesOfType)
      .filter(([type]) => type !== jsonTypeOf(value))
      .map(([, arbitrary]) => arbitrary),
  );

/**
 * Characters no text field takes (as code units): C0 controls but tab and line breaks (which
 * multi-line fields take), NUL among them, DEL, and UTF-16 surrogates standing alone, which
 * JSON.stringify sends as `\ud800`-style escapes.
 */
export const forbiddenInText = fc.oneof(
  fc.integer({ min: 0x00, max: 0x1f }).filter((c) => ![0x09, 0x0a, 0x0d].includes(c)),
  fc.constant(0x7f),
  fc.integer({ min: 0xd800, max: 0xdfff }),
);

/**
 * `text` (two characters or more) with `inserted` put inside it, never at an end: at the ends texts are
 * trimmed, and a vertical tab or form feed would be trimmed away rather than refused.
 */
export const textWith = (text: string, inserted: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc
    .tuple(fc.integer({ min: 1, max: text.length - 1 }), inserted)
    .map(([at, what]) => `${text.slice(0, at)}${what}${text.slice(at)}`);

/** Byte sequences that are not UTF-8: stray bytes, overlong forms, encoded surrogates, cut sequences. */
export const invalidUtf8 = fc.constantFrom(
  [0xff],
  [0xfe, 0xfe],
  [0x80],
  [0xc0, 0x80],
  [0xe0, 0x80, 0x80],
  [0xed, 0xa0, 0x80],
  [0xed, 0xbf, 0xbf],
  [0xe6, 0xb5],
  [0xf0, 0x9f, 0x98],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
);

/** `json` as UTF-8 with `bytes` spliced in after the `at`-th byte of the first string value. */
export function spliceBytes(json: string, bytes: readonly number[], at: number): Buffer {
  const text = Buffer.from(json, 'utf8');
  const firstValue = json.indexOf('":"') + 3;
  const start = Buffer.byteLength(json.slice(0, firstValue), 'utf8') + at;
  return Buffer.concat([text.subarray(0, start), Buffer.from(bytes), text.subarray(start)]);
}

/** JSON text nested `depth` levels deep: arrays, objects, or both in turn. */
export function deeplyNested(depth: number, shape: 'array' | 'object' | 'mixed'): string {
  const open = (level: number) =>
    shape === 'array' || (shape === 'mixed' && level % 2 === 0) ? ['[', ']'] : ['{"a":', '}'];
  let head = '';
  let tail = '';
  for (let level = 0; level < depth; level += 1) {
    const [o, c] = open(level);
    head += o;
    tail = c + tail;
  }
  return `${head}1${tail}`;
}

/** An object whose own property `key` holds `value`, as JSON.parse makes `{"__proto__": ...}`. */
export const ownKey = (key: string, value: unknown): Record<string, unknown> => defineOwn({}, key, value);

/** The keys that reach an object's prototype when code copies or merges parsed JSON carelessly. */
export const pollutionKeys = ['__proto__', 'constructor', 'prototype'] as const;

/** What a polluting key carries: properties named `marker` at every level that could be reached. */
export const pollutionPayload = (marker: string) =>
  fc.constantFrom<unknown>(
    { [marker]: 'polluted' },
    { prototype: { [marker]: 'polluted' } },
    ownKey('__proto__', { [marker]: 'polluted' }),
    [marker],
    marker,
  );

/** True when `schema` takes `body`: the fuzz checks that what it sends as garbage never is. */
export const accepts = (schema: z.ZodType, body: unknown) => schema.safeParse(body).success;

// A frame of a stack trace, a source path, or a JS/AWS error name: none may reach a caller.
const LEAKS = [
  /\bat\s+\S+\s+\(/,
  /\bat .+:\d+:\d+/,
  /node_modules|\/work\/|file:\/\/|\.ts:\d+/,
  /\b(?:Type|Syntax|Range|Reference|Zod|URI)Error\b/,
  /\b(?:ValidationException|ConditionalCheckFailed|ResourceNotFoundException|dynamo)/i,
  /\bstack\b/i,
];

interface Problem {
  readonly type?: unknown;
  readonly title?: unknown;
  readonly status?: unknown;
  readonly requestId?: unknown;
  readonly errors?: readonly { readonly field?: unknown }[];
}

/**
 * The response is a 4xx problem+json that tells nothing about the code behind it. The `field` of
 * each error names the caller's own key (random in a fuzz run), so it is left out of the check.
 */
export function expectHarmlessRefusal(response: ApiResponse): void {
  const context = `${response.status} ${response.text.slice(0, 300)}`;
  expect({ context, status4xx: response.status >= 400 && response.status < 500 }).toEqual({
    context,
    status4xx: true,
  });
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const problem = response.body as Problem;
  expect(problem).toEqual(
    expect.objectContaining({
      type: expect.stringMatching(/^\/v1\/docs#problem-/),
      title: expect.any(String),
      status: response.status,
      requestId: expect.any(String),
    }),
  );
  const told = JSON.stringify({ ...problem, errors: problem.errors?.map(({ field: _, ...rest }) => rest) });
  for (const leak of LEAKS) expect(told).not.toMatch(leak);
}

/** Sends bytes as the body of a request, exactly as given (fetch would re-encode a string). */
export async function sendBytes(
  url: string,
  method: string,
  body: Uint8Array,
  headers: Record<string, string>,
): Promise<ApiResponse> {
  const response = await fetch(url, { method, headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: parsed(text) as never, text };
}

const parsed = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/**
 * One HTTP/1.1 request written byte for byte on a socket: header lines fetch would refuse or
 * merge (control characters, duplicates) reach the server as written. The connection is closed
 * after the answer.
 */
export function rawRequest(
  url: string,
  head: { method: string; path: string; headers: readonly (readonly [string, string])[] },
  body: Uint8Array = new Uint8Array(),
): Promise<ApiResponse> {
  const { hostname, port } = new URL(url);
  const lines = [
    `${head.method} ${head.path} HTTP/1.1`,
    `Host: ${hostname}:${port}`,
    'Connection: close',
    `Content-Length: ${body.byteLength}`,
    ...head.headers.map(([name, value]) => `${name}: ${value}`),
  ];
  const request = Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body]);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(port), hostname === 'localhost' ? '127.0.0.1' : hostname);
    socket.on('connect', () => socket.end(request));
    socket.on('data', (chunk) => chunks.push(chunk));
    // A server that stops reading (a body over its limit) may reset the socket after answering.
    socket.on('error', (error) => {
      if (chunks.length === 0) reject(error);
    });
    socket.on('close', () => {
      const answer = Buffer.concat(chunks);
      const split = answer.indexOf('\r\n\r\n');
      const [statusLine = '', ...headerLines] = answer.subarray(0, split).toString('latin1').split('\r\n');
      const headers = new Headers();
      for (const line of headerLines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
      }
      const rest = answer.subarray(split + 4);
      const text = (headers.get('transfer-encoding') === 'chunked' ? unchunked(rest) : rest).toString('utf8');
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: parsed(text) as never, text });
    });
  });
}

/** The body of a `Transfer-Encoding: chunked` answer, joined (Node's server chunks when it may). */
function unchunked(chunked: Buffer): Buffer {
  const parts: Buffer[] = [];
  let rest = chunked;
  for (;;) {
    const lineEnd = rest.indexOf('\r\n');
    const size = Number.parseInt(rest.subarray(0, lineEnd).toString('latin1'), 16);
    if (!size) return Buffer.concat(parts);
    parts.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
    rest = rest.subarray(lineEnd + 2 + size + 2);
  }
}

/**
 * Markup a customer might type to run script in a mail reader or the console, in this order: a
 * script element, an image with a handler, an attribute break-out into SVG, a frame, a script URL
 * and a link to one. Each fits a single-line field.
 */
export const hostileMarkup = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  "'><iframe src=javascript:alert(1)></iframe>",
  'javascript:alert(document.cookie)',
  '<a href="javascript:alert(1)">点我</a>',
] as const;

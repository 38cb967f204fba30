import {
  createServer,
  request as forward,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import * as sesLocal from 'aws-ses-v2-local';
import { freePort } from './ports.ts';
import { type SesEventQueueState, sendEvent, sesEventQueue } from './ses-send-events.ts';

type Start = (config: { host: string; port: number }) => Promise<Server>;
// The package is CommonJS with a default export; Node's ESM interop nests it once more.
const imported = sesLocal as unknown as { default: Start | { default: Start } };
const startServer: Start =
  typeof imported.default === 'function' ? imported.default : imported.default.default;

export interface LocalSes {
  /**
   * SES v2 endpoint, and the inbox web page at `/`, the JSON store at `/store`, the suppression
   * list at `/suppression`, the published send events at `/events` (local/ses-send-events.ts).
   */
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** An entry of the account suppression list, as SES v2's GetSuppressedDestination returns it. */
interface SuppressedDestination {
  readonly EmailAddress: string;
  readonly Reason: 'BOUNCE' | 'COMPLAINT';
  /** Epoch seconds (restJson timestamps). */
  readonly LastUpdateTime: number;
}

// SES v2's REST paths, as @aws-sdk/client-sesv2 serializes the suppression operations.
const SUPPRESSION_LIST = '/v2/email/suppression/addresses';
const SUPPRESSED_ADDRESS = /^\/v2\/email\/suppression\/addresses\/([^/]+)$/;
const SEND_EMAIL = '/v2/email/outbound-emails';

const reply = (response: ServerResponse, status: number, body: unknown, errorType?: string) => {
  response.writeHead(status, {
    'Content-Type': 'application/json',
    ...(errorType ? { 'x-amzn-ErrorType': errorType } : {}),
  });
  response.end(JSON.stringify(body));
};

const readBody = (request: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });

/**
 * The account suppression list aws-ses-v2-local lacks: Put, Get, Delete and List of SES v2,
 * plus `GET /suppression` to look at it. In memory. Sending is not affected: Aftersales
 * skips suppressed addresses itself, and the tests check that it does.
 */
function suppressionApi() {
  const list = new Map<string, SuppressedDestination>();
  return async (request: IncomingMessage, response: ServerResponse, path: string): Promise<boolean> => {
    const method = request.method ?? 'GET';
    if (path === '/suppression' && method === 'GET') {
      reply(response, 200, {
        addresses: [...list.values()].map((entry) => ({
          emailAddress: entry.EmailAddress,
          reason: entry.Reason,
          lastUpdateTime: new Date(entry.LastUpdateTime * 1000).toISOString(),
        })),
      });
      return true;
    }
    if (path === SUPPRESSION_LIST && method === 'PUT') {
      let input: { EmailAddress?: unknown; Reason?: unknown };
      try {
        input = JSON.parse((await readBody(request)).toString('utf8') || '{}');
      } catch {
        input = {};
      }
      const { EmailAddress, Reason } = input;
      if (typeof EmailAddress !== 'string' || !EmailAddress.includes('@')) {
        reply(response, 400, { message: 'EmailAddress is required' }, 'BadRequestException');
      } else if (Reason !== 'BOUNCE' && Reason !== 'COMPLAINT') {
        reply(response, 400, { message: 'Reason must be BOUNCE or COMPLAINT' }, 'BadRequestException');
      } else {
        const entry = { EmailAddress, Reason, LastUpdateTime: Math.floor(Date.now() / 1000) } as const;
        list.set(EmailAddress.toLowerCase(), entry);
        reply(response, 200, {});
      }
      return true;
    }
    if (path === SUPPRESSION_LIST && method === 'GET') {
      reply(response, 200, { SuppressedDestinationSummaries: [...list.values()] });
      return true;
    }
    const address = SUPPRESSED_ADDRESS.exec(path)?.[1];
    if (address !== undefined && (method === 'GET' || method === 'DELETE')) {
      const key = decodeURIComponent(address).toLowerCase();
      const entry = list.get(key);
      if (!entry) {
        reply(
          response,
          404,
          { message: 'Email address is not on the suppression list' },
          'NotFoundException',
        );
      } else if (method === 'GET') {
        reply(response, 200, { SuppressedDestination: { ...entry, Attributes: {} } });
      } else {
        list.delete(key);
        reply(response, 200, {});
      }
      return true;
    }
    return false;
  };
}

/**
 * Starts aws-ses-v2-local on an internal port, behind a small proxy on `port` that adds the
 * account suppression list and passes everything else through: every email sent is
 * captured in memory and shown in the inbox.
 */
export async function startSesLocal(port: number): Promise<LocalSes> {
  const innerPort = await freePort();
  const inner: Server = await startServer({ host: '127.0.0.1', port: innerPort });
  const suppression = suppressionApi();
  const events = sesEventQueue();
  const forwarded = (request: IncomingMessage, body?: Buffer) =>
    new Promise<IncomingMessage>((answered, failed) => {
      const upstream = forward(
        {
          host: '127.0.0.1',
          port: innerPort,
          method: request.method,
          path: request.url,
          headers: request.headers,
        },
        answered,
      );
      upstream.on('error', failed);
      if (body) upstream.end(body);
      else request.pipe(upstream);
    });
  /** SendEmail passes through; once it is accepted, SES's send event is published. */
  const sendEmail = async (request: IncomingMessage, response: ServerResponse) => {
    const body = await readBody(request);
    const answer = await forwarded(request, body);
    const answerBody = await readBody(answer);
    if (answer.statusCode === 200) {
      try {
        const { MessageId } = JSON.parse(answerBody.toString('utf8')) as { MessageId?: string };
        if (MessageId) events.publish(sendEvent(JSON.parse(body.toString('utf8')), MessageId, new Date()));
      } catch {
        // Not JSON: the SDK could not have sent it; aws-ses-v2-local refused it, nothing to publish.
      }
    }
    response.writeHead(answer.statusCode ?? 502, answer.headers);
    response.end(answerBody);
  };
  const proxy = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const handled = async () =>
      (await suppression(request, response, path)) ||
      (await events.handle(request, response, path, () => readBody(request)));
    handled()
      .then(async (done) => {
        if (done) return;
        if (path === SEND_EMAIL && request.method === 'POST') return sendEmail(request, response);
        const answer = await forwarded(request);
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      })
      .catch((error: Error) => {
        if (!response.headersSent) reply(response, 502, { message: error.message });
        else response.destroy(error);
      });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      proxy.once('error', reject);
      proxy.listen(port, '127.0.0.1', () => resolve());
    });
  } catch (error) {
    await new Promise((resolve) => inner.close(resolve));
    throw error;
  }
  const close = (server: Server) =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  const { port: listening } = proxy.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${listening}`,
    stop: async () => {
      await close(proxy);
      await close(inner);
    },
  };
}

/** An email as aws-ses-v2-local's `/store` lists it. */
export interface CapturedEmail {
  readonly messageId: string;
  readonly from: string;
  readonly destination: { readonly to: readonly string[] };
  readonly subject: string;
  readonly body: { readonly text?: string; readonly html?: string };
  /** The extra headers sent (SES v2 `Content.Simple.Headers`), e.g. List-Unsubscribe; kept by aws-ses-v2-local. */
  readonly headers?: readonly { readonly name: string; readonly value: string }[];
  readonly at: number;
}

export async function capturedEmails(endpoint: string): Promise<CapturedEmail[]> {
  const response = await fetch(`${endpoint}/store`);
  const store = (await response.json()) as { emails: CapturedEmail[] };
  return store.emails;
}

/** The local account suppression list (`GET /suppression`): normalised to lower case. */
export async function locallySuppressedAddresses(endpoint: string): Promise<string[]> {
  const response = await fetch(`${endpoint}/suppression`);
  const list = (await response.json()) as { addresses: { emailAddress: string }[] };
  return list.addresses.map((entry) => entry.emailAddress.toLowerCase());
}

/**
 * Waits until every send event the stand-in published (for mail of `configurationSet`: the
 * local runtime's is its table name) was handled or given up, at most `timeoutMs`.
 */
export async function sesEventsSettled(
  endpoint: string,
  configurationSet: string,
  timeoutMs: number,
): Promise<SesEventQueueState> {
  const until = Date.now() + timeoutMs;
  const url = `${endpoint}/events?configurationSet=${encodeURIComponent(configurationSet)}`;
  for (;;) {
    const state = (await (await fetch(url)).json()) as SesEventQueueState;
    if ((state.waiting === 0 && state.inFlight === 0) || Date.now() > until) return state;
    await new Promise((done) => setTimeout(done, 100));
  }
}

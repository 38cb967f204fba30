import type { Server } from 'node:http';
import * as sesLocal from 'aws-ses-v2-local';

type Start = (config: { host: string; port: number }) => Promise<Server>;
// The package is CommonJS with a default export; Node's ESM interop nests it once more.
const imported = sesLocal as unknown as { default: Start | { default: Start } };
const startServer: Start =
  typeof imported.default === 'function' ? imported.default : imported.default.default;

export interface LocalSes {
  /** SES v2 endpoint, and the inbox web page at `/`, the JSON store at `/store`. */
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** Starts aws-ses-v2-local: every email sent is captured in memory and shown in its inbox. */
export async function startSesLocal(port: number): Promise<LocalSes> {
  const server: Server = await startServer({ host: '127.0.0.1', port });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** An email as aws-ses-v2-local's `/store` lists it. */
export interface CapturedEmail {
  readonly messageId: string;
  readonly from: string;
  readonly destination: { readonly to: readonly string[] };
  readonly subject: string;
  readonly body: { readonly text?: string; readonly html?: string };
  readonly at: number;
}

export async function capturedEmails(endpoint: string): Promise<CapturedEmail[]> {
  const response = await fetch(`${endpoint}/store`);
  const store = (await response.json()) as { emails: CapturedEmail[] };
  return store.emails;
}

/** What a route implementation returns; the pipeline turns it into the API Gateway response. */
export interface HttpResult {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Set for non-JSON bodies (the body is then sent as the string it is). */
  readonly contentType?: string;
}

export const ok = (body: unknown, headers?: Record<string, string>): HttpResult => ({
  status: 200,
  body,
  ...(headers ? { headers } : {}),
});
export const created = (body: unknown, options: { location: string }): HttpResult => ({
  status: 201,
  body,
  headers: { Location: options.location },
});
export const accepted = (body: unknown): HttpResult => ({ status: 202, body });

/** The `ETag` of a versioned record: its version, which callers send back as `If-Match`. */
export const etag = (version: number) => ({ ETag: `"${version}"` });

/** 200 with a versioned record and its ETag. */
export const okVersioned = (record: { readonly version: number }): HttpResult =>
  ok(record, etag(record.version));

/** 201 with a new versioned record, its Location and its ETag. */
export const createdVersioned = (record: { readonly version: number }, location: string): HttpResult => ({
  status: 201,
  body: record,
  headers: { Location: location, ...etag(record.version) },
});

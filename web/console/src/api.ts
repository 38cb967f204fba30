import { currentLanguage } from './i18n.ts';
import { consoleConfig, currentSession } from './session.ts';

/** A field error of an RFC 9457 problem: `field` is the dotted path (`findings`, `submitter.email`). */
export interface FieldProblem {
  readonly field: string;
  readonly code?: string;
  readonly message: string;
}

/** An API error: the problem+json the API sent (already in the console's language). */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly errors: readonly FieldProblem[];
  readonly detail: string | undefined;
  constructor(status: number, title: string, errors: readonly FieldProblem[] = [], detail?: string) {
    super(title);
    this.status = status;
    this.title = title;
    this.errors = errors;
    this.detail = detail;
  }
}

export type Query = Readonly<Record<string, string | number | undefined>>;

export function apiUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(name, String(value));
  }
  const search = params.toString();
  return `${consoleConfig().apiBase}${path}${search ? `?${search}` : ''}`;
}

/** Calls the API with the session's token and the console's language; throws ApiError on 4xx/5xx. */
export async function apiFetch(
  path: string,
  init: { method?: string; query?: Query; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Response> {
  const session = currentSession();
  const headers: Record<string, string> = {
    'Accept-Language': currentLanguage(),
    ...(session ? { Authorization: `Bearer ${session.token}` } : {}),
    ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    ...init.headers,
  };
  const response = await fetch(apiUrl(path, init.query), {
    method: init.method ?? 'GET',
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new ApiError(
      response.status,
      String(problem.title ?? response.statusText),
      Array.isArray(problem.errors) ? problem.errors : [],
      problem.detail,
    );
  }
  return response;
}

export const apiGet = async <T>(path: string, query?: Query): Promise<T> =>
  (await (await apiFetch(path, query ? { query } : {})).json()) as T;

export const apiPost = async <T>(path: string, body: unknown, headers?: Record<string, string>): Promise<T> =>
  (await (await apiFetch(path, { method: 'POST', body, ...(headers ? { headers } : {}) })).json()) as T;

import { useEffect, useState } from 'preact/hooks';
import { ApiError, apiGet, type Query } from '../api.ts';
import { currentLanguage, t } from '../i18n.ts';

export type ReportState<T> =
  | { readonly status: 'idle' }
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly data: T }
  | { readonly status: 'error'; readonly error: unknown };

const keyOf = (path: string, query: Query) =>
  `${path}?${JSON.stringify(Object.entries(query).sort(([a], [b]) => (a < b ? -1 : 1)))}|${currentLanguage()}`;

/**
 * GETs a report, again whenever the path, the query or the language changes; an answer to an
 * earlier query that arrives late is dropped. `query` undefined: nothing to fetch (idle).
 */
export function useReport<T>(path: string, query: Query | undefined): ReportState<T> {
  const key = query ? keyOf(path, query) : '';
  const [current, setCurrent] = useState<{ key: string; state: ReportState<T> }>({
    key: '',
    state: { status: 'idle' },
  });
  useEffect(() => {
    if (!query) return;
    let live = true;
    setCurrent({ key, state: { status: 'loading' } });
    apiGet<T>(path, query).then(
      (data) => live && setCurrent({ key, state: { status: 'ready', data } }),
      (error: unknown) => live && setCurrent({ key, state: { status: 'error', error } }),
    );
    return () => {
      live = false;
    };
    // The key stands for path, query and language (the query object is new on every render).
  }, [key]);
  if (!query) return { status: 'idle' };
  return current.key === key ? current.state : { status: 'loading' };
}

/** What a failed report call tells the user: 403 in its own words, else the API's problem title. */
export function problemText(error: unknown): string {
  if (!(error instanceof ApiError)) return t('reports.state.networkError');
  if (error.status === 403) return t('reports.state.forbidden');
  const fields = error.errors.map((problem) => problem.message).filter(Boolean);
  return fields.length > 0 ? `${error.title}: ${fields.join('; ')}` : error.title;
}

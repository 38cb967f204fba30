import { useEffect, useState } from 'preact/hooks';
import { apiGet, type Query } from '../api.ts';

export interface Loaded<T> {
  readonly data?: T;
  readonly error?: unknown;
  readonly loading: boolean;
  /** Fetches again (after a change); the data shown stays until the new answer arrives. */
  readonly reload: () => void;
}

/** GETs `path` with the caller's token (skipped while `path` is undefined); again when path or query change. */
export function useApi<T>(path: string | undefined, query?: Query): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: !!path });
  const [version, setVersion] = useState(0);
  const queryKey = JSON.stringify(query ?? {});
  useEffect(() => {
    if (!path) return;
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    apiGet<T>(path, query)
      .then((data) => current && setState({ data, loading: false }))
      .catch((error: unknown) => current && setState({ error, loading: false }));
    return () => {
      current = false;
    };
  }, [path, queryKey, version]);
  return { ...state, reload: () => setVersion((n) => n + 1) };
}

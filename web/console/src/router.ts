import { useEffect, useState } from 'preact/hooks';
import type { ConsolePage } from './page.ts';

export interface Match {
  readonly page: ConsolePage;
  readonly params: Record<string, string>;
  readonly query: URLSearchParams;
}

/** Matches `#/complaints/01J...?x=1` against the pages' paths (`/complaints/:id`). */
export function matchRoute(pages: readonly ConsolePage[], hash: string): Match | undefined {
  const [path = '/', search = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean);
  for (const page of pages) {
    const pattern = page.path.split('/').filter(Boolean);
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const matched = pattern.every((segment, i) => {
      const part = parts[i] ?? '';
      if (segment.startsWith(':')) {
        params[segment.slice(1)] = decodeURIComponent(part);
        return true;
      }
      return segment === part;
    });
    if (matched) return { page, params, query: new URLSearchParams(search) };
  }
  return undefined;
}

/** The current location hash, re-rendering on change. */
export function useHash(): string {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const onChange = () => setHash(location.hash);
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return hash;
}

/** `#/path?query` for links. */
export const href = (path: string, query: Record<string, string | undefined> = {}): string => {
  const search = new URLSearchParams(
    Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined),
  ).toString();
  return `#${path}${search ? `?${search}` : ''}`;
};

import type { ComponentType } from 'preact';
import type { Role } from '../../../shared/http/roles.ts';
import type { MessageKey } from '../../../shared/i18n/messages.ts';

/** What a page receives: the path parameters of its route (`/cases/:kind/:id` -> { kind, id }) and the query. */
export interface PageProps {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
}

/** A page of the console, reached at `#<path>`; `nav` pages appear in the menu for the given roles. */
export interface ConsolePage {
  /** Hash path with `:name` parameters, e.g. `/complaints/:id`. */
  readonly path: string;
  readonly title: MessageKey;
  readonly component: ComponentType<PageProps>;
  /** Shown in the navigation for these roles (omit: not in the navigation). */
  readonly nav?: readonly Role[];
}

import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Query } from '../api.ts';
import { downloadCsv } from '../csv-download.ts';
import { inputTypeOf } from '../forms/schema-form.tsx';
import { t } from '../i18n.ts';
import { href } from '../router.ts';
import type { Page } from '../types.ts';
import { LiveStatus, useLiveStatus } from './live-status.tsx';
import { ErrorNotice, Loading } from './ui.tsx';
import { useApi } from './use-api.ts';

/** A filter of a list: a query parameter of its route, shown as a labelled input. */
export interface Filter {
  readonly name: string;
  readonly label: string;
  readonly type: 'select' | 'date' | 'text' | 'search';
  /** For selects: value and label; an empty "all" option comes first. */
  readonly options?: readonly (readonly [value: string, label: string])[];
  readonly hint?: string;
}

export interface Column<T> {
  readonly header: string;
  readonly cell: (item: T) => ComponentChildren;
  /** The row's header cell (its name for screen readers), usually the reference. */
  readonly rowHeader?: boolean;
}

interface Props<T> {
  /** The console path (`/complaints`): the filters live in its hash query, so links and Back keep them. */
  readonly path: string;
  /** The API route listed (`/v1/complaints`). */
  readonly apiPath: string;
  readonly filters: readonly Filter[];
  readonly columns: readonly Column<T>[];
  readonly caption: string;
  readonly csvName: string;
  readonly query: URLSearchParams;
  readonly rowKey: (item: T) => string;
  readonly empty: string;
}

/**
 * A list with its filters as a GET-like form: submitting writes them into the page's hash
 * (`#/complaints?status=...&q=...`), which the list reads, so a filtered list can be linked,
 * bookmarked and gone back to. Pages follow `nextCursor` ("Next page"); the export button downloads
 * the whole filtered list as CSV.
 */
export function ListPage<T>({
  path,
  apiPath,
  filters,
  columns,
  caption,
  csvName,
  query,
  rowKey,
  empty,
}: Props<T>) {
  const current: Record<string, string> = {};
  for (const filter of filters) {
    const value = query.get(filter.name);
    if (value) current[filter.name] = value;
  }
  const cursor = query.get('cursor') ?? undefined;
  const page = useApi<Page<T>>(apiPath, { ...current, ...(cursor ? { cursor } : {}) });
  const [draft, setDraft] = useState<Record<string, string>>(current);
  const status = useLiveStatus();
  const searching = Object.keys(current).length > 0;

  const apply = (event: Event) => {
    event.preventDefault();
    const next = Object.fromEntries(Object.entries(draft).filter(([, value]) => value.trim() !== ''));
    location.hash = href(path, next);
  };

  const exportCsv = async () => {
    status.say(t('console.list.exporting'));
    try {
      await downloadCsv(apiPath, current as Query, csvName);
      status.say(t('console.list.exported', { file: csvName }), 'success');
    } catch (error) {
      status.say(
        t('console.list.exportFailed', { reason: error instanceof Error ? error.message : String(error) }),
        'error',
      );
    }
  };

  const items = page.data?.items ?? [];
  return (
    <>
      <search aria-label={t('console.list.filters')}>
        <form class="filters" onSubmit={apply}>
          {filters.map((filter) => {
            const id = `filter-${filter.name}`;
            const value = draft[filter.name] ?? '';
            const set = (next: string) => setDraft((old) => ({ ...old, [filter.name]: next }));
            return (
              <div class={`field filter-${filter.type}`} key={filter.name}>
                <label for={id}>{filter.label}</label>
                {filter.type === 'select' ? (
                  <select
                    id={id}
                    name={filter.name}
                    value={value}
                    onChange={(e) => set(e.currentTarget.value)}
                  >
                    <option value="">{t('console.list.all')}</option>
                    {(filter.options ?? []).map(([option, label]) => (
                      <option key={option} value={option}>
                        {label}
                      </option>
                    ))}
                  </select>
                ) : (
                  <input
                    id={id}
                    name={filter.name}
                    {...inputTypeOf(
                      filter.type === 'date' ? 'date' : filter.type === 'search' ? 'search' : 'text',
                    )}
                    value={value}
                    maxLength={filter.type === 'search' ? 100 : undefined}
                    aria-describedby={filter.hint ? `${id}-hint` : undefined}
                    onInput={(e) => set(e.currentTarget.value)}
                  />
                )}
                {filter.hint ? (
                  <p class="hint" id={`${id}-hint`}>
                    {filter.hint}
                  </p>
                ) : null}
              </div>
            );
          })}
          <div class="filter-actions">
            <button type="submit">{t('console.list.apply')}</button>
            {searching ? (
              <a class="button-link secondary" href={href(path)}>
                {t('console.list.clear')}
              </a>
            ) : null}
            <button type="button" class="secondary" onClick={exportCsv}>
              <span aria-hidden="true">⬇ </span>
              {t('console.list.export')}
            </button>
          </div>
        </form>
      </search>
      <LiveStatus message={status.message} tone={status.tone} />
      {page.error ? <ErrorNotice error={page.error} /> : null}
      {page.loading && !page.data ? <Loading /> : null}
      {page.data ? (
        items.length === 0 ? (
          <p class="empty-state">{empty}</p>
        ) : (
          <table class="data" aria-busy={page.loading}>
            <caption>
              {caption}
              {cursor ? ` · ${t('console.list.laterPage')}` : ''}
              {` · ${t('console.list.shown', { count: items.length })}`}
            </caption>
            <thead>
              <tr>
                {columns.map((column) => (
                  <th scope="col" key={column.header}>
                    {column.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={rowKey(item)}>
                  {columns.map((column) =>
                    column.rowHeader ? (
                      <th scope="row" key={column.header}>
                        {column.cell(item)}
                      </th>
                    ) : (
                      <td key={column.header}>{column.cell(item)}</td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
      {page.data && (cursor || page.data.nextCursor) ? (
        <nav class="pager" aria-label={t('console.list.paging')}>
          {cursor ? <a href={href(path, current)}>{t('console.list.first')}</a> : null}
          {page.data.nextCursor ? (
            <a href={href(path, { ...current, cursor: page.data.nextCursor })}>{t('console.list.next')}</a>
          ) : null}
          {current.q && page.data.nextCursor ? <p class="hint">{t('console.list.searchPaging')}</p> : null}
        </nav>
      ) : null}
    </>
  );
}

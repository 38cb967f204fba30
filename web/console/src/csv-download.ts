import { apiFetch, type Query } from './api.ts';

/** Pages after the first are read 100 items at a time (the API's maximum). */
const PAGE_LIMIT = 100;
/** 100,000 rows at most: a cursor that never ends must not hang the browser. */
const MAX_PAGES = 1000;

/**
 * Downloads a list or report as CSV (UTF-8 with BOM, for Excel): `path` is the API route
 * (`/v1/complaints`, `/v1/reports/complaints`), `query` its filters. Lists are fetched page
 * after page and saved as one file named `filename`.
 */
export async function downloadCsv(path: string, query: Query, filename: string): Promise<void> {
  // Bytes, not text: Response.text() would drop the BOM that makes Excel read UTF-8.
  const chunks: ArrayBuffer[] = [];
  let response = await apiFetch(path, { query: { ...query, format: 'csv' } });
  chunks.push(await response.arrayBuffer());
  let cursor = response.headers.get('X-Next-Cursor');
  for (let pages = 1; cursor; pages += 1) {
    if (pages >= MAX_PAGES) throw new Error(`more than ${MAX_PAGES} pages: narrow the filters`);
    // Later pages come without BOM and header row, so they append to the first.
    response = await apiFetch(path, {
      query: { ...query, format: 'csv', header: 'false', limit: PAGE_LIMIT, cursor },
    });
    chunks.push(await response.arrayBuffer());
    cursor = response.headers.get('X-Next-Cursor');
  }
  const url = URL.createObjectURL(new Blob(chunks, { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers start the download after click() returns: revoke the URL a moment later.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** One value of a CSV cell; `undefined` and `null` are empty cells. */
export type Cell = string | number | boolean | null | undefined;

/** A header and its rows, ready to encode. */
export interface CsvTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

/** Excel reads a file as UTF-8 (and shows Chinese) only when it starts with the byte order mark. */
export const BOM = '\uFEFF';
const CRLF = '\r\n';

// OWASP "CSV injection": a spreadsheet runs a cell starting with one of these as a formula.
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell as RFC 4180 text; text that a spreadsheet would run as a formula gets a leading apostrophe. */
export function csvCell(cell: Cell): string {
  if (cell === undefined || cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (typeof cell === 'boolean') return String(cell);
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, ended by CRLF (so that pages of an export concatenate into one file). */
export const csvLine = (cells: readonly Cell[]): string => `${cells.map(csvCell).join(',')}${CRLF}`;

/**
 * The table as a CSV document: the BOM and the header row first unless `withHeader` is false
 * (a later page of a list, to be appended to the first).
 */
export function encodeCsv(table: CsvTable, withHeader = true): string {
  const head = withHeader ? `${BOM}${csvLine(table.header)}` : '';
  return head + table.rows.map(csvLine).join('');
}

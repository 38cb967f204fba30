/** The building blocks of the CSV exports (shared/http/csv-exports.ts and the spare parts' exports). */
import type { z } from 'zod';
import { catalogue } from '../i18n/messages.ts';
import { type Language, type MessageKey, translate } from '../i18n/translate.ts';
import type { Cell, CsvTable } from './csv.ts';
import type { RouteId, Routes } from './routes.ts';

/** The JSON body a route answers 200 with, from its response schema. */
export type OkBody<K extends RouteId> = Routes[K]['responses'] extends {
  readonly 200: { readonly schema: infer S extends z.ZodType };
}
  ? z.output<S>
  : never;
export type ItemOf<K extends RouteId> =
  OkBody<K> extends { readonly items: readonly (infer I)[] } ? I : never;

/** How a route's JSON 200 body becomes a CSV file (the pipeline serves it for `format=csv`). */
export interface CsvExport<Body = unknown> {
  /** The file name's stem: `complaints` is saved as `complaints-2026-11-27.csv`. */
  readonly fileName: string;
  table(body: Body, language: Language): CsvTable;
}

/** A header names a catalogue message, or several joined by a space (`CSAT` + `回复率`). */
export type Header = MessageKey | readonly MessageKey[];
export interface Column<Row> {
  readonly header: Header;
  readonly value: (row: Row, language: Language) => Cell;
}
export type Columns<Row> = readonly Column<Row>[];

const headerText = (header: Header, language: Language) =>
  typeof header === 'string'
    ? translate(language, header)
    : header.map((key) => translate(language, key)).join(' ');

export const tableOf = <Row>(rows: readonly Row[], columns: Columns<Row>, language: Language): CsvTable => ({
  header: columns.map((column) => headerText(column.header, language)),
  rows: rows.map((row) => columns.map((column) => column.value(row, language))),
});

/** A list (`{ items, nextCursor? }`): one row per item. */
export const list = <Row>(
  fileName: string,
  columns: Columns<Row>,
): CsvExport<{ readonly items: readonly Row[] }> => ({
  fileName,
  table: (body, language) => tableOf(body.items, columns, language),
});

/** A report: rows made from the body (its groups or months, then the total). */
export const report = <Body, Row>(
  fileName: string,
  rows: (body: Body, language: Language) => readonly Row[],
  columns: Columns<Row>,
): CsvExport<Body> => ({
  fileName,
  table: (body, language) => tableOf(rows(body, language), columns, language),
});

// --- Values ---

export const yesNo = (value: boolean | null | undefined, language: Language): Cell =>
  value === undefined || value === null ? undefined : translate(language, value ? 'export.yes' : 'export.no');

/** The catalogue's label of a value where it has one (`web.option.furniture`), else the value itself. */
export const labelOr = (language: Language, key: string, value: string | undefined): Cell => {
  if (value === undefined) return undefined;
  return key in catalogue[language] ? translate(language, key as MessageKey) : value;
};

export const who = (
  actor: { readonly kind: string; readonly email?: string; readonly sub?: string } | undefined,
) => actor?.email ?? actor?.sub ?? actor?.kind;

export const joined = (values: readonly string[] | undefined) => values?.join('; ');

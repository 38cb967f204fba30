import { shanghaiDate } from '../calendar/plain-date.ts';
import { AppError, type FieldError } from '../errors.ts';
import { type Language, translate } from '../i18n/translate.ts';
import { encodeCsv } from './csv.ts';
import { type CsvExport, csvExportOf } from './csv-exports.ts';
import type { HttpResult } from './result.ts';
import type { RouteId } from './routes.ts';

/** `format` names no export of this route (`xml`, or `csv` where there is none), or `header` is not a boolean. */
export class ExportFormatError extends AppError {
  readonly status = 400;
  readonly titleKey = 'export.problem.format';
}

/** A request for a route's CSV export: `header=false` leaves out the BOM and header row (a later page). */
export interface CsvMode {
  readonly export: CsvExport;
  readonly header: boolean;
}

type QueryParameters = Readonly<Record<string, string | undefined>>;

/**
 * Takes `format` and `header` off the query string: they are the pipeline's, not the route's, so
 * the route's strict query schema never sees them. Without `format` the query is left as it is
 * (a stray `header` is then the schema's to refuse).
 */
export function csvModeOf(
  routeId: RouteId,
  parameters: QueryParameters,
  language: Language,
): { query: QueryParameters; csv?: CsvMode } {
  const { format, header, ...query } = parameters;
  if (format === undefined) return { query: parameters };
  const found = csvExportOf(routeId);
  const errors: FieldError[] = [];
  if (format !== 'csv')
    errors.push({
      field: 'query.format',
      code: 'invalid_option',
      message: translate(language, 'field.invalidOption', { options: 'csv' }),
    });
  else if (!found)
    errors.push({
      field: 'query.format',
      code: 'not_exportable',
      message: translate(language, 'export.field.notExportable'),
    });
  if (header !== undefined && header !== 'true' && header !== 'false')
    errors.push({
      field: 'query.header',
      code: 'invalid_option',
      message: translate(language, 'field.invalidOption', { options: 'true, false' }),
    });
  if (errors.length > 0 || !found) throw new ExportFormatError(`no ${format} export`, { errors });
  return { query, csv: { export: found, header: header !== 'false' } };
}

/**
 * The route's 200 JSON body as a CSV file: UTF-8 with BOM, CRLF, a header row in the caller's
 * language. A list's next page is named in `X-Next-Cursor` and in a `Link` relative to the request
 * (the same query with `cursor` and `header=false`, ready to append); its body carries no cursor.
 */
export function csvResult(
  result: HttpResult,
  csv: CsvMode,
  request: { readonly language: Language; readonly now: Date; readonly parameters: QueryParameters },
): HttpResult {
  const day = shanghaiDate(request.now);
  const headers: Record<string, string> = {
    ...result.headers,
    'Content-Disposition': `attachment; filename="${csv.export.fileName}-${day}.csv"`,
  };
  const { nextCursor } = (result.body ?? {}) as { nextCursor?: unknown };
  if (typeof nextCursor === 'string') {
    const next = new URLSearchParams();
    for (const [name, value] of Object.entries(request.parameters))
      if (value !== undefined && name !== 'cursor' && name !== 'header') next.set(name, value);
    next.set('cursor', nextCursor);
    next.set('header', 'false');
    headers['X-Next-Cursor'] = nextCursor;
    headers.Link = `<?${next}>; rel="next"`;
  }
  return {
    status: result.status,
    body: encodeCsv(csv.export.table(result.body, request.language), csv.header),
    contentType: 'text/csv; charset=utf-8',
    headers,
  };
}

/**
 * The lists' search (`q`, GET /v1/complaints?q=..., /v1/customers?q=...): each listed item carries
 * `searchText`, the words it is found by folded to one form (NFKC, so full-width 'ＫＺＹ' is 'kzy';
 * lower case), written with the item. A search folds its term the same way and matches it with
 * `contains(searchText, :q)` as a FilterExpression on the list's Query: DynamoDB applies the filter
 * after `Limit`, so a page may hold fewer items than asked for, and paging goes on with the cursor.
 */
export const foldForSearch = (text: string): string => text.normalize('NFKC').toLowerCase();

/** The `searchText` of an item from the values it is found by (absent ones skipped). */
export const searchTextOf = (values: readonly (string | undefined)[]): string =>
  foldForSearch(
    values.filter((value): value is string => typeof value === 'string' && value !== '').join('\n'),
  );

/**
 * The filter condition of a search: the folded term in `searchText`; items written before
 * `searchText` existed (it is added on their next change) match on `legacy` attributes as stored
 * (case-sensitive there).
 */
export function searchCondition(
  q: string,
  legacy: readonly string[],
): { expression: string; names: Record<string, string>; values: Record<string, string> } {
  const names: Record<string, string> = { '#searchText': 'searchText' };
  legacy.forEach((attribute, i) => {
    names[`#legacy${i}`] = attribute;
  });
  const legacyMatch = legacy.map((_, i) => `contains(#legacy${i}, :qRaw)`).join(' OR ');
  return {
    expression:
      `(contains(#searchText, :q)` +
      (legacy.length > 0 ? ` OR (attribute_not_exists(#searchText) AND (${legacyMatch}))` : '') +
      ')',
    names,
    // DynamoDB refuses unused values: the raw term only when legacy attributes are matched.
    values: { ':q': foldForSearch(q.trim()), ...(legacy.length > 0 ? { ':qRaw': q.trim() } : {}) },
  };
}

// The tables `npm run cost` prints.
import { type CostLine, lambdaUsage, totalUsd, type Usage } from './cost-model.ts';
import { type RegionPrices, regionPrices } from './cost-prices.ts';

export interface PathReport {
  readonly title: string;
  readonly usage: Usage;
  readonly lines: readonly CostLine[];
  /** Figures per complaint shown before the costs (label -> value). */
  readonly counts: readonly (readonly [string, number])[];
  /** DynamoDB calls and request units per complaint, by operation. */
  readonly operations: Readonly<Record<string, { readonly calls: number; readonly units: number }>>;
}

const number = (n: number) =>
  n === 0 ? '0' : Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 1 ? n.toFixed(1) : n.toPrecision(2);
const usd = (n: number) => `$${n < 0.01 && n > 0 ? n.toFixed(4) : n.toFixed(3)}`;

function table(rows: readonly (readonly string[])[], widths: readonly number[]): string[] {
  return rows.map((row) =>
    row
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/** The figures per complaint, side by side for each path. */
export function countsTable(paths: readonly PathReport[]): string[] {
  const labels = paths[0]?.counts.map(([label]) => label) ?? [];
  const rows = [
    ['per complaint', ...paths.map((p) => p.title)],
    ...labels.map((label, i) => [label, ...paths.map((p) => number(p.counts[i]?.[1] ?? 0))]),
  ];
  return table(rows, [38, ...paths.map((p) => Math.max(12, p.title.length))]);
}

/** DynamoDB calls and request units per complaint by operation, side by side for each path. */
export function operationsTable(paths: readonly PathReport[]): string[] {
  const operations = [...new Set(paths.flatMap((p) => Object.keys(p.operations)))].sort();
  const rows = [
    ['DynamoDB per complaint', ...paths.map((p) => `${p.title}: calls, units`)],
    ...operations.map((operation) => [
      operation,
      ...paths.map((p) => {
        const figures = p.operations[operation];
        return figures ? `${number(figures.calls)}, ${number(figures.units)}` : '-';
      }),
    ]),
  ];
  return table(rows, [38, ...paths.map((p) => p.title.length + 14)]);
}

/** USD per 1,000 complaints by service, side by side for each path, with the quantity per complaint. */
export function costTable(paths: readonly PathReport[], prices: RegionPrices): string[] {
  const first = paths[0]?.lines ?? [];
  const rows = [
    ['service', 'unit', ...paths.flatMap((p) => [`${p.title}: per complaint`, 'USD / 1,000'])],
    ...first.map((line, i) => [
      `${line.service} ${line.item}`,
      `${line.unit}${line.price.basis === 'derived' ? ' *' : ''}`,
      ...paths.flatMap((p) => {
        const own = p.lines[i];
        return own ? [number(own.perComplaint), usd(own.usdPerThousand)] : ['', ''];
      }),
    ]),
    ['total', '', ...paths.flatMap((p) => ['', usd(totalUsd(p.lines))])],
  ];
  return [
    `USD per 1,000 complaints in ${prices.region} (${prices.name}), list prices as of ${prices.asOf}, no free tier:`,
    ...table(rows, [28, 30, ...paths.flatMap((p) => [p.title.length + 15, 11])]),
    '  * derived, not read for this region: see scripts/lib/cost-prices.ts',
  ];
}

/** Lambda figures of a usage, per complaint. */
export function lambdaCounts(usage: Usage) {
  const all = lambdaUsage(usage.lambda);
  return { invocations: all.invocations / usage.complaints, billedMs: all.billedMs / usage.complaints };
}

/** The other regions of the prices file, one total per path each. */
export function otherRegions(
  current: string,
  totalIn: (prices: RegionPrices) => readonly number[],
  titles: readonly string[],
): string[] {
  return Object.values(regionPrices)
    .filter((prices) => prices.region !== current)
    .map(
      (prices) =>
        `  in ${prices.region}: ${totalIn(prices)
          .map((total, i) => `${titles[i]} ${usd(total)}`)
          .join(', ')} per 1,000 complaints`,
    );
}

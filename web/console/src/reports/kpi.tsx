export interface Kpi {
  readonly label: string;
  readonly value: string;
  readonly detail?: string;
}

/** The headline figures of a report, large, each with what it is measured against. */
export function KpiTiles({ items }: { readonly items: readonly Kpi[] }) {
  return (
    <dl class="report-kpis">
      {items.map((item) => (
        <div class="report-kpi" key={item.label}>
          <dt>{item.label}</dt>
          <dd class="report-kpi-value">{item.value}</dd>
          {item.detail && <dd class="report-kpi-detail">{item.detail}</dd>}
        </div>
      ))}
    </dl>
  );
}

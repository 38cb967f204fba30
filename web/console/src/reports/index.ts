import type { ConsolePage } from '../page.ts';
import { ComplaintsPage } from './complaints-page.tsx';
import { OfficesPage } from './offices-page.tsx';
import { ParetoPage } from './pareto-page.tsx';
import { PartsReportPage } from './parts-report.tsx';
import { type ReportName, reportLinks, reportOrder } from './report-nav.ts';
import { ReturnsPage } from './returns-page.tsx';
import { SatisfactionPage } from './satisfaction-page.tsx';

const components: Record<ReportName, ConsolePage['component']> = {
  complaints: ComplaintsPage,
  pareto: ParetoPage,
  returns: ReturnsPage,
  satisfaction: SatisfactionPage,
  offices: OfficesPage,
  parts: PartsReportPage,
};

/** The report pages with their charts and exports (web/console/src/reports), in the menu for who may read their API. */
export const reportPages: ConsolePage[] = reportOrder.map((name) => ({
  path: reportLinks[name].path,
  title: reportLinks[name].title,
  component: components[name],
  nav: reportLinks[name].roles,
}));

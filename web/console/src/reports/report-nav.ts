import type { Role } from '../../../../shared/http/roles.ts';
import type { Access } from '../../../../shared/http/route.ts';
import { routes } from '../../../../shared/http/routes.ts';
import type { MessageKey } from '../../../../shared/i18n/messages.ts';

/** Who may read a route: the staff roles of its access in the route registry (the API checks the same). */
const readers = (access: Access): readonly Role[] => (access.kind === 'staff' ? access.roles : []);

export type ReportName = 'complaints' | 'pareto' | 'returns' | 'satisfaction' | 'offices' | 'parts';

export interface ReportLink {
  readonly name: ReportName;
  /** The page's hash path. */
  readonly path: string;
  readonly title: MessageKey;
  /** The API route the page reads (and exports as CSV). */
  readonly api: string;
  /** In the navigation for the roles that may read that route. */
  readonly roles: readonly Role[];
}

const link = (
  name: ReportName,
  title: MessageKey,
  route: { readonly path: string; readonly access: Access },
): ReportLink => ({ name, path: `/reports/${name}`, title, api: route.path, roles: readers(route.access) });

/** The report pages, each shown to who may read its API. */
export const reportLinks: Readonly<Record<ReportName, ReportLink>> = {
  complaints: link('complaints', 'reports.complaints.title', routes.getComplaintReport),
  pareto: link('pareto', 'reports.pareto.title', routes.getComplaintPareto),
  returns: link('returns', 'reports.returns.title', routes.getReturnsReport),
  satisfaction: link('satisfaction', 'reports.satisfaction.title', routes.getSatisfactionReport),
  offices: link('offices', 'reports.offices.title', routes.getOfficeLeague),
  parts: link('parts', 'partsReport.title', routes.getPartsReport),
};

/** Menu order. */
export const reportOrder: readonly ReportName[] = [
  'complaints',
  'pareto',
  'returns',
  'satisfaction',
  'offices',
  'parts',
];

/** The report links a user with `roles` may follow, in menu order. */
export const visibleReportLinks = (roles: readonly Role[]): ReportLink[] =>
  reportOrder
    .map((name) => reportLinks[name])
    .filter((page) => page.roles.some((role) => roles.includes(role)));

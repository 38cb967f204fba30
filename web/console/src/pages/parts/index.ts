import { routes } from '../../../../../shared/http/routes.ts';
import { rolesOf } from '../../access.ts';
import type { ConsolePage } from '../../page.ts';
import { NewPartPage } from './new-part.tsx';
import { PartPage } from './part-page.tsx';
import { PartListPage } from './parts-list.tsx';
import { NewRequisitionPage, RequisitionListPage, RequisitionPage } from './requisitions.tsx';
import { NewScrapPage, ScrapListPage, ScrapPage } from './scraps.tsx';

/**
 * The spare-parts pages (备品备件, requirements.md §4): parts, requisitions and scrap requests, each
 * list in the navigation for the roles that may call its route. `/<list>/new` comes before
 * `/<list>/:id`, which would match it too.
 */
export const partsPages: ConsolePage[] = [
  { path: '/parts', title: 'console.page.parts', component: PartListPage, nav: rolesOf(routes.listParts) },
  {
    path: '/requisitions',
    title: 'console.page.requisitions',
    component: RequisitionListPage,
    nav: rolesOf(routes.listRequisitions),
  },
  {
    path: '/scraps',
    title: 'console.page.scraps',
    component: ScrapListPage,
    nav: rolesOf(routes.listScraps),
  },
  { path: '/parts/new', title: 'console.page.newPart', component: NewPartPage },
  { path: '/parts/:partNumber', title: 'console.page.part', component: PartPage },
  { path: '/requisitions/new', title: 'console.page.newRequisition', component: NewRequisitionPage },
  { path: '/requisitions/:id', title: 'console.page.requisition', component: RequisitionPage },
  { path: '/scraps/new', title: 'console.page.newScrap', component: NewScrapPage },
  { path: '/scraps/:id', title: 'console.page.scrap', component: ScrapPage },
];

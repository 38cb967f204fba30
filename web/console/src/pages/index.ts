import { routes } from '../../../../shared/http/routes.ts';
import { rolesOf } from '../access.ts';
import type { ConsolePage } from '../page.ts';
import { ComplaintPage } from './complaint.tsx';
import { CustomerPage } from './customer.tsx';
import { InquiryPage } from './inquiry.tsx';
import {
  ComplaintListPage,
  CustomerListPage,
  InquiryListPage,
  ReturnListPage,
  ServiceRequestListPage,
} from './lists.tsx';
import { QueuePage } from './queue.tsx';
import { ReturnPage } from './return.tsx';
import { ServiceRequestPage } from './service-request.tsx';
import { TaskPage } from './task.tsx';

/**
 * The work pages: queue, case pages, lists, customers (web/console/src/pages). A page is in the
 * navigation for the roles that may call the route it lists (from the route registry), so the menu
 * never offers what the API would refuse.
 */
export const workPages: ConsolePage[] = [
  { path: '/queue', title: 'console.page.queue', component: QueuePage, nav: rolesOf(routes.listTasks) },
  {
    path: '/complaints',
    title: 'console.page.complaints',
    component: ComplaintListPage,
    nav: rolesOf(routes.listComplaints),
  },
  {
    path: '/service-requests',
    title: 'console.page.serviceRequests',
    component: ServiceRequestListPage,
    nav: rolesOf(routes.listServiceRequests),
  },
  {
    path: '/inquiries',
    title: 'console.page.inquiries',
    component: InquiryListPage,
    nav: rolesOf(routes.listInquiries),
  },
  {
    path: '/returns',
    title: 'console.page.returns',
    component: ReturnListPage,
    nav: rolesOf(routes.listReturns),
  },
  {
    path: '/customers',
    title: 'console.page.customers',
    component: CustomerListPage,
    nav: rolesOf(routes.listCustomers),
  },
  { path: '/complaints/:id', title: 'console.page.complaint', component: ComplaintPage },
  { path: '/service-requests/:id', title: 'console.page.serviceRequest', component: ServiceRequestPage },
  { path: '/inquiries/:id', title: 'console.page.inquiry', component: InquiryPage },
  { path: '/returns/:id', title: 'console.page.return', component: ReturnPage },
  { path: '/customers/:id', title: 'console.page.customer', component: CustomerPage },
  { path: '/tasks/:taskId', title: 'console.page.task', component: TaskPage },
];

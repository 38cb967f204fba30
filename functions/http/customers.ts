import { careOverview, listContactsFor, listSurveysFor, logContact } from '../../shared/app/care-plan.ts';
import {
  createCustomer,
  getCustomerView,
  listCustomersFor,
  updateCustomer,
  versionFromIfMatch,
} from '../../shared/app/customers.ts';
import { areaHandler } from '../../shared/http/handler.ts';
import { etag, ok } from '../../shared/http/result.ts';
import type { StaffCaller } from '../../shared/http/roles.ts';
import { listOffices } from '../../shared/store/offices.ts';

/** Customer master data (客户基本资料), the key-customer care plan and the regional offices. Staff only. */
export const handler = areaHandler('customers', {
  listCustomers: async ({ query, caller }) => ok(await listCustomersFor(query, caller as StaffCaller)),
  createCustomer: async ({ body, caller, now }) => {
    const customer = await createCustomer(body, caller as StaffCaller, now);
    return {
      status: 201,
      body: customer,
      headers: { Location: `/v1/customers/${customer.id}`, ...etag(customer.version) },
    };
  },
  getCustomer: async ({ params, caller }) => {
    const view = await getCustomerView(params.id, caller as StaffCaller);
    return ok(view, etag(view.version));
  },
  updateCustomer: async ({ params, body, headers, caller, now }) => {
    const expected = versionFromIfMatch(headers['if-match']);
    const customer = await updateCustomer(params.id, body, expected, caller as StaffCaller, now);
    return ok(customer, etag(customer.version));
  },
  listOffices: async () => ok({ items: await listOffices() }),
  logCustomerContact: async ({ params, body, caller, now }) => ({
    status: 201,
    body: await logContact(params.id, body, caller as StaffCaller, now),
  }),
  listCustomerContacts: async ({ params, query, caller }) =>
    ok(await listContactsFor(params.id, query, caller as StaffCaller)),
  getCustomerCare: async ({ params, caller, now }) =>
    ok(await careOverview(params.id, caller as StaffCaller, now)),
  listCustomerSurveys: async ({ params, query, caller }) =>
    ok(await listSurveysFor(params.id, query, caller as StaffCaller)),
});

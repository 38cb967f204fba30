import { GetCommand, QueryCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Customer, CustomerListQuery } from '../schemas/customers.ts';
import { type ChainHead, chainedRecordOf } from './audit.ts';
import { documentClient, tableName } from './client.ts';
import { decodeCursor, encodeCursor, type Page, rethrowBadStartKey } from './pagination.ts';
import { searchCondition, searchTextOf } from './search-text.ts';
import { writeAll } from './transactions.ts';

export const customerKey = (id: string) => `CUSTOMER#${id}`;
const PROFILE = 'PROFILE';
const emailKey = (email: string) => `EMAIL#${email.trim().toLowerCase()}`;

/** A transaction item that fails (ConflictError) unless the customer exists: for records kept under it. */
export const customerExistsCheck = (id: string) => ({
  ConditionCheck: {
    TableName: tableName(),
    Key: { pk: customerKey(id), sk: PROFILE },
    ConditionExpression: 'attribute_exists(pk)',
  },
});

export interface StoredCustomer {
  readonly customer: Customer;
  readonly head: ChainHead;
}

const contactEmails = (customer: Customer) =>
  new Set(customer.contacts.flatMap((c) => (c.email ? [c.email.trim().toLowerCase()] : [])));

/**
 * List by office (gsi1) or across offices (gsi2), sorted by tier then organisation name; with
 * `searchText`, what the list's search (`q`) finds the customer by: organisation, id, contacts.
 */
const indexKeys = (c: Customer) => {
  const sortKey = `${c.tier}#${c.organization}#${c.id}`;
  return {
    gsi1pk: `CUSTOMERS#OFFICE#${c.officeId}`,
    gsi1sk: sortKey,
    gsi2pk: 'CUSTOMERS',
    gsi2sk: sortKey,
    searchText: searchTextOf([
      c.organization,
      c.id,
      ...c.contacts.flatMap((contact) => [contact.name, contact.phone, contact.email]),
    ]),
  };
};

const profileItem = (customer: Customer, head: ChainHead) => ({
  pk: customerKey(customer.id),
  sk: PROFILE,
  entityType: 'customer',
  ...customer,
  ...indexKeys(customer),
  ...head,
});

const emailIndexItem = (email: string, customerId: string) => ({
  pk: emailKey(email),
  sk: customerKey(customerId),
  entityType: 'customerEmail',
  customerId,
});

function customerFromItem(item: Record<string, unknown>): StoredCustomer {
  const { record, head } = chainedRecordOf<Customer>(item);
  // Customers stored before the flag existed have none: they were never suppressed.
  return { customer: { ...record, doNotEmail: record.doNotEmail === true }, head };
}

/** Creates a customer with its email look-ups and first audit event, all or nothing. */
export async function insertCustomer(
  customer: Customer,
  event: { item: Record<string, unknown>; head: ChainHead },
): Promise<void> {
  const TableName = tableName();
  await writeAll([
    {
      Put: {
        TableName,
        Item: profileItem(customer, event.head),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...[...contactEmails(customer)].map((email) => ({
      Put: { TableName, Item: emailIndexItem(email, customer.id) },
    })),
    { Put: { TableName, Item: event.item, ConditionExpression: 'attribute_not_exists(pk)' } },
  ]);
}

/**
 * Replaces a customer if it is still at `expectedVersion` (else ConflictError), keeping the
 * email look-ups in step and appending the audit event in the same transaction (with `extra`
 * items that belong to the change).
 */
export async function replaceCustomer(
  before: Customer,
  after: Customer,
  expectedVersion: number,
  event: { item: Record<string, unknown>; head: ChainHead },
  extra: NonNullable<TransactWriteCommandInput['TransactItems']> = [],
): Promise<void> {
  const TableName = tableName();
  const oldEmails = contactEmails(before);
  const newEmails = contactEmails(after);
  await writeAll([
    {
      Put: {
        TableName,
        Item: profileItem(after, event.head),
        ConditionExpression: 'version = :expected',
        ExpressionAttributeValues: { ':expected': expectedVersion },
      },
    },
    ...[...oldEmails]
      .filter((email) => !newEmails.has(email))
      .map((email) => ({ Delete: { TableName, Key: { pk: emailKey(email), sk: customerKey(after.id) } } })),
    ...[...newEmails]
      .filter((email) => !oldEmails.has(email))
      .map((email) => ({ Put: { TableName, Item: emailIndexItem(email, after.id) } })),
    { Put: { TableName, Item: event.item, ConditionExpression: 'attribute_not_exists(pk)' } },
    ...extra,
  ]);
}

export async function getCustomer(id: string): Promise<StoredCustomer | undefined> {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: { pk: customerKey(id), sk: PROFILE } }),
  );
  return Item ? customerFromItem(Item) : undefined;
}

/** Ids of the customers that have a contact with this email address (at most `limit`). */
export async function findCustomerIdsByEmail(email: string, limit = 10): Promise<string[]> {
  const { Items } = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': emailKey(email) },
      Limit: limit,
    }),
  );
  return (Items ?? []).map((item) => String(item.customerId));
}

/**
 * Customers by office and tier, a Query on the index that fits. `q` is a filter on that Query,
 * applied after `Limit`: a page may hold fewer than `limit` customers while `nextCursor` goes on.
 */
export async function listCustomers(query: CustomerListQuery): Promise<Page<Customer>> {
  const [index, partition] =
    query.officeId !== undefined
      ? (['gsi1', `CUSTOMERS#OFFICE#${query.officeId}`] as const)
      : (['gsi2', 'CUSTOMERS'] as const);
  const search = query.q ? searchCondition(query.q, ['organization', 'id']) : undefined;
  const page = await documentClient()
    .send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: index,
        KeyConditionExpression: query.tier
          ? `${index}pk = :pk AND begins_with(${index}sk, :tier)`
          : `${index}pk = :pk`,
        ExpressionAttributeValues: {
          ':pk': partition,
          ...(query.tier ? { ':tier': `${query.tier}#` } : {}),
          ...search?.values,
        },
        ...(search ? { FilterExpression: search.expression, ExpressionAttributeNames: search.names } : {}),
        Limit: query.limit,
        ExclusiveStartKey: decodeCursor(query.cursor),
      }),
    )
    .catch(rethrowBadStartKey);
  const nextCursor = encodeCursor(page.LastEvaluatedKey);
  return {
    items: (page.Items ?? []).map((item) => customerFromItem(item).customer),
    ...(nextCursor ? { nextCursor } : {}),
  };
}

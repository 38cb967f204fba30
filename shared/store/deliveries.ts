import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type PlainDate, startOfShanghaiDay } from '../calendar/plain-date.ts';
import { ConflictError } from '../errors.ts';
import type { Delivery } from '../schemas/customers.ts';
import { documentClient, tableName } from './client.ts';
import { customerKey, getCustomer } from './customers.ts';
import { officeStatItems } from './office-stats.ts';
import { returnsStatItems } from './report-stats.ts';
import { writeAll } from './transactions.ts';

const DELIVERY_PREFIX = 'DELIVERY#';

const DELIVERIES = 'DELIVERIES';
/** The day the warranty and the check-ins count from: acceptance, else delivery. */
const startDay = (delivery: Delivery) => delivery.acceptedOn ?? delivery.deliveredOn;

// A delivery lives in its customer's partition (the customer page reads them in one
// Query), is found by order ref (gsi1) or batch (gsi2) when a request names them, and
// by the day its warranty starts (gsi3) when the check-in and warranty-offer jobs plan.
const deliveryItem = (delivery: Delivery) => ({
  pk: customerKey(delivery.customerId),
  sk: `${DELIVERY_PREFIX}${delivery.id}`,
  entityType: 'delivery',
  ...delivery,
  gsi1pk: `ORDER#${delivery.orderRef}`,
  gsi1sk: `${DELIVERY_PREFIX}${delivery.id}`,
  gsi2pk: `BATCH#${delivery.batch}`,
  gsi2sk: `${DELIVERY_PREFIX}${delivery.id}`,
  gsi3pk: DELIVERIES,
  gsi3sk: `${startDay(delivery)}#${delivery.id}`,
});

const deliveryFromItem = (item: Record<string, unknown>): Delivery => {
  const { id, customerId, orderRef, batch, items, deliveredOn, acceptedOn } = item as unknown as Delivery;
  return { id, customerId, orderRef, batch, items, deliveredOn, ...(acceptedOn ? { acceptedOn } : {}) };
};

/**
 * Stores a delivery. A new delivery is counted in the same transaction: its units in the
 * returns rate's month of delivery, and, when its customer has an office, the office league
 * table's deliveries and units in the month of acceptance, else delivery. Writing a delivery
 * that exists again replaces it without counting it twice.
 */
export async function putDelivery(delivery: Delivery): Promise<void> {
  const TableName = tableName();
  const officeId = (await getCustomer(delivery.customerId))?.customer.officeId;
  const units = delivery.items.reduce((sum, item) => sum + item.quantity, 0);
  const counted = [
    ...returnsStatItems(startOfShanghaiDay(delivery.deliveredOn).toISOString(), { deliveredUnits: units }),
    ...(officeId
      ? officeStatItems(officeId, startOfShanghaiDay(startDay(delivery)).toISOString(), {
          deliveries: 1,
          deliveredUnits: units,
        })
      : []),
  ];
  if (counted.length > 0) {
    try {
      const Item = deliveryItem(delivery);
      await writeAll([
        { Put: { TableName, Item, ConditionExpression: 'attribute_not_exists(pk)' } },
        ...counted,
      ]);
      return;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  await documentClient().send(new PutCommand({ TableName, Item: deliveryItem(delivery) }));
}

export async function listCustomerDeliveries(customerId: string): Promise<Delivery[]> {
  const { Items } = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': customerKey(customerId), ':prefix': DELIVERY_PREFIX },
    }),
  );
  return (Items ?? []).map(deliveryFromItem);
}

/** Deliveries under an order/contract ref and, when given, of that batch; by batch alone otherwise. */
export async function findDeliveries(match: { orderRef?: string; batch?: string }): Promise<Delivery[]> {
  const [index, partition] = match.orderRef
    ? (['gsi1', `ORDER#${match.orderRef}`] as const)
    : match.batch
      ? (['gsi2', `BATCH#${match.batch}`] as const)
      : [undefined, undefined];
  if (!index) return [];
  const { Items } = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: index,
      KeyConditionExpression: `${index}pk = :pk`,
      ExpressionAttributeValues: { ':pk': partition },
      Limit: 50,
    }),
  );
  const deliveries = (Items ?? []).map(deliveryFromItem);
  return match.orderRef && match.batch ? deliveries.filter((d) => d.batch === match.batch) : deliveries;
}

/**
 * Deliveries whose warranty starts (acceptance, else delivery) between `from` and `to`
 * inclusive, in that order: one Query on gsi3 `DELIVERIES`, every page.
 */
export async function listDeliveriesStartingBetween(from: PlainDate, to: PlainDate): Promise<Delivery[]> {
  const deliveries: Delivery[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk BETWEEN :from AND :to',
        // `<from>#` sorts before every key of that day, `<to>#U+FFFF` after every key of `to`.
        ExpressionAttributeValues: { ':pk': DELIVERIES, ':from': `${from}#`, ':to': `${to}#\uffff` },
        ExclusiveStartKey: start,
      }),
    );
    deliveries.push(...(page.Items ?? []).map(deliveryFromItem));
    start = page.LastEvaluatedKey;
  } while (start);
  return deliveries;
}

import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Delivery } from '../schemas/customers.ts';
import { documentClient, tableName } from './client.ts';
import { customerKey } from './customers.ts';

const DELIVERY_PREFIX = 'DELIVERY#';

// A delivery lives in its customer's partition (the customer page reads them in one
// Query) and is found by order ref (gsi1) or batch (gsi2) when a request names them.
const deliveryItem = (delivery: Delivery) => ({
  pk: customerKey(delivery.customerId),
  sk: `${DELIVERY_PREFIX}${delivery.id}`,
  entityType: 'delivery',
  ...delivery,
  gsi1pk: `ORDER#${delivery.orderRef}`,
  gsi1sk: `${DELIVERY_PREFIX}${delivery.id}`,
  gsi2pk: `BATCH#${delivery.batch}`,
  gsi2sk: `${DELIVERY_PREFIX}${delivery.id}`,
});

const deliveryFromItem = (item: Record<string, unknown>): Delivery => {
  const { id, customerId, orderRef, batch, items, deliveredOn, acceptedOn } = item as unknown as Delivery;
  return { id, customerId, orderRef, batch, items, deliveredOn, ...(acceptedOn ? { acceptedOn } : {}) };
};

export async function putDelivery(delivery: Delivery): Promise<void> {
  await documentClient().send(new PutCommand({ TableName: tableName(), Item: deliveryItem(delivery) }));
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

import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Office } from '../schemas/customers.ts';
import { documentClient, tableName } from './client.ts';

export async function putOffice(office: Office): Promise<void> {
  await documentClient().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        pk: `OFFICE#${office.id}`,
        sk: 'PROFILE',
        entityType: 'office',
        ...office,
        gsi2pk: 'OFFICES',
        gsi2sk: office.id,
      },
    }),
  );
}

export async function listOffices(): Promise<Office[]> {
  const { Items } = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': 'OFFICES' },
    }),
  );
  return (Items ?? []).map(({ id, name, region, email }) => ({
    id,
    name,
    region,
    ...(email ? { email } : {}),
  }));
}

export async function officeExists(id: string): Promise<boolean> {
  const { Item } = await documentClient().send(
    new GetCommand({
      TableName: tableName(),
      Key: { pk: `OFFICE#${id}`, sk: 'PROFILE' },
      ProjectionExpression: 'pk',
    }),
  );
  return Item !== undefined;
}

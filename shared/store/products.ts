import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Product } from '../schemas/customers.ts';
import { documentClient, tableName } from './client.ts';

export async function putProduct(product: Product): Promise<void> {
  await documentClient().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        pk: `PRODUCT#${product.id}`,
        sk: 'PROFILE',
        entityType: 'product',
        ...product,
        gsi2pk: 'PRODUCTS',
        gsi2sk: `${product.category}#${product.id}`,
      },
    }),
  );
}

/**
 * The one table's key schema, read by CDK (infra/constructs/data.ts) and by the local
 * runtime when it creates the table in DynamoDB Local. docs/data-model.md lists what
 * lives under each key and which query serves which screen.
 */
export const tableDesign = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds; idempotency records and one-time tokens expire through it. */
  timeToLiveAttribute: 'ttl',
  globalSecondaryIndexes: [
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    { indexName: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  ],
} as const;

export type IndexName = (typeof tableDesign.globalSecondaryIndexes)[number]['indexName'];

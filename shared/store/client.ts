import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';

let raw: DynamoDBClient | undefined;
let documents: DynamoDBDocumentClient | undefined;

/**
 * The shared DynamoDB clients, created on first use so that the endpoint
 * (`AWS_ENDPOINT_URL_DYNAMODB` locally) and region come from the environment.
 */
export function dynamoClient(): DynamoDBClient {
  raw ??= new DynamoDBClient({ maxAttempts: 4 });
  return raw;
}

export function documentClient(): DynamoDBDocumentClient {
  documents ??= DynamoDBDocumentClient.from(dynamoClient(), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return documents;
}

export const tableName = (): string => config().TABLE_NAME;

/** Closes the shared clients' connections (the local runtime's shutdown; Lambda never needs it). */
export function disposeDynamoClients(): void {
  documents?.destroy();
  raw?.destroy();
  documents = undefined;
  raw = undefined;
}

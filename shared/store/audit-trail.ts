import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type AuditEvent, EVENT_PREFIX, eventFromItem } from './audit.ts';
import { documentClient, tableName } from './client.ts';

/** An entity's whole audit trail, oldest first (events live in the entity's own partition). */
export async function listEvents(entityKey: string): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': entityKey, ':prefix': EVENT_PREFIX },
        // Read after a write (the console refreshing after a step, a reconcile after a movement):
        // an eventually consistent read could miss the newest event.
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    events.push(...(page.Items ?? []).map(eventFromItem));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return events;
}

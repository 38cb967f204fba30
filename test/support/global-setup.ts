import { startDynamoDbLocal } from '../../local/dynamodb.ts';
import { freePort } from '../../local/ports.ts';
import { startSesLocal } from '../../local/ses.ts';

/**
 * One DynamoDB Local (in memory) and one SES stand-in for the whole run; each test file
 * starts its own runtime on them with a table of its own.
 */
export default async function globalSetup(): Promise<void> {
  const dynamo = await startDynamoDbLocal(await freePort());
  const ses = await startSesLocal(await freePort());
  process.env.TEST_DYNAMODB_ENDPOINT = dynamo.endpoint;
  process.env.TEST_SES_ENDPOINT = ses.endpoint;
  (globalThis as { __services__?: unknown }).__services__ = [dynamo, ses];
}

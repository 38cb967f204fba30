// `npm start`: the whole system on this machine, no AWS account needed.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { schedules } from '../shared/schedules.ts';
import { JavaMissingError } from './dynamodb.ts';

const projectRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
const dataDir = resolve(projectRoot, '.local');
const port = Number(process.env.PORT ?? 3000);
const dynamoPort = Number(process.env.DYNAMODB_PORT ?? 8000);
const sesPort = Number(process.env.SES_PORT ?? 8005);

/** One secret per checkout, so sign-in tokens survive restarts. */
function tokenSecret(): string {
  const file = resolve(dataDir, 'token-secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

async function main() {
  // Before the logger is created: Powertools resets its level to the one it was created with on
  // every warm invocation, so a level set later holds only until the first request.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  const { startRuntime } = await import('./runtime.ts');
  console.log('Starting Aftersales locally (DynamoDB Local takes a few seconds)...');
  const runtime = await startRuntime({
    projectRoot,
    port,
    tableName: process.env.TABLE_NAME ?? 'aftersales-local',
    dynamo: { port: dynamoPort, dataDir: resolve(dataDir, 'dynamodb') },
    ses: { port: sesPort },
    tokenSecret: tokenSecret(),
    seed: true,
    timers: true,
    onRequest: process.env.QUIET ? undefined : (line) => console.log(`  ${line}`),
  });
  const url = runtime.url;
  console.log(`
  Aftersales is running (data in .local/, kept across restarts${runtime.seeded ? '; demo data seeded' : ''})

  Web forms        ${url}/
    complaint      ${url}/complaint.html
    inquiry        ${url}/inquiry.html
    repair         ${url}/repair.html
  Staff console    ${url}/console/        (sign in with any role; docs/console.md)
  API docs         ${url}/v1/docs
  OpenAPI 3.1      ${url}/v1/openapi.json
  Email inbox      ${runtime.sesEndpoint}/        (every email sent; JSON at /store, suppression list at /suppression)
  DynamoDB Local   ${runtime.dynamoEndpoint}      (table ${runtime.tableName})

  Sign in (local)  curl -s -X POST ${url}/_local/token -H 'content-type: application/json' \\
                     -d '{"role":"customer-service"}'
                   roles: customer-service quality production department warehouse office manager admin
                   (add "office":"bj" or "department":"assembly" for scoped users)
  Run a job now    curl -s -X POST ${url}/_local/schedules/<name>   (${schedules.map((s) => s.name).join(', ')})
                   add ?asOf=2027-03-01 (or an ISO instant) to run it as of that day: plan and send surveys
  SES bounce       curl -s -X POST ${url}/_local/ses-events -d '{"bounce":"someone@example.cn"}'   (or "complaint")

  Ctrl-C stops everything.
`);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping...`);
    await runtime.stop();
    console.log('Stopped. Data is kept in .local/.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  if (error instanceof JavaMissingError) {
    console.error(`\n${error.message}\n`);
  } else {
    console.error('Aftersales could not start:', error);
  }
  process.exit(1);
});

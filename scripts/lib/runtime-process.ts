// The local runtime (gateway, handlers, Step Functions engine, scheduler) in a process of its own,
// using DynamoDB Local and the SES stand-in of its parent: the load run can kill it as a crash
// would and start it again, while the "AWS services" keep their data.
// Started with one JSON argument (RuntimeProcessOptions); prints `READY <url>` when it serves.

export interface RuntimeProcessOptions {
  readonly projectRoot: string;
  readonly port: number;
  readonly tableName: string;
  readonly dynamoEndpoint: string;
  readonly sesEndpoint: string;
  readonly tokenSecret: string;
}

const options = JSON.parse(process.argv[2] ?? '{}') as RuntimeProcessOptions;
// Before the logger exists: under a flood, every request's log line would cost more than its work.
process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
const { startRuntime } = await import('../../local/runtime.ts');
const runtime = await startRuntime({
  projectRoot: options.projectRoot,
  port: options.port,
  tableName: options.tableName,
  dynamo: { endpoint: options.dynamoEndpoint },
  ses: { endpoint: options.sesEndpoint },
  tokenSecret: options.tokenSecret,
  seed: false,
  timers: false,
  logLevel: 'ERROR',
});
process.stdout.write(`READY ${runtime.url}\n`);
process.once('SIGTERM', () => {
  void runtime.stop().then(() => process.exit(0));
});

// The system under load: DynamoDB Local and the SES stand-in in this process (they play the AWS
// services, which outlive a crashed function), the runtime in a child process that can be killed.
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ensureTable, startDynamoDbLocal } from '../../local/dynamodb.ts';
import { freePort } from '../../local/ports.ts';
import type { RuntimeProcessOptions } from './runtime-process.ts';

export const projectRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export interface Services {
  readonly dynamoEndpoint: string;
  readonly sesEndpoint: string;
  readonly tableName: string;
  stop(): Promise<void>;
}

/** DynamoDB Local in memory (or under `dataDir`) and the SES stand-in, with the table created. */
export async function startServices(tableName: string, dataDir?: string): Promise<Services> {
  const dynamo = await startDynamoDbLocal(await freePort(), dataDir);
  const ses = await spawnReady('scripts/lib/ses-process.ts', [String(await freePort())]).catch(
    async (error) => {
      await dynamo.stop();
      throw error;
    },
  );
  await ensureTable(dynamo.endpoint, tableName);
  return {
    dynamoEndpoint: dynamo.endpoint,
    sesEndpoint: ses.ready,
    tableName,
    stop: async () => {
      await ses.signal('SIGTERM');
      await dynamo.stop();
    },
  };
}

/** A Node script of the project in a child process, once it printed `READY <value>`. */
async function spawnReady(script: string, args: readonly string[], nodeOptions: readonly string[] = []) {
  const child = spawn(process.execPath, [...nodeOptions, resolve(projectRoot, script), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const ready = await new Promise<string>((started, failed) => {
    const lines = createInterface({ input: child.stdout as NonNullable<ChildProcess['stdout']> });
    lines.on('line', (line) => {
      if (line.startsWith('READY ')) started(line.slice('READY '.length));
      else if (process.env.LOAD_VERBOSE) console.log(`  [${script}] ${line}`);
    });
    child.once('exit', (code) => failed(new Error(`${script} exited (code ${code}) before it was ready`)));
  });
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return { ready, signal };
}

export interface RuntimeProcess {
  readonly url: string;
  /** SIGKILL: no shutdown, in-flight requests and workflow steps cut off mid-way. */
  kill(): Promise<void>;
  /** SIGTERM: the runtime's own orderly stop. */
  stop(): Promise<void>;
}

/** Starts the runtime in a child process on `port` and resolves once it serves. */
export async function spawnRuntime(
  services: Services,
  port: number,
  tokenSecret: string,
): Promise<RuntimeProcess> {
  const options: RuntimeProcessOptions = {
    projectRoot,
    port,
    tableName: services.tableName,
    dynamoEndpoint: services.dynamoEndpoint,
    sesEndpoint: services.sesEndpoint,
    tokenSecret,
  };
  const profile = process.env.LOAD_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.LOAD_PROFILE] : [];
  const child = await spawnReady('scripts/lib/runtime-process.ts', [JSON.stringify(options)], profile);
  return { url: child.ready, kill: () => child.signal('SIGKILL'), stop: () => child.signal('SIGTERM') };
}

/** A runtime that can crash: SIGKILL, then started again on the same port and data. */
export async function crashableRuntime(services: Services, tokenSecret: string) {
  const port = await freePort();
  let current = await spawnRuntime(services, port, tokenSecret);
  return {
    url: current.url,
    /** Kills the runtime and starts it again; resolves with the seconds it was down. */
    async crash(): Promise<number> {
      const down = performance.now();
      await current.kill();
      current = await spawnRuntime(services, port, tokenSecret);
      return (performance.now() - down) / 1000;
    },
    stop: () => current.stop(),
  };
}

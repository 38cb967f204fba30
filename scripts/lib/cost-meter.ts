// What the cost model measures on the local runtime: DynamoDB request units (ConsumedCapacity on
// every call that returns it), Lambda invocations and their duration, and the bytes the functions
// log. Work is attributed by an AsyncLocalStorage tag put on each function invocation, so the local
// Step Functions engine's own journal writes and the driver's polling are left out.
import { AsyncLocalStorage } from 'node:async_hooks';
import { type Invocation, missingKeysReadUnits, queryReadUnits, type RefusedWrite } from './cost-model.ts';

export type FunctionGroup = 'api' | 'workflow' | 'scheduled' | 'events';

export interface MeteredInvocation extends Invocation {
  readonly group: FunctionGroup;
  readonly name: string;
}

/** What was measured between two marks. */
export interface Tally {
  readonly readUnits: number;
  readonly writeUnits: number;
  readonly refusedWrites: readonly RefusedWrite[];
  readonly dynamoCalls: number;
  /**
   * Reads that found nothing and that DynamoDB Local reports as free (empty queries and scans,
   * BatchGetItem keys without an item): DynamoDB charges them the minimum read, and so does the meter.
   */
  readonly emptyReads: number;
  /** Calls of a metered function that returned no ConsumedCapacity (expected: none). */
  readonly callsWithoutCapacity: Readonly<Record<string, number>>;
  /** Request units by operation (`TransactWriteItems`, `Query`...), to see where they go. */
  readonly unitsByOperation: Readonly<Record<string, number>>;
  readonly callsByOperation: Readonly<Record<string, number>>;
  readonly invocations: readonly MeteredInvocation[];
  readonly logBytes: number;
}

/** The DynamoDB operations that accept ReturnConsumedCapacity, by what they consume. */
const reads = new Set([
  'GetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'TransactGetItemsCommand',
]);
const queries = new Set(['QueryCommand', 'ScanCommand']);
const writes = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);

type Middleware = (
  next: (args: { input: Record<string, unknown> }) => Promise<{ output: Record<string, unknown> }>,
  context: { commandName?: string },
) => (args: { input: Record<string, unknown> }) => Promise<{ output: Record<string, unknown> }>;

interface StackOwner {
  middlewareStack: { add(middleware: never, options: { step: string; name: string }): void };
}

interface Totals {
  readUnits: number;
  writeUnits: number;
  refusedWrites: RefusedWrite[];
  dynamoCalls: number;
  emptyReads: number;
  callsWithoutCapacity: Record<string, number>;
  unitsByOperation: Record<string, number>;
  callsByOperation: Record<string, number>;
  invocations: MeteredInvocation[];
  logBytes: number;
}

type Write = typeof process.stdout.write;

const add = (counts: Record<string, number>, key: string, n: number) => {
  counts[key] = (counts[key] ?? 0) + n;
};
/** The counts that grew since `before`, by how much. */
const difference = (now: Record<string, number>, before: Record<string, number>) =>
  Object.fromEntries(
    Object.entries(now)
      .map(([key, n]) => [key, n - (before[key] ?? 0)] as const)
      .filter(([, n]) => n > 0),
  );

export function costMeter(memoryMb: Readonly<Record<FunctionGroup, number>>) {
  const tags = new AsyncLocalStorage<FunctionGroup>();
  const totals: Totals = {
    readUnits: 0,
    writeUnits: 0,
    refusedWrites: [],
    dynamoCalls: 0,
    emptyReads: 0,
    callsWithoutCapacity: {},
    unitsByOperation: {},
    callsByOperation: {},
    invocations: [],
    logBytes: 0,
  };
  /** While set, API requests are the driver's waiting: not tagged, not counted. */
  let waiting = false;

  const invoke = async <T>(group: FunctionGroup, name: string, run: () => Promise<T>): Promise<T> =>
    tags.run(group, async () => {
      const started = performance.now();
      try {
        return await run();
      } finally {
        totals.invocations.push({
          group,
          name,
          durationMs: performance.now() - started,
          memoryMb: memoryMb[group],
        });
      }
    });

  const capacity: Middleware = (next, context) => async (args) => {
    const command = context.commandName ?? '';
    if (!tags.getStore()) return next(args);
    if (!reads.has(command) && !writes.has(command)) {
      add(totals.callsWithoutCapacity, command, 1);
      return next(args);
    }
    totals.dynamoCalls += 1;
    const operation = command.replace(/Command$/, '');
    add(totals.callsByOperation, operation, 1);
    const input =
      args.input.ReturnConsumedCapacity === 'INDEXES'
        ? args.input
        : { ...args.input, ReturnConsumedCapacity: 'TOTAL' };
    try {
      const result = await next({ ...args, input });
      const consumed = result.output.ConsumedCapacity as
        | { CapacityUnits?: number }
        | { CapacityUnits?: number }[];
      if (consumed === undefined) {
        add(totals.callsWithoutCapacity, command, 1);
      }
      const reported = [consumed ?? []].flat().reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
      let units = queries.has(command) ? queryReadUnits(reported, input.ConsistentRead === true) : reported;
      if (units !== reported) totals.emptyReads += 1;
      if (command === 'BatchGetItemCommand') units += notFoundInBatch(input, result.output);
      add(totals.unitsByOperation, operation, units);
      if (reads.has(command)) totals.readUnits += units;
      else totals.writeUnits += units;
      return result;
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'ConditionalCheckFailedException')
        totals.refusedWrites.push({ transactional: false, items: 1 });
      if (name === 'TransactionCanceledException') {
        const items = (input.TransactItems as unknown[] | undefined)?.length ?? 1;
        totals.refusedWrites.push({ transactional: true, items });
      }
      throw error;
    }
  };

  /** The units of a BatchGetItem's keys that found nothing (DynamoDB Local leaves them out). */
  const notFoundInBatch = (input: Record<string, unknown>, output: Record<string, unknown>) => {
    const requested = (input.RequestItems ?? {}) as Record<
      string,
      { Keys?: unknown[]; ConsistentRead?: boolean }
    >;
    const responses = (output.Responses ?? {}) as Record<string, unknown[]>;
    const unprocessed = (output.UnprocessedKeys ?? {}) as Record<string, { Keys?: unknown[] }>;
    let units = 0;
    for (const [table, request] of Object.entries(requested)) {
      const asked = (request.Keys?.length ?? 0) - (unprocessed[table]?.Keys?.length ?? 0);
      const found = responses[table]?.length ?? 0;
      totals.emptyReads += Math.max(0, asked - found);
      units += missingKeysReadUnits(asked, found, request.ConsistentRead === true);
    }
    return units;
  };

  const mark = () => ({
    readUnits: totals.readUnits,
    writeUnits: totals.writeUnits,
    refusedWrites: totals.refusedWrites.length,
    dynamoCalls: totals.dynamoCalls,
    emptyReads: totals.emptyReads,
    callsWithoutCapacity: { ...totals.callsWithoutCapacity },
    unitsByOperation: { ...totals.unitsByOperation },
    callsByOperation: { ...totals.callsByOperation },
    invocations: totals.invocations.length,
    logBytes: totals.logBytes,
  });

  return {
    /** The gateway's `instrument`: tags an API handler invocation unless the driver is waiting. */
    api: <T>(run: () => Promise<T>): Promise<T> => (waiting ? run() : invoke('api', 'api', run)),
    /** The local Step Functions engine's `instrument`. */
    workflow: <T>(name: string, run: () => Promise<T>): Promise<T> => invoke('workflow', name, run),
    scheduled: <T>(name: string, run: () => Promise<T>): Promise<T> => invoke('scheduled', name, run),
    /** The local event bus's `instrument`: an event rule's function (SES's send events). */
    event: <T>(rule: string, run: () => Promise<T>): Promise<T> => invoke('events', rule, run),
    /** The driver's `waiting`: requests made inside are not counted (one complaint at a time). */
    async waiting<T>(run: () => Promise<T>): Promise<T> {
      waiting = true;
      try {
        return await run();
      } finally {
        waiting = false;
      }
    },
    /** Adds ReturnConsumedCapacity to every call of a client and its document client. */
    attach(client: StackOwner) {
      client.middlewareStack.add(capacity as never, { step: 'initialize', name: 'costMeterCapacity' });
    },
    /**
     * Counts what tagged code writes to stdout and stderr (the functions' logs) and keeps all
     * output off the terminal; `print` writes to it. `restore` puts the streams back and returns
     * the untagged output's last lines (for a failed run).
     */
    captureOutput() {
      const original = { out: process.stdout.write, err: process.stderr.write };
      const untagged: string[] = [];
      const swallow = (...args: unknown[]) => {
        const chunk = args[0] as string | Uint8Array;
        if (tags.getStore()) totals.logBytes += Buffer.byteLength(chunk);
        else untagged.push(String(chunk)) > 200 && untagged.shift();
        const done = args.find((arg) => typeof arg === 'function') as (() => void) | undefined;
        done?.();
        return true;
      };
      process.stdout.write = swallow as Write;
      process.stderr.write = swallow as Write;
      return {
        print: (line: string) => original.out.call(process.stdout, `${line}\n`),
        restore: () => {
          process.stdout.write = original.out;
          process.stderr.write = original.err;
          return untagged.join('');
        },
      };
    },
    mark,
    /** What was measured since `from`. */
    since(from: ReturnType<typeof mark>): Tally {
      return {
        readUnits: totals.readUnits - from.readUnits,
        writeUnits: totals.writeUnits - from.writeUnits,
        refusedWrites: totals.refusedWrites.slice(from.refusedWrites),
        dynamoCalls: totals.dynamoCalls - from.dynamoCalls,
        emptyReads: totals.emptyReads - from.emptyReads,
        callsWithoutCapacity: difference(totals.callsWithoutCapacity, from.callsWithoutCapacity),
        unitsByOperation: difference(totals.unitsByOperation, from.unitsByOperation),
        callsByOperation: difference(totals.callsByOperation, from.callsByOperation),
        invocations: totals.invocations.slice(from.invocations),
        logBytes: totals.logBytes - from.logBytes,
      };
    },
  };
}

export type CostMeter = ReturnType<typeof costMeter>;

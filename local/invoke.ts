import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { lambdaContext } from './lambda-context.ts';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

/**
 * Invokes a function the way Lambda does: loads its module by file (cached after the first
 * time, like a warm container) and calls `handler` with the event and a Lambda context.
 */
export async function invokeFunction(
  projectRoot: string,
  handlerPath: string,
  options: { functionName: string; timeoutMs: number },
  event: unknown,
): Promise<unknown> {
  const { handler } = (await import(pathToFileURL(resolve(projectRoot, handlerPath)).href)) as {
    handler: Handler;
  };
  return handler(event, lambdaContext(options.functionName, options.timeoutMs));
}

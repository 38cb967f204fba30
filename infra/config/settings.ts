import type { Node } from 'constructs';

/** What differs between deployments; each value comes from CDK context (`-c name=value`). */
export interface Settings {
  readonly stage: string;
  readonly mailFrom: string;
  readonly afterSalesMailbox: string;
  readonly consoleUrl: string;
  readonly corsOrigin: string;
}

/** The local runtime's values (shared/config.ts), so an unconfigured dev stack behaves like `npm start`. */
export const defaultSettings: Settings = {
  stage: 'dev',
  mailFrom: '售后服务部 <after-sales@aftersales.local>',
  afterSalesMailbox: 'after-sales@aftersales.local',
  consoleUrl: 'http://localhost:3000/console',
  corsOrigin: '*',
};

export function readSettings(node: Node): Settings {
  const read = (key: keyof Settings): string => {
    const value: unknown = node.tryGetContext(key);
    if (value === undefined) return defaultSettings[key];
    if (typeof value !== 'string' || value.trim() === '') {
      throw new Error(`CDK context "${key}" must be a non-empty string`);
    }
    return value;
  };
  const stage = read('stage');
  // The stage names the stack (Aftersales-<stage>), whose name CloudFormation restricts.
  if (!/^[a-z][a-z0-9-]*$/.test(stage))
    throw new Error(`CDK context "stage" must be lower-case kebab, got "${stage}"`);
  return {
    stage,
    mailFrom: read('mailFrom'),
    afterSalesMailbox: read('afterSalesMailbox'),
    consoleUrl: read('consoleUrl'),
    corsOrigin: read('corsOrigin'),
  };
}

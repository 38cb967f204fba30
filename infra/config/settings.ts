import type { Node } from 'constructs';
import { roles } from '../../shared/http/roles.ts';
import { entityId } from '../../shared/schemas/common.ts';

/** What differs between deployments; each value comes from CDK context (`-c name=value`). */
export interface Settings {
  readonly stage: string;
  readonly mailFrom: string;
  readonly afterSalesMailbox: string;
  readonly consoleUrl: string;
  readonly corsOrigin: string;
  /**
   * Where staff notices go (ROLE_MAILBOXES): keys are roles, `factory-quality` and
   * `department:<id>`; a notice for a key without an entry goes to `afterSalesMailbox`.
   */
  readonly roleMailboxes: Readonly<Record<string, string>>;
}

/** The local runtime's values (shared/config.ts), so an unconfigured dev stack behaves like `npm start`. */
export const defaultSettings: Settings = {
  stage: 'dev',
  mailFrom: '售后服务部 <after-sales@aftersales.local>',
  afterSalesMailbox: 'after-sales@aftersales.local',
  consoleUrl: 'http://localhost:3000/console',
  corsOrigin: '*',
  roleMailboxes: {},
};

type TextSetting = Exclude<keyof Settings, 'roleMailboxes'>;

/** The keys shared/mail/mailboxes.ts looks up; anything else would be a typo that is never read. */
const isMailboxKey = (key: string) =>
  (roles as readonly string[]).includes(key) ||
  key === 'factory-quality' ||
  (key.startsWith('department:') && entityId.safeParse(key.slice('department:'.length)).success);

// Lambda allows 4 KB of environment in total; the other variables need well under half of it.
const maxRoleMailboxesLength = 2048;

/**
 * `roleMailboxes` as a JSON object: in cdk.json it can be an object, while `-c roleMailboxes='{...}'`
 * arrives as a string, so both are accepted.
 */
function readRoleMailboxes(value: unknown): Readonly<Record<string, string>> {
  const fail = (reason: string): never => {
    throw new Error(`CDK context "roleMailboxes" ${reason}`);
  };
  if (value === undefined) return defaultSettings.roleMailboxes;
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      fail('must be a JSON object, e.g. {"quality":"quality@example.com"}');
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    fail('must be a JSON object of mailbox addresses');
  const entries = Object.entries(parsed as Record<string, unknown>);
  for (const [key, mailbox] of entries) {
    if (!isMailboxKey(key))
      fail(`has the unknown key "${key}" (use a role, factory-quality or department:<id>)`);
    if (typeof mailbox !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(mailbox.trim()))
      fail(`"${key}" must be an email address, got ${JSON.stringify(mailbox)}`);
  }
  const mailboxes = Object.fromEntries(entries.map(([key, mailbox]) => [key, (mailbox as string).trim()]));
  if (JSON.stringify(mailboxes).length > maxRoleMailboxesLength)
    fail(`is longer than ${maxRoleMailboxesLength} characters as JSON (Lambda's environment is 4 KB)`);
  return mailboxes;
}

export function readSettings(node: Node): Settings {
  const read = (key: TextSetting): string => {
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
    roleMailboxes: readRoleMailboxes(node.tryGetContext('roleMailboxes')),
  };
}

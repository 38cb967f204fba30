import { config } from '../config.ts';

/** The mailbox of a role, `factory-quality` or `department:<id>`; the after-sales mailbox when none is configured. */
export function mailboxOf(key: string): string {
  const { ROLE_MAILBOXES, AFTER_SALES_MAILBOX } = config();
  return ROLE_MAILBOXES[key] ?? AFTER_SALES_MAILBOX;
}

export const departmentMailbox = (departmentId: string) => mailboxOf(`department:${departmentId}`);

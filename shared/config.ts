import { z } from 'zod';

const environment = z.object({
  TABLE_NAME: z.string().min(1),
  /** Sender of every email (a verified SES identity in AWS). */
  MAIL_FROM: z.string().min(3).default('售后服务部 <after-sales@aftersales.local>'),
  /** The after-sales department's mailbox: notified of every new submission. */
  AFTER_SALES_MAILBOX: z.string().min(3).default('after-sales@aftersales.local'),
  /** Base URL of the staff console, for links in staff emails. */
  CONSOLE_URL: z.string().default('http://localhost:3000/console'),
});
export type Config = z.infer<typeof environment>;

let cached: Config | undefined;

/**
 * The deployment's settings, read from environment variables once. CDK sets them on
 * every function; the local runtime sets them before it loads the handlers.
 */
export function config(): Config {
  if (cached) return cached;
  const parsed = environment.safeParse(process.env);
  if (!parsed.success) {
    const missing = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new Error(`Aftersales is misconfigured: check the environment variables ${missing}`);
  }
  cached = parsed.data;
  return cached;
}

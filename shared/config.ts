import { z } from 'zod';

const environment = z.object({
  TABLE_NAME: z.string().min(1),
  /** Sender of every email (a verified SES identity in AWS). */
  MAIL_FROM: z.string().min(3).default('售后服务部 <after-sales@aftersales.local>'),
  /** The after-sales department's mailbox: notified of every new submission. */
  AFTER_SALES_MAILBOX: z.string().min(3).default('after-sales@aftersales.local'),
  /** Base URL of the staff console, for links in staff emails. */
  CONSOLE_URL: z.string().default('http://localhost:3000/console'),
  /**
   * The SES configuration set every email is sent with; its EventBridge destination reports
   * bounces and complaints (functions/events/ses-events.ts). Unset locally: no set is named.
   */
  SES_CONFIGURATION_SET: z.string().optional(),
  /**
   * Origins (comma-separated) whose browsers may read API responses: the web forms' and the
   * console's. Unset locally, where the runtime serves web/ from the API's own origin.
   */
  ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((text) =>
      text
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    ),
  /**
   * Where customers open links from emails (survey pages, unsubscribe): the site that serves web/
   * and the API under /v1.
   */
  PUBLIC_URL: z.string().default('http://localhost:3000'),
  /** Link signing keys as JSON `{"current":"k1","k1":"<32+ characters>"}` (local and tests only). */
  LINK_SIGNING_KEYS: z.string().optional(),
  /** In AWS: the Secrets Manager secret holding the same JSON (rotation-ready). */
  LINK_KEYS_SECRET_ARN: z.string().optional(),
  /** Working days between a case's closing (a complaint's archiving) and its satisfaction survey. */
  CSAT_DELAY_WORKING_DAYS: z.coerce.number().int().min(1).max(20).default(1),
  /** The complaint workflow's state machine; every accepted complaint starts one execution. */
  COMPLAINT_WORKFLOW_ARN: z.string().min(1).optional(),
  /**
   * Where staff notices go, as JSON: role names (`quality`, `production`, `manager`...),
   * `factory-quality`, and `department:<id>` for responsible departments. A missing entry
   * falls back to the after-sales mailbox, so no notice is lost.
   */
  ROLE_MAILBOXES: z
    .string()
    .default('{}')
    .transform((text, context) => {
      try {
        return z.record(z.string(), z.string().min(3)).parse(JSON.parse(text));
      } catch {
        context.addIssue({
          code: 'custom',
          message: 'ROLE_MAILBOXES must be a JSON object of mailbox addresses',
        });
        return z.NEVER;
      }
    }),
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

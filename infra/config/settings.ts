import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import { z } from 'zod';
import { roles } from '../../shared/http/roles.ts';
import { entityId } from '../../shared/schemas/common.ts';
import { type StageName, stages } from './stages.ts';

const hostname = z
  .string()
  .regex(
    /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'must be a lower-case domain name',
  );
const mailbox = z.email('must be an email address');
/** Scheme, host and optional port: what a browser sends as `Origin`. */
const origin = z
  .string()
  .regex(
    /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/,
    'must be an origin like https://service.example.com (no path)',
  );
const positive = z.number().int().positive();

/** The keys shared/mail/mailboxes.ts looks up; anything else would be a typo that is never read. */
const isMailboxKey = (key: string) =>
  (roles as readonly string[]).includes(key) ||
  key === 'factory-quality' ||
  (key.startsWith('department:') && entityId.safeParse(key.slice('department:'.length)).success);
// Lambda allows 4 KB of environment in total; the other variables need well under half of it.
const maxRoleMailboxesLength = 2048;

const roleMailboxes = z
  .record(
    z.string().refine(isMailboxKey, 'is not a role, factory-quality or department:<id>'),
    z.string().trim().pipe(mailbox),
  )
  .refine(
    (value) => JSON.stringify(value).length <= maxRoleMailboxesLength,
    `must be at most ${maxRoleMailboxesLength} characters as JSON (Lambda's environment is 4 KB)`,
  );

/** Every setting of a stage, as infra/config/stages.ts writes it and the CDK context may override it. */
const settingsSchema = z
  .strictObject({
    /** Where the stack goes; without it, the CLI profile's region. */
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be a region name like ap-east-1 or ap-southeast-1')
      // The stack needs Cognito user pools and SES, which AWS's China regions do not offer.
      .refine((region) => !region.startsWith('cn-'), {
        message:
          'AWS China regions offer neither Cognito user pools nor SES; see docs/deploy.md#region-and-data-residency',
      })
      .optional(),
    /** RETAIN and deletion protection for the table and its key: production data outlives the stack. */
    retainData: z.boolean(),
    /** The SES domain identity every email is sent from. */
    senderDomain: hostname,
    mailFrom: z.string().min(3),
    afterSalesMailbox: mailbox,
    /**
     * Where staff notices go (ROLE_MAILBOXES): keys are roles, `factory-quality` and
     * `department:<id>`; a notice for a key without an entry goes to `afterSalesMailbox`.
     */
    roleMailboxes,
    /** The only origins browsers may call the API from (the web forms); the console's is added. */
    allowedOrigins: z.array(origin).min(1),
    /**
     * The staff console's own domain (CONSOLE_URL, sign-in redirects, CORS), e.g.
     * https://console.example.cn/; without it, the CloudFront distribution's address.
     */
    consoleUrl: z
      .string()
      .regex(
        /^https:\/\/[a-z0-9.-]+\/?$/,
        'must be https://<host>/ (the console is served at the root of its own domain)',
      )
      .transform((url) => (url.endsWith('/') ? url : `${url}/`))
      .optional(),
    /** The ACM certificate (us-east-1, where CloudFront reads it) for consoleUrl's host. */
    consoleCertificateArn: z
      .string()
      .regex(
        /^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/,
        'must be the ARN of an ACM certificate in us-east-1 (CloudFront uses only those)',
      )
      .optional(),
    /**
     * The sign-in pages' domain prefix (`<prefix>.auth.<region>.amazoncognito.com`), unique per
     * region across all AWS accounts; by default `aftersales-<stage>-<8 hex digits of the stack id>`.
     */
    cognitoDomainPrefix: z
      .string()
      .regex(
        /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
        'must be 1-63 lower-case letters, digits and hyphens, not starting or ending with a hyphen',
      )
      .refine((prefix) => !/aws|amazon|cognito/.test(prefix), {
        message: 'must not contain "aws", "amazon" or "cognito" (Cognito reserves them)',
      })
      .optional(),
    /** Where customers open links from emails: the site serving web/ and the API under /v1. */
    publicUrl: origin,
    logRetentionDays: z
      .number()
      .refine((days) => (Object.values(RetentionDays) as unknown[]).includes(days), {
        message: `must be one of CloudWatch's retention periods: ${Object.values(RetentionDays)
          .filter((days) => typeof days === 'number' && days > 0)
          .join(', ')}`,
      }),
    /** Working days after a case closes before its satisfaction survey goes out. */
    csatDelayWorkingDays: z.number().int().min(1).max(20),
    /** Subscribed to the ops alarm topic (each confirms by email). */
    opsEmails: z.array(mailbox),
    /** Requests per second for the whole API, and per public method (the forms). */
    apiThrottling: z.strictObject({
      rateLimit: positive,
      burstLimit: positive,
      publicRateLimit: positive,
      publicBurstLimit: positive,
    }),
    /** Public submissions one IP address may make in 5 minutes before WAF blocks it. */
    wafRateLimit: z.number().int().min(10).max(2_000_000_000),
  })
  .superRefine((settings, context) => {
    // A console domain without a certificate would be a URL that CloudFront does not answer.
    if ((settings.consoleUrl === undefined) !== (settings.consoleCertificateArn === undefined)) {
      context.addIssue({
        code: 'custom',
        path: [settings.consoleUrl === undefined ? 'consoleUrl' : 'consoleCertificateArn'],
        message:
          'consoleUrl and consoleCertificateArn go together: a console domain needs its certificate (docs/deploy.md#staff-console)',
      });
    }
    const address = /<([^>]+)>\s*$/.exec(settings.mailFrom)?.[1] ?? settings.mailFrom;
    const domain = address.split('@')[1]?.toLowerCase() ?? '';
    if (!mailbox.safeParse(address).success) {
      context.addIssue({
        code: 'custom',
        path: ['mailFrom'],
        message: 'must be "Name <address>" or an address',
      });
    } else if (domain !== settings.senderDomain && !domain.endsWith(`.${settings.senderDomain}`)) {
      context.addIssue({
        code: 'custom',
        path: ['mailFrom'],
        message: `must be an address at senderDomain (${settings.senderDomain}), got ${address}`,
      });
    }
  });

export type SettingsInput = z.input<typeof settingsSchema>;
/** What differs between deployments: the chosen stage's values, overridden by CDK context. */
export type Settings = z.output<typeof settingsSchema> & { readonly stage: StageName };

const settingKeys = Object.keys(settingsSchema.shape) as (keyof SettingsInput)[];
const textKeys = new Set<string>([
  'region',
  'senderDomain',
  'mailFrom',
  'afterSalesMailbox',
  'consoleUrl',
  'consoleCertificateArn',
  'cognitoDomainPrefix',
  'publicUrl',
]);

/** A context value as the schema expects it: `-c` always passes text, cdk.json passes JSON values. */
function contextValue(key: string, value: unknown): unknown {
  if (typeof value !== 'string' || textKeys.has(key)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value; // the schema then names the key and the expected type
  }
}

const describeIssues = (error: z.ZodError) =>
  error.issues
    .map((issue) => {
      const path = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`));
      return `  - ${path.join('').replace(/^\./, '') || '(settings)'}: ${issue.message}`;
    })
    .join('\n');

/** The settings of `-c stage=<name>` (default dev), checked before anything is built. */
export function readSettings(node: Node): Settings {
  const stage = String(node.tryGetContext('stage') ?? 'dev');
  if (!Object.hasOwn(stages, stage)) {
    throw new Error(
      `CDK context "stage" must be one of ${Object.keys(stages).join(', ')} (infra/config/stages.ts), got "${stage}"`,
    );
  }
  const overrides = Object.fromEntries(
    settingKeys.flatMap((key) => {
      const value: unknown = node.tryGetContext(key);
      return value === undefined ? [] : [[key, contextValue(key, value)]];
    }),
  );
  const parsed = settingsSchema.safeParse({ ...stages[stage as StageName], ...overrides });
  if (!parsed.success) {
    throw new Error(
      `Invalid settings for stage "${stage}" (infra/config/stages.ts and CDK context):\n${describeIssues(parsed.error)}`,
    );
  }
  return { ...parsed.data, stage: stage as StageName };
}

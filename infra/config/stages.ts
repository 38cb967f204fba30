import type { SettingsInput } from './settings.ts';

/** The placeholder domain of the shipped stages; synth warns while a stage still uses it. */
export const placeholderDomain = 'aftersales.example.com';

/**
 * Each stage's values. An operator overrides any of them without editing this file: a key under
 * `context` in cdk.json, or `-c key=value` on the command line (JSON text for lists and objects).
 * infra/config/settings.ts checks the result; docs/deploy.md describes every key. Optional keys
 * left out here: `region` (the CLI profile's), `consoleUrl` with `consoleCertificateArn` (the
 * console's CloudFront address) and `cognitoDomainPrefix` (one derived from the stack).
 */
export const stages = {
  dev: {
    retainData: false,
    senderDomain: placeholderDomain,
    mailFrom: `售后服务部 <after-sales@${placeholderDomain}>`,
    afterSalesMailbox: `after-sales@${placeholderDomain}`,
    roleMailboxes: {},
    allowedOrigins: ['http://localhost:3000'],
    publicUrl: 'http://localhost:3000',
    logRetentionDays: 14,
    opsEmails: [],
    csatDelayWorkingDays: 1,
    apiThrottling: { rateLimit: 50, burstLimit: 100, publicRateLimit: 10, publicBurstLimit: 20 },
    wafRateLimit: 300,
  },
  prod: {
    retainData: true,
    senderDomain: placeholderDomain,
    mailFrom: `售后服务部 <after-sales@${placeholderDomain}>`,
    afterSalesMailbox: `after-sales@${placeholderDomain}`,
    roleMailboxes: {},
    allowedOrigins: [`https://service.${placeholderDomain}`],
    publicUrl: `https://service.${placeholderDomain}`,
    // Case history is evidence in disputes; a year of logs covers a warranty claim's lifetime.
    logRetentionDays: 365,
    opsEmails: [],
    csatDelayWorkingDays: 1,
    apiThrottling: { rateLimit: 200, burstLimit: 400, publicRateLimit: 20, publicBurstLimit: 40 },
    wafRateLimit: 300,
  },
} as const satisfies Record<string, SettingsInput>;

export type StageName = keyof typeof stages;

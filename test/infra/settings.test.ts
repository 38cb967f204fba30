import { App } from 'aws-cdk-lib';
import { readSettings } from '../../infra/config/settings.ts';
import { stages } from '../../infra/config/stages.ts';

const settingsWith = (context: Record<string, unknown>) => readSettings(new App({ context }).node);

describe('deployment settings', () => {
  it('are the dev stage of infra/config/stages.ts unless a stage is chosen', () => {
    expect(settingsWith({})).toEqual({ ...stages.dev, stage: 'dev' });
    expect(settingsWith({ stage: 'prod' })).toEqual({ ...stages.prod, stage: 'prod' });
  });

  it('keeps production data and logs longer than dev', () => {
    expect(stages.prod.retainData).toBe(true);
    expect(stages.dev.retainData).toBe(false);
    expect(stages.prod.logRetentionDays).toBeGreaterThan(stages.dev.logRetentionDays);
  });

  it('rejects a stage that is not defined, naming the ones that are', () => {
    expect(() => settingsWith({ stage: 'Prod_1' })).toThrow(/must be one of dev, prod/);
  });

  it('takes any setting from the context, as text (-c) or as JSON (cdk.json)', () => {
    const settings = settingsWith({
      stage: 'prod',
      region: 'ap-east-1',
      senderDomain: 'furniture.example.cn',
      mailFrom: '售后服务部 <service@mail.furniture.example.cn>',
      allowedOrigins: '["https://service.furniture.example.cn","https://www.furniture.example.cn"]',
      logRetentionDays: '180',
      retainData: 'true',
      opsEmails: ['ops@furniture.example.cn'],
      apiThrottling: { rateLimit: 10, burstLimit: 20, publicRateLimit: 2, publicBurstLimit: 4 },
    });
    expect(settings).toMatchObject({
      region: 'ap-east-1',
      senderDomain: 'furniture.example.cn',
      allowedOrigins: ['https://service.furniture.example.cn', 'https://www.furniture.example.cn'],
      logRetentionDays: 180,
      retainData: true,
      opsEmails: ['ops@furniture.example.cn'],
      apiThrottling: { publicRateLimit: 2 },
    });
  });

  it('reads roleMailboxes as an object (cdk.json) or as JSON text (-c roleMailboxes=...)', () => {
    const mailboxes = {
      quality: 'quality@example.com',
      'factory-quality': 'factory-qa@example.com',
      production: 'production@example.com',
      'customer-service': 'service@example.com',
      manager: 'manager@example.com',
      'department:assembly': 'assembly@example.com',
    };
    expect(settingsWith({ roleMailboxes: mailboxes }).roleMailboxes).toEqual(mailboxes);
    expect(settingsWith({ roleMailboxes: JSON.stringify(mailboxes) }).roleMailboxes).toEqual(mailboxes);
  });

  it.each([
    ['not JSON', '{quality:'],
    ['an array', '["quality@example.com"]'],
    ['an unknown key', { qualty: 'quality@example.com' }],
    ['a department without id', { 'department:': 'd@example.com' }],
    ['a department id that is no entity id', { 'department:a b': 'd@example.com' }],
    ['a value that is no address', { quality: 'quality team' }],
    ['a value that is no string', { quality: 42 }],
    ['too long for the Lambda environment', { 'department:x': `${'a'.repeat(2100)}@example.com` }],
  ])('rejects roleMailboxes that is %s', (_, roleMailboxes) => {
    expect(() => settingsWith({ roleMailboxes })).toThrow(/roleMailboxes/);
  });

  it.each([
    ['a wildcard origin', { allowedOrigins: '["*"]' }, /allowedOrigins\[0\]: must be an origin/],
    ['an origin with a path', { allowedOrigins: ['https://a.example.com/forms'] }, /allowedOrigins\[0\]/],
    ['no origin at all', { allowedOrigins: [] }, /allowedOrigins/],
    [
      'a sender outside the domain',
      { mailFrom: 'x <x@other.example.com>' },
      /mailFrom: must be an address at/,
    ],
    ['a sender that is no address', { mailFrom: '售后服务部' }, /mailFrom/],
    ['a retention CloudWatch lacks', { logRetentionDays: 45 }, /logRetentionDays: must be one of/],
    ['a misspelt region', { region: 'china-north' }, /region/],
    ['an AWS China region', { region: 'cn-northwest-1' }, /region: AWS China regions offer neither/],
    [
      'a throttling limit of zero',
      { apiThrottling: { rateLimit: 0, burstLimit: 1, publicRateLimit: 1, publicBurstLimit: 1 } },
      /apiThrottling\.rateLimit/,
    ],
    ['an unknown setting inside an object', { apiThrottling: { rate: 1 } }, /apiThrottling/],
    ['a boolean given as text that is not one', { retainData: 'yes' }, /retainData/],
  ])('rejects %s, naming the stage and the setting', (_, context, message) => {
    expect(() => settingsWith({ stage: 'prod', ...context })).toThrow(/Invalid settings for stage "prod"/);
    expect(() => settingsWith({ stage: 'prod', ...context })).toThrow(message);
  });
});

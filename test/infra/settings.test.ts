import { App } from 'aws-cdk-lib';
import { defaultSettings, readSettings } from '../../infra/config/settings.ts';

const settingsWith = (context: Record<string, unknown>) => readSettings(new App({ context }).node);

describe('deployment settings', () => {
  it('defaults to the local runtime values, with no role mailboxes', () => {
    expect(settingsWith({})).toEqual(defaultSettings);
    expect(defaultSettings.roleMailboxes).toEqual({});
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

  it('rejects a stage that cannot name the stack', () => {
    expect(() => settingsWith({ stage: 'Prod_1' })).toThrow(/stage/);
  });
});

import { App, Tags } from 'aws-cdk-lib';
import { readSettings } from '../config/settings.ts';
import { applyPolicyChecks } from '../policy-checks.ts';
import { AftersalesStack } from '../stacks/aftersales-stack.ts';

const app = new App();
const settings = readSettings(app.node);

// The account comes from the CLI's profile when there is one, the region from the stage's settings
// or the profile; nothing here looks anything up, so `cdk synth` works offline without credentials.
new AftersalesStack(app, `Aftersales-${settings.stage}`, {
  settings,
  env: {
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region: settings.region ?? process.env.CDK_DEFAULT_REGION,
  },
  description: `Aftersales after-sales platform (${settings.stage})`,
});
Tags.of(app).add('project', 'aftersales');
Tags.of(app).add('stage', settings.stage);
applyPolicyChecks(app);

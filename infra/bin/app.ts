import { App, Tags } from 'aws-cdk-lib';
import { readSettings } from '../config/settings.ts';
import { AftersalesStack } from '../stacks/aftersales-stack.ts';

const app = new App();
const settings = readSettings(app.node);

// Account and region come from the CLI's profile when there is one; nothing here looks anything up,
// so `cdk synth` works offline and without credentials.
new AftersalesStack(app, `Aftersales-${settings.stage}`, {
  settings,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  description: `Aftersales after-sales platform (${settings.stage})`,
});
Tags.of(app).add('project', 'aftersales');
Tags.of(app).add('stage', settings.stage);

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { readSettings } from '../../infra/config/settings.ts';
import { applyPolicyChecks } from '../../infra/policy-checks.ts';
import { AftersalesStack } from '../../infra/stacks/aftersales-stack.ts';

interface Violation {
  readonly ruleName: string;
  readonly violatingConstructs: { constructPath: string }[];
}

/** Synthesizes the app as `cdk synth` does, with cdk-nag's packs, and returns their findings. */
function policyFindings(context: Record<string, unknown>, change?: (stack: AftersalesStack) => void) {
  const outdir = mkdtempSync(join(tmpdir(), 'aftersales-nag-'));
  try {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context }, outdir });
    const stack = new AftersalesStack(app, 'Aftersales-test', { settings: readSettings(app.node) });
    change?.(stack);
    applyPolicyChecks(app);
    let failure: unknown;
    try {
      app.synth();
    } catch (error) {
      failure = error;
    }
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName: string; violations: Violation[] }[];
    };
    return {
      failure,
      packs: report.pluginReports.map((r) => r.pluginName).sort(),
      findings: report.pluginReports.flatMap((r) =>
        r.violations.flatMap((v) => v.violatingConstructs.map((c) => `${v.ruleName} ${c.constructPath}`)),
      ),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

describe('policy checks (cdk-nag)', () => {
  it.each([
    ['dev', {}],
    ['prod', { stage: 'prod', opsEmails: '["ops@example.com"]' }],
  ])(
    'find nothing unacknowledged in the %s stage, with the AwsSolutions and Serverless packs',
    (_, context) => {
      const { failure, packs, findings } = policyFindings(context);
      expect(packs).toEqual(['AwsSolutions', 'Serverless']);
      expect(findings).toEqual([]);
      expect(failure).toBeUndefined();
    },
  );

  it('stop synthesis on a finding nobody acknowledged', () => {
    const { failure, findings } = policyFindings({}, (stack) => {
      new Queue(stack, 'Careless', { encryption: QueueEncryption.UNENCRYPTED });
    });
    expect(findings).toContain('AwsSolutions-SQS4 Aftersales-test/Careless/Resource');
    expect(String(failure)).toMatch(/ValidationFailed/);
  });
});

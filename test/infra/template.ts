import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { readSettings } from '../../infra/config/settings.ts';
import { AftersalesStack } from '../../infra/stacks/aftersales-stack.ts';

export type Resource = { Type: string; Properties: Record<string, unknown> };
export type Ref = { Ref?: string; 'Fn::GetAtt'?: [string, string] };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

export interface Synthesized {
  readonly stack: AftersalesStack;
  readonly template: Template;
  readonly resources: Record<string, Resource>;
  /**
   * The project's own functions (`stack.allFunctions`), without the ones CDK adds for custom
   * resources (the console upload, emptying the console bucket in dev).
   */
  readonly functions: [string, Resource][];
}

/** The stack as the tests see it; an empty bundling list skips esbuild (`npm run synth` checks bundles). */
export function synthesize(context: Record<string, unknown> = {}): Synthesized {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  const stack = new AftersalesStack(app, 'Aftersales-test', { settings: readSettings(app.node) });
  const template = Template.fromStack(stack);
  const resources: Record<string, Resource> = template.toJSON().Resources;
  const ownIds = new Set(Object.values(stack.allFunctions).map((fn) => logicalIdOf(stack, fn)));
  const functions = ofType(resources, 'AWS::Lambda::Function').filter(([id]) => ownIds.has(id));
  return { stack, template, resources, functions };
}

export const ofType = (resources: Record<string, Resource>, type: string) =>
  Object.entries(resources).filter(([, r]) => r.Type === type);

/** The logical id of a function's IAM role. */
export function roleIdOf(stack: AftersalesStack, fn: IFunction): string {
  const ref = stack.resolve(fn.role?.roleName) as Ref;
  if (!ref.Ref) throw new Error(`${fn.node.path} has no role of this stack`);
  return ref.Ref;
}

export const logicalIdOf = (stack: AftersalesStack, fn: IFunction) =>
  stack.getLogicalId(fn.node.defaultChild as never);

/** Every Allow statement of every policy, inline or separate, per role logical id. */
export function statementsByRole(resources: Record<string, Resource>): Map<string, Statement[]> {
  const byRole = new Map<string, Statement[]>();
  const add = (roleId: string, statements: Statement[]) =>
    byRole.set(roleId, [...(byRole.get(roleId) ?? []), ...statements.filter((s) => s.Effect === 'Allow')]);
  for (const [, policy] of ofType(resources, 'AWS::IAM::Policy')) {
    const { Statement } = policy.Properties.PolicyDocument as { Statement: Statement[] };
    for (const role of (policy.Properties.Roles ?? []) as Ref[]) if (role.Ref) add(role.Ref, Statement);
  }
  for (const [id, role] of ofType(resources, 'AWS::IAM::Role')) {
    add(id, []);
    const inline = (role.Properties.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[];
    for (const policy of inline) add(id, policy.PolicyDocument.Statement);
  }
  return byRole;
}

/** Whether an action pattern of a policy (`states:*`, `*`, `states:SendTask*`) covers `action`. */
const covers = (pattern: string, action: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i').test(action);

/** The statements of a role that allow `action`, whatever wildcard they use. */
export const allowing = (statements: readonly Statement[], action: string) =>
  statements.filter((s) => [s.Action].flat().some((pattern) => covers(pattern, action)));

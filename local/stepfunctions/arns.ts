/** The one account and region the local engine pretends to live in (the local runtime's too). */
export const REGION = 'us-east-1';
export const ACCOUNT = '000000000000';
/** What `$$.Execution.RoleArn` and ExecutionStarted report; nothing checks it locally. */
export const LOCAL_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/local-stepfunctions`;

/** AWS's rule for state machine and execution names: 1-80 characters, none of these. */
const NAME = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\p{Cc}]{1,80}$/u;
export const isValidName = (name: string): boolean => NAME.test(name);

export const stateMachineArn = (name: string): string =>
  `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}`;

export const executionArn = (stateMachine: string, name: string): string =>
  `arn:aws:states:${REGION}:${ACCOUNT}:execution:${stateMachine}:${name}`;

/** The state machine name of a state machine ARN (any region and account), or undefined. */
export function stateMachineNameOf(arn: string): string | undefined {
  const match = /^arn:aws[\w-]*:states:[\w-]+:\d{12}:stateMachine:([^:]+)$/.exec(arn);
  return match?.[1];
}

/** The state machine and execution names of an execution ARN, or undefined. */
export function parseExecutionArn(arn: string): { stateMachine: string; name: string } | undefined {
  const match = /^arn:aws[\w-]*:states:[\w-]+:\d{12}:execution:([^:]+):([^:]+)$/.exec(arn);
  return match?.[1] && match[2] ? { stateMachine: match[1], name: match[2] } : undefined;
}

/**
 * The bare function name of what a definition's `FunctionName` may hold: a name, a name
 * with a qualifier, a partial ARN (`123456789012:function:name`) or a full ARN.
 */
export function functionNameOf(nameOrArn: string): string | undefined {
  const match =
    /^(?:arn:aws[\w-]*:lambda:[\w-]+:\d{12}:function:|\d{12}:function:)?([\w-]{1,140})(?::[\w$-]+)?$/.exec(
      nameOrArn,
    );
  return match?.[1];
}

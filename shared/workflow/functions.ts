/**
 * The functions the state machine invokes, read by CDK and the local Step Functions engine.
 * Local ARNs use this name after `aftersales-`.
 */
export const workflowFunctions = [
  { name: 'complaint-steps', handler: 'functions/workflow/complaint-steps.ts' },
] as const;

export const localFunctionArn = (name: string) =>
  `arn:aws:lambda:us-east-1:000000000000:function:aftersales-${name}`;

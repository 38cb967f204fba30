import type { HumanStepName } from '../schemas/decisions.ts';
import { humanSteps } from './human-steps.ts';

/** What the workflow Lambda is asked to do at an automatic step. */
export const workflowActions = [
  'record',
  'notifyQuality',
  'checkBatch',
  'openTask',
  'escalate',
  'requestCapa',
  'sendStatistics',
  'archive',
] as const;
export type WorkflowAction = (typeof workflowActions)[number];

export interface WorkflowResources {
  /** The workflow function's ARN (a CDK token in the stack, a local ARN in `npm start`). */
  readonly workflowFunctionArn: string;
  /** Per-step overrides of the human tasks' timeouts, in seconds (tests use short ones). */
  readonly timeouts?: Partial<Record<HumanStepName, number>>;
}

type State = Record<string, unknown>;

const stateName: Record<HumanStepName, string> = {
  investigation: 'Investigation',
  productionApproval: 'ProductionApproval',
  customerReply: 'CustomerReply',
  rootCause: 'RootCause',
  qualityReview: 'QualityReview',
  capaReply: 'CapaReply',
  executionReport: 'ExecutionReport',
  verification: 'Verification',
  standardRevision: 'StandardRevision',
};

// Transient Lambda failures are retried with backoff; workflow actions are idempotent.
const lambdaRetry = [
  {
    ErrorEquals: [
      'Lambda.ServiceException',
      'Lambda.AWSLambdaException',
      'Lambda.SdkClientException',
      'Lambda.TooManyRequestsException',
    ],
    IntervalSeconds: 2,
    MaxAttempts: 6,
    BackoffRate: 2,
  },
  { ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 5, MaxAttempts: 3, BackoffRate: 3 },
];

/**
 * The complaint procedure of requirements.md §3 as a Step Functions definition (JSONPath),
 * built once and used by CDK and the local runtime alike. One execution per complaint,
 * input `{ "complaintId": "..." }`; people's steps wait for a task token and, when a task
 * times out, escalate and re-open instead of failing the complaint.
 */
export function complaintWorkflowDefinition(resources: WorkflowResources) {
  const automatic = (
    action: WorkflowAction,
    next: string | undefined,
    extra: Record<string, unknown> = {},
  ): State => ({
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: {
      FunctionName: resources.workflowFunctionArn,
      Payload: { action, 'complaintId.$': '$.complaintId', ...extra },
    },
    ResultPath: null,
    Retry: lambdaRetry,
    ...(next ? { Next: next } : { End: true }),
  });

  const timeout = (step: HumanStepName) => resources.timeouts?.[step] ?? humanSteps[step].timeoutSeconds;

  const human = (step: HumanStepName, next: string): Record<string, State> => ({
    [stateName[step]]: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: {
        FunctionName: resources.workflowFunctionArn,
        Payload: {
          action: 'openTask',
          step,
          timeoutSeconds: timeout(step),
          'complaintId.$': '$.complaintId',
          'taskToken.$': '$$.Task.Token',
        },
      },
      TimeoutSeconds: timeout(step),
      ResultPath: `$.decisions.${step}`,
      Retry: lambdaRetry,
      Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: null, Next: `${stateName[step]}Overdue` }],
      Next: next,
    },
    [`${stateName[step]}Overdue`]: automatic('escalate', stateName[step], { step }),
  });

  const branch = (step: HumanStepName, outcome: string, then: string, otherwise: string): State => ({
    Type: 'Choice',
    Choices: [{ Variable: `$.decisions.${step}.outcome`, StringEquals: outcome, Next: then }],
    Default: otherwise,
  });

  return {
    Comment: 'Aftersales complaint procedure (requirements.md §3)',
    StartAt: 'Record',
    States: {
      Record: automatic('record', 'NotifyQuality'),
      NotifyQuality: automatic('notifyQuality', 'CheckBatch'),
      CheckBatch: automatic('checkBatch', 'Investigation'),
      ...human('investigation', 'ProductionApproval'),
      ...human('productionApproval', 'ApprovalDecided'),
      ApprovalDecided: branch('productionApproval', 'reject', 'Investigation', 'CustomerReply'),
      ...human('customerReply', 'ResponsibilityDecided'),
      ResponsibilityDecided: branch('investigation', 'customer', 'Archive', 'RequestCapa'),
      RequestCapa: automatic('requestCapa', 'RootCause'),
      ...human('rootCause', 'QualityReview'),
      ...human('qualityReview', 'ReviewDecided'),
      ReviewDecided: branch('qualityReview', 'reject', 'RootCause', 'CapaReply'),
      ...human('capaReply', 'ExecutionReport'),
      ...human('executionReport', 'Verification'),
      ...human('verification', 'VerificationDecided'),
      VerificationDecided: branch('verification', 'ineffective', 'RootCause', 'SendStatistics'),
      SendStatistics: automatic('sendStatistics', 'StandardRevision'),
      ...human('standardRevision', 'Archive'),
      Archive: automatic('archive', undefined),
    },
  };
}

/** Input of a workflow Lambda invocation, as the definition builds it. */
export interface WorkflowEvent {
  readonly action: WorkflowAction;
  readonly complaintId: string;
  readonly step?: HumanStepName;
  readonly taskToken?: string;
  readonly timeoutSeconds?: number;
}

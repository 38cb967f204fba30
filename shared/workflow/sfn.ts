import {
  ExecutionAlreadyExists,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { config } from '../config.ts';

let client: SFNClient | undefined;

/**
 * The shared Step Functions client (the local runtime points it at its own engine). Without
 * `throwOnRequestTimeout` the request timeout only logs a warning and the call keeps waiting.
 */
export const sfnClient = (): SFNClient => {
  client ??= new SFNClient({
    maxAttempts: 4,
    requestHandler: { requestTimeout: 5000, connectionTimeout: 2000, throwOnRequestTimeout: true },
  });
  return client;
};

export function disposeSfnClient(): void {
  client?.destroy();
  client = undefined;
}

/**
 * Starts the complaint's workflow, named after the complaint: a retried start finds the
 * execution running and is a success, never a second execution. False when an execution of
 * that name has already ended (failed, aborted, timed out): a name is never used twice, so
 * starting again cannot help; a person has to redrive it (docs/deploy.md, alarms).
 */
export async function startComplaintWorkflow(complaintId: string): Promise<boolean> {
  const stateMachineArn = config().COMPLAINT_WORKFLOW_ARN;
  if (!stateMachineArn) throw new Error('COMPLAINT_WORKFLOW_ARN is not configured');
  try {
    await sfnClient().send(
      new StartExecutionCommand({
        stateMachineArn,
        name: complaintId,
        input: JSON.stringify({ complaintId }),
      }),
    );
    return true;
  } catch (error) {
    // Same name and input as a running execution is a success; this error means it has ended.
    if (error instanceof ExecutionAlreadyExists) return false;
    throw error;
  }
}

/** Tells the waiting workflow what a person decided. */
export async function sendTaskOutcome(token: string, outcome: string): Promise<void> {
  await sfnClient().send(
    new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ outcome }) }),
  );
}

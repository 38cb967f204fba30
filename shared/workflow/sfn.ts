import {
  ExecutionAlreadyExists,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { config } from '../config.ts';

let client: SFNClient | undefined;

/** The shared Step Functions client (the local runtime points it at its own engine). */
export const sfnClient = (): SFNClient => {
  client ??= new SFNClient({
    maxAttempts: 4,
    requestHandler: { requestTimeout: 5000, connectionTimeout: 2000 },
  });
  return client;
};

export function disposeSfnClient(): void {
  client?.destroy();
  client = undefined;
}

/**
 * Starts the complaint's workflow, named after the complaint: a retried start finds the
 * execution already there and is a success, never a second execution.
 */
export async function startComplaintWorkflow(complaintId: string): Promise<void> {
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
  } catch (error) {
    if (!(error instanceof ExecutionAlreadyExists)) throw error;
  }
}

/** Tells the waiting workflow what a person decided. */
export async function sendTaskOutcome(token: string, outcome: string): Promise<void> {
  await sfnClient().send(
    new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ outcome }) }),
  );
}

import {
  DeleteSuppressedDestinationCommand,
  PutSuppressedDestinationCommand,
  SESv2Client,
  SendEmailCommand,
} from '@aws-sdk/client-sesv2';
import { config } from '../config.ts';
import type { SuppressionReason } from '../domain/suppression.ts';
import type { MailMessage } from '../store/mail-outbox.ts';

let client: SESv2Client | undefined;

/**
 * The shared SES v2 client. A request timeout matters: a hung mail endpoint must not hold a
 * request open. Without `throwOnRequestTimeout` the SDK only logs a warning and keeps waiting.
 */
export const sesClient = (): SESv2Client => {
  client ??= new SESv2Client({
    maxAttempts: 2,
    requestHandler: { requestTimeout: 5000, connectionTimeout: 2000, throwOnRequestTimeout: true },
  });
  return client;
};

/** Sends one email through SES v2 (the local runtime points it at aws-ses-v2-local); returns the message id. */
export async function sendEmail(message: MailMessage): Promise<string> {
  const { MAIL_FROM, SES_CONFIGURATION_SET } = config();
  const result = await sesClient().send(
    new SendEmailCommand({
      FromEmailAddress: MAIL_FROM,
      // In AWS the configuration set publishes bounces and complaints to EventBridge.
      ...(SES_CONFIGURATION_SET ? { ConfigurationSetName: SES_CONFIGURATION_SET } : {}),
      Destination: { ToAddresses: [...message.to] },
      Content: {
        Simple: {
          Subject: { Data: message.subject, Charset: 'UTF-8' },
          Body: {
            Text: { Data: message.text, Charset: 'UTF-8' },
            Html: { Data: message.html, Charset: 'UTF-8' },
          },
          ...(message.headers?.length
            ? { Headers: message.headers.map(({ name, value }) => ({ Name: name, Value: value })) }
            : {}),
        },
      },
    }),
  );
  return result.MessageId ?? 'unknown';
}

/** Puts an address on the SES account's suppression list (SES then refuses to deliver to it). */
export async function suppressAtSes(address: string, reason: SuppressionReason): Promise<void> {
  await sesClient().send(new PutSuppressedDestinationCommand({ EmailAddress: address, Reason: reason }));
}

/** Takes an address off the SES account's suppression list; one that is not on it is no error. */
export async function liftSuppressionAtSes(address: string): Promise<void> {
  try {
    await sesClient().send(new DeleteSuppressedDestinationCommand({ EmailAddress: address }));
  } catch (error) {
    if ((error as Error).name !== 'NotFoundException') throw error;
  }
}

/** Closes the shared client's connections (the local runtime's shutdown). */
export function disposeSesClient(): void {
  client?.destroy();
  client = undefined;
}

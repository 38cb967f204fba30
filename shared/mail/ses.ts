import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { config } from '../config.ts';
import type { MailMessage } from '../store/mail-outbox.ts';

let client: SESv2Client | undefined;

/** The shared SES v2 client. A request timeout matters: a hung mail endpoint must not hold a request open. */
export const sesClient = (): SESv2Client => {
  client ??= new SESv2Client({
    maxAttempts: 2,
    requestHandler: { requestTimeout: 5000, connectionTimeout: 2000 },
  });
  return client;
};

/** Sends one email through SES v2 (the local runtime points it at aws-ses-v2-local); returns the message id. */
export async function sendEmail(message: MailMessage): Promise<string> {
  const result = await sesClient().send(
    new SendEmailCommand({
      FromEmailAddress: config().MAIL_FROM,
      Destination: { ToAddresses: [...message.to] },
      Content: {
        Simple: {
          Subject: { Data: message.subject, Charset: 'UTF-8' },
          Body: {
            Text: { Data: message.text, Charset: 'UTF-8' },
            Html: { Data: message.html, Charset: 'UTF-8' },
          },
        },
      },
    }),
  );
  return result.MessageId ?? 'unknown';
}

/** Closes the shared client's connections (the local runtime's shutdown). */
export function disposeSesClient(): void {
  client?.destroy();
  client = undefined;
}

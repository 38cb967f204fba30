import {
  DeleteSuppressedDestinationCommand,
  PutSuppressedDestinationCommand,
  SESv2Client,
  SendEmailCommand,
} from '@aws-sdk/client-sesv2';
import { StandardRetryStrategy } from '@smithy/core/retry';
import type { RetryErrorInfo, RetryStrategyV2, RetryToken, StandardRetryToken } from '@smithy/types';
import { config } from '../config.ts';
import type { SuppressionReason } from '../domain/suppression.ts';
import type { MailMessage } from '../store/mail-outbox.ts';
import { mailIdTag } from './mail-tag.ts';

let client: SESv2Client | undefined;

/** True when SES answered the call (if with an error): a call without an answer may have sent the mail. */
export const sesAnswered = (error: unknown): boolean =>
  (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode !== undefined;

/**
 * The SDK's standard retries, only after SES answered (throttling, 5xx): SendEmail is not
 * idempotent, and a call that timed out or lost its connection may have sent the mail
 * already. Such a failure goes to the outbox, which waits for SES's send event first.
 */
class RetryWhenAnswered implements RetryStrategyV2 {
  private readonly standard = new StandardRetryStrategy(2);
  acquireInitialRetryToken(scope: string): Promise<RetryToken> {
    return this.standard.acquireInitialRetryToken(scope);
  }
  refreshRetryTokenForRetry(token: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    const { error } = info as RetryErrorInfo & { error?: unknown };
    if (!sesAnswered(error)) return Promise.reject(error ?? new Error('no answer from SES'));
    return this.standard.refreshRetryTokenForRetry(token as StandardRetryToken, info);
  }
  recordSuccess(token: RetryToken): void {
    this.standard.recordSuccess(token as StandardRetryToken);
  }
}

/**
 * The shared SES v2 client. A request timeout matters: a hung mail endpoint must not hold a
 * request open. Without `throwOnRequestTimeout` the SDK only logs a warning and keeps waiting.
 */
export const sesClient = (): SESv2Client => {
  client ??= new SESv2Client({
    retryStrategy: new RetryWhenAnswered(),
    requestHandler: { requestTimeout: 5000, connectionTimeout: 2000, throwOnRequestTimeout: true },
  });
  return client;
};

/**
 * Sends one email through SES v2 (the local runtime points it at its stand-in); returns the
 * message id. The outbox mail's id goes with it as a message tag, so SES's send event can
 * mark the mail sent should this sender vanish before it does (see recordMailSent).
 */
export async function sendEmail(message: MailMessage, mailId: string): Promise<string> {
  const { MAIL_FROM, SES_CONFIGURATION_SET } = config();
  const tag = mailIdTag(mailId);
  const result = await sesClient().send(
    new SendEmailCommand({
      FromEmailAddress: MAIL_FROM,
      // In AWS the configuration set publishes sends, bounces and complaints to EventBridge.
      ...(SES_CONFIGURATION_SET ? { ConfigurationSetName: SES_CONFIGURATION_SET } : {}),
      ...(tag ? { EmailTags: [tag] } : {}),
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

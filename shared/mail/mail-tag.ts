/**
 * The message tag that names an outbox mail in SES's events. SES tag values allow only
 * letters, digits, `_` and `-` (256 at most), and mail ids contain `#` and `:`, so the id is
 * carried base64url-encoded.
 */
export const MAIL_ID_TAG = 'outbox-mail-id';

const MAX_TAG_VALUE = 256;

/** The tag for a mail id; undefined for an id too long to carry (its send event then names no mail). */
export function mailIdTag(mailId: string): { Name: string; Value: string } | undefined {
  const value = Buffer.from(mailId, 'utf8').toString('base64url');
  return value.length <= MAX_TAG_VALUE ? { Name: MAIL_ID_TAG, Value: value } : undefined;
}

/** The mail id an SES event's tags carry, if one is there and decodes cleanly. */
export function mailIdFromTags(tags: Readonly<Record<string, readonly string[]>> | undefined) {
  const value = tags?.[MAIL_ID_TAG]?.[0];
  if (!value || !/^[A-Za-z0-9_-]+$/.test(value)) return undefined;
  const mailId = Buffer.from(value, 'base64url').toString('utf8');
  // A value that is not what we encoded (not canonical base64url of UTF-8) names no mail.
  return mailIdTag(mailId)?.Value === value ? mailId : undefined;
}

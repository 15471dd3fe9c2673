import MailComposer from 'nodemailer/lib/mail-composer';
import * as z from 'zod/mini';
import type { Transports } from '../../delivery/transports';
import type { PlatformSender, SendOutcome, SendRequest } from '../platform-sender';
import { notConfiguredOutcome } from './not-configured-outcome';
import { thrownSendOutcome } from './sent-request-outcome';

/**
 * The longest text body Rapport sends by email. Email has no limit of its own that matters here;
 * this keeps a message well inside SES's 10 MB (40 MB raw) and readable.
 *
 * @example
 * emailMaxTextLength; // 100000
 */
export const emailMaxTextLength = 100_000;

/** The settings of the email sender, parsed once in `shared/config`. */
export interface EmailSenderOptions {
  /** `MESSAGE_EMAIL_FROM`: the verified SES identity customers get messages from (`Shop <care@shop.example>`). */
  from: string;
  /** The clock of the `Date` header. */
  now?: () => Date;
}

const recipientSchema = z.email();

/** The domain of an address (`Shop <care@shop.example>` → `shop.example`), for the `Message-ID`. */
function addressDomain(address: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(address);
  return match?.[1] ?? 'rapport.invalid';
}

/**
 * The message as raw MIME, built with nodemailer's composer (as the alert emails are): UTF-8 plain
 * text, `Message-ID: <{messageId}@{domain of the sender}>` and `X-Rapport-Message: {messageId}`
 * (SES replaces `Message-ID` with its own but keeps other headers, which its events report), and
 * for marketing messages `List-Unsubscribe: <url>` with `List-Unsubscribe-Post:
 * List-Unsubscribe=One-Click` (RFC 8058, which asks for an HTTPS URL).
 *
 * @example
 * const raw = await customerEmail('Shop <care@shop.example>', request, 'It left today.', new Date());
 */
export async function customerEmail(
  from: string,
  request: SendRequest,
  text: string,
  now: Date,
): Promise<Buffer> {
  const unsubscribe = request.unsubscribeUrl
    ? {
        'List-Unsubscribe': `<${new URL(request.unsubscribeUrl).href}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      }
    : {};
  const composer = new MailComposer({
    from,
    to: request.to,
    subject: (request.subject ?? '').replace(/[\r\n]+/g, ' ').trim(),
    text,
    date: now,
    messageId: `<${request.messageId}@${addressDomain(from)}>`,
    headers: { 'X-Rapport-Message': request.messageId, ...unsubscribe },
  });
  return composer.compile().build();
}

/** SES errors that slowing down cures. */
const sesThrottling = new Set([
  'TooManyRequestsException',
  'LimitExceededException',
  'Throttling',
  'ThrottlingException',
]);

/** Node file-system errors from writing the local `.eml` outbox: a person has to fix the folder. */
const outboxErrors = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EISDIR', 'ENOTDIR']);

/**
 * A send that threw, read for email: SES throttling and server faults are `retry`; SES client
 * faults (`MessageRejected`, `MailFromDomainNotVerifiedException`, `AccountSuspendedException`,
 * `SendingPausedException`, a missing configuration set…) are `failed` and Rapport's own, since
 * the recipient was checked before sending; an unwritable local outbox is `failed` and ours; network
 * errors are read by {@link thrownSendOutcome} (SES has no idempotency key either).
 *
 * @example
 * sesSendOutcome(Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected', $fault: 'client' }));
 * // { kind: 'failed', code: 'MessageRejected', reason: 'SES refused the email: Email address is not verified.', ours: true }
 */
export function sesSendOutcome(error: unknown): SendOutcome {
  const sdk = error as {
    name?: string;
    message?: string;
    code?: string;
    $fault?: string;
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: number };
  };
  const name = typeof sdk.name === 'string' ? sdk.name : 'Error';
  const message = typeof sdk.message === 'string' ? sdk.message : String(error);
  const status = sdk.$metadata?.httpStatusCode;
  if (
    sesThrottling.has(name) ||
    sdk.$retryable ||
    sdk.$fault === 'server' ||
    (status !== undefined && (status === 429 || status >= 500))
  ) {
    return { kind: 'retry', reason: `SES asked to try again later (${name}: ${message})` };
  }
  if (sdk.$fault === 'client') {
    return { kind: 'failed', code: name, reason: `SES refused the email: ${message}`, ours: true };
  }
  if (typeof sdk.code === 'string' && outboxErrors.has(sdk.code)) {
    return {
      kind: 'failed',
      code: 'outbox_unwritable',
      reason: `The local email outbox cannot be written (${sdk.code}): ${message}`,
      ours: true,
    };
  }
  return thrownSendOutcome(error);
}

/**
 * The email sender: the MIME message of {@link customerEmail}, sent with
 * `transports.sendEmail(raw, [to], messageId)` (SES v2 raw content in AWS; an `.eml` file named by
 * the message id under `npm start`). Without `MESSAGE_EMAIL_FROM` it answers `failed` /
 * `not_configured`; a recipient that is not an email address is `failed` and not Rapport's fault.
 * The outcome has no platform message id: `Transports.sendEmail` does not return SES's.
 *
 * @example
 * const sender = createEmailSender({ from: 'Shop <care@shop.example>' }, transports);
 * await sender.send({ messageId, platform: 'email', to: 'ada@example.com', subject: 'Your order', content: { kind: 'text', text: 'It left today.' } });
 */
export function createEmailSender(options: EmailSenderOptions, transports: Transports): PlatformSender {
  const now = options.now ?? (() => new Date());
  return {
    platform: 'email',
    async send(request) {
      if (!options.from) return notConfiguredOutcome('Email', ['MESSAGE_EMAIL_FROM']);
      if (!recipientSchema.safeParse(request.to).success) {
        return {
          kind: 'failed',
          code: 'invalid_recipient',
          reason: `"${request.to}" is not an email address`,
          ours: false,
        };
      }
      if (request.content.kind === 'template') {
        return {
          kind: 'failed',
          code: 'template_unsupported',
          reason: 'Email has no platform templates: send the text itself',
          ours: true,
        };
      }
      if (request.content.text.length > emailMaxTextLength) {
        return {
          kind: 'failed',
          code: 'text_too_long',
          reason: `The text is longer than ${emailMaxTextLength} characters`,
          ours: true,
        };
      }
      if (request.unsubscribeUrl && !URL.canParse(request.unsubscribeUrl)) {
        return {
          kind: 'failed',
          code: 'invalid_unsubscribe_url',
          reason: `The unsubscribe link "${request.unsubscribeUrl}" is not a URL`,
          ours: true,
        };
      }
      try {
        const raw = await customerEmail(options.from, request, request.content.text, now());
        await transports.sendEmail(raw, [request.to], request.messageId);
        return { kind: 'sent' };
      } catch (error) {
        return sesSendOutcome(error);
      }
    },
  };
}

/**
 * The platforms Rapport can answer a customer on. `sms` and Twilio's WhatsApp go through Twilio;
 * `whatsapp` through the WhatsApp Cloud API unless the conversation came in through Twilio.
 *
 * @example
 * outboundPlatforms.includes('line'); // true
 */
export const outboundPlatforms = [
  'whatsapp',
  'messenger',
  'instagram',
  'telegram',
  'line',
  'wechat',
  'sms',
  'x',
  'email',
] as const;
export type OutboundPlatform = (typeof outboundPlatforms)[number];

/**
 * The name a person knows each platform by, for sentences an agent reads.
 *
 * @example
 * outboundPlatformNames.sms; // 'SMS'
 */
export const outboundPlatformNames: Record<OutboundPlatform, string> = {
  whatsapp: 'WhatsApp',
  messenger: 'Messenger',
  instagram: 'Instagram',
  telegram: 'Telegram',
  line: 'LINE',
  wechat: 'WeChat',
  sms: 'SMS',
  x: 'X',
  email: 'Email',
};

/** What goes out: free text, or a template the platform approved (WhatsApp, WeChat, Twilio). */
export type SendContent =
  | { kind: 'text'; text: string }
  | {
      kind: 'template';
      /** WhatsApp: the template's name; WeChat: the `template_id`; Twilio: the Content SID `HX…`. */
      name: string;
      /** WhatsApp's language code (`en_US`); ignored where the platform has none. */
      language: string;
      /** Body parameters in order ({{1}}, {{2}}…; WeChat `keyword1`, `keyword2`…). */
      parameters: ReadonlyArray<string>;
    };

/** One message to one customer on one platform, as the send function hands it to a sender. */
export interface SendRequest {
  /**
   * Rapport's id of the message (a ULID). Carried where the platform echoes something back
   * (WhatsApp `biz_opaque_callback_data`) and the idempotency key where the platform has one
   * (LINE `X-Line-Retry-Key`, as a UUID derived from it).
   */
  messageId: string;
  platform: OutboundPlatform;
  /**
   * The customer's address on the platform: E.164 phone (WhatsApp, SMS), PSID (Messenger),
   * IGSID (Instagram), chat id (Telegram), user id (LINE, X), OpenID (WeChat), email address.
   */
  to: string;
  content: SendContent;
  /** The conversation came in through Twilio (WhatsApp through Twilio rather than the Cloud API). */
  viaTwilio?: boolean;
  /** Messenger and Instagram: a human agent's reply after 24 h and within 7 days. */
  humanAgentTag?: boolean;
  /** LINE: the reply token of the customer's last message while it is still fresh. */
  replyToken?: string;
  /** Email: the subject. */
  subject?: string;
  /** Email: the one-click unsubscribe URL (RFC 8058), for marketing messages. */
  unsubscribeUrl?: string;
}

/**
 * How one attempt to send ended, read from the platform's own answer.
 *
 * - `sent`: the platform accepted it (not yet delivered), with its message id when it gives one.
 * - `retry`: worth trying again after `retryAfterMs` (429, 5xx, a connection that never reached the
 *   platform, a per-recipient pace like WhatsApp 131056 or Telegram's `retry_after`).
 * - `failed`: trying again would fail the same way; `code` is the platform's own code, `reason` a
 *   sentence for a person; `ours` when Rapport's configuration or payload is wrong (alarmed);
 *   `optedOut` when the answer means the customer refused messages on this platform (WhatsApp
 *   131050, Twilio 21610, Telegram "bot was blocked by the user").
 * - `unknown`: the request may have reached the platform but its answer was lost (a timeout after
 *   the request was written) on a platform with no idempotency key: not repeated blindly.
 *
 * @example
 * const outcome: SendOutcome = { kind: 'failed', code: '131047', reason: 'More than 24 hours since the customer last wrote: send a template', ours: false };
 */
export type SendOutcome =
  | { kind: 'sent'; platformMessageId?: string }
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  | { kind: 'failed'; code: string; reason: string; ours: boolean; optedOut?: true }
  | { kind: 'unknown'; reason: string };

/** One platform's sender: builds the request exactly as the platform documents it and reads the answer. */
export interface PlatformSender {
  readonly platform: OutboundPlatform;
  send(request: SendRequest): Promise<SendOutcome>;
}

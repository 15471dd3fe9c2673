import type { ReadResult } from '../domain/facts';

/** A webhook request as the platform sent it: exact raw bytes and lower-cased headers. */
export interface RawWebhookRequest {
  method: string;
  path: string;
  rawBody: Buffer;
  headers: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  /** The query string exactly as sent (Twilio signs it). */
  rawQuery?: string;
}

/** A channel's secrets, by setting name (all of `secretSettings` are present). */
export type ChannelSecrets = Readonly<Record<string, string>>;

/** What a verifier may need besides the request and the secrets. */
export interface VerifyContext {
  now: Date;
  /** The public base URL platforms call (Twilio signs the full URL). */
  publicBaseUrl?: string;
}

/** What a reader may need besides the request and the secrets: the operator's settings. */
export interface ReadContext {
  /** ISO 3166-1 region for phone numbers written without a country code (`DEFAULT_PHONE_REGION`). */
  defaultPhoneRegion?: string;
  /**
   * When Rapport first received the request (ISO): the time of what the platform does not date
   * (Twilio status callbacks and keywords). Readers fall back to the current time without it.
   */
  receivedAt?: string;
}

/** The answer to a verification handshake (`GET`): the exact body to send, or a refusal. */
export type HandshakeAnswer =
  | { kind: 'answer'; contentType: string; body: string }
  | { kind: 'refused'; status: 400 | 403; error: string; message: string };

/**
 * What a channel contributes to the generic receiver: how its requests are signed, how its
 * payloads become facts and how it answers. Everything else (storage, dedupe, quarantine) is shared.
 *
 * @example
 * const shopify: ChannelAdapter = { channel: 'shopify', secretSettings: ['SHOPIFY_WEBHOOK_SECRET'], verify, read, replayHeaders };
 */
export interface ChannelAdapter {
  channel: string;
  /** The settings holding the channel's secrets (locally env vars; in AWS `<name>_ARN`). All are required. */
  secretSettings: ReadonlyArray<string>;
  /** Secrets the channel uses when present (WeChat safe mode). */
  optionalSecretSettings?: ReadonlyArray<string>;
  /** Verifies the request on its raw bytes; must never throw. */
  verify(request: RawWebhookRequest, secrets: ChannelSecrets, context: VerifyContext): boolean;
  /** True for an unsigned ping the platform sends to test the URL (WooCommerce); answered 200, nothing stored. */
  isUnsignedPing?(request: RawWebhookRequest): boolean;
  /** Reads a verified request into facts; must never throw. */
  read(request: RawWebhookRequest, secrets: ChannelSecrets, context?: ReadContext): ReadResult;
  /** Answers the platform's `GET` verification handshake, when it has one; must never throw. */
  handshake?(request: RawWebhookRequest, secrets: ChannelSecrets): HandshakeAnswer;
  /** The success body the platform expects (WeChat `success`, Twilio empty TwiML); JSON otherwise. */
  acknowledgement?: { contentType: string; body: string };
  /** Headers worth keeping with a quarantined payload, for replay. */
  replayHeaders: ReadonlyArray<string>;
}

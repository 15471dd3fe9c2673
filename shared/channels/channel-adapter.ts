import type { ReadResult } from '../domain/facts';

/** A webhook request as the platform sent it: exact raw bytes and lower-cased headers. */
export interface RawWebhookRequest {
  method: string;
  path: string;
  rawBody: Buffer;
  headers: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
}

/**
 * What a channel contributes to the generic receiver: how its requests are signed and how its
 * payloads become facts. Everything else (storage, dedupe, quarantine) is shared.
 *
 * @example
 * const shopify: ChannelAdapter = { channel: 'shopify', secretSetting: 'SHOPIFY_WEBHOOK_SECRET', verify, read };
 */
export interface ChannelAdapter {
  channel: string;
  /** The setting holding the channel's secret (locally an env var; in AWS `<name>_ARN`). */
  secretSetting: string;
  /** Verifies the request on its raw bytes; must never throw. */
  verify(request: RawWebhookRequest, secret: string): boolean;
  /** Reads a verified request into facts; must never throw. */
  read(request: RawWebhookRequest): ReadResult;
  /** Headers worth keeping with a quarantined payload, for replay. */
  replayHeaders: string[];
}

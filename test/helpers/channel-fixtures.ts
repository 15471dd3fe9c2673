import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RawWebhookRequest } from '../../shared/channels/channel-adapter';

/**
 * The exact bytes of a fixture file of a platform folder under `test/fixtures/`.
 *
 * @example
 * const body = fixture('whatsapp', 'signed_text_message.raw.json');
 */
export function fixture(platform: string, name: string): Buffer {
  return readFileSync(join(import.meta.dirname, '..', 'fixtures', platform, name));
}

/**
 * A platform folder's `signature_vectors.json`.
 *
 * @example
 * const vectors = signatureVectors('line').vectors;
 */
export function signatureVectors(platform: string): { vectors: Array<Record<string, string | undefined>> } {
  return JSON.parse(fixture(platform, 'signature_vectors.json').toString('utf8'));
}

/**
 * A raw webhook request for a channel.
 *
 * @example
 * webhookRequest('meta', body, { 'x-hub-signature-256': 'sha256=...' });
 */
export function webhookRequest(
  channel: string,
  rawBody: Buffer,
  headers: Record<string, string> = {},
  query: Record<string, string> = {},
  method = 'POST',
): RawWebhookRequest {
  return {
    method,
    path: `/webhooks/${channel}`,
    rawBody,
    headers,
    query,
    rawQuery: new URLSearchParams(query).toString(),
  };
}

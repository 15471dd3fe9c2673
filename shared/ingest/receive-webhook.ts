import { $ZodError } from 'zod/v4/core';
import type {
  ChannelAdapter,
  ChannelSecrets,
  RawWebhookRequest,
  ReadContext,
} from '../channels/channel-adapter';
import { boundFacts } from '../domain/fact-limits';
import type { ReadResult } from '../domain/facts';
import { MoneyParseError } from '../domain/money';
import { emitCount } from '../observability/metrics';
import type { ReceiveResult } from '../receivers/replay-contract';
import type { ReceiverDeps } from './receiver-deps';
import { storeFact } from './store-facts';
import type { StoreOutcome } from './store-outcome';

/** Where the raw query string is kept among a quarantined request's headers (WeChat signs it). */
export const rawQueryHeader = ':query';

/** Largest body Rapport accepts (public contract: 413 above 1 MiB). */
export const maxWebhookBodyBytes = 1024 * 1024;

/**
 * Every secret of the channel, or `undefined` when any is missing (the channel is not configured).
 *
 * @example
 * const secrets = await channelSecrets(deps, metaChannel); // { META_APP_SECRET: '...', ... }
 */
export async function channelSecrets(
  deps: ReceiverDeps,
  adapter: ChannelAdapter,
): Promise<ChannelSecrets | undefined> {
  const required = adapter.secretSettings;
  const optional = adapter.optionalSecretSettings ?? [];
  // Fetched together: a cold start waits for one round trip, not one per secret.
  const values = await Promise.all([...required, ...optional].map((setting) => deps.secrets.get(setting)));
  const secrets: Record<string, string> = {};
  for (const [index, setting] of [...required, ...optional].entries()) {
    const value = values[index];
    if (value) secrets[setting] = value;
    else if (index < required.length) return undefined;
  }
  return secrets;
}

/**
 * Receives one webhook: verify on the raw bytes, read into facts, store each fact idempotently.
 * A signed payload Rapport cannot read is quarantined raw, so nothing signed is ever lost.
 *
 * @example
 * const result = await receiveWebhook(deps, shopifyChannel, request);
 * if (result.kind === 'stored') console.log(result.facts);
 */
export async function receiveWebhook(
  deps: ReceiverDeps,
  adapter: ChannelAdapter,
  request: RawWebhookRequest,
): Promise<ReceiveResult> {
  if (request.rawBody.length > maxWebhookBodyBytes) return { kind: 'too_large' };
  const secrets = await channelSecrets(deps, adapter);
  if (!secrets) return { kind: 'not_configured' };
  if (adapter.isUnsignedPing?.(request)) return { kind: 'unhandled', topic: 'ping' };
  const now = deps.now();
  const context = { now, ...(deps.publicBaseUrl ? { publicBaseUrl: deps.publicBaseUrl } : {}) };
  if (!adapter.verify(request, secrets, context)) return { kind: 'unauthorized' };
  return storeVerified(deps, adapter, request, secrets, now.toISOString());
}

/**
 * Reads and stores a request whose signature was verified (now, or when it was quarantined:
 * replays do not verify again, since timestamped signatures would have expired).
 *
 * @example
 * await storeVerified(deps, adapter, request, secrets, new Date().toISOString());
 */
export async function storeVerified(
  deps: ReceiverDeps,
  adapter: ChannelAdapter,
  request: RawWebhookRequest,
  secrets: ChannelSecrets,
  receivedAt: string,
): Promise<ReceiveResult> {
  const read = readVerified(adapter, request, secrets, {
    ...(deps.defaultPhoneRegion ? { defaultPhoneRegion: deps.defaultPhoneRegion } : {}),
    // A replay from quarantine reads with the time it was first received.
    receivedAt,
  });
  if (read.kind === 'unhandled') {
    emitCount('Rapport', 'UnhandledWebhook', { channel: adapter.channel, topic: read.topic });
    deps.log.info('unhandled topic', { channel: adapter.channel, topic: read.topic });
    return read;
  }
  if (read.kind === 'invalid') return quarantine(deps, adapter, request, receivedAt, read.reason, read.topic);
  // Fields beyond Rapport's limits are trimmed; facts that cannot be kept become problems.
  const bounded = boundFacts(read.facts);
  const problems = [...(read.problems ?? []), ...bounded.problems];

  const outcomes: StoreOutcome[] = [];
  for (const fact of bounded.facts) {
    try {
      outcomes.push(
        await storeFact(deps, fact, {
          channel: adapter.channel,
          receivedAt,
          ...(read.deliveryId ? { deliveryId: read.deliveryId } : {}),
        }),
      );
    } catch (error) {
      // A fact the reader accepted but whose event breaks its contract (a date past year 9999, say)
      // is kept in quarantine with the body, never answered 400 and lost.
      if (!(error instanceof $ZodError)) throw error;
      problems.push(`${fact.kind}: breaks the event contract: ${issuesText(error)}`);
    }
  }
  const stored = outcomes.filter((outcome) => outcome === 'stored').length;
  deps.log.info('received', { channel: adapter.channel, topic: read.topic, stored, facts: outcomes.length });
  // Items of a batch that could not be read: the good ones are stored, the raw body is kept for them.
  if (problems.length) {
    return quarantine(deps, adapter, request, receivedAt, problems.slice(0, 5).join(' | '), read.topic);
  }
  if (stored === 0 && outcomes.length > 0) return { kind: 'duplicate' };
  return { kind: 'stored', facts: stored };
}

/** Reads a verified request; a reader that throws (a bug, or money it cannot parse) quarantines instead of losing it. */
function readVerified(
  adapter: ChannelAdapter,
  request: RawWebhookRequest,
  secrets: ChannelSecrets,
  context: ReadContext,
): ReadResult {
  try {
    return adapter.read(request, secrets, context);
  } catch (error) {
    // Only our own money errors name the field and the rule; any other message may echo the input
    // (a JSON.parse message quotes the body), so the reason keeps just the error's name.
    return {
      kind: 'invalid',
      reason:
        error instanceof MoneyParseError ? error.message : error instanceof Error ? error.name : 'unreadable',
    };
  }
}

async function quarantine(
  deps: ReceiverDeps,
  adapter: ChannelAdapter,
  request: RawWebhookRequest,
  receivedAt: string,
  reason: string,
  topic: string | undefined,
): Promise<ReceiveResult> {
  const headers: Record<string, string> = {};
  for (const name of adapter.replayHeaders) {
    const value = request.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  if (request.rawQuery) headers[rawQueryHeader] = request.rawQuery;
  const id = await deps.quarantine.keep({
    channel: adapter.channel,
    ...(topic ? { topic } : {}),
    reason,
    headers,
    rawBody: request.rawBody,
    receivedAt,
  });
  emitCount('Rapport', 'QuarantinedWebhook', { channel: adapter.channel });
  deps.log.warn('quarantined', { channel: adapter.channel, topic, quarantineId: id, reason });
  return { kind: 'quarantined', id, reason };
}

/** The paths and rules of a contract failure, never the values. */
function issuesText(error: $ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || '(event)'}: ${issue.message}`)
    .join('; ');
}

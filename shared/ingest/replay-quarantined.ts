import type { ChannelAdapter, RawWebhookRequest } from '../channels/channel-adapter';
import type { ReplayResult } from '../receivers/replay-contract';
import { channelSecrets, rawQueryHeader, storeVerified } from './receive-webhook';
import type { ReceiverDeps } from './receiver-deps';

/**
 * Replays a quarantined payload through its channel's current reader, in the channel's own
 * receiver (the only function that may read the channel's secrets, which WeChat safe mode needs).
 * Its signature was verified when it arrived and is not checked again: timestamped signatures
 * would have expired. Storing is idempotent, so a replay never duplicates what was stored.
 *
 * @example
 * const outcome = await replayQuarantined(deps, shopifyChannel, '3f2a...');
 */
export async function replayQuarantined(
  deps: ReceiverDeps,
  adapter: ChannelAdapter,
  quarantineId: string,
): Promise<ReplayResult> {
  const item = await deps.quarantine.get(quarantineId);
  if (!item || item.channel !== adapter.channel) return { kind: 'not_found' };
  const secrets = await channelSecrets(deps, adapter);
  if (!secrets) return { kind: 'not_configured' };
  const { [rawQueryHeader]: rawQuery = '', ...headers } = item.headers;
  const request: RawWebhookRequest = {
    method: 'POST',
    path: `/webhooks/${adapter.channel}`,
    rawBody: item.rawBody,
    headers,
    query: Object.fromEntries(new URLSearchParams(rawQuery)),
    rawQuery,
  };
  const now = deps.now().toISOString();
  const result = await storeVerified(deps, adapter, request, secrets, now);
  const outcome = result.kind === 'quarantined' && result.id === quarantineId ? 'still_invalid' : result.kind;
  await deps.quarantine.markReplayed(quarantineId, now, outcome);
  deps.log.info('replayed', { channel: adapter.channel, quarantineId, outcome });
  return { kind: 'replayed', result };
}

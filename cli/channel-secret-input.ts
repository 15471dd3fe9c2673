import { type ChannelName, channelNames, channelSecretSettings } from '../shared/channels/channel-names';
import { parseEnvFile } from './local-project';

/** A command the operator got wrong: the message says how to do it right. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * Reads `NAME=value` lines given for a channel's secrets: only the channel's own settings, at
 * least one of them. Used by `secrets set` locally (.env) and for a stack (Secrets Manager).
 *
 * @example
 * channelSecretInput('shopify', 'SHOPIFY_WEBHOOK_SECRET=hush'); // { values: { SHOPIFY_WEBHOOK_SECRET: 'hush' }, required: [...] }
 */
export function channelSecretInput(channel: string, input: string) {
  if (!channelNames.includes(channel as ChannelName)) {
    throw new UsageError(`No channel ${channel}: one of ${channelNames.join(', ')}`);
  }
  const settings = channelSecretSettings[channel as ChannelName];
  const allowed: ReadonlyArray<string> = [...settings.required, ...settings.optional];
  const values = parseEnvFile(input);
  const foreign = Object.keys(values).filter((name) => !allowed.includes(name));
  if (foreign.length > 0) {
    throw new UsageError(`${foreign.join(', ')} is not a ${channel} setting (${allowed.join(', ')})`);
  }
  if (Object.keys(values).length === 0) {
    throw new UsageError(`Give ${allowed.join(', ')} as NAME=value lines on stdin`);
  }
  return { values, required: settings.required as ReadonlyArray<string> };
}

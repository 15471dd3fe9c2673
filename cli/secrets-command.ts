import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { type ChannelName, channelNames, channelSecretSettings } from '../shared/channels/channel-names';
import { type LocalProject, parseEnvFile } from './local-project';

/** A command the operator got wrong: the message says how to do it right. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * `rapport secrets set <channel>`: reads `SETTING=value` lines (stdin) for the channel's secrets
 * and writes them to `.env`, replacing earlier values and keeping every other line. Only the
 * channel's own settings are accepted; values are never printed.
 *
 * @example
 * setSecrets(project, 'shopify', 'SHOPIFY_WEBHOOK_SECRET=hush\n'); // ['SHOPIFY_WEBHOOK_SECRET']
 */
export function setSecrets(project: LocalProject, channel: string, input: string): string[] {
  if (!channelNames.includes(channel as ChannelName)) {
    throw new UsageError(`No channel ${channel}: one of ${channelNames.join(', ')}`);
  }
  const settings = channelSecretSettings[channel as ChannelName];
  const allowed: ReadonlyArray<string> = [...settings.required, ...settings.optional];
  const given = parseEnvFile(input);
  const names = Object.keys(given);
  const foreign = names.filter((name) => !allowed.includes(name));
  if (foreign.length > 0) {
    throw new UsageError(`${foreign.join(', ')} is not a ${channel} setting (${allowed.join(', ')})`);
  }
  const missing = settings.required.filter((name) => !given[name] && !project.settings[name]);
  if (names.length === 0 || missing.length > 0) {
    throw new UsageError(
      `Give ${missing.length ? missing.join(', ') : allowed.join(', ')} as NAME=value lines on stdin`,
    );
  }
  const lines = existsSync(project.envFile) ? readFileSync(project.envFile, 'utf8').split(/\r?\n/) : [];
  const kept = lines.filter((line) => {
    const name = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)?.[1];
    return !name || !names.includes(name);
  });
  while (kept.length > 0 && kept.at(-1) === '') kept.pop();
  const added = names.map((name) => `${name}=${given[name]}`);
  writeFileSync(project.envFile, `${[...kept, ...added].join('\n')}\n`, { mode: 0o600 });
  return names;
}

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { channelSecretInput, UsageError } from './channel-secret-input';
import type { LocalProject } from './local-project';

/**
 * `rapport secrets set <channel>`: reads `SETTING=value` lines (stdin) for the channel's secrets
 * and writes them to `.env`, replacing earlier values and keeping every other line. Only the
 * channel's own settings are accepted; values are never printed.
 *
 * @example
 * setSecrets(project, 'shopify', 'SHOPIFY_WEBHOOK_SECRET=hush\n'); // ['SHOPIFY_WEBHOOK_SECRET']
 */
export function setSecrets(project: LocalProject, channel: string, input: string): string[] {
  const { values: given, required } = channelSecretInput(channel, input);
  const names = Object.keys(given);
  const missing = required.filter((name) => !given[name] && !project.settings[name]);
  if (missing.length > 0) throw new UsageError(`Give ${missing.join(', ')} as NAME=value lines on stdin`);
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

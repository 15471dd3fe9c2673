import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { streamDeadLetterFile } from '../infra/local/stream-poller';
import { readWebhookActivity } from '../infra/local/webhook-activity';
import { channelSecretSettings } from '../shared/channels/channel-names';
import { webhookChannels } from '../shared/http/routes';
import type { LocalProject } from './local-project';

/** What `rapport status` found. */
export interface LocalStatus {
  running: boolean;
  channels: Array<{
    channel: string;
    configured: boolean;
    missing: string[];
    lastStoredAt?: string;
    lastQuarantinedAt?: string;
  }>;
  deadLetters: { events: number; streamRecords: number };
}

const lineCount = (file: string) =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line.trim()).length
    : 0;

/**
 * `rapport status`: whether the local host answers, which channels have their secrets and when each
 * last stored (and quarantined) a webhook, and how
 * many events and stream records wait in the dead-letter files (redrive them with `rapport redrive`
 * and `npm run replay-stream-dead-letters`).
 *
 * @example
 * const status = await localStatus(project);
 */
export async function localStatus(project: LocalProject): Promise<LocalStatus> {
  let running = false;
  try {
    const answer = await fetch(`http://127.0.0.1:${project.port}/health`, {
      signal: AbortSignal.timeout(2000),
    });
    running = answer.ok;
  } catch {
    running = false;
  }
  const activity = readWebhookActivity(project.dataDir);
  return {
    running,
    channels: webhookChannels.map((channel) => {
      const missing = channelSecretSettings[channel].required.filter((name) => !project.settings[name]);
      return { channel, configured: missing.length === 0, missing, ...activity[channel] };
    }),
    deadLetters: {
      events: lineCount(join(project.dataDir, 'dead-letters.jsonl')),
      streamRecords: lineCount(join(project.dataDir, streamDeadLetterFile)),
    },
  };
}

/**
 * The status as an operator reads it.
 *
 * @example
 * process.stdout.write(statusText(status));
 */
export function statusText(status: LocalStatus): string {
  return [
    `local host: ${status.running ? 'running' : 'not running (npm start)'}`,
    'channels:',
    ...status.channels.map((entry) =>
      [
        `  ${entry.channel.padEnd(12)} ${entry.configured ? 'configured' : `not configured (set ${entry.missing.join(', ')})`}`,
        entry.lastStoredAt
          ? `, last stored ${entry.lastStoredAt}`
          : entry.configured
            ? ', nothing stored yet'
            : '',
        entry.lastQuarantinedAt ? `, last quarantined ${entry.lastQuarantinedAt}` : '',
      ].join(''),
    ),
    `dead letters: ${status.deadLetters.events} events (rapport redrive), ${status.deadLetters.streamRecords} stream records (npm run replay-stream-dead-letters)`,
  ].join('\n');
}

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HttpFunction } from '../../shared/http/routes';

/** The file, in the data directory, where the local host notes when each channel last stored or quarantined a webhook. */
export const webhookActivityFile = 'webhook-activity.json';

/** When each channel last stored a webhook (answered 200) and last quarantined one (202). */
export type WebhookActivity = Record<string, { lastStoredAt?: string; lastQuarantinedAt?: string }>;

/**
 * Reads the local host's webhook activity ({} when it never received one).
 *
 * @example
 * readWebhookActivity('.rapport').shopify?.lastStoredAt;
 */
export function readWebhookActivity(dataDir: string): WebhookActivity {
  const file = join(dataDir, webhookActivityFile);
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as WebhookActivity;
  } catch {
    return {};
  }
}

/**
 * A recorder for the local gateway's answers: a receiver answering 200 stored (or had stored) a
 * webhook, 202 quarantined one; the activity is written to {@link webhookActivityFile}.
 *
 * @example
 * startHttpGateway({ ..., onAnswered: webhookActivityRecorder('.rapport') });
 */
export function webhookActivityRecorder(dataDir: string, now: () => Date = () => new Date()) {
  const activity = readWebhookActivity(dataDir);
  return (name: HttpFunction, statusCode: number) => {
    if (!name.startsWith('receive-') || (statusCode !== 200 && statusCode !== 202)) return;
    const channel = name.slice('receive-'.length);
    const field = statusCode === 200 ? 'lastStoredAt' : 'lastQuarantinedAt';
    activity[channel] = { ...activity[channel], [field]: now().toISOString() };
    writeFileSync(join(dataDir, webhookActivityFile), JSON.stringify(activity));
  };
}

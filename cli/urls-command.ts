import { webhookChannels } from '../shared/http/routes';
import type { LocalProject } from './local-project';

/**
 * `rapport urls`: the URL each platform is given, the marketer API and the health check. A
 * tunnel's address (PUBLIC_BASE_URL) is used when set, as platforms call that.
 *
 * @example
 * urlsCommand(project); // 'shopify      http://localhost:3000/webhooks/shopify\n…'
 */
export function urlsCommand(project: LocalProject): string {
  const base = (project.settings.PUBLIC_BASE_URL ?? `http://localhost:${project.port}`).replace(/\/$/, '');
  return [
    ...webhookChannels.map((channel) => `${channel.padEnd(12)} ${base}/webhooks/${channel}`),
    `${'api'.padEnd(12)} ${base}/api`,
    `${'health'.padEnd(12)} ${base}/health`,
  ].join('\n');
}

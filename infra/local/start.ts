import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { channelSecretSettings } from '../../shared/channels/channel-names';
import { webhookChannels } from '../../shared/http/routes';
import { JavaMissingError } from './dynamodb-local';
import { startLocalHost } from './local-host';

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 24) {
    process.stderr.write(
      `Rapport runs on Node.js 24; this is ${process.version}. Run it through npm (npm start).\n`,
    );
  }
  const port = Number(process.env.PORT ?? 3000);
  const inMemory = process.env.RAPPORT_IN_MEMORY === '1';
  const dataDir = resolve(process.env.RAPPORT_DATA_DIR ?? '.rapport');
  const generated = !process.env.RAPPORT_API_TOKEN;
  const host = await startLocalHost({
    port,
    ...(inMemory ? { scratchDir: dataDir } : { dataDir }),
    ...(process.env.RAPPORT_API_TOKEN ? { apiToken: process.env.RAPPORT_API_TOKEN } : {}),
    ...(process.env.RAPPORT_VIEWER_TOKEN ? { viewerToken: process.env.RAPPORT_VIEWER_TOKEN } : {}),
    ...(process.env.RAPPORT_AGENT_TOKEN ? { agentToken: process.env.RAPPORT_AGENT_TOKEN } : {}),
  });

  const lines = [
    '',
    `Rapport is running on ${host.url}`,
    `  dashboard: ${host.url}/ (sign in with the API token below)`,
    `  data: ${inMemory ? 'in memory (RAPPORT_IN_MEMORY=1)' : dataDir}`,
    `  health: ${host.url}/health`,
    `  DynamoDB Local: ${host.dynamoEndpoint}`,
    '',
    'Webhook URLs:',
    ...webhookChannels.map((channel) => {
      const missing = channelSecretSettings[channel].required.filter((name) => !process.env[name]);
      const state = missing.length ? `not configured (set ${missing.join(', ')})` : 'configured';
      return `  ${channel.padEnd(12)} ${host.url}/webhooks/${channel}  ${state}`;
    }),
    '',
    `Marketer API: ${host.url}/api/customers?identity=email:someone@example.com`,
    `  API token (admin)${generated ? ' (generated; set RAPPORT_API_TOKEN to keep one)' : ''}: ${host.apiToken}`,
    `  viewer token (reads only): ${process.env.RAPPORT_VIEWER_TOKEN ? 'RAPPORT_VIEWER_TOKEN' : 'none (set RAPPORT_VIEWER_TOKEN to have one)'}`,
    `  agent token (reads, answers customers in the Inbox): ${process.env.RAPPORT_AGENT_TOKEN ? 'RAPPORT_AGENT_TOKEN' : 'none (set RAPPORT_AGENT_TOKEN to have one)'}`,
    '',
    'Press Ctrl-C to stop.',
    '',
  ];
  process.stdout.write(lines.join('\n'));

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping Rapport...\n`);
    await host.stop();
    process.stdout.write('Stopped.\n');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof JavaMissingError) process.stderr.write(`\n${error.message}\n`);
  else
    process.stderr.write(
      `\nRapport could not start: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
  process.exit(1);
});

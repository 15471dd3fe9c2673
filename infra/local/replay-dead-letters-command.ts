import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { createDocumentClient } from '../../shared/store/dynamo-client';
import { invokeAs } from './invocation-context';
import { localEnvironment } from './local-environment';
import { lambdaContext, relayHandler } from './local-handlers';
import { localEndpointsFile, type RunningEndpoints } from './local-host';
import { replayStreamDeadLetters } from './stream-dead-letters';
import { streamDeadLetterFile } from './stream-poller';

// `npm run replay-stream-dead-letters`: relays again, through the running `npm start`, the stream
// records it gave up on after 24 hours of retries (kept in RAPPORT_DATA_DIR/stream-dead-letters.jsonl).
async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const dataDir = resolve(process.env.RAPPORT_DATA_DIR ?? '.rapport');
  const endpointsPath = join(dataDir, localEndpointsFile);
  if (!existsSync(endpointsPath)) {
    process.stderr.write(`Rapport is not running with data in ${dataDir}: start it first (npm start).\n`);
    process.exit(1);
  }
  const running = JSON.parse(readFileSync(endpointsPath, 'utf8')) as RunningEndpoints;
  Object.assign(
    process.env,
    localEnvironment(
      process.env,
      { dynamodb: running.dynamodb, bus: running.bus },
      running.tableName,
      running.busName,
    ),
  );
  const { handler: relay } = await relayHandler();
  const result = await replayStreamDeadLetters({
    deadLetterFile: join(dataDir, streamDeadLetterFile),
    client: createDocumentClient({ endpoint: running.dynamodb }),
    tableName: running.tableName,
    relay: (event: DynamoDBStreamEvent) =>
      invokeAs('relay-events', () => relay(event as never, lambdaContext('relay-events') as never)),
  });
  process.stdout.write(
    `Replayed ${result.replayed} records; ${result.gone} items no longer exist; ${result.remaining} failed again and stay in the file.\n`,
  );
  process.exit(result.remaining > 0 ? 2 : 0);
}

await main();

import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { dashboardDist } from './dashboard-files';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local';
import { ensureTable } from './ensure-table';
import { startHttpGateway } from './http-gateway';
import { invokeAs } from './invocation-context';
import { type LocalBus, startLocalBus } from './local-bus';
import { localEnvironment } from './local-environment';
import { lambdaContext, relayHandler, scheduledHandlers } from './local-handlers';
import { type StreamPoller, startStreamPoller, streamDeadLetterFile } from './stream-poller';
import { webhookActivityRecorder } from './webhook-activity';

/** The file, in the data directory, where a running host says where its services listen. */
export const localEndpointsFile = 'local-endpoints.json';

/** What a running host writes to {@link localEndpointsFile}, for local commands. */
export interface RunningEndpoints {
  dynamodb: string;
  bus: string;
  tableName: string;
  busName: string;
}

/** Options of the local host. */
export interface LocalHostOptions {
  port: number;
  /** Where data, checkpoints and dead letters are kept; `undefined` keeps the table in memory. */
  dataDir?: string;
  /** Scratch directory for dead-letter files when `dataDir` is undefined. */
  scratchDir?: string;
  apiToken?: string;
  /** The bearer token of a read-only `viewer` (RAPPORT_VIEWER_TOKEN); none when unset. */
  viewerToken?: string;
  /** The bearer token of an `agent`, who answers customers (RAPPORT_AGENT_TOKEN); none when unset. */
  agentToken?: string;
}

/** A running local Rapport. */
export interface LocalHost {
  url: string;
  apiToken: string;
  dynamoEndpoint: string;
  /** The DynamoDB Local process, to freeze and thaw in fault tests and the bench. */
  dynamo: Pick<DynamoDbLocal, 'freeze' | 'thaw'>;
  bus: LocalBus;
  /** Resolves when every write so far has been relayed and every routed event handled. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the whole system in this process: DynamoDB Local, the table from the shared definition,
 * the local bus, the stream poller feeding the relay, and the HTTP gateway. It sets the same
 * environment the CDK stack gives the functions before their modules load.
 *
 * @example
 * const host = await startLocalHost({ port: 3000, dataDir: '.rapport' });
 * await host.stop();
 */
export async function startLocalHost(options: LocalHostOptions): Promise<LocalHost> {
  const workDir = resolve(options.dataDir ?? options.scratchDir ?? '.rapport');
  mkdirSync(workDir, { recursive: true });
  const apiToken = options.apiToken ?? randomBytes(24).toString('base64url');
  const tableName = process.env.TABLE_NAME ?? 'rapport';
  const busName = process.env.EVENT_BUS_NAME ?? 'rapport';

  let dynamo: DynamoDbLocal | undefined;
  let bus: LocalBus | undefined;
  let poller: StreamPoller | undefined;
  let gateway: Server | undefined;
  const timers: NodeJS.Timeout[] = [];
  const stop = async () => {
    for (const timer of timers) clearInterval(timer);
    if (gateway) await new Promise<void>((done) => gateway?.close(() => done()));
    gateway?.closeAllConnections();
    await poller?.stop();
    await bus?.drain();
    await bus?.stop();
    await dynamo?.stop();
    rmSync(join(workDir, localEndpointsFile), { force: true });
  };
  try {
    dynamo = await startDynamoDbLocal(options.dataDir ? { dataDir: join(workDir, 'dynamodb') } : {});
    const admin = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const streamArn = await ensureTable(admin, tableName);
    admin.destroy();
    bus = await startLocalBus({
      deadLetterFile: join(workDir, 'dead-letters.jsonl'),
      unpublishableRecordsFile: join(workDir, streamDeadLetterFile),
      busName,
    });
    Object.assign(
      process.env,
      localEnvironment(process.env, { dynamodb: dynamo.endpoint, bus: bus.endpoint }, tableName, busName),
    );
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
    gateway = await startHttpGateway({
      port: options.port,
      apiToken,
      ...(options.viewerToken ? { viewerToken: options.viewerToken } : {}),
      ...(options.agentToken ? { agentToken: options.agentToken } : {}),
      onAnswered: webhookActivityRecorder(workDir),
      dashboardDir: dashboardDist,
    });
    const listening = gateway.address();
    // Twilio signs the URL it called; without a tunnel's URL configured, assume it called this host.
    // Set before any handler module loads, as the stack sets it before a cold start.
    // Local alert receivers listen on loopback over plain http.
    process.env.ALLOW_LOOPBACK_DESTINATIONS ??= 'true';
    // Alert emails are written as .eml files (SES in AWS).
    process.env.EMAIL_OUTBOX_DIR ??= join(workDir, 'outbox');
    process.env.ALERT_EMAIL_FROM ??= 'alerts@rapport.localhost';
    process.env.PUBLIC_BASE_URL ??= `http://localhost:${typeof listening === 'object' && listening ? listening.port : options.port}`;
    const { handler: relay } = await relayHandler();
    poller = startStreamPoller({
      endpoint: dynamo.endpoint,
      streamArn,
      relay: relay as never,
      ...(options.dataDir ? { checkpointFile: join(workDir, 'stream-checkpoint.json') } : {}),
      deadLetterFile: join(workDir, streamDeadLetterFile),
    });
    if (options.dataDir) {
      const running: RunningEndpoints = { dynamodb: dynamo.endpoint, bus: bus.endpoint, tableName, busName };
      writeFileSync(join(workDir, localEndpointsFile), JSON.stringify(running));
    }
    for (const scheduled of scheduledHandlers) {
      const { handler } = await scheduled.load();
      const run = () =>
        invokeAs(scheduled.name, () => handler({} as never, lambdaContext(scheduled.name) as never)).catch(
          (error: unknown) => process.stderr.write(`${scheduled.name} failed: ${String(error)}\n`),
        );
      timers.push(setInterval(run, scheduled.everyMs));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const address = gateway.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const activeBus = bus;
  const activePoller = poller;
  return {
    url: `http://127.0.0.1:${port}`,
    apiToken,
    dynamoEndpoint: dynamo.endpoint,
    dynamo,
    bus: activeBus,
    async settle() {
      // Scoring writes the profile, which the relay publishes again: settle until quiet.
      for (let round = 0; round < 5; round += 1) {
        const before = activeBus.stats.received;
        await activePoller.drain();
        await activeBus.drain();
        if (activeBus.stats.received === before) return;
      }
    },
    stop,
  };
}

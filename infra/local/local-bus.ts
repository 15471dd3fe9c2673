import { createHash } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { EventBridgeEvent } from 'aws-lambda';
import { eventSource } from '../../shared/events/contracts';
import { type EventTarget, targetsFor } from '../../shared/events/routing-table';
import type { HttpFunction } from '../../shared/http/routes';
import { invokeAs } from './invocation-context';
import { busTargets, httpHandlers, lambdaContext } from './local-handlers';

/** A running local bus. */
export interface LocalBus {
  endpoint: string;
  /** Resolves when every delivery started so far has finished (delivered or dead-lettered). */
  drain(): Promise<void>;
  /** `unpublishable`: records the relay dead-lettered through the SQS stand-in. */
  stats: { received: number; delivered: number; deadLettered: number; unpublishable: number };
  stop(): Promise<void>;
}

/**
 * The Lambda Invoke API for the functions the API calls directly (receivers, for replays), so the
 * API uses its real Lambda client locally too. Errors answer like Lambda's (`X-Amz-Function-Error`).
 */
function invokeFunction(name: string, payload: Buffer, response: ServerResponse): void {
  const load = httpHandlers[name as HttpFunction];
  if (!load) {
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ Type: 'User', message: `Function not found: ${name}` }));
    return;
  }
  load()
    .then(({ handler }) =>
      invokeAs(name, () =>
        handler(JSON.parse(payload.toString('utf8')) as never, lambdaContext(name) as never),
      ),
    )
    .then((result) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(result ?? null));
    })
    .catch((error: unknown) => {
      response.writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled' });
      // Lambda's own error payload shape.
      const errorType = error instanceof Error ? error.name : 'Error';
      const errorMessage = error instanceof Error ? error.message : String(error);
      response.end(JSON.stringify({ errorType, errorMessage }));
    });
}

/** The queue path the local relay sends unpublishable records to (`UNPUBLISHABLE_RECORDS_QUEUE_URL`). */
export const unpublishableRecordsQueuePath = '/queue/relay-unpublishable';

/**
 * SQS's `SendMessage` (JSON protocol) for the relay's unpublishable-records queue: each message
 * (the record's keys) becomes a line of the stream dead-letter file, which `npm run
 * replay-stream-dead-letters` relays again from the items in the table.
 */
async function sendMessage(body: Buffer, file: string, response: ServerResponse): Promise<void> {
  const input = JSON.parse(body.toString('utf8')) as { QueueUrl?: string; MessageBody?: string };
  if (!input.QueueUrl?.endsWith(unpublishableRecordsQueuePath) || !input.MessageBody) {
    response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
    response.end(JSON.stringify({ __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'No such queue' }));
    return;
  }
  const letter = JSON.parse(input.MessageBody) as Record<string, unknown>;
  await appendFile(file, `${JSON.stringify(letter)}\n`);
  process.stderr.write(
    `relay: a record it could not decode was dead-lettered to ${file} (npm run replay-stream-dead-letters)\n`,
  );
  response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
  response.end(
    JSON.stringify({
      MessageId: crypto.randomUUID(),
      MD5OfMessageBody: createHash('md5').update(input.MessageBody).digest('hex'),
    }),
  );
}

/** Delay before each retry of a failed delivery (EventBridge retries with backoff, then DLQ). */
const retryDelaysMs = [200, 1000, 3000];

/**
 * An in-process event bus that speaks EventBridge's `PutEvents` API on a local port (and Lambda's
 * Invoke API for direct invocations, and SQS's `SendMessage` for the relay's dead letters), so the relay
 * uses its real EventBridge client. Events are routed by the shared routing table to the same
 * handlers AWS invokes, with retries; a delivery that keeps failing is appended to the dead-letter
 * file (one JSON line per event and target).
 *
 * @example
 * const bus = await startLocalBus({ deadLetterFile, unpublishableRecordsFile, busName: 'rapport' });
 */
export async function startLocalBus(options: {
  deadLetterFile: string;
  /** Where the SQS stand-in appends the relay's unpublishable records. */
  unpublishableRecordsFile: string;
  busName: string;
}): Promise<LocalBus> {
  const inFlight = new Set<Promise<void>>();
  const stats = { received: 0, delivered: 0, deadLettered: 0, unpublishable: 0 };

  const deliver = async (event: EventBridgeEvent<string, unknown>, target: EventTarget) => {
    const { handler } = await busTargets[target]();
    for (let attempt = 0; ; attempt += 1) {
      try {
        await invokeAs(target, () => handler(event as never, lambdaContext(target) as never));
        stats.delivered += 1;
        return;
      } catch (error) {
        const delay = retryDelaysMs[attempt];
        if (delay === undefined) {
          stats.deadLettered += 1;
          const line = { target, error: String(error), event, failedAt: new Date().toISOString() };
          await appendFile(options.deadLetterFile, `${JSON.stringify(line)}\n`);
          process.stderr.write(
            `local bus: ${event['detail-type']} to ${target} dead-lettered: ${String(error)}\n`,
          );
          return;
        }
        await new Promise((done) => setTimeout(done, delay));
      }
    }
  };

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const invocation = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(request.url ?? '');
      if (invocation?.[1]) {
        invokeFunction(decodeURIComponent(invocation[1]), Buffer.concat(chunks), response);
        return;
      }
      if (request.headers['x-amz-target'] === 'AmazonSQS.SendMessage') {
        stats.unpublishable += 1;
        sendMessage(Buffer.concat(chunks), options.unpublishableRecordsFile, response).catch(() => {
          response.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
          response.end(JSON.stringify({ __type: 'InternalError' }));
        });
        return;
      }
      if (request.headers['x-amz-target'] !== 'AWSEvents.PutEvents') {
        response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify({ __type: 'UnknownOperationException' }));
        return;
      }
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        Entries: Array<{
          Source: string;
          DetailType: string;
          Detail: string;
          EventBusName?: string;
          Time?: number;
        }>;
      };
      const entries = input.Entries.map((entry) => {
        const id = crypto.randomUUID();
        stats.received += 1;
        const event: EventBridgeEvent<string, unknown> = {
          version: '0',
          id,
          'detail-type': entry.DetailType,
          source: entry.Source,
          account: '000000000000',
          time: new Date(entry.Time ? entry.Time * 1000 : Date.now()).toISOString(),
          region: 'local',
          resources: [],
          detail: JSON.parse(entry.Detail),
        };
        const targets =
          entry.Source === eventSource && (entry.EventBusName ?? options.busName) === options.busName
            ? targetsFor(entry.DetailType)
            : [];
        for (const target of targets) {
          const delivery = deliver(event, target).finally(() => inFlight.delete(delivery));
          inFlight.add(delivery);
        }
        return { EventId: id };
      });
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify({ FailedEntryCount: 0, Entries: entries }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stats,
    async drain() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

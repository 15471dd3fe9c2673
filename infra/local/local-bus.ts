import { appendFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { EventBridgeEvent } from 'aws-lambda';
import { eventSource } from '../../shared/events/contracts';
import { type EventTarget, targetsFor } from '../../shared/events/routing-table';
import { invokeAs } from './invocation-context';
import { busTargets, lambdaContext } from './local-handlers';

/** A running local bus. */
export interface LocalBus {
  endpoint: string;
  /** Resolves when every delivery started so far has finished (delivered or dead-lettered). */
  drain(): Promise<void>;
  stats: { received: number; delivered: number; deadLettered: number };
  stop(): Promise<void>;
}

/** Delay before each retry of a failed delivery (EventBridge retries with backoff, then DLQ). */
const retryDelaysMs = [200, 1000, 3000];

/**
 * An in-process event bus that speaks EventBridge's `PutEvents` API on a local port, so the relay
 * uses its real EventBridge client. Events are routed by the shared routing table to the same
 * handlers AWS invokes, with retries; a delivery that keeps failing is appended to the dead-letter
 * file (one JSON line per event and target).
 *
 * @example
 * const bus = await startLocalBus({ deadLetterFile: '.rapport/dead-letters.jsonl' });
 */
export async function startLocalBus(options: { deadLetterFile: string; busName: string }): Promise<LocalBus> {
  const inFlight = new Set<Promise<void>>();
  const stats = { received: 0, delivered: 0, deadLettered: 0 };

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

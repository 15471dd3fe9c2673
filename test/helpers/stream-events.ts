import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { relayEvents } from '../../functions/relay-events/relay-events';
import { startStreamPoller } from '../../infra/local/stream-poller';
import type { CanonicalEvent } from '../../shared/events/contracts';
import { recordingLogger } from './receiver-deps';
import type { TestTable } from './test-table';

/**
 * Runs the real relay over the test table's stream (through the local stream poller) with a
 * publisher that records what would be sent to EventBridge.
 *
 * @example
 * const relay = relayTable(table);
 * await relay.settle();
 * relay.published; // CanonicalEvent[]
 */
export function relayTable(table: TestTable) {
  const { published, relay } = recordingRelay();
  const poller = startStreamPoller({
    endpoint: table.endpoint,
    streamArn: table.streamArn,
    relay,
    deadLetterFile: '/dev/null',
    pollIntervalMs: 50,
  });
  return { published, settle: () => poller.drain(), stop: () => poller.stop() };
}

/**
 * The real relay with a publisher that records what it would send to EventBridge.
 *
 * @example
 * const { published, relay } = recordingRelay();
 * await relay({ Records: records });
 */
export function recordingRelay() {
  const published: CanonicalEvent[] = [];
  const deps = {
    publisher: {
      publish: async (events: ReadonlyArray<CanonicalEvent>) => {
        published.push(...events);
        return [];
      },
    },
    log: recordingLogger(),
    sleep: async () => undefined,
  };
  return {
    published,
    relay: (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => relayEvents(deps, event.Records),
  };
}

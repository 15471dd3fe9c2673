import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { relayEvents } from '../../functions/relay-events/relay-events';
import type { UnpublishableRecord } from '../../functions/relay-events/unpublishable-records';
import { startStreamPoller } from '../../infra/local/stream-poller';
import type { CanonicalEvent } from '../../shared/events/contracts';
import { recordingLogger } from './receiver-deps';
import type { TestTable } from './test-table';

/**
 * Runs the real relay over the test table's stream (through the local stream poller) with a
 * publisher that records what would be sent to EventBridge. `settle()` fails the test when the
 * relay dead-lettered a record it could not decode, unless the test provokes that on purpose
 * (`allowUnpublishable`) and reads `unpublishable` itself.
 *
 * @example
 * const relay = relayTable(table);
 * await relay.settle();
 * relay.published; // CanonicalEvent[]
 */
export function relayTable(table: TestTable, options: { allowUnpublishable?: boolean } = {}) {
  const { published, unpublishable, relay } = recordingRelay();
  const poller = startStreamPoller({
    endpoint: table.endpoint,
    streamArn: table.streamArn,
    relay,
    deadLetterFile: '/dev/null',
    pollIntervalMs: 50,
  });
  return {
    published,
    unpublishable,
    async settle() {
      await poller.drain();
      if (unpublishable.length > 0 && !options.allowUnpublishable)
        throw new Error(
          `the relay could not decode ${unpublishable.length} records into their events: ${JSON.stringify(unpublishable)}`,
        );
    },
    stop: () => poller.stop(),
  };
}

/**
 * The real relay with a publisher that records what it would send to EventBridge, and a sink
 * that records what it dead-letters (at once: tests do not wait out the retry window).
 *
 * @example
 * const { published, relay } = recordingRelay();
 * await relay({ Records: records });
 */
export function recordingRelay() {
  const published: CanonicalEvent[] = [];
  const unpublishable: UnpublishableRecord[] = [];
  const deps = {
    publisher: {
      publish: async (events: ReadonlyArray<CanonicalEvent>) => {
        published.push(...events);
        return [];
      },
    },
    unpublishable: {
      deadLetter: async (record: UnpublishableRecord) => {
        unpublishable.push(record);
      },
    },
    log: recordingLogger(),
    sleep: async () => undefined,
    now: () => new Date(),
    undecodableRetryMs: 0,
  };
  return {
    published,
    unpublishable,
    relay: (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => relayEvents(deps, event.Records),
  };
}

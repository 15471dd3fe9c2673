import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import type { CanonicalEvent } from '../../shared/events/contracts';
import type { Logger } from '../../shared/observability/logger';
import { emitCount } from '../../shared/observability/metrics';
import type { EventPublisher } from './event-publisher';
import { eventFromRecord } from './events-from-record';

/** What the relay needs. */
export interface RelayDeps {
  publisher: EventPublisher;
  log: Logger;
  /** Waits between retries of failed entries; tests pass a no-op. */
  sleep: (ms: number) => Promise<void>;
}

const attempts = 4;

/**
 * Publishes the events of a batch of stream records. Failed entries are retried; if some still
 * fail, the batch answers with the first failed record so Lambda retries from there (records
 * after it may be published again: consumers are idempotent). Nothing is skipped.
 *
 * @example
 * const response = await relayEvents(deps, event.Records);
 */
export async function relayEvents(
  deps: RelayDeps,
  records: ReadonlyArray<DynamoDBRecord>,
): Promise<DynamoDBBatchResponse> {
  const pending: Array<{ event: CanonicalEvent; record: DynamoDBRecord; position: number }> = [];
  records.forEach((record, position) => {
    try {
      const event = eventFromRecord(record);
      if (event) pending.push({ event, record, position });
    } catch (error) {
      // A stored item that breaks its event contract cannot be fixed by retrying; it stays in the
      // table for replay, and the metric alarms so that someone looks.
      emitCount('Rapport', 'UnpublishableRecord', { function: 'relay-events' });
      deps.log.error('record does not match its event contract', { keys: record.dynamodb?.Keys, error });
    }
  });
  let failing = pending;
  for (let attempt = 1; attempt <= attempts && failing.length > 0; attempt += 1) {
    if (attempt > 1) await deps.sleep(100 * 2 ** attempt);
    const failedIndexes = await deps.publisher.publish(failing.map((entry) => entry.event));
    failing = failedIndexes.map((index) => failing[index]).filter((entry) => entry !== undefined);
  }
  if (failing.length > 0)
    deps.log.warn('relay incomplete', {
      records: records.length,
      events: pending.length,
      failed: failing.length,
    });
  else deps.log.debug('relayed', { records: records.length, events: pending.length });
  if (failing.length === 0) return { batchItemFailures: [] };
  const first = failing.reduce((earliest, entry) => (entry.position < earliest.position ? entry : earliest));
  return { batchItemFailures: [{ itemIdentifier: first.record.dynamodb?.SequenceNumber ?? '' }] };
}

import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import type { CanonicalEvent } from '../../shared/events/contracts';
import type { Logger } from '../../shared/observability/logger';
import { emitCount } from '../../shared/observability/metrics';
import type { EventPublisher } from './event-publisher';
import { eventFromRecord } from './events-from-record';
import { type UnpublishableRecordSink, unpublishableRecord } from './unpublishable-records';

/** What the relay needs. */
export interface RelayDeps {
  publisher: EventPublisher;
  /** Where records that stay undecodable go, by their keys. */
  unpublishable: UnpublishableRecordSink;
  log: Logger;
  /** Waits between retries of failed entries; tests pass a no-op. */
  sleep: (ms: number) => Promise<void>;
  now: () => Date;
  /** How long after it was written an undecodable record is retried before it is dead-lettered. */
  undecodableRetryMs: number;
}

const attempts = 4;

/**
 * How long an undecodable record is retried: long enough for a deployment to finish (a newer
 * producer's event reaching an older relay decodes once the relay is updated), short enough not to
 * hold up the rest of its stream shard for long.
 */
export const undecodableRetryMs = 10 * 60_000;

/**
 * Publishes the events of a batch of stream records. Failed entries are retried; if some still
 * fail, the batch answers with the first failed record so Lambda retries from there (records
 * after it may be published again: consumers are idempotent). A record that cannot be decoded
 * into its event is retried the same way for `undecodableRetryMs`; after that its keys are
 * dead-lettered (the item stays in the table for replay) and counted, and the relay moves on. If
 * even the dead letter cannot be written, the record is retried. Nothing is skipped.
 *
 * @example
 * const response = await relayEvents(deps, event.Records);
 */
export async function relayEvents(
  deps: RelayDeps,
  records: ReadonlyArray<DynamoDBRecord>,
): Promise<DynamoDBBatchResponse> {
  const pending: Array<{ event: CanonicalEvent; position: number }> = [];
  const retryPositions: number[] = [];
  for (const [position, record] of records.entries()) {
    try {
      const event = eventFromRecord(record);
      if (event) pending.push({ event, position });
    } catch (error) {
      if (!(await deadLetterWhenDue(deps, record, error))) retryPositions.push(position);
    }
  }
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
  const firstFailure = Math.min(...retryPositions, ...failing.map((entry) => entry.position));
  if (!Number.isFinite(firstFailure)) return { batchItemFailures: [] };
  return { batchItemFailures: [{ itemIdentifier: records[firstFailure]?.dynamodb?.SequenceNumber ?? '' }] };
}

/**
 * Dead-letters an undecodable record once it has been retried long enough; false while it should
 * be retried (too young, or the dead letter could not be written).
 */
async function deadLetterWhenDue(deps: RelayDeps, record: DynamoDBRecord, error: unknown): Promise<boolean> {
  const now = deps.now();
  const letter = unpublishableRecord(record, error, now);
  const writtenAt = record.dynamodb?.ApproximateCreationDateTime;
  const ageMs = writtenAt === undefined ? 0 : now.getTime() - writtenAt * 1000;
  if (ageMs < deps.undecodableRetryMs) {
    deps.log.warn('record does not match its event contract; retrying', {
      keys: letter.keys,
      reason: letter.reason,
    });
    return false;
  }
  try {
    await deps.unpublishable.deadLetter(letter);
  } catch (sinkError) {
    deps.log.error('could not dead-letter an unpublishable record; retrying', {
      keys: letter.keys,
      error: sinkError instanceof Error ? sinkError.name : 'error',
    });
    return false;
  }
  // The item stays in the table and its keys in the dead letters; the metric alarms so that
  // someone fixes the cause and replays them.
  emitCount('Rapport', 'UnpublishableRecord', { function: 'relay-events' });
  deps.log.error('record does not match its event contract; dead-lettered', {
    keys: letter.keys,
    reason: letter.reason,
  });
  return true;
}

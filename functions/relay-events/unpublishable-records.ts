import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBRecord } from 'aws-lambda';
import { $ZodError } from 'zod/v4/core';

/**
 * A table record the relay could not turn into its event, kept by its keys only (the item's
 * values may hold personal data; the item itself stays in the table). `npm run
 * replay-stream-dead-letters` locally, or re-saving the items in AWS, publishes them again.
 */
export interface UnpublishableRecord {
  sequenceNumber: string;
  eventName: string;
  keys: { pk: string; sk: string };
  /** Why it could not be decoded: the failing paths and codes, never the values. */
  reason: string;
  failedAt: string;
}

/** Where the relay dead-letters the records it could not decode. */
export interface UnpublishableRecordSink {
  deadLetter(record: UnpublishableRecord): Promise<void>;
}

/**
 * Sends each unpublishable record's keys to an SQS queue (the stack's `relay-unpublishable`
 * dead-letter queue, alarmed; locally the host's stand-in, which appends them to the stream
 * dead-letter file).
 *
 * @example
 * const sink = sqsUnpublishableRecordSink(new SQSClient({}), settings.UNPUBLISHABLE_RECORDS_QUEUE_URL);
 */
export function sqsUnpublishableRecordSink(client: SQSClient, queueUrl: string): UnpublishableRecordSink {
  return {
    async deadLetter(record) {
      await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(record) }));
    },
  };
}

/**
 * The dead letter of a record: its location and keys, and the reason without any value.
 *
 * @example
 * const letter = unpublishableRecord(record, error, new Date());
 */
export function unpublishableRecord(record: DynamoDBRecord, error: unknown, now: Date): UnpublishableRecord {
  return {
    sequenceNumber: record.dynamodb?.SequenceNumber ?? '',
    eventName: record.eventName ?? '',
    keys: { pk: record.dynamodb?.Keys?.pk?.S ?? '', sk: record.dynamodb?.Keys?.sk?.S ?? '' },
    reason: decodeFailureReason(error),
    failedAt: now.toISOString(),
  };
}

/** Paths and issue codes of a contract violation; the error's name and the head of its message otherwise. */
function decodeFailureReason(error: unknown): string {
  if (error instanceof $ZodError)
    return error.issues.map((issue) => `${issue.path.join('.') || '(event)'}: ${issue.code}`).join('; ');
  if (!(error instanceof Error)) return 'unknown error';
  // util-dynamodb appends the offending attribute's JSON after a colon: keep only its name.
  return `${error.name}: ${error.message.split(':')[0]}`;
}

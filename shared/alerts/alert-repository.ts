import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { EventOf } from '../events/contracts';
import type { Page } from '../store/cursor';
import { queryGsi1List } from '../store/gsi1-list';
import {
  alertDigestKey,
  alertKey,
  alertRateKey,
  alertThrottleKey,
  dueKeys,
  listKeys,
  timelineItemKey,
} from '../store/keys';
import { queryAll } from '../store/query-all';
import { isWriteRefused, writeIf } from '../store/write-refused';
import type { AlertContent } from './alert-message';
import type { AlertRecord, AlertRef, DigestRecord } from './alert-record';

/** The alert log is kept 90 days. */
const logRetentionSeconds = 90 * 86_400;
/** A send not finished within this (a crashed invocation) may be taken over. */
export const sendLeaseMs = 2 * 60_000;

const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const refText = (ref: AlertRef) => `${ref.customerId}#${ref.id}`;
const refFrom = (text: string): AlertRef => {
  const [customerId = '', id = ''] = text.split('#');
  return { customerId, id };
};

function fromItem(item: Record<string, unknown>): AlertRecord {
  const { pk, sk, type, gsi1pk, gsi1sk, gsi2pk, gsi2sk, expiresAt, leaseUntil, ...record } = item;
  return record as unknown as AlertRecord;
}

/** Ignores a failed condition on an item that must exist: the person was erased meanwhile. */
async function unlessErased(write: Promise<unknown>): Promise<void> {
  await writeIf(write);
}

/**
 * The alert log and what alert delivery keeps: throttles (TTL items per rule and customer),
 * digests, held alerts on the due-work index, and per-destination rate slots.
 *
 * @example
 * const alerts = new AlertRepository(documentClient(), 'rapport');
 * await alerts.takeThrottle({ ruleId, customerId, eventId, until }, now);
 */
export class AlertRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Takes a rule's throttle of a customer for an event: true when no other event of the rule
   * about them is within its window. The same event may take it again (a redelivery after a
   * crash finishes its alerts instead of being throttled by itself).
   */
  async takeThrottle(
    throttle: { ruleId: string; customerId: string; eventId: string; until: string },
    now: string,
  ): Promise<boolean> {
    return writeIf(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...alertThrottleKey(throttle.ruleId, throttle.customerId),
            type: 'alert-throttle',
            eventId: throttle.eventId,
            until: throttle.until,
            expiresAt: epochSeconds(throttle.until) + 60,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR #until <= :now OR eventId = :event',
          ExpressionAttributeNames: { '#until': 'until' },
          ExpressionAttributeValues: { ':now': now, ':event': throttle.eventId },
        }),
      ),
    );
  }

  /**
   * Writes an alert once: true when this call wrote it, false when it exists (a redelivered
   * event). An alert about to be sent is written as `sending` with a lease, so the writer sends
   * it without a second write.
   */
  async create(record: AlertRecord, now: Date): Promise<boolean> {
    const held =
      record.status === 'held' && record.heldUntil ? dueKeys('alert', record.heldUntil, refText(record)) : {};
    return writeIf(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...alertKey(record.customerId, record.id),
            ...listKeys('ALERTS', `${record.createdAt}#${record.id}`),
            ...held,
            type: 'alert',
            ...record,
            ...(record.status === 'sending' ? { leaseUntil: now.getTime() + sendLeaseMs } : {}),
            expiresAt: epochSeconds(record.createdAt) + logRetentionSeconds,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async get(ref: AlertRef): Promise<AlertRecord | undefined> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: alertKey(ref.customerId, ref.id),
        ConsistentRead: true,
      }),
    );
    return result.Item ? fromItem(result.Item) : undefined;
  }

  /** Several alerts (a digest's), in the order asked, missing (erased) ones left out. */
  async getMany(refs: ReadonlyArray<AlertRef>): Promise<AlertRecord[]> {
    const found = new Map<string, AlertRecord>();
    for (let start = 0; start < refs.length; start += 100) {
      let keys: Record<string, unknown>[] | undefined = refs
        .slice(start, start + 100)
        .map((ref) => alertKey(ref.customerId, ref.id));
      while (keys && keys.length > 0) {
        const result: BatchGetCommandOutput = await this.client.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }),
        );
        for (const item of result.Responses?.[this.tableName] ?? []) {
          const record = fromItem(item);
          found.set(refText(record), record);
        }
        keys = result.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return refs.flatMap((ref) => found.get(refText(ref)) ?? []);
  }

  /**
   * Takes the alert for sending: only one invocation sends it at a time (a redelivered event
   * running concurrently gets false), and a send whose invocation died is taken over after the lease.
   */
  async startSending(ref: AlertRef, now: Date): Promise<boolean> {
    return writeIf(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: alertKey(ref.customerId, ref.id),
          UpdateExpression: 'SET #status = :sending, leaseUntil = :lease',
          ConditionExpression:
            'attribute_exists(pk) AND (#status IN (:pending, :held, :failed) OR (#status = :sending AND leaseUntil < :now))',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':sending': 'sending',
            ':pending': 'pending',
            ':held': 'held',
            ':failed': 'failed',
            ':lease': now.getTime() + sendLeaseMs,
            ':now': now.getTime(),
          },
        }),
      ),
    );
  }

  /**
   * Records a delivery and puts `alert.sent` on the customer's timeline in the same transaction,
   * so the relay publishes it exactly when the delivery is recorded (and not for an erased person).
   */
  async markSent(record: AlertRecord, sent: { at: string; attempts: number }): Promise<void> {
    const latencyMs = Math.max(0, Date.parse(sent.at) - Date.parse(record.occurredAt));
    const event: EventOf<'alert.sent'> = {
      id: `alert:${record.id}`,
      type: 'alert.sent',
      version: 1,
      occurredAt: sent.at,
      customerId: record.customerId,
      channel: 'rapport',
      alertId: record.id,
      ruleId: record.ruleId,
      destinationId: record.destinationId,
      destinationType: record.destinationType,
      aboutEventId: record.eventId,
    };
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: alertKey(record.customerId, record.id),
                UpdateExpression:
                  'SET #status = :sent, sentAt = :at, latencyMs = :latency, attempts = attempts + :attempts REMOVE leaseUntil, lastError, retryable, gsi2pk, gsi2sk, content',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':sent': 'sent',
                  ':at': sent.at,
                  ':latency': latencyMs,
                  ':attempts': sent.attempts,
                },
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...timelineItemKey(record.customerId, sent.at, event.id),
                  type: 'timeline',
                  event,
                  receivedAt: sent.at,
                },
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (!isWriteRefused(error, { item: 0 })) throw error;
    }
  }

  /**
   * Records a failed delivery (retried with the event, or by the sweep): the log shows why. The
   * content is kept (or added) so a later attempt can write the alert.
   */
  async markFailed(
    ref: AlertRef,
    failure: { attempts: number; reason: string; retryable: boolean; content?: AlertContent },
  ): Promise<void> {
    await unlessErased(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: alertKey(ref.customerId, ref.id),
          UpdateExpression: `SET #status = :failed, lastError = :error, retryable = :retryable, attempts = attempts + :attempts${failure.content ? ', content = :content' : ''} REMOVE leaseUntil, gsi2pk, gsi2sk`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':failed': 'failed',
            ':error': `${failure.retryable ? 'retryable' : 'permanent'}: ${failure.reason}`.slice(0, 500),
            ':retryable': failure.retryable,
            ':attempts': failure.attempts,
            ...(failure.content ? { ':content': failure.content } : {}),
          },
        }),
      ),
    );
  }

  /** Holds an alert until a time (quiet hours, a rate limit) with what it says: the sweep sends it then. */
  async hold(
    ref: AlertRef,
    held: { until: string; because: string; content: AlertContent; attempts?: number },
  ): Promise<void> {
    const due = dueKeys('alert', held.until, refText(ref));
    await unlessErased(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: alertKey(ref.customerId, ref.id),
          UpdateExpression:
            'SET #status = :held, heldUntil = :until, heldBecause = :because, content = :content, gsi2pk = :gsi2pk, gsi2sk = :gsi2sk, attempts = attempts + :attempts REMOVE leaseUntil',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':held': 'held',
            ':until': held.until,
            ':because': held.because,
            ':content': held.content,
            ':gsi2pk': due.gsi2pk,
            ':gsi2sk': due.gsi2sk,
            ':attempts': held.attempts ?? 0,
          },
        }),
      ),
    );
  }

  /**
   * Puts an alert into its digest (created by the first alert of the window, due at its end) and
   * marks it digested with what it says. Adding is idempotent: a repeat adds the same reference
   * to the same set.
   */
  async addToDigest(
    record: AlertRecord,
    content: AlertContent,
    digest: { id: string; windowStart: string; dueAt: string },
  ): Promise<void> {
    const due = dueKeys('alert-digest', digest.dueAt, digest.id);
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: alertDigestKey(digest.id),
        UpdateExpression:
          'SET #type = :type, id = :id, ruleId = :rule, destinationId = :destination, windowStart = :start, dueAt = :due, #status = if_not_exists(#status, :open), attempts = if_not_exists(attempts, :zero), gsi2pk = if_not_exists(gsi2pk, :gsi2pk), gsi2sk = if_not_exists(gsi2sk, :gsi2sk), expiresAt = :expires ADD alertRefs :alert',
        ExpressionAttributeNames: { '#type': 'type', '#status': 'status' },
        ExpressionAttributeValues: {
          ':type': 'alert-digest',
          ':id': digest.id,
          ':rule': record.ruleId,
          ':destination': record.destinationId,
          ':start': digest.windowStart,
          ':due': digest.dueAt,
          ':open': 'open',
          ':zero': 0,
          ':gsi2pk': due.gsi2pk,
          ':gsi2sk': due.gsi2sk,
          ':expires': epochSeconds(digest.dueAt) + logRetentionSeconds,
          ':alert': new Set([refText(record)]),
        },
      }),
    );
    await unlessErased(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: alertKey(record.customerId, record.id),
          UpdateExpression: 'SET #status = :digested, digestId = :digest, content = :content',
          ConditionExpression: 'attribute_exists(pk) AND #status <> :sent',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':digested': 'digested',
            ':digest': digest.id,
            ':sent': 'sent',
            ':content': content,
          },
        }),
      ),
    );
  }

  async getDigest(id: string): Promise<DigestRecord | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: alertDigestKey(id), ConsistentRead: true }),
    );
    if (!result.Item) return undefined;
    const { alertRefs, ...rest } = result.Item;
    return {
      ...(rest as unknown as DigestRecord),
      alerts: [...((alertRefs as Set<string> | undefined) ?? [])].sort().map(refFrom),
    };
  }

  /** Takes a due digest for sending (one sweep at a time; a crashed one is taken over after the lease). */
  async startDigest(id: string, now: Date): Promise<boolean> {
    return writeIf(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: alertDigestKey(id),
          UpdateExpression: 'SET #status = :sending, leaseUntil = :lease',
          ConditionExpression: '#status IN (:open, :failed) OR (#status = :sending AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':sending': 'sending',
            ':open': 'open',
            ':failed': 'failed',
            ':lease': now.getTime() + sendLeaseMs,
            ':now': now.getTime(),
          },
        }),
      ),
    );
  }

  /** Ends a digest's send: sent (off the due index) or failed (kept due at `retryAt`, or dropped from it for good). */
  async finishDigest(
    id: string,
    result: { status: 'sent' | 'failed'; attempts: number; error?: string; retryAt?: string },
  ): Promise<void> {
    const values: Record<string, unknown> = {
      ':status': result.status,
      ':attempts': result.attempts,
      ':error': result.error ?? '',
    };
    let update = 'SET #status = :status, attempts = attempts + :attempts, lastError = :error';
    if (result.retryAt) {
      const due = dueKeys('alert-digest', result.retryAt, id);
      update += ', gsi2pk = :gsi2pk, gsi2sk = :gsi2sk REMOVE leaseUntil';
      values[':gsi2pk'] = due.gsi2pk;
      values[':gsi2sk'] = due.gsi2sk;
    } else update += ' REMOVE leaseUntil, gsi2pk, gsi2sk';
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: alertDigestKey(id),
        UpdateExpression: update,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
      }),
    );
  }

  /** Moves a due digest later (its destination is quiet, or its minute's allowance is spent). */
  async postponeDigest(id: string, until: string): Promise<void> {
    const due = dueKeys('alert-digest', until, id);
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: alertDigestKey(id),
        UpdateExpression: 'SET gsi2pk = :gsi2pk, gsi2sk = :gsi2sk, #status = :open REMOVE leaseUntil',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':gsi2pk': due.gsi2pk, ':gsi2sk': due.gsi2sk, ':open': 'open' },
      }),
    );
  }

  /**
   * Held alerts or digests due by `now`, from the due-work index (one partition per day; the
   * last `days` days are read, so a sweep that stopped for a while catches up).
   */
  async listDue(what: 'alert', now: Date, days?: number): Promise<AlertRef[]>;
  async listDue(what: 'alert-digest', now: Date, days?: number): Promise<string[]>;
  async listDue(what: 'alert' | 'alert-digest', now: Date, days = 3): Promise<Array<AlertRef | string>> {
    const found: Array<AlertRef | string> = [];
    for (let back = days - 1; back >= 0; back -= 1) {
      const day = new Date(now.getTime() - back * 86_400_000).toISOString().slice(0, 10);
      const items = await queryAll(this.client, {
        TableName: this.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk <= :until',
        ExpressionAttributeValues: { ':pk': `DUE#${what}#${day}`, ':until': `${now.toISOString()}#~` },
      });
      for (const item of items) {
        const sortKey = item.gsi2sk as string;
        const reference = sortKey.slice(sortKey.indexOf('#') + 1);
        found.push(what === 'alert' ? refFrom(reference) : reference);
      }
    }
    return found;
  }

  /**
   * Takes one of a destination's messages for a minute: false when the minute's allowance is
   * spent (the alert is held to the next minute). One small item per destination and minute.
   */
  async takeRateSlot(destinationId: string, perMinute: number, now: Date): Promise<boolean> {
    const minute = now.toISOString().slice(0, 16);
    return writeIf(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: alertRateKey(destinationId, minute),
          UpdateExpression: 'SET #type = :type, expiresAt = :expires ADD sent :one',
          ConditionExpression: 'attribute_not_exists(sent) OR sent < :limit',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: {
            ':type': 'alert-rate',
            ':expires': Math.floor(now.getTime() / 1000) + 180,
            ':one': 1,
            ':limit': perMinute,
          },
        }),
      ),
    );
  }

  /** The alert log, newest first. */
  async list(limit: number, cursor?: string): Promise<Page<AlertRecord>> {
    const page = await queryGsi1List(this.client, this.tableName, 'ALERTS', limit, cursor);
    return { items: page.items.map(fromItem), cursor: page.cursor };
  }
}

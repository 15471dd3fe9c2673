import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { OutboundPlatform } from '../outbound/platform-sender';
import { paceKey } from '../store/keys';
import { isWriteRefused } from '../store/write-refused';
import { platformPace, sendIntervalMicros } from './platform-pace';

/**
 * Reserves send slots at each platform's documented pace, shared by every invocation through one
 * item per platform (the next free moment, in microseconds). A reservation is one write, never a
 * read-then-write race: when the pace is idle (its next moment has passed) the slot is now;
 * otherwise the next moment is taken and moved on by one interval atomically. Sends spaced this
 * way never exceed the platform's rate, whatever the number of senders.
 *
 * @example
 * const slot = await paces.reserve('whatsapp', new Date()); // when this send may go
 */
export class PaceRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The moment one more send on `platform` may go (now, or later when the pace is busy). */
  async reserve(platform: OutboundPlatform, now: Date): Promise<Date> {
    const interval = sendIntervalMicros(platformPace[platform]);
    const nowMicros = now.getTime() * 1000;
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: paceKey(platform),
          UpdateExpression: 'SET #type = :type, nextAtMicros = :next',
          ConditionExpression: 'attribute_not_exists(nextAtMicros) OR nextAtMicros <= :now',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ':type': 'pace', ':next': nowMicros + interval, ':now': nowMicros },
        }),
      );
      return now;
    } catch (error) {
      if (!isWriteRefused(error)) throw error;
    }
    // Busy: take the next moment and move it on by one interval, in one atomic update.
    const { Attributes } = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: paceKey(platform),
        UpdateExpression: 'ADD nextAtMicros :interval',
        ExpressionAttributeValues: { ':interval': interval },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const taken = Number(Attributes?.nextAtMicros) - interval;
    return new Date(Math.max(now.getTime(), Math.floor(taken / 1000)));
  }
}

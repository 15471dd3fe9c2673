import { type DynamoDBDocumentClient, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { parseCanonicalEvent } from '../events/contracts';
import { customerProfileKey, timelineItemKey } from '../store/keys';
import { isWriteRefused } from '../store/write-refused';
import type { PlatformConsent } from './consent';

/** One change of consent to record: where, what, since when, and a dedupe id from its source. */
export interface ConsentChange {
  customerId: string;
  platform: string;
  consent: PlatformConsent;
  /** The webhook channel it came through, or `rapport` (a platform's refusal of a send). */
  channel: string;
  /** Unique per source event (the STOP message's id, the webhook event id, the failed message's id). */
  sourceId: string;
}

/**
 * Consent per platform, on the customer's profile (`consent.<platform>`: so the customer view,
 * the export and erasure carry it with the person), with a `consent.changed` event on the
 * timeline in the same transaction. Only a newer statement replaces an older one, so a late or
 * repeated webhook changes nothing.
 *
 * @example
 * await consents.record({ customerId, platform: 'sms', consent: { status: 'denied', at, source: 'sms keyword STOP' }, channel: 'twilio', sourceId: 'SM123' });
 */
export class ConsentRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Records the change; false when a newer (or the same) statement is already recorded, or no profile. */
  async record(change: ConsentChange): Promise<boolean> {
    const { customerId, platform, consent } = change;
    const at = new Date(consent.at).toISOString();
    // A nested attribute can only be set inside an existing map.
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: customerProfileKey(customerId),
          UpdateExpression: 'SET consent = if_not_exists(consent, :empty)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':empty': {} },
        }),
      );
    } catch (error) {
      if (isWriteRefused(error)) return false;
      throw error;
    }
    const event = parseCanonicalEvent({
      id: `consent.changed:${platform}:${change.sourceId}`,
      type: 'consent.changed',
      version: 1,
      occurredAt: at,
      customerId,
      channel: change.channel,
      platform,
      consent: consent.status,
      scope: consent.scope ?? 'all',
      source: consent.source,
    });
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: customerProfileKey(customerId),
                UpdateExpression: 'SET consent.#platform = :consent',
                ConditionExpression: 'attribute_not_exists(consent.#platform) OR consent.#platform.#at < :at',
                ExpressionAttributeNames: { '#platform': platform, '#at': 'at' },
                ExpressionAttributeValues: {
                  ':consent': {
                    status: consent.status,
                    at,
                    source: consent.source,
                    scope: consent.scope ?? 'all',
                  },
                  ':at': at,
                },
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...timelineItemKey(customerId, at, event.id),
                  type: 'timeline',
                  event,
                  receivedAt: new Date().toISOString(),
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (isWriteRefused(error)) return false;
      throw error;
    }
  }
}

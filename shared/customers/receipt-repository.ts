import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ReceiptFact } from '../domain/facts';
import { deliveryReceiptKey } from '../store/keys';
import { putIfAbsent } from '../store/write-refused';

/** Receipts older than this are dropped by TTL: they matter for support, not for history. */
const receiptLifetimeSeconds = 90 * 24 * 3600;

/**
 * Delivery receipts of outbound messages, one item per message and status.
 *
 * @example
 * await receipts.record('01J...', { platform: 'whatsapp', messageId: 'wamid...', status: 'read', occurredAt });
 */
export class ReceiptRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Stores the receipt once; returns false for a redelivery. */
  async record(customerId: string, receipt: ReceiptFact): Promise<boolean> {
    return putIfAbsent(this.client, this.tableName, {
      ...deliveryReceiptKey(customerId, receipt.platform, receipt.messageId, receipt.status),
      type: 'receipt',
      ...receipt,
      expiresAt: Math.floor(Date.parse(receipt.occurredAt) / 1000) + receiptLifetimeSeconds,
    });
  }
}

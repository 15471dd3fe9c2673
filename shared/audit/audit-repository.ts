import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Page } from '../store/cursor';
import { queryGsi1List } from '../store/gsi1-list';
import { auditRecordKey, listKeys } from '../store/keys';

/** One change made by a person: who, when, what, on which customer. */
export interface AuditRecord {
  id: string;
  at: string;
  /** The person (the token's subject, and email when the token carries one). */
  actor: string;
  action: string;
  customerId?: string;
  details?: Record<string, unknown>;
}

/**
 * The audit log (listed newest first on gsi1 `AUDIT`). Records name customers by id only, so an
 * erased person leaves no personal data here.
 *
 * @example
 * await audit.record({ id, at: now, actor: 'sub-123', action: 'customer.erased', customerId: '01J...' });
 */
export class AuditRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(record: AuditRecord): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...auditRecordKey(record.at, record.id),
          ...listKeys('AUDIT', `${record.at}#${record.id}`),
          type: 'audit',
          ...record,
        },
      }),
    );
  }

  /** One page of the audit log, newest first (query: audit log, gsi1). */
  async listNewestFirst(limit: number, cursor?: string): Promise<Page<AuditRecord>> {
    const page = await queryGsi1List(
      this.client,
      this.tableName,
      listKeys('AUDIT', '').gsi1pk,
      limit,
      cursor,
    );
    return {
      items: page.items.map(
        ({ pk, sk, gsi1pk, gsi1sk, type, ...record }) => record as unknown as AuditRecord,
      ),
      cursor: page.cursor,
    };
  }
}

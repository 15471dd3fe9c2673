import { createHash } from 'node:crypto';
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { IdentityConflict, ProposalReason } from '../domain/link-decision';
import type { Page } from '../store/cursor';
import { queryGsi1List } from '../store/gsi1-list';
import { listKeys, possibleDuplicateKey } from '../store/keys';
import { putIfAbsent } from '../store/write-refused';

/** Two customers that may be one person, waiting for a person's decision, with the evidence. */
export interface PossibleDuplicate {
  id: string;
  /** The two customers (the survivors of their groups when proposed). */
  customerIds: [string, string];
  reason: ProposalReason;
  /** The identity both deliveries showed (`kind:value`). */
  linkedBy: string;
  /** Kinds a person has one of, held with different values on each side. */
  conflicts: IdentityConflict[];
  proposedAt: string;
}

/**
 * The id of the possible duplicate of two customers: the same pair is proposed once.
 *
 * @example
 * possibleDuplicateId('01B', '01A') === possibleDuplicateId('01A', '01B'); // true
 */
export function possibleDuplicateId(a: string, b: string): string {
  const pair = [a, b].sort().join('#');
  return createHash('sha256').update(pair).digest('hex').slice(0, 32);
}

/**
 * The review queue of possible duplicates (listed newest first on gsi1 `DUPLICATES`).
 *
 * @example
 * await duplicates.propose({ id, customerIds: [a, b], reason: 'shared_identity', linkedBy: 'email:info@shop.com', conflicts: [], proposedAt: now });
 */
export class DuplicateRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Adds a proposal unless the pair is proposed already; true when this call added it. */
  async propose(duplicate: PossibleDuplicate): Promise<boolean> {
    return putIfAbsent(this.client, this.tableName, {
      ...possibleDuplicateKey(duplicate.id),
      ...listKeys('DUPLICATES', `${duplicate.proposedAt}#${duplicate.id}`),
      type: 'duplicate',
      ...duplicate,
    });
  }

  /** One proposal, or `undefined`. */
  async get(id: string): Promise<PossibleDuplicate | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: possibleDuplicateKey(id), ConsistentRead: true }),
    );
    return result.Item ? toDuplicate(result.Item) : undefined;
  }

  /** One page of proposals, newest first (query: possible duplicates, gsi1). */
  async listNewestFirst(limit: number, cursor?: string): Promise<Page<PossibleDuplicate>> {
    const list = listKeys('DUPLICATES', '').gsi1pk;
    const page = await queryGsi1List(this.client, this.tableName, list, limit, cursor);
    return { items: page.items.map(toDuplicate), cursor: page.cursor };
  }

  /** Every proposal naming one of the customers (the queue is short: read whole, off the hot path). */
  async listFor(customerIds: ReadonlyArray<string>): Promise<PossibleDuplicate[]> {
    const found: PossibleDuplicate[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.listNewestFirst(100, cursor);
      found.push(...page.items.filter((item) => item.customerIds.some((id) => customerIds.includes(id))));
      cursor = page.cursor ?? undefined;
    } while (cursor);
    return found;
  }

  /** Takes a proposal off the queue (decided, or its customers erased). */
  async remove(id: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: possibleDuplicateKey(id) }));
  }
}

function toDuplicate(item: Record<string, unknown>): PossibleDuplicate {
  return {
    id: item.id as string,
    customerIds: item.customerIds as [string, string],
    reason: item.reason as ProposalReason,
    linkedBy: item.linkedBy as string,
    conflicts: (item.conflicts as IdentityConflict[] | undefined) ?? [],
    proposedAt: item.proposedAt as string,
  };
}

import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import { type Identity, identityText } from '../domain/identity';
import { identityClaimKey } from '../store/keys';
import { isWriteRefused } from '../store/write-refused';

/** The outcome of claiming an identity for a customer. */
export type ClaimResult = { claimed: true } | { claimed: false; ownerId: string };

/**
 * Identity claims: one item per identity naming the customer who holds it, created with a
 * conditional put so that two concurrent first deliveries cannot create two customers.
 *
 * @example
 * const identities = new IdentityRepository(documentClient(), 'rapport');
 * const owners = await identities.findOwners([{ kind: 'email', value: 'bob@example.com' }]);
 */
export class IdentityRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Owners of the given identities, keyed by `identityText`; unclaimed identities are absent. */
  async findOwners(identities: ReadonlyArray<Identity>): Promise<Map<string, string>> {
    const owners = new Map<string, string>();
    if (identities.length === 0) return owners;
    let keys: Record<string, unknown>[] | undefined = identities.map(identityClaimKey);
    // BatchGet may leave keys unprocessed under throttling; keep asking until all are answered.
    for (let attempt = 0; keys && keys.length > 0 && attempt < 5; attempt += 1) {
      const result: BatchGetCommandOutput = await this.client.send(
        new BatchGetCommand({
          RequestItems: {
            [this.tableName]: {
              Keys: keys,
              ConsistentRead: true,
              ProjectionExpression: 'identityText, customerId',
            },
          },
        }),
      );
      for (const item of result.Responses?.[this.tableName] ?? []) {
        owners.set(item.identityText as string, item.customerId as string);
      }
      keys = result.UnprocessedKeys?.[this.tableName]?.Keys;
    }
    if (keys && keys.length > 0) throw new Error('Identity lookup left keys unprocessed');
    return owners;
  }

  /** Claims an identity for a customer unless someone already holds it. */
  async claim(identity: Identity, customerId: string, now: string): Promise<ClaimResult> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...identityClaimKey(identity),
            type: 'identity',
            identityText: identityText(identity),
            kind: identity.kind,
            customerId,
            claimedAt: now,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { claimed: true };
    } catch (error) {
      if (!isWriteRefused(error)) throw error;
      const ownerId = (error as { Item?: { customerId?: { S?: string } } }).Item?.customerId?.S;
      if (ownerId) return { claimed: false, ownerId };
      const owners = await this.findOwners([identity]);
      const owner = owners.get(identityText(identity));
      if (!owner) throw new Error('Identity claim conflicted but has no owner', { cause: error });
      return { claimed: false, ownerId: owner };
    }
  }
}

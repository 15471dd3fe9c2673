import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Identity } from '../domain/identity';
import { customerLinkKey } from '../store/keys';
import { putIfAbsent } from '../store/write-refused';

/** Two customers one delivery showed to share an identity. */
export interface CustomerLink {
  /** The customer the delivery was stored with. */
  customerId: string;
  /** The other customer, holding `linkedBy`. */
  linkedId: string;
  linkedBy: Identity;
  channel: string;
  linkedAt: string;
}

/**
 * Links between customers: written by a receiver when one delivery carries identities held by
 * two customers, once per pair (a conditional put, so the redeliveries and every later order of
 * the same two cost one failed write and no event). The relay publishes a new link as
 * `customer.linked`, and `merge-customers` merges the two or proposes them to a person, after the
 * platform has its answer.
 *
 * @example
 * await links.record({ customerId: 'a', linkedId: 'b', linkedBy: { kind: 'phone', value: '+14155550123' }, channel: 'twilio', linkedAt: now });
 */
export class LinkRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Records the link unless the pair was linked before; true when this call recorded it. */
  async record(link: CustomerLink): Promise<boolean> {
    return putIfAbsent(this.client, this.tableName, {
      ...customerLinkKey(link.customerId, link.linkedId),
      type: 'link',
      ...link,
    });
  }
}

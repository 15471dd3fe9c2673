import type { Customer, CustomerScores, CustomerStats, LifecycleStage } from '../domain/customer';
import { emptyStats } from '../domain/customer';
import { type Identity, type IdentityKind, identityText } from '../domain/identity';

/** The stored form of a customer profile item. */
export interface CustomerItem {
  pk: string;
  sk: string;
  type: 'customer';
  id: string;
  createdAt: string;
  updatedAt: string;
  name?: string;
  emails?: Set<string>;
  phones?: Set<string>;
  identityTexts?: Set<string>;
  stats?: CustomerStats;
  lifecycleStage?: LifecycleStage;
  scores?: CustomerScores;
  scoreRevision?: number;
  mergedInto?: string;
}

/**
 * Turns a stored profile item into the API's customer shape (sets become sorted arrays).
 *
 * @example
 * const customer = customerFromItem(item, 'USD');
 */
export function customerFromItem(item: CustomerItem, baseCurrency: string): Customer {
  const identities = [...(item.identityTexts ?? [])].sort().map((text): Identity => {
    const colon = text.indexOf(':');
    return { kind: text.slice(0, colon) as IdentityKind, value: text.slice(colon + 1) };
  });
  return {
    id: item.id,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    ...(item.name ? { name: item.name } : {}),
    emails: [...(item.emails ?? [])].sort(),
    phones: [...(item.phones ?? [])].sort(),
    identities,
    stats: item.stats ?? emptyStats(baseCurrency),
    lifecycleStage: item.lifecycleStage ?? 'visitor',
    scores: item.scores ?? { reasons: [] },
  };
}

export { identityText };

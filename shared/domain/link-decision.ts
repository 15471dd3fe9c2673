import { type Identity, type IdentityKind, identityKinds } from './identity';

/**
 * Kinds of identity a person has only one of in one system (every platform id): two customers
 * holding different values of one of these are two people (or a case for a person to judge),
 * never merged automatically. Emails and phones are not among them: people have several.
 *
 * @example
 * singleIdentityKinds.includes('shopify'); // true
 */
export const singleIdentityKinds: ReadonlyArray<IdentityKind> = identityKinds.filter(
  (kind) => kind !== 'email' && kind !== 'phone',
);

/** What the guards read of one side of a link: every customer of its group and what they hold. */
export interface LinkSide {
  customerIds: ReadonlyArray<string>;
  identities: ReadonlyArray<Identity>;
  /** Customers a person said are someone else (an unmerge, a dismissed possible duplicate). */
  keptApartFrom: ReadonlyArray<string>;
}

/** Two values of a single-identity kind, one on each side. */
export interface IdentityConflict {
  kind: IdentityKind;
  a: string[];
  b: string[];
}

/** Why a link waits for a person instead of merging. */
export type ProposalReason = 'shared_identity' | 'conflicting_identities';

/** What to do with two customers found to share an identity. */
export type LinkDecision =
  | { kind: 'merge' }
  | { kind: 'kept_apart' }
  | { kind: 'propose'; reason: ProposalReason; conflicts: IdentityConflict[] };

/**
 * Decides a link: a person's earlier decision to keep the two apart stands; a shared identity
 * (a role address, a number on the operator's list) or two different values of a kind a person
 * has one of make a possible duplicate for a person to judge; otherwise the two are merged.
 *
 * @example
 * decideLink(a, b, { kind: 'phone', value: '+14155550123' }, () => false); // { kind: 'merge' }
 */
export function decideLink(
  a: LinkSide,
  b: LinkSide,
  linkedBy: Identity,
  isShared: (identity: Identity) => boolean,
): LinkDecision {
  const apart =
    a.keptApartFrom.some((id) => b.customerIds.includes(id)) ||
    b.keptApartFrom.some((id) => a.customerIds.includes(id));
  if (apart) return { kind: 'kept_apart' };
  const conflicts = singleIdentityKinds.flatMap((kind): IdentityConflict[] => {
    const valuesA = valuesOf(a.identities, kind);
    const valuesB = valuesOf(b.identities, kind);
    const shared = valuesA.some((value) => valuesB.includes(value));
    return valuesA.length > 0 && valuesB.length > 0 && !shared ? [{ kind, a: valuesA, b: valuesB }] : [];
  });
  if (isShared(linkedBy)) return { kind: 'propose', reason: 'shared_identity', conflicts };
  if (conflicts.length > 0) return { kind: 'propose', reason: 'conflicting_identities', conflicts };
  return { kind: 'merge' };
}

function valuesOf(identities: ReadonlyArray<Identity>, kind: IdentityKind): string[] {
  return [...new Set(identities.filter((identity) => identity.kind === kind).map((i) => i.value))].sort();
}

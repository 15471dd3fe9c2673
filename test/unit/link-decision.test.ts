import { describe, expect, it } from 'vitest';
import type { Identity, IdentityKind } from '../../shared/domain/identity';
import { decideLink, type LinkSide, singleIdentityKinds } from '../../shared/domain/link-decision';

const side = (ids: string[], identities: string[], keptApartFrom: string[] = []): LinkSide => ({
  customerIds: ids,
  identities: identities.map((text): Identity => {
    const colon = text.indexOf(':');
    return { kind: text.slice(0, colon) as IdentityKind, value: text.slice(colon + 1) };
  }),
  keptApartFrom,
});
const phone: Identity = { kind: 'phone', value: '+14155550123' };
const notShared = () => false;

describe('decideLink', () => {
  it('merges two customers who share a phone and hold nothing that conflicts', () => {
    const a = side(['a'], ['whatsapp:14155550123', 'phone:+14155550123']);
    const b = side(['b'], ['shopify:1', 'email:ana@example.com', 'phone:+14155550123']);
    expect(decideLink(a, b, phone, notShared)).toEqual({ kind: 'merge' });
  });

  it('merges customers with different emails and phones: people have several', () => {
    const a = side(['a'], ['email:ana@example.com', 'phone:+14155550123', 'phone:+14155550124']);
    const b = side(['b'], ['email:ana@work.example', 'phone:+14155550123']);
    expect(decideLink(a, b, phone, notShared)).toEqual({ kind: 'merge' });
  });

  it.each([
    ['shopify', '1', '2'],
    ['stripe', 'cus_1', 'cus_2'],
    ['whatsapp', '14155550123', '14155550999'],
  ])('proposes, never merges, two customers holding different %s ids', (kind, x, y) => {
    const a = side(['a'], [`${kind}:${y}`, 'email:ana@example.com']);
    const b = side(['b'], [`${kind}:${x}`, 'email:ana@example.com']);
    expect(decideLink(a, b, { kind: 'email', value: 'ana@example.com' }, notShared)).toEqual({
      kind: 'propose',
      reason: 'conflicting_identities',
      conflicts: [{ kind, a: [y], b: [x] }],
    });
  });

  it('lists each side’s values of a conflicting kind sorted', () => {
    const a = side(['a', 'm'], ['shopify:9', 'shopify:3']);
    const b = side(['b'], ['shopify:5']);
    expect(decideLink(a, b, phone, notShared)).toMatchObject({
      conflicts: [{ kind: 'shopify', a: ['3', '9'], b: ['5'] }],
    });
  });

  it('sees no conflict when both sides hold the same value of a single kind', () => {
    const a = side(['a'], ['shopify:1', 'phone:+14155550123']);
    const b = side(['b'], ['shopify:1', 'email:x@example.com']);
    expect(decideLink(a, b, phone, notShared)).toEqual({ kind: 'merge' });
  });

  it.each(singleIdentityKinds)('treats %s as a kind a person has one of', (kind) => {
    const decision = decideLink(side(['a'], [`${kind}:1`]), side(['b'], [`${kind}:2`]), phone, notShared);
    expect(decision).toMatchObject({ kind: 'propose', reason: 'conflicting_identities' });
  });

  it('keeps apart customers a person separated, naming a member of either side, before any other rule', () => {
    const a = side(['a', 'a-member'], ['shopify:1'], ['b-member']);
    const b = side(['b', 'b-member'], ['shopify:2']);
    expect(decideLink(a, b, phone, () => true)).toEqual({ kind: 'kept_apart' });
    const c = side(['c'], ['phone:+14155550123'], []);
    const d = side(['d'], ['phone:+14155550123'], ['c']);
    expect(decideLink(c, d, phone, notShared)).toEqual({ kind: 'kept_apart' });
  });

  it('proposes a link made by a shared identity, with any conflicts as evidence', () => {
    const a = side(['a'], ['stripe:cus_1']);
    const b = side(['b'], ['stripe:cus_2']);
    const decision = decideLink(a, b, { kind: 'email', value: 'info@shop.example' }, () => true);
    expect(decision).toEqual({
      kind: 'propose',
      reason: 'shared_identity',
      conflicts: [{ kind: 'stripe', a: ['cus_1'], b: ['cus_2'] }],
    });
  });
});

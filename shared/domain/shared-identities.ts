import type { Identity } from './identity';

/**
 * Local parts of role addresses: mailboxes a team shares (`info@`, `sales@`), never one person's.
 * Matched on the local part before any `+tag`, so `orders+eu@` is a role address too.
 */
const roleLocalParts = new Set([
  'abuse',
  'accounts',
  'admin',
  'billing',
  'booking',
  'bookings',
  'contact',
  'customerservice',
  'enquiries',
  'enquiry',
  'hello',
  'help',
  'hostmaster',
  'info',
  'mail',
  'marketing',
  'no-reply',
  'noreply',
  'office',
  'order',
  'orders',
  'postmaster',
  'reception',
  'sales',
  'service',
  'shop',
  'store',
  'support',
  'team',
  'webmaster',
]);

/**
 * True for a role address such as `info@shop.com` or `Sales+EU@shop.com` (already normalized).
 *
 * @example
 * isRoleAddress('sales@example.com'); // true
 * isRoleAddress('sally@example.com'); // false
 */
export function isRoleAddress(email: string): boolean {
  const local = email.slice(0, email.lastIndexOf('@')).split('+')[0] ?? '';
  return roleLocalParts.has(local);
}

/**
 * The policy of identities that several people use (a shop's own phone number written into
 * orders, a team mailbox): such an identity still finds its holder, but never merges two
 * customers on its own; that case waits for a person as a possible duplicate.
 *
 * @example
 * const shared = sharedIdentityPolicy(['phone:+14155550100']);
 * shared({ kind: 'email', value: 'info@shop.com' }); // true (a role address)
 */
export function sharedIdentityPolicy(operatorList: ReadonlyArray<Identity>): (identity: Identity) => boolean {
  const listed = new Set(operatorList.map((identity) => `${identity.kind}:${identity.value}`));
  return (identity) =>
    listed.has(`${identity.kind}:${identity.value}`) ||
    (identity.kind === 'email' && isRoleAddress(identity.value));
}

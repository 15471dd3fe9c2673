import { describe, expect, it } from 'vitest';
import { isRoleAddress, sharedIdentityPolicy } from '../../shared/domain/shared-identities';

describe('shared identities', () => {
  it.each(['info@shop.example', 'sales@shop.example', 'support+eu@shop.example', 'no-reply@shop.example'])(
    'calls %s a role address',
    (email) => {
      expect(isRoleAddress(email)).toBe(true);
      expect(sharedIdentityPolicy([])({ kind: 'email', value: email })).toBe(true);
    },
  );

  it.each(['sally@shop.example', 'info.bob@shop.example', 'salesman@shop.example'])(
    'calls %s a person’s address',
    (email) => {
      expect(isRoleAddress(email)).toBe(false);
      expect(sharedIdentityPolicy([])({ kind: 'email', value: email })).toBe(false);
    },
  );

  it('shares exactly what the operator listed', () => {
    const shared = sharedIdentityPolicy([{ kind: 'phone', value: '+14155550100' }]);
    expect(shared({ kind: 'phone', value: '+14155550100' })).toBe(true);
    expect(shared({ kind: 'phone', value: '+14155550101' })).toBe(false);
    expect(shared({ kind: 'whatsapp', value: '+14155550100' })).toBe(false);
  });
});

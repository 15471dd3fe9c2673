import { describe, expect, it } from 'vitest';
import { type CustomerItem, customerFromGroup } from '../../shared/customers/customer-item';

const profile = (id: string, fields: Partial<CustomerItem>): CustomerItem => ({
  pk: `CUSTOMER#${id}`,
  sk: 'PROFILE',
  type: 'customer',
  id,
  createdAt: '2026-03-01T00:00:00.000Z',
  updatedAt: '2026-03-01T00:00:00.000Z',
  ...fields,
});

describe('customerFromGroup', () => {
  it('shows a survivor and its members as one customer, with the merges and their evidence', () => {
    // Prepare
    const survivor = profile('s', {
      createdAt: '2026-02-01T00:00:00.000Z',
      updatedAt: '2026-05-01T00:00:00.000Z',
      identityTexts: new Set(['whatsapp:14155550123', 'phone:+14155550123']),
      phones: new Set(['+14155550123']),
      messageCount: 2,
      lastMessageAt: '2026-04-01T00:00:00.000Z',
      lifecycleStage: 'engaged',
      stats: { orders: 3, revenue: { amount: 9000, currency: 'USD' } },
      scores: { reasons: ['3 orders'] },
      members: {
        m2: { mergedAt: '2026-04-02T00:00:00.000Z', parentId: 's', reason: 'manual', by: 'sub-1' },
        m1: {
          mergedAt: '2026-04-01T00:00:00.000Z',
          parentId: 's',
          reason: 'same_identity',
          linkedBy: 'phone:+14155550123',
        },
      },
    });
    const m1 = profile('m1', {
      createdAt: '2026-01-01T00:00:00.000Z',
      name: 'Ana',
      identityTexts: new Set(['telegram:9', 'phone:+14155550123']),
      phones: new Set(['+14155550123']),
      messageCount: 3,
      lastMessageAt: '2026-04-03T00:00:00.000Z',
      lifecycleStage: 'repeat',
      mergedInto: 's',
    });
    const m2 = profile('m2', {
      identityTexts: new Set(['email:ana@example.com']),
      emails: new Set(['ana@example.com']),
      mergedInto: 's',
    });

    // Act
    const customer = customerFromGroup({ survivor, members: [m1, m2] }, 'USD');

    // Assess
    expect(customer).toEqual({
      id: 's',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-05-01T00:00:00.000Z',
      name: 'Ana',
      emails: ['ana@example.com'],
      phones: ['+14155550123'],
      identities: [
        { kind: 'email', value: 'ana@example.com' },
        { kind: 'phone', value: '+14155550123' },
        { kind: 'telegram', value: '9' },
        { kind: 'whatsapp', value: '14155550123' },
      ],
      stats: {
        orders: 3,
        revenue: { amount: 9000, currency: 'USD' },
        messages: 5,
        comments: 0,
        checkouts: 0,
        lastMessageAt: '2026-04-03T00:00:00.000Z',
        lastInteractionAt: '2026-04-03T00:00:00.000Z',
      },
      lifecycleStage: 'repeat',
      scores: { reasons: ['3 orders'] },
      merges: [
        {
          customerId: 'm1',
          mergedAt: '2026-04-01T00:00:00.000Z',
          reason: 'same_identity',
          linkedBy: 'phone:+14155550123',
          mergedInto: 's',
        },
        {
          customerId: 'm2',
          mergedAt: '2026-04-02T00:00:00.000Z',
          reason: 'manual',
          by: 'sub-1',
          mergedInto: 's',
        },
      ],
    });
  });

  it('shows a customer never merged with empty figures', () => {
    const customer = customerFromGroup({ survivor: profile('a', {}), members: [] }, 'EUR');
    expect(customer).toMatchObject({
      stats: { orders: 0, revenue: { amount: 0, currency: 'EUR' }, messages: 0, comments: 0, checkouts: 0 },
      lifecycleStage: 'visitor',
      merges: [],
      identities: [],
    });
  });

  it('shows the newest consent per platform across the group, and none when nothing was recorded', () => {
    // Prepare: the survivor said STOP by SMS, then a member's later START; Telegram blocked on the survivor.
    const survivor = profile('s', {
      members: { m: { mergedAt: '2026-04-01T00:00:00.000Z', parentId: 's', reason: 'manual' } },
      consent: {
        sms: { status: 'denied', at: '2026-05-01T00:00:00.000Z', source: 'sms keyword STOP', scope: 'all' },
        telegram: { status: 'denied', at: '2026-05-02T00:00:00.000Z', source: 'telegram 403 blocked' },
      },
    });
    const member = profile('m', {
      mergedInto: 's',
      consent: { sms: { status: 'granted', at: '2026-05-03T00:00:00.000Z', source: 'sms keyword START' } },
    });

    // Act
    const customer = customerFromGroup({ survivor, members: [member] }, 'USD');
    const none = customerFromGroup({ survivor: profile('a', {}), members: [] }, 'USD');

    // Assess
    expect(customer.consent).toEqual({
      sms: { status: 'granted', at: '2026-05-03T00:00:00.000Z', source: 'sms keyword START' },
      telegram: { status: 'denied', at: '2026-05-02T00:00:00.000Z', source: 'telegram 403 blocked' },
    });
    expect(none).not.toHaveProperty('consent');
  });
});

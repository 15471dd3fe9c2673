import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../api/types';
import {
  conversationQuery,
  conversationTitle,
  inboxOrder,
  recentOrders,
  snoozeDefault,
  windowLeft,
} from './conversation-rules';

describe('inboxOrder', () => {
  it('puts unread conversations first, each group by last activity, newest first', () => {
    // Prepare
    const items = [
      { id: 'read-new', unread: false, lastMessageAt: '2026-12-04T10:05:00Z' },
      { id: 'unread-old', unread: true, lastMessageAt: '2026-12-04T08:00:00Z' },
      { id: 'read-old', unread: false, lastMessageAt: '2026-12-03T10:00:00Z' },
      { id: 'unread-new', unread: true, lastMessageAt: '2026-12-04T10:00:00Z' },
    ];

    // Act
    const ordered = inboxOrder(items);

    // Assess
    expect(ordered.map((item) => item.id)).toEqual(['unread-new', 'unread-old', 'read-new', 'read-old']);
  });
});

describe('conversationQuery', () => {
  it('asks for assignee=me or none, and leaves the status out for all of them', () => {
    expect(conversationQuery('open', 'mine')).toEqual({ status: 'open', assignee: 'me' });
    expect(conversationQuery('snoozed', 'unassigned')).toEqual({ status: 'snoozed', assignee: 'none' });
    expect(conversationQuery('all', 'all')).toEqual({});
  });
});

describe('conversationTitle', () => {
  it('names the customer, else their address on the platform, else their id', () => {
    expect(conversationTitle({ customerId: '01J', customerName: 'Ana', address: '+1415' })).toBe('Ana');
    expect(conversationTitle({ customerId: '01J', address: '+1415' })).toBe('+1415');
    expect(conversationTitle({ customerId: '01J' })).toBe('01J');
  });
});

describe('windowLeft', () => {
  const now = new Date('2026-12-04T10:00:00Z');

  it('gives the hours and minutes left, rounding the last partial minute up', () => {
    expect(windowLeft('2026-12-04T13:12:00Z', now)).toEqual({ hours: 3, minutes: 12 });
    expect(windowLeft('2026-12-04T10:00:20Z', now)).toEqual({ hours: 0, minutes: 1 });
    expect(windowLeft('2026-12-05T10:00:00Z', now)).toEqual({ hours: 24, minutes: 0 });
  });

  it('gives nothing for a window without an end or one that has passed', () => {
    expect(windowLeft(undefined, now)).toBeUndefined();
    expect(windowLeft('2026-12-04T10:00:00Z', now)).toBeUndefined();
    expect(windowLeft('not a date', now)).toBeUndefined();
  });
});

describe('recentOrders', () => {
  it('keeps each order once, as its newest event says it, up to the count', () => {
    const order = (id: string, type: string, occurredAt: string) =>
      ({
        id: `${type}:${id}`,
        type,
        occurredAt,
        order: {
          id,
          status: type === 'order.paid' ? 'paid' : 'placed',
          total: { amount: 100, currency: 'USD' },
        },
      }) as unknown as TimelineEvent;
    const events = [
      order('2', 'order.paid', '2026-12-04T10:00:00Z'),
      { id: 'm', type: 'message.received', occurredAt: '2026-12-04T09:00:00Z' } as unknown as TimelineEvent,
      order('2', 'order.placed', '2026-12-04T08:00:00Z'),
      order('1', 'order.placed', '2026-12-01T08:00:00Z'),
      order('0', 'order.placed', '2026-11-01T08:00:00Z'),
    ];

    const orders = recentOrders(events, 2);

    expect(orders.map((event) => event.id)).toEqual(['order.paid:2', 'order.placed:1']);
  });
});

describe('snoozeDefault', () => {
  it('is this time tomorrow as a datetime-local value', () => {
    expect(snoozeDefault(new Date(2026, 11, 31, 18, 5))).toBe('2027-01-01T18:05');
  });
});

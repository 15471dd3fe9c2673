import { describe, expect, it } from 'vitest';
import {
  type OrderSnapshot,
  type OrderState,
  orderStatus,
  planOrderSnapshot,
  planRefund,
} from '../../shared/domain/order-state';

const snapshot = (overrides: Partial<OrderSnapshot> = {}): OrderSnapshot => ({
  platform: 'shopify',
  platformOrderId: '450789469',
  version: Date.parse('2026-11-01T10:00:00Z'),
  placedAt: '2026-11-01T10:00:00.000Z',
  total: { amount: 40994, currency: 'USD' },
  milestones: [],
  ...overrides,
});

const applied = (plan: ReturnType<typeof planOrderSnapshot>): OrderState => {
  if (plan.kind !== 'apply') throw new Error(`expected apply, got ${plan.kind}`);
  return plan.next;
};

describe('planOrderSnapshot', () => {
  it('places a new order with a deterministic event id', () => {
    const plan = planOrderSnapshot(undefined, snapshot(), 'c1');
    expect(plan.kind).toBe('apply');
    expect(plan.kind === 'apply' && plan.changes).toEqual([
      {
        eventType: 'order.placed',
        eventId: 'shopify:order:450789469:placed',
        occurredAt: '2026-11-01T10:00:00.000Z',
      },
    ]);
  });

  it('calls the same snapshot again a duplicate that replays the last changes', () => {
    const first = planOrderSnapshot(undefined, snapshot(), 'c1');
    const plan = planOrderSnapshot(applied(first), snapshot(), 'c1');
    expect(plan).toEqual({ kind: 'duplicate', replay: applied(first).lastChanges });
  });

  it('moves forward when paid arrives, once', () => {
    const placed = applied(planOrderSnapshot(undefined, snapshot(), 'c1'));
    const paidSnapshot = snapshot({ version: Date.parse('2026-11-01T11:00:00Z'), milestones: ['paid'] });
    const paid = planOrderSnapshot(placed, paidSnapshot, 'c1');
    expect(paid.kind === 'apply' && paid.changes.map((change) => change.eventType)).toEqual(['order.paid']);
    expect(planOrderSnapshot(applied(paid), paidSnapshot, 'c1').kind).toBe('duplicate');
  });

  it('never moves an order backwards when an older update arrives late', () => {
    const placed = applied(planOrderSnapshot(undefined, snapshot(), 'c1'));
    const newer = applied(
      planOrderSnapshot(
        placed,
        snapshot({
          version: Date.parse('2026-11-02T00:00:00Z'),
          milestones: ['paid'],
          total: { amount: 30000, currency: 'USD' },
        }),
        'c1',
      ),
    );
    const late = planOrderSnapshot(newer, snapshot({ total: { amount: 99999, currency: 'USD' } }), 'c1');
    expect(late.kind).toBe('stale');
    expect(newer.total.amount).toBe(30000);
    expect(newer.milestones).toEqual(['paid']);
  });

  it('keeps a milestone only an older snapshot carries, without taking its amounts', () => {
    const newer = applied(
      planOrderSnapshot(
        undefined,
        snapshot({ version: Date.parse('2026-11-02T00:00:00Z'), total: { amount: 100, currency: 'USD' } }),
        'c1',
      ),
    );
    const plan = planOrderSnapshot(
      newer,
      snapshot({ milestones: ['cancelled'], total: { amount: 5, currency: 'USD' } }),
      'c1',
    );
    expect(plan.kind).toBe('apply');
    const next = applied(plan);
    expect(next.milestones).toEqual(['cancelled']);
    expect(next.total.amount).toBe(100);
  });
});

describe('planRefund', () => {
  it('counts each refund id once and derives the status', () => {
    const order = applied(planOrderSnapshot(undefined, snapshot({ milestones: ['paid'] }), 'c1'));
    const refund = {
      refundId: 'r1',
      amount: { amount: 20900, currency: 'USD' },
      occurredAt: '2026-11-03T00:00:00.000Z',
    };
    const first = planRefund(order, refund);
    expect(first.kind).toBe('apply');
    const refunded = applied(first);
    expect(orderStatus(refunded)).toBe('partially_refunded');
    expect(planRefund(refunded, refund).kind).toBe('duplicate');
    const full = applied(
      planRefund(refunded, { ...refund, refundId: 'r2', amount: { amount: 20094, currency: 'USD' } }),
    );
    expect(orderStatus(full)).toBe('refunded');
  });
});

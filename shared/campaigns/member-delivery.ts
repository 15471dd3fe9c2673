import type { OutboundPlatform } from '../outbound/platform-sender';
import type { CampaignGroup } from './campaign';
import type { CampaignSkipReason } from './plan-campaign-message';

/**
 * Where a member's campaign message stands (public contract: the member's `delivery`). A
 * treatment member's moves `queued` (or `held` through quiet hours) → `sent` → `delivered` →
 * `read`, or `failed`; `skipped` with its reason. A control member is never messaged: it is
 * `not_sent`, with what the same rules would have done (`wouldBe`), so both groups are compared
 * on the same eligibility.
 */
export interface MemberDelivery {
  status: 'queued' | 'held' | 'sent' | 'delivered' | 'read' | 'failed' | 'skipped' | 'not_sent';
  platform?: OutboundPlatform;
  reason?: CampaignSkipReason;
  /** Control members: what the message step would have done. */
  wouldBe?: 'sent' | 'skipped';
  messageId?: string;
  conversationId?: string;
  error?: string;
}

/** Delivery counts of one group (public contract: the results' `delivery`). */
export interface DeliveryCounts {
  sent: number;
  delivered: number;
  read: number;
  failed: number;
  skipped: Record<CampaignSkipReason, number>;
}

const funnel = ['sent', 'delivered', 'read'] as const;

/** A treatment member's position: its status and the furthest funnel step counted for it. */
export interface DeliveryPosition {
  status: MemberDelivery['status'];
  /** -1 before `sent`; 0 sent, 1 delivered, 2 read. */
  reached: number;
}

/**
 * The counter changes of a member's move to a reported status, and its position after: the
 * funnel counts members who reached each step, so a move that skips one (a `delivered` report
 * that came before the platform's answer was recorded) counts every step passed, each once; a
 * member that failed and then proves delivered leaves `failed`. Undefined when the report moves
 * nothing (late, repeated, or `failed` after delivery).
 *
 * @example
 * deliveryCounterChanges({ status: 'queued', reached: -1 }, 'delivered'); // { changes: { sent: 1, delivered: 1 }, next: { status: 'delivered', reached: 1 } }
 */
export function deliveryCounterChanges(
  current: DeliveryPosition,
  to: 'sent' | 'delivered' | 'read' | 'failed',
):
  | { changes: Partial<Record<'sent' | 'delivered' | 'read' | 'failed', number>>; next: DeliveryPosition }
  | undefined {
  const open = current.status === 'queued' || current.status === 'held' || current.status === 'sent';
  if (to === 'failed')
    return open
      ? { changes: { failed: 1 }, next: { status: 'failed', reached: current.reached } }
      : undefined;
  const target = funnel.indexOf(to);
  if (target <= current.reached) return undefined;
  if (!open && current.status !== 'failed' && current.status !== 'delivered') return undefined;
  const changes: Partial<Record<'sent' | 'delivered' | 'read' | 'failed', number>> = {};
  for (const step of funnel.slice(current.reached + 1, target + 1)) changes[step] = 1;
  if (current.status === 'failed') changes.failed = -1;
  return { changes, next: { status: to, reached: target } };
}

/**
 * The counter attribute of a group's delivery count (kept on the campaign's sharded counters).
 *
 * @example
 * deliveryCounter('treatment', 'skipped', 'optedOut'); // 'treatmentSkipped_optedOut'
 */
export function deliveryCounter(
  group: CampaignGroup,
  what: 'sent' | 'delivered' | 'read' | 'failed' | 'skipped',
  reason?: CampaignSkipReason,
): string {
  const name = `${what[0]?.toUpperCase()}${what.slice(1)}`;
  return what === 'skipped' ? `${group}Skipped_${reason}` : `${group}${name}`;
}

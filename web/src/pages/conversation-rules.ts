import { platformName } from '../../../shared/domain/platform-names';
import type {
  ConversationStatus,
  ConversationView,
  MessageStatus,
  RegisteredTemplate,
  TimelineEvent,
} from '../api/types';
import type { MessageKey } from '../i18n/messages';

/** Conversation statuses in the order an agent works through them, with their names. */
export const conversationStatusLabels: Record<ConversationStatus, MessageKey> = {
  open: 'Open',
  pending: 'Pending',
  resolved: 'Resolved',
  snoozed: 'Snoozed',
};

/** The Inbox's assignee filter: the API's `assignee=me` / `none`, or no filter. */
export const assigneeFilters = {
  mine: 'Mine',
  unassigned: 'Unassigned',
  all: 'All',
} as const satisfies Record<string, MessageKey>;
export type AssigneeFilter = keyof typeof assigneeFilters;

/** What each outbound status shows: the tick (queued's stopwatch is drawn as an icon) and its name. */
export const statusTicks: Record<MessageStatus, { mark: string; label: MessageKey }> = {
  queued: { mark: '⏱', label: 'Queued' },
  sent: { mark: '✓', label: 'Sent' },
  delivered: { mark: '✓✓', label: 'Delivered' },
  read: { mark: '✓✓', label: 'Read' },
  failed: { mark: '✗', label: 'Failed' },
};

/**
 * The Inbox's order within a page: unread conversations first, then the most recent activity
 * first (the API already answers by activity; this keeps that order among equals).
 *
 * @example
 * inboxOrder([{ unread: false, lastMessageAt: '…T10' }, { unread: true, lastMessageAt: '…T09' }]); // the unread one first
 */
export function inboxOrder<T extends Pick<ConversationView, 'unread' | 'lastMessageAt'>>(
  items: readonly T[],
): T[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort(
      (a, b) =>
        Number(Boolean(b.item.unread)) - Number(Boolean(a.item.unread)) ||
        Date.parse(b.item.lastMessageAt) - Date.parse(a.item.lastMessageAt) ||
        a.index - b.index,
    )
    .map(({ item }) => item);
}

/**
 * The API query for the Inbox's filters: `assignee=me` or `none`, no status for all of them.
 *
 * @example
 * conversationQuery('open', 'mine'); // { status: 'open', assignee: 'me' }
 */
export function conversationQuery(
  status: ConversationStatus | 'all',
  assignee: AssigneeFilter,
): { status?: ConversationStatus; assignee?: 'me' | 'none' } {
  return {
    ...(status === 'all' ? {} : { status }),
    ...(assignee === 'mine'
      ? { assignee: 'me' as const }
      : assignee === 'unassigned'
        ? { assignee: 'none' as const }
        : {}),
  };
}

/**
 * Who a conversation is with, as its link names it: the customer's name, else their address on the
 * platform, else the customer id.
 *
 * @example
 * conversationTitle({ customerId: '01J', address: '+14155550123' }); // '+14155550123'
 */
export function conversationTitle(
  view: Pick<ConversationView, 'customerName' | 'address' | 'customerId'>,
): string {
  return view.customerName || view.address || view.customerId;
}

/**
 * The time left in an open messaging window, in whole hours and minutes (rounded up, so the last
 * minute still reads "1 min"); undefined when there is no end or it has passed.
 *
 * @example
 * windowLeft('2026-12-04T13:12:00Z', new Date('2026-12-04T10:00:00Z')); // { hours: 3, minutes: 12 }
 */
export function windowLeft(
  closesAt: string | undefined,
  now: Date,
): { hours: number; minutes: number } | undefined {
  if (!closesAt) return undefined;
  const left = Date.parse(closesAt) - now.getTime();
  if (!(left > 0)) return undefined;
  const minutes = Math.ceil(left / 60_000);
  return { hours: Math.floor(minutes / 60), minutes: minutes % 60 };
}

/**
 * The templates the composer offers for a conversation: those registered for its platform.
 *
 * @example
 * templatesFor(templates, 'whatsapp');
 */
export function templatesFor(
  templates: readonly RegisteredTemplate[],
  platform: string,
): RegisteredTemplate[] {
  return templates.filter((template) => template.platform === platform);
}

/** A template's key in the composer's select: its name and language (one name may have several). */
export function templateKey(template: Pick<RegisteredTemplate, 'name' | 'language'>): string {
  return `${template.name}|${template.language}`;
}

/** An order as the customer summary shows it: its latest event. */
export type RecentOrder = Extract<TimelineEvent, { order: unknown }>;

/**
 * The customer's most recent orders from their timeline (newest first), each once, as its latest
 * event says it (a paid order after its placing shows as paid).
 *
 * @example
 * recentOrders(timeline.items, 3);
 */
export function recentOrders(events: readonly TimelineEvent[], count: number): RecentOrder[] {
  const seen = new Set<string>();
  const orders: RecentOrder[] = [];
  for (const event of events) {
    if (!('order' in event)) continue;
    const order = event as RecentOrder;
    if (seen.has(order.order.id)) continue;
    seen.add(order.order.id);
    orders.push(order);
    if (orders.length === count) break;
  }
  return orders;
}

/**
 * A platform's name in the reader's language (email too, which no webhook route names).
 *
 * @example
 * conversationPlatformLabel(t, 'sms'); // 'SMS' (or '短信')
 */
export function conversationPlatformLabel(t: (text: MessageKey) => string, platform: string): string {
  if (platform === 'email') return t('Email');
  const shown = platformName({ channel: platform });
  return shown.kind === 'named' ? t(shown.name) : shown.value;
}

/**
 * A default moment to snooze until, as a `datetime-local` value: this time tomorrow, to the minute.
 *
 * @example
 * snoozeDefault(new Date(2026, 11, 4, 18, 5)); // '2026-12-05T18:05'
 */
export function snoozeDefault(now: Date): string {
  const tomorrow = new Date(now.getTime() + 86_400_000);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${tomorrow.getFullYear()}-${pad(tomorrow.getMonth() + 1)}-${pad(tomorrow.getDate())}T${pad(
    tomorrow.getHours(),
  )}:${pad(tomorrow.getMinutes())}`;
}

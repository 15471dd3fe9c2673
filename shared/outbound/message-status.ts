/**
 * The statuses of a message to a customer (public contract): `queued → sent → delivered → read`,
 * or `failed`.
 *
 * @example
 * messageStatuses.includes('read'); // true
 */
export const messageStatuses = ['queued', 'sent', 'delivered', 'read', 'failed'] as const;
export type MessageStatus = (typeof messageStatuses)[number];

const rank: Record<MessageStatus, number> = { queued: 0, sent: 1, delivered: 2, read: 3, failed: 1.5 };

/**
 * Whether a status report may move a message from `current` to `reported`: only forward. A late
 * `delivered` after `read` changes nothing; `failed` is taken before delivery only (a message the
 * customer's phone received has not failed), and nothing leaves `failed` but a later `delivered`
 * or `read`, which prove the message arrived (platforms report out of order).
 *
 * @example
 * movesForward('read', 'delivered'); // false
 */
export function movesForward(current: MessageStatus, reported: MessageStatus): boolean {
  if (reported === current || reported === 'queued') return false;
  if (reported === 'failed') return current === 'queued' || current === 'sent';
  if (current === 'failed') return reported === 'delivered' || reported === 'read';
  return rank[reported] > rank[current];
}

/**
 * A platform's status word read as Rapport's status: WhatsApp `sent/delivered/read/failed`
 * (`played` is read), Messenger watermarks, Twilio `sent/delivered/undelivered/failed/read`,
 * WeChat `TEMPLATESENDJOBFINISH` `success` / `failed:…`. Words that say nothing new (`queued`,
 * `sending`, `accepted`, `deleted`, `warning`) are undefined.
 *
 * @example
 * statusFromPlatform('undelivered'); // 'failed'
 */
export function statusFromPlatform(word: string): MessageStatus | undefined {
  const normalized = word.trim().toLowerCase();
  if (normalized === 'sent') return 'sent';
  if (normalized === 'delivered' || normalized === 'success') return 'delivered';
  if (normalized === 'read' || normalized === 'played') return 'read';
  if (normalized === 'failed' || normalized === 'undelivered' || normalized.startsWith('failed:'))
    return 'failed';
  return undefined;
}

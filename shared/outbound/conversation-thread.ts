import { createHash } from 'node:crypto';
import type { IdentityKind } from '../domain/identity';
import { type OutboundPlatform, outboundPlatforms } from './platform-sender';

/**
 * The identity kind that holds a customer's address on each platform (SMS goes to the phone).
 *
 * @example
 * addressIdentityKind.sms; // 'phone'
 */
export const addressIdentityKind: Record<OutboundPlatform, IdentityKind> = {
  whatsapp: 'whatsapp',
  messenger: 'messenger',
  instagram: 'instagram',
  telegram: 'telegram',
  line: 'line',
  wechat: 'wechat',
  sms: 'phone',
  x: 'x',
  email: 'email',
};

/** A conversation's place: the customer whose partition holds it, the platform and the address. */
export interface ConversationThread {
  /** The customer that claimed the address's identity (its partition holds the conversation). */
  ownerId: string;
  platform: OutboundPlatform;
  /** A short digest of the address, so the id names no phone number or email. */
  threadKey: string;
}

/**
 * The thread of one customer address on one platform: one conversation per customer and
 * platform thread. The owner is the customer holding the address's identity, which never moves
 * (a merge points customers at a survivor; an unmerge gives each its own partition back), so the
 * conversation follows its customer through merges and unmerges without being copied.
 *
 * @example
 * threadOf('01JCUST', 'whatsapp', '14155550123').threadKey; // 'a3f9…' (16 hex digits)
 */
export function threadOf(ownerId: string, platform: OutboundPlatform, address: string): ConversationThread {
  const threadKey = createHash('sha256').update(`${platform}:${address}`).digest('hex').slice(0, 16);
  return { ownerId, platform, threadKey };
}

/**
 * The public id of a conversation: `<owner>.<platform>.<threadKey>`.
 *
 * @example
 * conversationIdOf(threadOf('01JCUST', 'sms', '+14155550123')); // '01JCUST.sms.5d1c…'
 */
export function conversationIdOf(thread: ConversationThread): string {
  return `${thread.ownerId}.${thread.platform}.${thread.threadKey}`;
}

/**
 * Reads a conversation id back into its thread; undefined when it is not one.
 *
 * @example
 * parseConversationId('01JCUST.sms.5d1c0a9b7e3f2a10')?.platform; // 'sms'
 */
export function parseConversationId(id: string): ConversationThread | undefined {
  const match = /^([0-9A-Za-z_-]{1,64})\.([a-z]+)\.([0-9a-f]{16})$/.exec(id);
  if (!match) return undefined;
  const [, ownerId, platform, threadKey] = match as unknown as [string, string, string, string];
  if (!outboundPlatforms.includes(platform as OutboundPlatform)) return undefined;
  return { ownerId, platform: platform as OutboundPlatform, threadKey };
}

import { type CanonicalEvent, parseCanonicalEvent } from '../../shared/events/contracts';
import type { ConsentByPlatform, PlatformConsent } from '../../shared/outbound/consent';
import { consentRefusal } from '../../shared/outbound/consent';
import type { ConsentChange } from '../../shared/outbound/consent-repository';
import { contentOf, type StoredConversation, type StoredMessage } from '../../shared/outbound/conversation';
import { messageWindow } from '../../shared/outbound/message-window';
import {
  type OutboundPlatform,
  outboundPlatformNames,
  type PlatformSender,
  type SendOutcome,
  type SendRequest,
} from '../../shared/outbound/platform-sender';

/** How long an invocation holds a message it is sending before the sweep takes it as crashed. */
export const sendLeaseMs = 2 * 60_000;

/** Attempts and time after which a message that keeps being retried fails for good. */
export const sendGiveUp = { attempts: 12, afterMs: 24 * 3600_000 };

/** A LINE reply token is used only while this fresh (LINE documents about a minute); push otherwise. */
const replyTokenFreshMs = 50_000;

/** Platforms whose send API takes an idempotency key: a send whose answer was lost may be repeated. */
const idempotentPlatforms: ReadonlyArray<OutboundPlatform> = ['line'];

/** What sending needs: the stored conversation and message, consent, the platforms, time. */
export interface SendMessageDeps {
  conversations: {
    get(conversationId: string): Promise<StoredConversation | undefined>;
    getMessage(conversationId: string, messageId: string): Promise<StoredMessage | undefined>;
    claim(message: StoredMessage, now: Date): Promise<number | undefined>;
    reclaim(message: StoredMessage, now: Date, leaseMs: number): Promise<number | undefined>;
    markSent(
      message: StoredMessage,
      platformMessageId: string | undefined,
      event: CanonicalEvent,
      at: string,
    ): Promise<void>;
    markFailed(message: StoredMessage, code: string, reason: string, at: string): Promise<void>;
    waitUntil(message: StoredMessage, at: string, reason: string, pacedFor?: string): Promise<void>;
  };
  /** A campaign's state: an ended campaign's messages that have not gone out are not sent. */
  campaignEnded(campaignId: string): Promise<boolean>;
  /** Reserves the moment a campaign message may go at the platform's pace. */
  reservePace(platform: OutboundPlatform, now: Date): Promise<Date>;
  /** The consent recorded on the customer holding the conversation. */
  consentOf(customerId: string): Promise<ConsentByPlatform | undefined>;
  recordConsent(change: ConsentChange): Promise<boolean>;
  /** The sender for a platform (`viaTwilio` for WhatsApp through Twilio). */
  senderFor(platform: OutboundPlatform, viaTwilio: boolean): Promise<PlatformSender>;
  /** Messenger and Instagram replies may use HUMAN_AGENT (the operator says the app has the permission). */
  humanAgentTag: boolean;
  now(): Date;
  sleep(ms: number): Promise<void>;
  /** Counts a failure that is Rapport's to fix (configuration, payload): alarmed. */
  onOurFailure(platform: OutboundPlatform, code: string, reason: string): void;
}

/** How one send ended (for logs and tests). */
export type SendMessageResult =
  | { kind: 'sent'; platformMessageId?: string; attempts: number }
  | { kind: 'failed'; code: string; reason: string }
  | { kind: 'waiting'; until: string; reason: string }
  | { kind: 'ignored'; reason: string };

/** A campaign message whose pace slot is nearer than this waits in the invocation; later ones wait for the sweep. */
const paceWaitInlineMs = 1000;

/** Tries within one invocation before leaving the message to the sweep. */
const inlineAttempts = 3;
const inlineBudgetMs = 20_000;

/**
 * Sends one queued message to the customer, exactly once. The message is claimed first (one
 * invocation wins; a redelivered event finds it claimed or done); consent and the platform's
 * window are checked again at send time; the platform's answer decides: `sent` (with the
 * `message.sent` event), a retry (waited here when short, else left queued for the sweep at the
 * platform's `Retry-After`), or `failed` with the platform's code and a sentence for a person. A
 * message claimed by an invocation that crashed is sent again only on a platform with an
 * idempotency key; on the others it fails as "answer lost" rather than risk a second copy.
 *
 * @example
 * await sendMessage(deps, { conversationId: '01JCUST.whatsapp.a3f9c2d1e0b4f5a6', messageId: '01JMSG…' });
 */
export async function sendMessage(
  deps: SendMessageDeps,
  target: { conversationId: string; messageId: string },
): Promise<SendMessageResult> {
  const [conversation, message] = await Promise.all([
    deps.conversations.get(target.conversationId),
    deps.conversations.getMessage(target.conversationId, target.messageId),
  ]);
  if (!conversation || !message || message.direction !== 'out')
    return { kind: 'ignored', reason: 'no such message to send' };
  if (message.status !== 'queued') return { kind: 'ignored', reason: `already ${message.status}` };
  const platform = conversation.platform;
  const name = outboundPlatformNames[platform];
  let attempt: number | undefined;
  if (message.sendState === 'sending') {
    attempt = await deps.conversations.reclaim(message, deps.now(), sendLeaseMs);
    if (attempt === undefined) return { kind: 'ignored', reason: 'another invocation is sending it' };
    if (!idempotentPlatforms.includes(platform)) {
      const reason = `An earlier attempt may have reached ${name} but its answer was lost; not sent again so the customer cannot receive it twice.`;
      await deps.conversations.markFailed(message, 'answer_lost', reason, deps.now().toISOString());
      return { kind: 'failed', code: 'answer_lost', reason };
    }
  } else {
    attempt = await deps.conversations.claim(message, deps.now());
    if (attempt === undefined) return { kind: 'ignored', reason: 'not due, or taken by another invocation' };
  }

  const refusal = await checkStillAllowed(deps, conversation, message);
  if (refusal) {
    await deps.conversations.markFailed(message, refusal.code, refusal.reason, deps.now().toISOString());
    return { kind: 'failed', ...refusal };
  }
  if (message.campaignId && !message.pacedFor) {
    // A campaign's sends go at the platform's pace: a slot further than a moment away waits for the sweep.
    const slot = await deps.reservePace(platform, deps.now());
    if (slot.getTime() - deps.now().getTime() > paceWaitInlineMs) {
      const until = slot.toISOString();
      await deps.conversations.waitUntil(message, until, `${name}'s pace`, until);
      return { kind: 'waiting', until, reason: `${name}'s pace` };
    }
    if (slot.getTime() > deps.now().getTime()) await deps.sleep(slot.getTime() - deps.now().getTime());
  }

  const request: SendRequest = {
    messageId: message.id,
    platform,
    to: conversation.address,
    content: contentOf(message),
    ...(conversation.channel === 'twilio' ? { viaTwilio: true } : {}),
    ...(message.humanAgentTag ? { humanAgentTag: true } : {}),
    ...(freshReplyToken(conversation, deps.now()) ? { replyToken: conversation.replyToken as string } : {}),
    ...(message.subject ? { subject: message.subject } : {}),
  };
  const sender = await deps.senderFor(platform, conversation.channel === 'twilio');
  const started = deps.now().getTime();
  let outcome: SendOutcome = { kind: 'retry', reason: 'not attempted' };
  for (let inline = 1; inline <= inlineAttempts; inline += 1) {
    outcome = await sender.send(request);
    if (outcome.kind !== 'retry' || inline === inlineAttempts) break;
    const wait = Math.max(outcome.retryAfterMs ?? 0, 500 * 2 ** (inline - 1));
    if (deps.now().getTime() - started + wait > inlineBudgetMs) break;
    await deps.sleep(wait);
  }
  return settle(deps, conversation, message, attempt, outcome);
}

async function settle(
  deps: SendMessageDeps,
  conversation: StoredConversation,
  message: StoredMessage,
  attempt: number,
  outcome: SendOutcome,
): Promise<SendMessageResult> {
  const at = deps.now().toISOString();
  const platform = conversation.platform;
  switch (outcome.kind) {
    case 'sent': {
      await deps.conversations.markSent(
        message,
        outcome.platformMessageId,
        sentEvent(conversation, message, at),
        at,
      );
      return {
        kind: 'sent',
        attempts: attempt,
        ...(outcome.platformMessageId ? { platformMessageId: outcome.platformMessageId } : {}),
      };
    }
    case 'failed': {
      await deps.conversations.markFailed(message, outcome.code, outcome.reason, at);
      if (outcome.ours) deps.onOurFailure(platform, outcome.code, outcome.reason);
      if (outcome.optedOut) {
        const consent: PlatformConsent = {
          status: 'denied',
          at,
          source: `${platform} error ${outcome.code}`,
        };
        await deps.recordConsent({
          customerId: conversation.ownerId,
          platform,
          consent,
          channel: 'rapport',
          sourceId: message.id,
        });
      }
      return { kind: 'failed', code: outcome.code, reason: outcome.reason };
    }
    case 'unknown': {
      const reason = `${outcome.reason}. Not sent again, so the customer cannot receive it twice.`;
      await deps.conversations.markFailed(message, 'answer_lost', reason, at);
      return { kind: 'failed', code: 'answer_lost', reason };
    }
    case 'retry': {
      const queuedFor = deps.now().getTime() - Date.parse(message.at);
      if (attempt >= sendGiveUp.attempts || queuedFor >= sendGiveUp.afterMs) {
        const reason = `${outboundPlatformNames[platform]} kept refusing for now (${outcome.reason}); gave up after ${attempt} attempts.`;
        await deps.conversations.markFailed(message, 'gave_up', reason, at);
        deps.onOurFailure(platform, 'gave_up', reason);
        return { kind: 'failed', code: 'gave_up', reason };
      }
      const backoff = Math.min(3600_000, 15_000 * 2 ** (attempt - 1));
      const until = new Date(
        deps.now().getTime() + Math.max(outcome.retryAfterMs ?? 0, backoff),
      ).toISOString();
      await deps.conversations.waitUntil(message, until, outcome.reason);
      return { kind: 'waiting', until, reason: outcome.reason };
    }
  }
}

/** The consent and window checks of the API, again at send time: things change while a message waits. */
async function checkStillAllowed(
  deps: SendMessageDeps,
  conversation: StoredConversation,
  message: StoredMessage,
): Promise<{ code: string; reason: string } | undefined> {
  const name = outboundPlatformNames[conversation.platform];
  const refusal = consentRefusal(
    await deps.consentOf(conversation.ownerId),
    conversation.platform,
    'service',
  );
  if (refusal)
    return {
      code: 'opted_out',
      reason: `The customer opted out of ${name} messages on ${refusal.at} (${refusal.source}) before it went out.`,
    };
  if (message.template) return undefined;
  const window = messageWindow(conversation.platform, conversation.lastInboundAt, deps.now(), {
    humanAgentTag: deps.humanAgentTag,
  });
  if (!window.open)
    return {
      code: 'window_closed',
      reason: `${name}'s window for free text closed${window.closesAt ? ` at ${window.closesAt}` : ''} before it went out: send a template.`,
    };
  return undefined;
}

function freshReplyToken(conversation: StoredConversation, now: Date): boolean {
  if (conversation.platform !== 'line' || !conversation.replyToken || !conversation.replyTokenAt)
    return false;
  return now.getTime() - Date.parse(conversation.replyTokenAt) < replyTokenFreshMs;
}

function sentEvent(conversation: StoredConversation, message: StoredMessage, at: string): CanonicalEvent {
  return parseCanonicalEvent({
    id: `message.sent:${message.id}`,
    type: 'message.sent',
    version: 1,
    occurredAt: at,
    customerId: conversation.ownerId,
    channel: conversation.channel,
    message: {
      id: message.id,
      platform: conversation.platform,
      conversationId: conversation.id,
      ...(message.text !== undefined ? { text: message.text } : {}),
      ...(message.template ? { template: message.template } : {}),
      ...(message.by ? { by: message.by } : {}),
      ...(message.campaignId ? { campaignId: message.campaignId } : {}),
      ...(message.campaignMemberId ? { campaignMemberId: message.campaignMemberId } : {}),
    },
  });
}

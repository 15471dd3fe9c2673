import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { decodeTime } from 'ulid';
import type { CanonicalEvent } from '../events/contracts';
import { decodeCursor, encodeCursor, type Page } from '../store/cursor';
import {
  conversationKey,
  conversationMessageKey,
  conversationMessagesPrefix,
  dueKeys,
  listKeys,
  platformMessageKey,
  timelineItemKey,
} from '../store/keys';
import { isWriteRefused, writeIf } from '../store/write-refused';
import type { ConversationStatus, StoredConversation, StoredMessage } from './conversation';
import { conversationIdOf, parseConversationId, threadOf } from './conversation-thread';
import { type MessageStatus, messageStatuses, movesForward } from './message-status';
import type { OutboundPlatform } from './platform-sender';

/** The list every conversation is on (gsi1), most recent activity first. */
const conversationsList = 'CONVERSATIONS';

/** Characters of a message kept as the conversation's preview. */
const previewCharacters = 140;

/** One inbound message, as the receiver stores it into its conversation. */
export interface InboundMessage {
  ownerId: string;
  platform: OutboundPlatform;
  address: string;
  channel: string;
  /** The platform's message id (the copy's dedupe key). */
  id: string;
  at: string;
  text: string;
  customerName?: string;
  /** LINE's reply token of this message. */
  replyToken?: string;
}

/** What may change on a conversation through the API. */
export interface ConversationChange {
  status?: ConversationStatus;
  /** `null` unassigns. */
  assignee?: string | null;
  snoozedUntil?: string;
}

/** Filters of the conversation list. */
export interface ConversationFilter {
  status?: ConversationStatus;
  /** An assignee, or `none` for the unassigned. */
  assignee?: string;
  platform?: string;
  /** Customers whose conversations to list (a customer group). */
  ownerIds?: ReadonlyArray<string>;
}

const thread = (conversationId: string) => {
  const parsed = parseConversationId(conversationId);
  if (!parsed) throw new Error(`not a conversation id: ${conversationId}`);
  return { ownerId: parsed.ownerId, key: `${parsed.platform}.${parsed.threadKey}` };
};

/**
 * The time a ULID message id was made, which is when an out message or note was written.
 *
 * @example
 * messageTime('01JEXAMPLE0000000000000000'); // '2024-…Z'
 */
export function messageTime(messageId: string): string {
  return new Date(decodeTime(messageId)).toISOString();
}

/**
 * Conversations and their messages. A conversation lives in the partition of the customer
 * holding its address (exported and erased with the person); its messages beside it, one item
 * each, so a status callback changes one small item; the platform's id of a sent message points
 * at it. Every write is conditional, so redeliveries and late callbacks change nothing twice.
 *
 * @example
 * const conversations = new ConversationRepository(documentClient(), 'rapport');
 * await conversations.recordInbound({ ownerId, platform: 'whatsapp', address: '14155550123', channel: 'meta', id: 'wamid.1', at, text: 'Hi' });
 */
export class ConversationRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Stores an inbound message in its conversation and opens (or reopens) the conversation: the
   * copy is written once (keyed by the platform's id); a message newer than the conversation's
   * last inbound one moves its window, preview and activity and sets it `open`, unassigned
   * snoozes cleared. Returns the conversation's id.
   */
  async recordInbound(message: InboundMessage): Promise<string> {
    const { ownerId, platform, address } = message;
    const id = conversationIdOf(threadOf(ownerId, platform, address));
    const { key } = thread(id);
    const at = new Date(message.at).toISOString();
    // The copy and the conversation in parallel: one round trip on the receiver's path. Both are
    // idempotent (the copy by its key, the conversation by its newer-only condition).
    const copied = writeIf(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...conversationMessageKey(ownerId, key, at, `in:${message.id}`),
            type: 'conversation-message',
            id: `in:${message.id}`,
            conversationId: id,
            direction: 'in',
            at,
            text: message.text,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    const opened = writeIf(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: conversationKey(ownerId, key),
          UpdateExpression: [
            'SET #type = :type, id = :id, ownerId = :owner, platform = :platform, address = :address,',
            'channel = :channel, lastInboundAt = :at, preview = :preview, unread = :true, #status = :open,',
            'createdAt = if_not_exists(createdAt, :at),',
            'lastMessageAt = :at, gsi1pk = :list, gsi1sk = :sort',
            message.customerName ? ', customerName = :name' : '',
            message.replyToken ? ', replyToken = :token, replyTokenAt = :at' : '',
            'REMOVE snoozedUntil',
          ].join(' '),
          ConditionExpression: 'attribute_not_exists(lastInboundAt) OR lastInboundAt < :at',
          ExpressionAttributeNames: { '#type': 'type', '#status': 'status' },
          ExpressionAttributeValues: {
            ':type': 'conversation',
            ':id': id,
            ':owner': ownerId,
            ':platform': platform,
            ':address': address,
            ':channel': message.channel,
            ':at': at,
            ':preview': message.text.slice(0, previewCharacters),
            ':true': true,
            ':open': 'open',
            ':list': conversationsList,
            ':sort': `${at}#${id}`,
            ...(message.customerName ? { ':name': message.customerName } : {}),
            ...(message.replyToken ? { ':token': message.replyToken } : {}),
          },
        }),
      ),
    );
    await Promise.all([copied, opened]);
    return id;
  }

  /**
   * Opens a conversation a person starts (an email, an SMS or a WhatsApp template to a customer
   * who has not written on that platform), or returns the one the address already has. It has no
   * inbound message, so a platform with a window takes only templates until the customer answers.
   */
  async open(conversation: {
    ownerId: string;
    platform: OutboundPlatform;
    address: string;
    channel: string;
    at: string;
    customerName?: string;
  }): Promise<StoredConversation> {
    const { ownerId, platform, address } = conversation;
    const id = conversationIdOf(threadOf(ownerId, platform, address));
    const { key } = thread(id);
    await writeIf(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...conversationKey(ownerId, key),
            type: 'conversation',
            id,
            ownerId,
            platform,
            address,
            channel: conversation.channel,
            status: 'open',
            unread: false,
            createdAt: conversation.at,
            lastMessageAt: conversation.at,
            ...(conversation.customerName ? { customerName: conversation.customerName } : {}),
            ...listKeys('CONVERSATIONS', `${conversation.at}#${id}`),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    return (await this.get(id)) as StoredConversation;
  }

  /** One conversation; undefined when there is none with that id. */
  async get(conversationId: string): Promise<StoredConversation | undefined> {
    const parsed = parseConversationId(conversationId);
    if (!parsed) return undefined;
    const { ownerId, key } = thread(conversationId);
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: conversationKey(ownerId, key), ConsistentRead: true }),
    );
    return Item ? (Item as unknown as StoredConversation) : undefined;
  }

  /** The conversation of an address, if one was ever opened. */
  async find(ownerId: string, platform: OutboundPlatform, address: string) {
    return this.get(conversationIdOf(threadOf(ownerId, platform, address)));
  }

  /** A conversation's most recent messages (up to `limit`), oldest first. */
  async messages(conversationId: string, limit = 200): Promise<StoredMessage[]> {
    const { ownerId, key } = thread(conversationId);
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': conversationKey(ownerId, key).pk,
          ':prefix': conversationMessagesPrefix(key),
        },
        ScanIndexForward: false,
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    return ((Items ?? []) as unknown as StoredMessage[]).reverse();
  }

  /** A page of conversations, most recent activity first, filtered. */
  async list(filter: ConversationFilter, limit: number, cursor?: string): Promise<Page<StoredConversation>> {
    const conditions: string[] = [];
    const values: Record<string, unknown> = { ':list': conversationsList };
    const names: Record<string, string> = {};
    if (filter.status) {
      conditions.push('#status = :status');
      names['#status'] = 'status';
      values[':status'] = filter.status;
    }
    if (filter.assignee === 'none') conditions.push('attribute_not_exists(assignee)');
    else if (filter.assignee) {
      conditions.push('assignee = :assignee');
      values[':assignee'] = filter.assignee;
    }
    if (filter.platform) {
      conditions.push('platform = :platform');
      values[':platform'] = filter.platform;
    }
    if (filter.ownerIds) {
      const owners = filter.ownerIds.map((_, index) => `:owner${index}`);
      conditions.push(`ownerId IN (${owners.join(', ')})`);
      filter.ownerIds.forEach((owner, index) => {
        values[`:owner${index}`] = owner;
      });
    }
    // A filter reads past items it drops: keep reading until the page is full or the list ends.
    const items: StoredConversation[] = [];
    let start = decodeCursor(cursor, {
      keyNames: ['pk', 'sk', 'gsi1pk', 'gsi1sk'],
      fixed: { gsi1pk: conversationsList },
    });
    for (let read = 0; read < 10; read += 1) {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :list',
          ...(conditions.length ? { FilterExpression: conditions.join(' AND ') } : {}),
          ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          Limit: conditions.length ? Math.max(limit * 4, 50) : limit,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        if (items.length < limit) items.push(item as unknown as StoredConversation);
      }
      const last = items.at(-1);
      if (items.length >= limit && last) {
        // Resume after the last item kept, not after the last item read.
        const { key } = thread(last.id);
        const resume = {
          ...conversationKey(last.ownerId, key),
          gsi1pk: conversationsList,
          gsi1sk: `${last.lastMessageAt}#${last.id}`,
        };
        return { items, cursor: page.LastEvaluatedKey ? encodeCursor(resume) : encodeCursor(resume) };
      }
      if (!page.LastEvaluatedKey) return { items, cursor: null };
      start = page.LastEvaluatedKey as Record<string, string>;
    }
    return { items, cursor: encodeCursor(start) };
  }

  /** Changes status, assignee or snooze; undefined when the conversation does not exist. */
  async change(conversationId: string, change: ConversationChange): Promise<StoredConversation | undefined> {
    const { ownerId, key } = thread(conversationId);
    const set: string[] = [];
    const remove: string[] = [];
    const values: Record<string, unknown> = {};
    const names: Record<string, string> = {};
    if (change.status) {
      set.push('#status = :status');
      names['#status'] = 'status';
      values[':status'] = change.status;
      if (change.status !== 'snoozed') remove.push('snoozedUntil');
    }
    if (change.snoozedUntil && change.status === 'snoozed') {
      set.push('snoozedUntil = :until');
      values[':until'] = change.snoozedUntil;
    }
    if (change.assignee === null) remove.push('assignee');
    else if (change.assignee !== undefined) {
      set.push('assignee = :assignee');
      values[':assignee'] = change.assignee;
    }
    if (set.length === 0 && remove.length === 0) return this.get(conversationId);
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: conversationKey(ownerId, key),
          UpdateExpression: [
            set.length ? `SET ${set.join(', ')}` : '',
            remove.length ? `REMOVE ${remove.join(', ')}` : '',
          ]
            .join(' ')
            .trim(),
          ConditionExpression: 'attribute_exists(pk)',
          ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
          ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes as unknown as StoredConversation;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return undefined;
      throw error;
    }
  }

  /**
   * Writes an out message (`queued`) or a note with the conversation's activity, in one
   * transaction: the queued message item is what the relay turns into the send (its insert is
   * the outbox), so a reply is either stored and going to be sent, or not stored at all.
   */
  async post(conversation: StoredConversation, message: StoredMessage): Promise<void> {
    const { key } = thread(conversation.id);
    const preview = (message.text ?? message.template?.name ?? '').slice(0, previewCharacters);
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: {
                ...conversationMessageKey(conversation.ownerId, key, message.at, message.id),
                type: 'conversation-message',
                ownerId: conversation.ownerId,
                platform: conversation.platform,
                ...message,
                // A message held until a time (quiet hours) is on the due-date index the sweep reads.
                ...(message.sendState === 'waiting' && message.nextAttemptAt
                  ? dueKeys('message', message.nextAttemptAt, `${conversation.id}/${message.id}`)
                  : {}),
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Update: {
              TableName: this.tableName,
              Key: conversationKey(conversation.ownerId, key),
              UpdateExpression:
                message.direction === 'note'
                  ? 'SET lastMessageAt = :at, gsi1sk = :sort'
                  : 'SET lastMessageAt = :at, lastOutboundAt = :at, preview = :preview, unread = :false, gsi1sk = :sort',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: {
                ':at': message.at,
                ':sort': `${message.at}#${conversation.id}`,
                ...(message.direction === 'note' ? {} : { ':preview': preview, ':false': false }),
              },
            },
          },
        ],
      }),
    );
  }

  /** One message by Rapport's id (out messages and notes: their ULID says when). */
  async getMessage(conversationId: string, messageId: string): Promise<StoredMessage | undefined> {
    const { ownerId, key } = thread(conversationId);
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: conversationMessageKey(ownerId, key, messageTime(messageId), messageId),
        ConsistentRead: true,
      }),
    );
    return Item ? (Item as unknown as StoredMessage) : undefined;
  }

  /**
   * Takes a queued message for one send attempt: only one invocation wins, and a message taken
   * before (`sending`, by an invocation that may have reached the platform) is not taken again.
   * The message goes on the due-date index at the end of the lease, so the sweep finds it if the
   * invocation dies. Returns the attempt number, or undefined when it is not for sending now.
   */
  async claim(message: StoredMessage, now: Date, leaseMs = 120_000): Promise<number | undefined> {
    return this.take(message, now, leaseMs, {
      condition:
        '#status = :queued AND (attribute_not_exists(sendState) OR (sendState = :waiting AND nextAttemptAt <= :now))',
      values: { ':waiting': 'waiting' },
    });
  }

  /**
   * Takes a message whose sending invocation held it past its lease (it crashed or timed out):
   * the caller decides whether the platform allows sending it again.
   */
  async reclaim(message: StoredMessage, now: Date, leaseMs: number): Promise<number | undefined> {
    return this.take(message, now, leaseMs, {
      condition: '#status = :queued AND sendState = :sending AND claimedAt <= :stale',
      values: { ':stale': new Date(now.getTime() - leaseMs).toISOString() },
    });
  }

  private async take(
    message: StoredMessage,
    now: Date,
    leaseMs: number,
    when: { condition: string; values: Record<string, string> },
  ): Promise<number | undefined> {
    const { ownerId, key } = thread(message.conversationId);
    const due = dueKeys(
      'message',
      new Date(now.getTime() + leaseMs).toISOString(),
      `${message.conversationId}/${message.id}`,
    );
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: conversationMessageKey(ownerId, key, message.at, message.id),
          UpdateExpression:
            'SET sendState = :sending, attempts = if_not_exists(attempts, :zero) + :one, claimedAt = :now, gsi2pk = :duePk, gsi2sk = :dueSk REMOVE nextAttemptAt',
          ConditionExpression: when.condition,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':sending': 'sending',
            ':queued': 'queued',
            ':zero': 0,
            ':one': 1,
            ':now': now.toISOString(),
            ':duePk': due.gsi2pk,
            ':dueSk': due.gsi2sk,
            ...when.values,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return (Attributes as { attempts: number }).attempts;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return undefined;
      throw error;
    }
  }

  /**
   * Records that the platform accepted the message: `sent` with the platform's id, the pointer
   * from that id, and the `message.sent` event on the customer's timeline, in one transaction.
   * A status callback that arrived first (delivered, read) is kept.
   */
  async markSent(
    message: StoredMessage,
    platformMessageId: string | undefined,
    event: CanonicalEvent,
    at: string,
  ): Promise<void> {
    try {
      await this.writeSent(message, platformMessageId, event, at, true);
    } catch (error) {
      // A status callback that came before the platform's answer already moved the status on.
      if (!isWriteRefused(error, { item: 0 })) throw error;
      await writeIf(this.writeSent(message, platformMessageId, event, at, false));
    }
  }

  private async writeSent(
    message: StoredMessage,
    platformMessageId: string | undefined,
    event: CanonicalEvent,
    at: string,
    stillQueued: boolean,
  ): Promise<unknown> {
    const { ownerId, key } = thread(message.conversationId);
    return this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: this.tableName,
              Key: conversationMessageKey(ownerId, key, message.at, message.id),
              UpdateExpression: `SET ${stillQueued ? '#status = :sent, ' : ''}sentAt = :at${
                platformMessageId ? ', platformMessageId = :pmid' : ''
              } REMOVE sendState, claimedAt, gsi2pk, gsi2sk`,
              ConditionExpression: stillQueued ? '#status = :queued' : '#status <> :queued',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ...(stillQueued ? { ':sent': 'sent' } : {}),
                ':queued': 'queued',
                ':at': at,
                ...(platformMessageId ? { ':pmid': platformMessageId } : {}),
              },
            },
          },
          ...(platformMessageId
            ? [
                {
                  Put: {
                    TableName: this.tableName,
                    Item: {
                      ...platformMessageKey(ownerId, key, platformMessageId),
                      type: 'platform-message',
                      messageId: message.id,
                      conversationId: message.conversationId,
                    },
                  },
                },
              ]
            : []),
          {
            Put: {
              TableName: this.tableName,
              Item: {
                ...timelineItemKey(event.customerId, event.occurredAt, event.id),
                type: 'timeline',
                event,
                receivedAt: at,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
  }

  /** Records that the message failed for good, with the platform's code and a sentence for a person. */
  async markFailed(message: StoredMessage, code: string, reason: string, at: string): Promise<void> {
    const { ownerId, key } = thread(message.conversationId);
    await writeIf(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: conversationMessageKey(ownerId, key, message.at, message.id),
          UpdateExpression:
            'SET #status = :failed, #error = :error, errorCode = :code, statusAt = :at REMOVE sendState, claimedAt, nextAttemptAt, gsi2pk, gsi2sk',
          ConditionExpression: '#status = :queued',
          ExpressionAttributeNames: { '#status': 'status', '#error': 'error' },
          ExpressionAttributeValues: {
            ':failed': 'failed',
            ':queued': 'queued',
            ':error': reason,
            ':code': code,
            ':at': at,
          },
        }),
      ),
    );
  }

  /**
   * Leaves a message queued for another attempt at `at` (a platform's `Retry-After` longer than
   * one invocation waits), on the due-date index the retry sweep reads.
   */
  async waitUntil(message: StoredMessage, at: string, reason: string, pacedFor?: string): Promise<void> {
    const { ownerId, key } = thread(message.conversationId);
    await writeIf(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: conversationMessageKey(ownerId, key, message.at, message.id),
          UpdateExpression: `SET sendState = :waiting, nextAttemptAt = :next, lastError = :reason, gsi2pk = :duePk, gsi2sk = :dueSk${
            pacedFor ? ', pacedFor = :paced' : ''
          } REMOVE claimedAt`,
          ConditionExpression: '#status = :queued AND sendState = :sending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':waiting': 'waiting',
            ':sending': 'sending',
            ':queued': 'queued',
            ':next': at,
            ':reason': reason,
            ...(pacedFor ? { ':paced': pacedFor } : {}),
            ':duePk': dueKeys('message', at, `${message.conversationId}/${message.id}`).gsi2pk,
            ':dueSk': dueKeys('message', at, `${message.conversationId}/${message.id}`).gsi2sk,
          },
        }),
      ),
    );
  }

  /** Queued messages whose wait has ended, on one day's partition of the due-date index. */
  async dueMessages(
    day: string,
    now: Date,
    limit = 100,
  ): Promise<Array<{ conversationId: string; id: string }>> {
    const { gsi2pk } = dueKeys('message', `${day}T00:00:00.000Z`, '');
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk <= :now',
        ExpressionAttributeValues: { ':pk': gsi2pk, ':now': `${now.toISOString()}#~` },
        Limit: limit,
      }),
    );
    return (Items ?? []).map((item) => ({
      conversationId: item.conversationId as string,
      id: item.id as string,
    }));
  }

  /**
   * Applies a platform's status report to the message it names (by the platform's id, or by
   * Rapport's id when the platform echoes it), only forward. Returns true when it changed.
   */
  async applyStatus(
    conversationId: string,
    ids: { platformMessageId?: string; messageId?: string },
    status: MessageStatus,
    at: string,
    error?: { code?: string; reason: string },
  ): Promise<boolean> {
    const { ownerId, key } = thread(conversationId);
    let messageId = ids.messageId;
    if (!messageId && ids.platformMessageId) {
      const { Item } = await this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: platformMessageKey(ownerId, key, ids.platformMessageId),
          ConsistentRead: true,
        }),
      );
      messageId = Item?.messageId as string | undefined;
    }
    if (!messageId || !/^[0-9A-HJKMNP-TV-Z]{26}$/.test(messageId)) return false;
    return this.moveStatus(ownerId, key, messageTime(messageId), messageId, status, at, error);
  }

  /**
   * Applies a watermark (Messenger `message_deliveries` / `message_reads`): every message sent in
   * the conversation at or before `watermark` reaches `status`, only forward.
   */
  async applyWatermark(
    conversationId: string,
    watermark: string,
    status: MessageStatus,
    at: string,
  ): Promise<number> {
    const { ownerId, key } = thread(conversationId);
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        FilterExpression: 'direction = :out',
        ExpressionAttributeValues: {
          ':pk': conversationKey(ownerId, key).pk,
          ':from': conversationMessagesPrefix(key),
          ':to': `${conversationMessagesPrefix(key)}${new Date(watermark).toISOString()}#~`,
          ':out': 'out',
        },
        ScanIndexForward: false,
        Limit: 200,
      }),
    );
    let changed = 0;
    for (const item of (Items ?? []) as unknown as StoredMessage[]) {
      if (!item.status || !movesForward(item.status, status)) continue;
      if (await this.moveStatus(ownerId, key, item.at, item.id, status, at)) changed += 1;
    }
    return changed;
  }

  private async moveStatus(
    ownerId: string,
    key: string,
    messageAt: string,
    messageId: string,
    status: MessageStatus,
    at: string,
    error?: { code?: string; reason: string },
  ): Promise<boolean> {
    // Allowed only from the statuses it moves forward from: a late report changes nothing.
    const from = messageStatuses.filter((current) => movesForward(current, status));
    if (from.length === 0) return false;
    return writeIf(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: conversationMessageKey(ownerId, key, messageAt, messageId),
          UpdateExpression: `SET #status = :status, statusAt = :at${
            error ? ', #error = :error, errorCode = :code' : ''
          }${status === 'failed' ? '' : ' REMOVE sendState'}`,
          ConditionExpression: `attribute_exists(pk) AND #status IN (${from.map((_, index) => `:from${index}`).join(', ')})`,
          ExpressionAttributeNames: { '#status': 'status', ...(error ? { '#error': 'error' } : {}) },
          ExpressionAttributeValues: {
            ':status': status,
            ':at': at,
            ...Object.fromEntries(from.map((value, index) => [`:from${index}`, value])),
            ...(error ? { ':error': error.reason, ':code': error.code ?? '' } : {}),
          },
        }),
      ),
    );
  }
}

import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ulid } from 'ulid';
import type * as z from 'zod/mini';
import { groupCustomerIds } from '../../shared/customers/customer-item';
import { errorResponse, jsonResponse } from '../../shared/http/api-gateway';
import type {
  changeConversationBody,
  listConversationsQuery,
  messageTemplatesBody,
  postMessageBody,
} from '../../shared/http/api-requests';
import { RequestError } from '../../shared/http/request-error';
import type { ConsentByPlatform } from '../../shared/outbound/consent';
import type { StoredConversation, StoredMessage } from '../../shared/outbound/conversation';
import { messageTime } from '../../shared/outbound/conversation-repository';
import { parseConversationId } from '../../shared/outbound/conversation-thread';
import { messageWindow } from '../../shared/outbound/message-window';
import { planReply } from '../../shared/outbound/plan-reply';
import type { ApiDeps } from './api-deps';
import { audit } from './customer-routes';
import { actorOf, subjectOf } from './request-context';

type ConversationQuery = z.output<typeof listConversationsQuery>;

/** The customer a conversation belongs to, as the API names it: its group's survivor. */
interface Owner {
  customerId: string;
  name?: string;
}

/**
 * `GET /api/conversations`: most recent activity first, filtered by status, assignee (`me` is
 * the caller, `none` the unassigned), platform, and customer (the whole merge group).
 */
export async function listConversations(
  deps: ApiDeps,
  query: ConversationQuery,
  event: APIGatewayProxyEventV2,
) {
  let ownerIds: string[] | undefined;
  if (query.customerId) {
    const group = await deps.groups.get(query.customerId);
    if (!group) return jsonResponse(200, { items: [], cursor: null });
    ownerIds = groupCustomerIds(group);
  }
  const assignee = query.assignee === 'me' ? subjectOf(event) : query.assignee;
  const page = await deps.conversations.list(
    {
      ...(query.status ? { status: query.status } : {}),
      ...(assignee ? { assignee } : {}),
      ...(query.platform ? { platform: query.platform } : {}),
      ...(ownerIds ? { ownerIds } : {}),
    },
    query.limit,
    query.cursor,
  );
  const owners = await ownersOf(
    deps,
    page.items.map((conversation) => conversation.ownerId),
  );
  const now = deps.now();
  return jsonResponse(200, {
    items: page.items.map((conversation) => viewOf(deps, conversation, owners, now)),
    cursor: page.cursor,
  });
}

/** `GET /api/conversations/{id}`: the conversation and its messages, oldest first. */
export async function getConversation(deps: ApiDeps, conversationId: string) {
  const conversation = await find(deps, conversationId);
  if (!conversation) return notFound(conversationId);
  const [owners, messages] = await Promise.all([
    ownersOf(deps, [conversation.ownerId]),
    deps.conversations.messages(conversation.id),
  ]);
  return jsonResponse(200, {
    ...viewOf(deps, conversation, owners, deps.now()),
    messages: messages.map(messageView),
  });
}

/**
 * `PUT /api/conversations/{id}`: assign (`me` is the caller, `null` unassigns) and set the
 * status; `snoozed` needs a future `snoozedUntil`. Audited.
 */
export async function changeConversation(
  deps: ApiDeps,
  conversationId: string,
  event: APIGatewayProxyEventV2,
  body: z.output<typeof changeConversationBody>,
) {
  const now = deps.now();
  if (body.snoozedUntil !== undefined && !(Date.parse(body.snoozedUntil) > now.getTime())) {
    throw new RequestError(400, 'snooze_in_past', 'snoozedUntil must be in the future.');
  }
  if (body.assignee === 'none') {
    // `none` is the list's filter for the unassigned: nobody may be called that.
    throw new RequestError(400, 'invalid_assignee', 'To unassign, send "assignee": null.');
  }
  const before = await find(deps, conversationId);
  if (!before) return notFound(conversationId);
  const assignee = body.assignee === 'me' ? subjectOf(event) : body.assignee;
  const change = {
    ...(body.status ? { status: body.status } : {}),
    ...(assignee !== undefined ? { assignee } : {}),
    ...(body.snoozedUntil ? { snoozedUntil: new Date(body.snoozedUntil).toISOString() } : {}),
  };
  if (Object.keys(change).length === 0) {
    return jsonResponse(200, viewOf(deps, before, await ownersOf(deps, [before.ownerId]), now));
  }
  const after = await deps.conversations.change(before.id, change);
  if (!after) return notFound(conversationId);
  await audit(deps, actorOf(event), 'conversation.changed', before.ownerId, {
    conversationId: before.id,
    before: pick(before),
    after: pick(after),
  });
  const owners = await ownersOf(deps, [after.ownerId]);
  return jsonResponse(200, viewOf(deps, after, owners, now));
}

/**
 * `POST /api/conversations/{id}/messages`: a reply (text or template) queued for sending, or a
 * private note, after the platform's rules (`planReply`): outside the window or after an opt-out
 * it is refused with 409 and nothing is stored. A queued reply is sent by `send-messages` (the
 * message item's insert is the outbox). Answers `202 {"id","status":"queued"|"noted"}`.
 */
export async function postMessage(
  deps: ApiDeps,
  conversationId: string,
  event: APIGatewayProxyEventV2,
  body: z.output<typeof postMessageBody>,
) {
  const conversation = await find(deps, conversationId);
  if (!conversation) return notFound(conversationId);
  // The consent recorded on the customer holding the address: the one `send-messages` checks again.
  const owner = await deps.customers.get(conversation.ownerId);
  const consent = (owner as { consent?: ConsentByPlatform } | undefined)?.consent;
  const now = deps.now();
  const plan = planReply(conversation, consent, body, now, { humanAgentTag: deps.humanAgentTag });
  if (plan.kind === 'refused') return errorResponse(409, plan.code, plan.message);
  if (plan.kind === 'invalid') return errorResponse(400, plan.code, plan.message);
  // The id's time is the message's time: a status callback finds the message from its id alone.
  const id = ulid(now.getTime());
  const by = actorOf(event);
  const message: StoredMessage =
    plan.kind === 'note'
      ? { id, conversationId: conversation.id, direction: 'note', at: messageTime(id), text: plan.text, by }
      : {
          id,
          conversationId: conversation.id,
          direction: 'out',
          at: messageTime(id),
          ...(plan.text !== undefined ? { text: plan.text } : {}),
          ...(plan.template ? { template: plan.template } : {}),
          status: 'queued',
          by,
          ...(plan.humanAgentTag ? { humanAgentTag: true } : {}),
        };
  await deps.conversations.post(conversation, message);
  return jsonResponse(202, { id, status: plan.kind === 'note' ? 'noted' : 'queued' });
}

/** `GET /api/message-templates`: the approved templates the operator registered. */
export async function listMessageTemplates(deps: ApiDeps) {
  return jsonResponse(200, { items: await deps.messageTemplates.list() });
}

/** `PUT /api/message-templates`: replaces the registered templates (audited). */
export async function replaceMessageTemplates(
  deps: ApiDeps,
  event: APIGatewayProxyEventV2,
  body: z.output<typeof messageTemplatesBody>,
) {
  const before = await deps.messageTemplates.list();
  await deps.messageTemplates.replace(body.items, deps.now());
  await audit(deps, actorOf(event), 'settings.message_templates.changed', undefined, {
    before: before.length,
    after: body.items.map((item) => `${item.platform}:${item.name}:${item.language}`),
  });
  return jsonResponse(200, { items: body.items });
}

async function find(deps: ApiDeps, conversationId: string): Promise<StoredConversation | undefined> {
  // A malformed id names no conversation: 404, like an unknown one.
  if (!parseConversationId(conversationId)) return undefined;
  return deps.conversations.get(conversationId);
}

/**
 * The survivor (and a name) of each owner: every merged-away customer points straight at its
 * survivor, so one read per distinct owner finds it.
 */
async function ownersOf(deps: ApiDeps, ownerIds: ReadonlyArray<string>): Promise<Map<string, Owner>> {
  const distinct = [...new Set(ownerIds)];
  const owners = await Promise.all(
    distinct.map(async (id): Promise<[string, Owner]> => {
      const item = await deps.customers.get(id);
      const survivor = item?.mergedInto ? await deps.customers.get(item.mergedInto) : item;
      const name = item?.name ?? survivor?.name;
      return [id, { customerId: survivor?.id ?? item?.mergedInto ?? id, ...(name ? { name } : {}) }];
    }),
  );
  return new Map(owners);
}

function viewOf(deps: ApiDeps, conversation: StoredConversation, owners: Map<string, Owner>, now: Date) {
  const owner = owners.get(conversation.ownerId);
  const customerName = conversation.customerName ?? owner?.name;
  const window = messageWindow(conversation.platform, conversation.lastInboundAt, now, {
    humanAgentTag: deps.humanAgentTag,
  });
  return {
    id: conversation.id,
    customerId: owner?.customerId ?? conversation.ownerId,
    ...(customerName ? { customerName } : {}),
    address: conversation.address,
    platform: conversation.platform,
    status: conversation.status,
    ...(conversation.assignee ? { assignee: conversation.assignee } : {}),
    ...(conversation.status === 'snoozed' && conversation.snoozedUntil
      ? { snoozedUntil: conversation.snoozedUntil }
      : {}),
    ...(conversation.lastInboundAt ? { lastInboundAt: conversation.lastInboundAt } : {}),
    lastMessageAt: conversation.lastMessageAt,
    ...(conversation.preview ? { preview: conversation.preview } : {}),
    unread: (conversation as { unread?: boolean }).unread === true,
    window: { open: window.open, ...(window.closesAt ? { closesAt: window.closesAt } : {}) },
  };
}

/** A message as the API shows it: never the send machinery (attempts, leases, platform ids). */
function messageView(message: StoredMessage) {
  return {
    id: message.id,
    direction: message.direction,
    ...(message.text !== undefined ? { text: message.text } : {}),
    ...(message.template ? { template: message.template } : {}),
    at: message.at,
    ...(message.direction === 'out' && message.status ? { status: message.status } : {}),
    ...(message.error ? { error: message.error } : {}),
    ...(message.by ? { by: message.by } : {}),
  };
}

function pick(conversation: StoredConversation) {
  return {
    status: conversation.status,
    ...(conversation.assignee ? { assignee: conversation.assignee } : {}),
    ...(conversation.snoozedUntil ? { snoozedUntil: conversation.snoozedUntil } : {}),
  };
}

function notFound(conversationId: string) {
  return errorResponse(404, 'conversation_not_found', `No conversation ${conversationId}`);
}

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type ApiDeps, serveApi } from '../../functions/serve-api/serve-api';
import { channelRegistry } from '../../shared/channels/channel-registry';
import { httpAnswerForError } from '../../shared/http/http-error';
import { receiveWebhook } from '../../shared/ingest/receive-webhook';
import type { ReceiverDeps } from '../../shared/ingest/receiver-deps';
import { ConsentRepository } from '../../shared/outbound/consent-repository';
import { apiDepsFor } from '../helpers/identity-deps';
import { personTraffic, telegramMessage } from '../helpers/person-traffic';
import { receiverDepsFor } from '../helpers/receiver-deps';
import { apiEvent } from '../helpers/shopify-requests';
import { createTestTable, identityOwner, partitionItems, type TestTable } from '../helpers/test-table';

/**
 * The shared inbox's API on DynamoDB Local: conversations opened by messages the real receivers
 * stored, listed and filtered, changed, and answered within each platform's rules (window,
 * consent), by the roles that may.
 */

type Role = 'admin' | 'agent' | 'viewer';

let table: TestTable;
let receiver: ReceiverDeps;
let deps: ApiDeps;
/** The API's clock: each test sets it relative to the messages it sends. */
let clock = new Date();
const hour = 3_600_000;
/** A fixed past moment for the customers' messages (WhatsApp webhooks carry seconds). */
const wroteAt = Date.UTC(2026, 10, 20, 10, 0, 0);

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
  receiver = receiverDepsFor(table);
  deps = { ...apiDepsFor(table), now: () => clock };
});

afterAll(() => table.client.destroy());

async function call(
  role: Role,
  method: string,
  path: string,
  body?: unknown,
  query?: Record<string, string>,
) {
  const response = await serveApi(
    deps,
    apiEvent(method, path, {
      role,
      ...(query ? { query } : {}),
      ...(body === undefined ? {} : { body: Buffer.from(JSON.stringify(body)) }),
    }),
  ).catch(httpAnswerForError);
  return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : undefined };
}

/** A WhatsApp message from `phone` at `at`; returns the id of the conversation it opened. */
async function whatsappFrom(phone: string, id: string, text: string, at = wroteAt): Promise<string> {
  await receiveWebhook(
    receiver,
    channelRegistry.meta,
    personTraffic(phone).whatsapp(id, text, Math.floor(at / 1000)),
  );
  return conversationOf(phone, 'whatsapp');
}

async function conversationOf(phone: string, platform: string): Promise<string> {
  clock = new Date(wroteAt + hour);
  const owner = (await identityOwner(table, 'phone', phone)) as string;
  const listed = await call('viewer', 'GET', '/api/conversations', undefined, {
    customerId: owner,
    platform,
  });
  const id = listed.body.items[0]?.id as string;
  if (!id) throw new Error(`no ${platform} conversation for ${phone}`);
  return id;
}

const messagesOf = async (conversationId: string) =>
  (await partitionItems(table, `CUSTOMER#${conversationId.split('.')[0]}`)).filter(
    (item) => item.type === 'conversation-message' && item.conversationId === conversationId,
  );

describe('conversations on the marketer API', () => {
  it('lists the conversation an inbound WhatsApp message opened, with its window, and shows its messages', async () => {
    // Prepare
    const id = await whatsappFrom('+14155550201', 'wamid.conv.1', 'Where is my order?');
    clock = new Date(wroteAt + hour);

    // Act
    const listed = await call('viewer', 'GET', '/api/conversations', undefined, { status: 'open' });
    const one = await call('viewer', 'GET', `/api/conversations/${id}`);

    // Assess
    const view = listed.body.items.find((item: { id: string }) => item.id === id);
    expect(view).toMatchObject({
      platform: 'whatsapp',
      status: 'open',
      unread: true,
      preview: 'Where is my order?',
      lastInboundAt: new Date(wroteAt).toISOString(),
      window: { open: true, closesAt: new Date(wroteAt + 24 * hour).toISOString() },
    });
    expect(view.assignee).toBeUndefined();
    expect(one.status).toBe(200);
    expect(one.body.messages).toEqual([
      {
        id: 'in:wamid.conv.1',
        direction: 'in',
        text: 'Where is my order?',
        at: new Date(wroteAt).toISOString(),
      },
    ]);
  });

  it('answers 404 for an unknown conversation and for a malformed id', async () => {
    const unknown = await call(
      'viewer',
      'GET',
      '/api/conversations/01JAAAAAAAAAAAAAAAAAAAAAAA.whatsapp.0123456789abcdef',
    );
    const malformed = await call('viewer', 'GET', '/api/conversations/not-a-conversation');
    const unknownPost = await call('agent', 'POST', '/api/conversations/not-a-conversation/messages', {
      text: 'Hi',
    });
    expect([unknown.status, malformed.status, unknownPost.status]).toEqual([404, 404, 404]);
    expect(malformed.body).toMatchObject({ error: 'conversation_not_found' });
  });

  it('queues a reply inside the window (202) as an out message the sender picks up', async () => {
    // Prepare
    const id = await whatsappFrom('+14155550202', 'wamid.conv.2', 'Can I change my size?');
    clock = new Date(wroteAt + 2 * hour);

    // Act
    const answer = await call('agent', 'POST', `/api/conversations/${id}/messages`, {
      text: 'Yes, which one?',
    });

    // Assess
    expect(answer).toMatchObject({ status: 202, body: { status: 'queued' } });
    const stored = (await messagesOf(id)).find((item) => item.id === answer.body.id);
    expect(stored).toMatchObject({
      direction: 'out',
      text: 'Yes, which one?',
      status: 'queued',
      by: 'test-agent',
      at: clock.toISOString(),
    });
    const view = await call('viewer', 'GET', `/api/conversations/${id}`);
    expect(view.body.messages.at(-1)).toEqual({
      id: answer.body.id,
      direction: 'out',
      text: 'Yes, which one?',
      at: clock.toISOString(),
      status: 'queued',
      by: 'test-agent',
    });
    expect(view.body).toMatchObject({ unread: false, lastMessageAt: clock.toISOString() });
  });

  it('refuses WhatsApp free text 25 h after the customer’s last message (409 window_closed, nothing stored), and takes a template', async () => {
    // Prepare
    const id = await whatsappFrom('+14155550203', 'wamid.conv.3', 'Hello?');
    clock = new Date(wroteAt + 25 * hour);
    const before = await messagesOf(id);

    // Act
    const text = await call('agent', 'POST', `/api/conversations/${id}/messages`, {
      text: 'Sorry for the wait',
    });
    const afterRefusal = await messagesOf(id);
    const template = await call('admin', 'POST', `/api/conversations/${id}/messages`, {
      template: { name: 'order_update', language: 'en_US', parameters: ['4411'] },
    });

    // Assess
    expect(text.status).toBe(409);
    expect(text.body.error).toBe('window_closed');
    expect(text.body.message).toMatch(/24 hours/);
    expect(afterRefusal).toHaveLength(before.length);
    expect(template).toMatchObject({ status: 202, body: { status: 'queued' } });
    expect((await messagesOf(id)).find((item) => item.id === template.body.id)).toMatchObject({
      direction: 'out',
      status: 'queued',
      template: { name: 'order_update', language: 'en_US', parameters: ['4411'] },
      by: 'test-admin',
    });
    const view = await call('viewer', 'GET', `/api/conversations/${id}`);
    expect(view.body.window).toEqual({ open: false, closesAt: new Date(wroteAt + 24 * hour).toISOString() });
  });

  it('refuses an SMS to a customer who opted out (409 opted_out) and shows the consent on the customer', async () => {
    // Prepare
    const phone = '+14155550204';
    await receiveWebhook(receiver, channelRegistry.twilio, personTraffic(phone).sms('SMconv4', 'Hi'));
    const id = await conversationOf(phone, 'sms');
    const customerId = (await identityOwner(table, 'phone', phone)) as string;
    const at = new Date(Date.now() - 60_000).toISOString();
    await new ConsentRepository(table.documentClient, table.tableName).record({
      customerId,
      platform: 'sms',
      consent: { status: 'denied', at, source: 'sms keyword STOP' },
      channel: 'twilio',
      sourceId: 'SMconv4stop',
    });
    clock = new Date();
    const before = await messagesOf(id);

    // Act
    const answer = await call('agent', 'POST', `/api/conversations/${id}/messages`, {
      text: 'Your order shipped',
    });
    const customer = await call('viewer', 'GET', `/api/customers/${customerId}`);

    // Assess
    expect(answer.status).toBe(409);
    expect(answer.body.error).toBe('opted_out');
    expect(await messagesOf(id)).toHaveLength(before.length);
    expect(customer.body.consent).toEqual({
      sms: { status: 'denied', at, source: 'sms keyword STOP', scope: 'all' },
    });
  });

  it('keeps a note in the conversation only (202 noted, never queued), even outside the window', async () => {
    const id = await whatsappFrom('+14155550205', 'wamid.conv.5', 'Thanks');
    clock = new Date(wroteAt + 72 * hour);

    const answer = await call('agent', 'POST', `/api/conversations/${id}/messages`, { note: 'VIP, be kind' });

    expect(answer).toMatchObject({ status: 202, body: { status: 'noted' } });
    const stored = (await messagesOf(id)).find((item) => item.id === answer.body.id);
    expect(stored).toMatchObject({ direction: 'note', text: 'VIP, be kind', by: 'test-agent' });
    expect(stored?.status).toBeUndefined();
  });

  it('refuses a body that is not exactly one of text, template or note (400)', async () => {
    const id = await whatsappFrom('+14155550206', 'wamid.conv.6', 'Hey');
    clock = new Date(wroteAt + hour);
    const answers = await Promise.all(
      [{}, { text: '' }, { text: 'a', note: 'b' }, { template: { name: 'x' } }].map((body) =>
        call('agent', 'POST', `/api/conversations/${id}/messages`, body),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400, 400]);
  });

  it('lets a viewer read but not answer or change a conversation (403), and nothing changes', async () => {
    const id = await whatsappFrom('+14155550207', 'wamid.conv.7', 'Anyone?');
    clock = new Date(wroteAt + hour);
    const before = await messagesOf(id);

    const reply = await call('viewer', 'POST', `/api/conversations/${id}/messages`, { text: 'Hi' });
    const note = await call('viewer', 'POST', `/api/conversations/${id}/messages`, { note: 'Hi' });
    const change = await call('viewer', 'PUT', `/api/conversations/${id}`, { status: 'resolved' });
    const read = await call('viewer', 'GET', `/api/conversations/${id}`);

    expect([reply.status, note.status, change.status]).toEqual([403, 403, 403]);
    expect(reply.body).toMatchObject({ error: 'forbidden' });
    expect(read.body.status).toBe('open');
    expect(await messagesOf(id)).toHaveLength(before.length);
  });

  it('lets an agent answer customers but not call an admin operation (403)', async () => {
    const answers = await Promise.all([
      call('agent', 'PUT', '/api/settings/scoring', {}),
      call('agent', 'PUT', '/api/message-templates', { items: [] }),
      call('agent', 'POST', '/api/destinations', { type: 'webhook', name: 'x', url: 'http://127.0.0.1:9/x' }),
      call('agent', 'GET', '/api/customers/01J00000000000000000000000/export'),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([403, 403, 403, 403]);
    expect(answers[0]?.body.message).toMatch(/admins/);
  });

  it('assigns to me, changes status, validates snoozes, and audits each change', async () => {
    // Prepare
    const id = await whatsappFrom('+14155550208', 'wamid.conv.8', 'Status?');
    clock = new Date(wroteAt + hour);

    // Act
    const mine = await call('agent', 'PUT', `/api/conversations/${id}`, {
      assignee: 'me',
      status: 'pending',
    });
    const noUntil = await call('agent', 'PUT', `/api/conversations/${id}`, { status: 'snoozed' });
    const past = await call('agent', 'PUT', `/api/conversations/${id}`, {
      status: 'snoozed',
      snoozedUntil: new Date(clock.getTime() - hour).toISOString(),
    });
    const untilAlone = await call('agent', 'PUT', `/api/conversations/${id}`, {
      snoozedUntil: new Date(clock.getTime() + hour).toISOString(),
    });
    const snoozed = await call('agent', 'PUT', `/api/conversations/${id}`, {
      status: 'snoozed',
      snoozedUntil: new Date(clock.getTime() + 3 * hour).toISOString(),
    });
    const reopened = await call('admin', 'PUT', `/api/conversations/${id}`, {
      status: 'open',
      assignee: null,
    });
    const unknown = await call('agent', 'PUT', '/api/conversations/not-one', { status: 'open' });
    const none = await call('agent', 'PUT', `/api/conversations/${id}`, { assignee: 'none' });
    const audit = await call('viewer', 'GET', '/api/audit', undefined, { limit: '100' });

    // Assess
    expect(mine).toMatchObject({ status: 200, body: { id, assignee: 'test-agent', status: 'pending' } });
    expect([noUntil.status, past.status, untilAlone.status]).toEqual([400, 400, 400]);
    expect(past.body.error).toBe('snooze_in_past');
    expect(snoozed.body).toMatchObject({
      status: 'snoozed',
      snoozedUntil: new Date(clock.getTime() + 3 * hour).toISOString(),
    });
    expect(reopened.body.status).toBe('open');
    expect(reopened.body.assignee).toBeUndefined();
    expect(reopened.body.snoozedUntil).toBeUndefined();
    expect(unknown.status).toBe(404);
    expect(none).toMatchObject({ status: 400, body: { error: 'invalid_assignee' } });
    const changes = audit.body.items.filter(
      (record: { action: string; details?: { conversationId?: string } }) =>
        record.action === 'conversation.changed' && record.details?.conversationId === id,
    );
    expect(changes).toHaveLength(3);
    expect(changes.map((record: { actor: string }) => record.actor).sort()).toEqual([
      'test-admin',
      'test-agent',
      'test-agent',
    ]);
  });

  it('filters the list by status, assignee (me, none, a subject) and platform', async () => {
    // Prepare
    const mine = await whatsappFrom('+14155550209', 'wamid.conv.9', 'One');
    const nobodys = await whatsappFrom('+14155550210', 'wamid.conv.10', 'Two');
    const phone = '+14155550211';
    await receiveWebhook(receiver, channelRegistry.twilio, personTraffic(phone).sms('SMconv11', 'Three'));
    const sms = await conversationOf(phone, 'sms');
    clock = new Date(wroteAt + hour);
    await call('agent', 'PUT', `/api/conversations/${mine}`, { assignee: 'me', status: 'pending' });
    const ids = async (query: Record<string, string>, role: Role = 'agent') =>
      (await call(role, 'GET', '/api/conversations', undefined, { limit: '100', ...query })).body.items.map(
        (item: { id: string }) => item.id,
      ) as string[];

    // Act
    const assignedToMe = await ids({ assignee: 'me' });
    const assignedToViewer = await ids({ assignee: 'me' }, 'viewer');
    const bySubject = await ids({ assignee: 'test-agent' });
    const unassigned = await ids({ assignee: 'none' });
    const pending = await ids({ status: 'pending' });
    const open = await ids({ status: 'open' });
    const whatsapp = await ids({ platform: 'whatsapp' });
    const smsOnly = await ids({ platform: 'sms' });

    // Assess
    expect(assignedToMe).toContain(mine);
    expect(assignedToMe).not.toContain(nobodys);
    expect(assignedToViewer).not.toContain(mine);
    expect(bySubject).toContain(mine);
    expect(unassigned).toContain(nobodys);
    expect(unassigned).not.toContain(mine);
    expect(pending).toEqual(expect.arrayContaining([mine]));
    expect(pending).not.toContain(nobodys);
    expect(open).toContain(nobodys);
    expect(open).not.toContain(mine);
    expect(whatsapp).toEqual(expect.arrayContaining([mine, nobodys]));
    expect(whatsapp).not.toContain(sms);
    expect(smsOnly).toContain(sms);
    expect(smsOnly).not.toContain(mine);
  });

  it('lists most recent activity first and pages with the cursor', async () => {
    const first = await whatsappFrom('+14155550212', 'wamid.conv.12', 'Earlier', wroteAt + 100 * hour);
    const second = await whatsappFrom('+14155550213', 'wamid.conv.13', 'Later', wroteAt + 101 * hour);
    clock = new Date(wroteAt + 102 * hour);

    // WhatsApp only: the SMS conversations' messages are dated by their (real) receipt time.
    const page1 = await call('viewer', 'GET', '/api/conversations', undefined, {
      limit: '1',
      platform: 'whatsapp',
    });
    const page2 = await call('viewer', 'GET', '/api/conversations', undefined, {
      limit: '1',
      platform: 'whatsapp',
      cursor: page1.body.cursor,
    });

    expect(page1.body.items.map((item: { id: string }) => item.id)).toEqual([second]);
    expect(page2.body.items.map((item: { id: string }) => item.id)).toEqual([first]);
  });

  it('lists a merged person’s conversations by either id, each naming the survivor', async () => {
    // Prepare: a WhatsApp customer and a Telegram customer, then merged by hand.
    const whatsapp = await whatsappFrom('+14155550214', 'wamid.conv.14', 'From WhatsApp');
    const survivorId = (await identityOwner(table, 'phone', '+14155550214')) as string;
    await receiveWebhook(receiver, channelRegistry.telegram, telegramMessage(90214, 1, 'From Telegram'));
    const mergedId = (await identityOwner(table, 'telegram', '90214')) as string;
    const telegram = (await call('viewer', 'GET', '/api/conversations', undefined, { customerId: mergedId }))
      .body.items[0]?.id as string;
    expect(telegram).toMatch(new RegExp(`^${mergedId}\\.telegram\\.`));
    expect((await call('admin', 'POST', '/api/customers/merge', { survivorId, mergedId })).status).toBe(200);

    // Act
    const bySurvivor = await call('viewer', 'GET', '/api/conversations', undefined, {
      customerId: survivorId,
    });
    const byMerged = await call('viewer', 'GET', '/api/conversations', undefined, { customerId: mergedId });
    const view = await call('viewer', 'GET', `/api/conversations/${telegram}`);

    // Assess
    for (const listed of [bySurvivor, byMerged]) {
      expect(listed.body.items.map((item: { id: string }) => item.id).sort()).toEqual(
        [whatsapp, telegram].sort(),
      );
      expect(listed.body.items.map((item: { customerId: string }) => item.customerId)).toEqual([
        survivorId,
        survivorId,
      ]);
    }
    expect(view.body.customerId).toBe(survivorId);
  });

  it('registers message templates (admin, audited) that anyone signed in reads', async () => {
    const items = [
      {
        platform: 'whatsapp',
        name: 'order_update',
        language: 'en_US',
        parameters: 1,
        text: 'Order {{1}} shipped',
      },
      { platform: 'sms', name: 'HX0123456789abcdef0123456789abcdef', language: 'en', parameters: 0 },
    ];

    const put = await call('admin', 'PUT', '/api/message-templates', { items });
    const read = await call('viewer', 'GET', '/api/message-templates');
    const bad = await call('admin', 'PUT', '/api/message-templates', {
      items: [{ platform: 'telegram', name: 'x', language: 'en', parameters: 0 }],
    });

    expect(put).toEqual({ status: 200, body: { items } });
    expect(read.body).toEqual({ items });
    expect(bad.status).toBe(400);
    const audit = await call('viewer', 'GET', '/api/audit');
    expect(audit.body.items.map((record: { action: string }) => record.action)).toContain(
      'settings.message_templates.changed',
    );
  });

  it('answers GET /api/me with the role agent and the subject assignee=me means', async () => {
    const me = await call('agent', 'GET', '/api/me');
    expect(me.body).toEqual({ actor: 'test-agent', subject: 'test-agent', role: 'agent' });
  });

  it('exports the person’s conversations and messages', async () => {
    const id = await whatsappFrom('+14155550215', 'wamid.conv.15', 'Export me');
    const customerId = (await identityOwner(table, 'phone', '+14155550215')) as string;
    clock = new Date(wroteAt + hour);
    await call('agent', 'POST', `/api/conversations/${id}/messages`, { note: 'Asked for an export' });

    const exported = await call('admin', 'GET', `/api/customers/${customerId}/export`);

    expect(exported.body.conversations.map((item: { id: string }) => item.id)).toEqual([id]);
    expect(
      exported.body.conversationMessages.map((item: { direction: string }) => item.direction).sort(),
    ).toEqual(['in', 'note']);
    expect(exported.body.conversations[0].pk).toBeUndefined();
  });

  it('erases the person’s conversations with them', async () => {
    const id = await whatsappFrom('+14155550216', 'wamid.conv.16', 'Forget me');
    const customerId = (await identityOwner(table, 'phone', '+14155550216')) as string;

    expect((await call('admin', 'DELETE', `/api/customers/${customerId}`)).status).toBe(204);

    expect(await partitionItems(table, `CUSTOMER#${customerId}`)).toEqual([]);
    expect((await call('viewer', 'GET', `/api/conversations/${id}`)).status).toBe(404);
  });
});

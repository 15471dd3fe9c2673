import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  Caller,
  Conversation,
  ConversationView,
  Customer,
  Page,
  RegisteredTemplate,
  TimelineEvent,
} from '../api/types';
import { SessionContext } from '../auth/session';
import { LocaleProvider } from '../i18n/locale';
import InboxPage from './inbox-page';

interface InboxAnswers {
  conversations: Page<ConversationView>;
  conversation: Conversation;
  templates: { items: RegisteredTemplate[] };
}

/** The API's answers: three conversations, one open with every kind of message, WhatsApp templates. */
function answers(): InboxAnswers & { customer: Customer; timeline: Page<TimelineEvent> } {
  const inbox = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'inbox.json'), 'utf8'));
  const customer = JSON.parse(
    readFileSync(join(import.meta.dirname, 'fixtures', 'customer-across-channels.json'), 'utf8'),
  );
  return { ...inbox, customer: customer.customer, timeline: customer.timeline };
}

type Request = { method: string; url: string; body?: unknown };

/**
 * A fake API answering from the fixtures; `refuse` answers a send with that status and body, and
 * every request is kept to be checked.
 */
function fakeApi(
  data: ReturnType<typeof answers>,
  refuse?: { status: number; body: unknown },
): { requests: Request[] } {
  const requests: Request[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    requests.push({ method, url, body });
    if (method === 'POST' && url.endsWith('/messages')) {
      return refuse
        ? Response.json(refuse.body, { status: refuse.status })
        : Response.json({ id: 'm9', status: 'queued' }, { status: 202 });
    }
    if (method === 'PUT') return Response.json({ ...data.conversation, ...body });
    if (url.startsWith('/api/conversations?')) return Response.json(data.conversations);
    if (url.startsWith('/api/conversations/')) return Response.json(data.conversation);
    if (url.startsWith('/api/message-templates')) return Response.json(data.templates);
    if (url.includes('/timeline')) return Response.json(data.timeline);
    if (url.startsWith('/api/customers/')) return Response.json(data.customer);
    return Response.json({ error: 'not_found', message: url }, { status: 404 });
  });
  return { requests };
}

function renderInbox(
  props: { conversationId?: string; params?: string },
  caller: Caller = { actor: 'agent@example.com', subject: 'agent@example.com', role: 'agent' },
) {
  render(
    <LocaleProvider>
      <SessionContext.Provider
        value={{ api: { apiUrl: '', token: 'token', onUnauthorized: () => {} }, caller }}
      >
        <InboxPage conversationId={props.conversationId} params={new URLSearchParams(props.params ?? '')} />
      </SessionContext.Provider>
    </LocaleProvider>,
  );
}

const conversationId = '01JCUSTOMERACROSSCHANNELS.whatsapp.a3f91c0d5e7b2468';

beforeEach(() => localStorage.clear());

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
  localStorage.clear();
  location.hash = '';
});

describe('the Inbox list', () => {
  it('lists unread conversations first, then by last activity, as links named by the customer', async () => {
    // Prepare
    fakeApi(answers());

    // Act
    renderInbox({});
    const list = await screen.findByRole('list');

    // Assess: Bob (unread, 10:00), the SMS customer without a name (unread, 08:00), Ana (read, 10:05).
    const links = within(list).getAllByRole('link');
    expect(links.map((link) => link.textContent)).toEqual(['Bob Chen', '+14155550199', 'Ana Silva']);
    expect(links[0]?.getAttribute('href')).toBe('#/inbox/01JCUSTOMERBOBTELEGRAM00.telegram.0b1c2d3e4f5a6b7c');
    expect(within(list).getAllByRole('img', { name: 'Unread' })).toHaveLength(2);
    const rows = within(list).getAllByRole('listitem');
    expect(rows[0]?.textContent).toContain('Telegram');
    expect(rows[0]?.textContent).toContain('Is the blue jacket back in stock?');
    expect(rows[0]?.textContent).toContain('Assigned to you');
    expect(rows[1]?.textContent).toContain('SMS');
    expect(screen.getByRole('button', { name: 'Next page' })).toBeTruthy();
  });

  it('asks the API for open conversations of everyone by default, and mine or unassigned ones when filtered', async () => {
    const api = fakeApi(answers());

    renderInbox({});
    await screen.findByRole('list');
    fireEvent.change(screen.getByLabelText('Assignee'), { target: { value: 'mine' } });

    expect(api.requests[0]?.url).toBe('/api/conversations?status=open&limit=25');
    expect(location.hash).toBe('#/inbox?status=open&assignee=mine');

    cleanup();
    renderInbox({ params: 'status=all&assignee=unassigned' });
    await screen.findAllByRole('link');
    expect(api.requests.at(-1)?.url).toBe('/api/conversations?assignee=none&limit=25');
    expect((screen.getByLabelText('Status') as HTMLSelectElement).value).toBe('all');
  });

  it('names everything in Chinese when Chinese is chosen', async () => {
    localStorage.setItem('rapport.locale', 'zh');
    fakeApi(answers());

    renderInbox({});

    await screen.findByRole('heading', { name: '收件箱' });
    expect(await screen.findAllByRole('img', { name: '未读' })).toHaveLength(2);
    expect(screen.getByLabelText('负责人')).toBeTruthy();
    expect(screen.getByText('短信')).toBeTruthy();
  });
});

describe('an open conversation', () => {
  it('shows each outbound status as its tick, the failure reason, and notes as private', async () => {
    fakeApi(answers());

    renderInbox({ conversationId });

    const thread = await screen.findByRole('region', { name: 'Messages' });
    // The queued stopwatch is drawn (few fonts carry ⏱); the others are characters.
    expect(within(thread).getByRole('img', { name: 'Queued' }).querySelector('svg')).toBeTruthy();
    for (const [name, mark] of [
      ['Sent', '✓'],
      ['Delivered', '✓✓'],
      ['Read', '✓✓'],
      ['Failed', '✗'],
    ] as const) {
      expect(within(thread).getByRole('img', { name }).textContent).toBe(mark);
    }
    expect(within(thread).getByRole('img', { name: 'Read' }).className).toContain('read');
    expect(
      within(thread).getByText(
        'Not sent: Message failed to send because more than 24 hours have passed since the customer last replied',
      ),
    ).toBeTruthy();
    const note = within(thread).getByText('VIP: ship with express').closest('li');
    expect(note?.className).toContain('note');
    expect(note?.textContent).toContain('Private note');
    expect(within(thread).getByText('Template order_update (en_US): #1001')).toBeTruthy();
    // The customer's messages carry no tick.
    expect(within(thread).getAllByRole('img')).toHaveLength(5);
  });

  it('offers free text while the window is open, with the time left', async () => {
    const data = answers();
    data.conversation.window = {
      open: true,
      closesAt: new Date(Date.now() + (3 * 60 + 12) * 60_000 - 20_000).toISOString(),
    };
    fakeApi(data);

    renderInbox({ conversationId });

    await screen.findByLabelText('Reply');
    expect(screen.getByText('Window closes in 3 h 12 min')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Send' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Add note' })).toBeTruthy();
    expect(screen.queryByLabelText('Template')).toBeNull();
  });

  it('replaces free text with the platform’s templates once the window has closed, and sends one with its parameters', async () => {
    const data = answers();
    data.conversation.window = { open: false, closesAt: '2026-12-03T09:50:00.000Z' };
    const api = fakeApi(data);

    renderInbox({ conversationId });
    const template = (await screen.findByLabelText('Template')) as HTMLSelectElement;
    await waitFor(() => expect(template.options.length).toBe(3));

    // Assess what is offered: no free text, a sentence saying why, WhatsApp's templates only.
    expect(screen.queryByLabelText('Reply')).toBeNull();
    expect(screen.getByText(/The window for free text closed .*Send an approved template/)).toBeTruthy();
    expect([...template.options].map((option) => option.textContent)).toEqual([
      'Choose a template',
      'order_update (en_US)',
      'hello_world (en_US)',
    ]);
    expect((screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(true);

    // Act: choose the template, fill its two parameters, send.
    fireEvent.change(template, { target: { value: 'order_update|en_US' } });
    expect(screen.getByText('Hello {{1}}, your order {{2}} has shipped.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Parameter 1'), { target: { value: 'Ana' } });
    expect(screen.getByText('Hello Ana, your order {{2}} has shipped.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Parameter 2'), { target: { value: '#1001' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));

    await waitFor(() => expect(api.requests.some((request) => request.method === 'POST')).toBe(true));
    expect(api.requests.find((request) => request.method === 'POST')).toEqual({
      method: 'POST',
      url: `/api/conversations/${conversationId}/messages`,
      body: { template: { name: 'order_update', language: 'en_US', parameters: ['Ana', '#1001'] } },
    });
    // Notes stay possible with the window closed.
    expect(screen.getByLabelText('Note')).toBeTruthy();
  });

  it('shows the API’s reason when it refuses a reply with 409', async () => {
    const data = answers();
    fakeApi(data, {
      status: 409,
      body: { error: 'opted_out', message: 'This customer opted out of WhatsApp messages (STOP).' },
    });

    renderInbox({ conversationId });
    const reply = await screen.findByLabelText('Reply');
    fireEvent.change(reply, { target: { value: 'Hello again' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));

    expect((await screen.findByRole('alert')).textContent).toBe(
      'This customer opted out of WhatsApp messages (STOP).',
    );
    // What the agent wrote is kept, to send otherwise.
    expect((screen.getByLabelText('Reply') as HTMLTextAreaElement).value).toBe('Hello again');
  });

  it('sends replies and notes, sets the status and assigns to the caller', async () => {
    const api = fakeApi(answers());
    renderInbox({ conversationId });
    const reply = await screen.findByLabelText('Reply');

    fireEvent.change(reply, { target: { value: 'On its way' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect((screen.getByLabelText('Reply') as HTMLTextAreaElement).value).toBe(''));
    fireEvent.change(screen.getByLabelText('Reply'), { target: { value: 'Called her' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add note' }));
    await waitFor(() => expect((screen.getByLabelText('Reply') as HTMLTextAreaElement).value).toBe(''));
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'resolved' } });
    await waitFor(() => expect(api.requests.filter((request) => request.method === 'PUT')).toHaveLength(1));
    fireEvent.click(screen.getByRole('button', { name: 'Assign to me' }));
    await waitFor(() => expect(api.requests.filter((request) => request.method === 'PUT')).toHaveLength(2));

    const changes = api.requests.filter((request) => request.method !== 'GET');
    expect(changes.map((request) => request.body)).toEqual([
      { text: 'On its way' },
      { note: 'Called her' },
      { status: 'resolved' },
      { assignee: 'agent@example.com' },
    ]);
  });

  it('asks until when before snoozing', async () => {
    const api = fakeApi(answers());
    renderInbox({ conversationId });

    fireEvent.change(await screen.findByLabelText('Status'), { target: { value: 'snoozed' } });
    const until = screen.getByLabelText('Snooze until') as HTMLInputElement;
    fireEvent.change(until, { target: { value: '2026-12-24T09:00' } });
    expect(api.requests.filter((request) => request.method === 'PUT')).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Snooze' }));

    await waitFor(() => expect(api.requests.filter((request) => request.method === 'PUT')).toHaveLength(1));
    expect(api.requests.find((request) => request.method === 'PUT')?.body).toEqual({
      status: 'snoozed',
      snoozedUntil: new Date('2026-12-24T09:00').toISOString(),
    });
  });

  it('shows a viewer the conversation without any control to answer or change it', async () => {
    fakeApi(answers());

    renderInbox(
      { conversationId },
      { actor: 'viewer@example.com', subject: 'viewer@example.com', role: 'viewer' },
    );

    await screen.findByRole('region', { name: 'Messages' });
    expect(
      screen.getByText('You can read this conversation; answering it takes the agent role.'),
    ).toBeTruthy();
    expect(screen.queryByLabelText('Reply')).toBeNull();
    expect(screen.queryByLabelText('Status')).toBeNull();
    expect(screen.queryByLabelText('Template')).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('shows new messages and ticks without a reload', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const data = answers();
    fakeApi(data);
    renderInbox({ conversationId });
    await screen.findByRole('img', { name: 'Queued' });

    // The platform reports the queued reply delivered, and the customer writes again.
    data.conversation.messages = data.conversation.messages.map((message) =>
      message.id === 'm8' ? { ...message, status: 'delivered' } : message,
    );
    data.conversation.messages.push({
      id: 'm9',
      direction: 'in',
      text: 'Great!',
      at: '2026-12-04T10:06:00.000Z',
    });
    await act(async () => {
      await vi.advanceTimersByTimeAsync(3100);
    });

    await screen.findByText('Great!');
    expect(screen.queryByRole('img', { name: 'Queued' })).toBeNull();
    expect(screen.getAllByRole('img', { name: 'Delivered' })).toHaveLength(2);
  });

  it('shows the customer beside the conversation, with a link to their page', async () => {
    fakeApi(answers());

    renderInbox({ conversationId });

    const summary = await screen.findByRole('complementary', { name: 'Customer' });
    await within(summary).findByText('Ana Silva');
    expect(within(summary).getByText('14155550123')).toBeTruthy();
    expect(within(summary).getByText('Churn risk')).toBeTruthy();
    expect(within(summary).getByRole('link', { name: 'Open the customer page' }).getAttribute('href')).toBe(
      '#/customers/01JCUSTOMERACROSSCHANNELS',
    );
    await within(summary).findByText('Recent orders');
  });
});

import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineChannel } from '../../../shared/channels/line/line-channel';
import { readLineWebhook } from '../../../shared/channels/line/read-line-webhook';
import { verifyLineSignature } from '../../../shared/channels/line/verify-line-signature';
import { readTelegramUpdate } from '../../../shared/channels/telegram/read-telegram-update';
import { telegramChannel } from '../../../shared/channels/telegram/telegram-channel';
import { fixture, signatureVectors, webhookRequest } from '../../helpers/channel-fixtures';

const now = new Date('2026-11-23T10:00:00.000Z');

describe('Telegram', () => {
  const secrets = { TELEGRAM_SECRET_TOKEN: 'a-secret_TOKEN-123' };
  const verify = (token?: string) =>
    telegramChannel.verify(
      webhookRequest(
        'telegram',
        Buffer.from('{}'),
        token === undefined ? {} : { 'x-telegram-bot-api-secret-token': token },
      ),
      secrets,
      { now },
    );

  it('accepts the configured secret token only', () => {
    expect(verify('a-secret_TOKEN-123')).toBe(true);
    expect(verify('a-secret_TOKEN-124')).toBe(false);
    expect(verify('')).toBe(false);
    expect(verify()).toBe(false);
  });

  it.each([
    ['update_message_text.json', 'text', '/start'],
    ['update_message_reply.json', 'text', undefined],
    ['update_message_document.json', 'document', undefined],
    ['update_message_voice.json', 'voice', ''],
  ])('reads %s as a %s message from the user', (file, kind, text) => {
    const result = readTelegramUpdate(fixture('telegram', file));
    expect(result).toMatchObject({
      kind: 'facts',
      facts: [
        {
          kind: 'message',
          customer: {
            identities: [{ kind: 'telegram', value: '1111111' }],
            name: 'Test Firstname Test Lastname',
          },
        },
      ],
    });
    if (result.kind !== 'facts' || result.facts[0]?.kind !== 'message') return;
    expect(result.facts[0].message.kind).toBe(kind);
    if (text !== undefined) expect(result.facts[0].message.text).toBe(text);
  });

  it('reads an edit as a new message marked edited, and a button tap as a callback_query', () => {
    const edited = readTelegramUpdate(fixture('telegram', 'update_edited_message.json'));
    expect(edited).toMatchObject({ kind: 'facts', facts: [{ message: { edited: true } }] });
    const tap = readTelegramUpdate(fixture('telegram', 'update_callback_query.json'));
    expect(tap).toMatchObject({
      kind: 'facts',
      facts: [
        {
          message: {
            kind: 'callback_query',
            text: 'Data from button callback',
            id: 'callback:4382bfdwdsb323b2d9',
          },
        },
      ],
    });
    expect(
      tap.kind === 'facts' && tap.facts[0]?.kind === 'message' && tap.facts[0].message.occurredAt,
    ).toBeUndefined();
  });

  it('counts channel posts and unreadable chat member changes as unhandled', () => {
    expect(readTelegramUpdate(Buffer.from('{"update_id":5,"channel_post":{"message_id":1}}')).kind).toBe(
      'unhandled',
    );
    expect(readTelegramUpdate(Buffer.from('{"update_id":6,"my_chat_member":{}}')).kind).toBe('unhandled');
  });

  it('never throws on any bytes', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.uint8Array({ maxLength: 512 }).map(Buffer.from), fc.json().map(Buffer.from)),
        (body) => {
          expect(['facts', 'invalid', 'unhandled']).toContain(readTelegramUpdate(body).kind);
        },
      ),
    );
  });
});

describe('LINE', () => {
  const vectors = signatureVectors('line').vectors;

  it.each(vectors)('accepts the vector $name', (vector) => {
    const body = vector.body_file ? fixture('line', vector.body_file) : Buffer.from(vector.body_inline ?? '');
    expect(verifyLineSignature(body, vector.expected, vector.secret ?? '')).toBe(true);
  });

  it('rejects the upstream case-flipped signature, a tampered body, a missing header and another secret', () => {
    const body = Buffer.from('{"hello":"world"}');
    expect(verifyLineSignature(body, 't7Hn4ZDHqs6e+wdvi5TyQivzie0DmMUmuXEBqyyE/tM=', 'test_secret')).toBe(
      false,
    );
    expect(
      verifyLineSignature(
        Buffer.from('{"hello":"World"}'),
        't7Hn4ZDHqs6e+wdvI5TyQIvzie0DmMUmuXEBqyyE/tM=',
        'test_secret',
      ),
    ).toBe(false);
    expect(verifyLineSignature(body, undefined, 'test_secret')).toBe(false);
    expect(verifyLineSignature(body, 't7Hn4ZDHqs6e+wdvI5TyQIvzie0DmMUmuXEBqyyE/tM=', 'other')).toBe(false);
  });

  it('accepts the signature without base64 padding, as bottender sends it (bytes are compared)', () => {
    const body = fixture('line', 'message_and_follow_events.raw.json');
    expect(verifyLineSignature(body, '5+SUnXZ8+G1ErXUewxeZ0T9j4yD6cmwYn5XCO4tBFic', 'FAKE_SECRET')).toBe(
      true,
    );
  });

  it('reads a message, and a follow as consent granted to LINE messages', () => {
    const result = readLineWebhook(fixture('line', 'message_and_follow_events.raw.json'));
    expect(result).toMatchObject({
      kind: 'facts',
      facts: [
        {
          kind: 'message',
          customer: { identities: [{ kind: 'line', value: 'U206d25c2ea6bd87c17655609a1c37cb8' }] },
          message: { id: '325708', text: 'Hello, world', occurredAt: '2016-05-07T13:57:59.859Z' },
        },
        {
          kind: 'consent',
          customer: { identities: [{ kind: 'line', value: 'U206d25c2ea6bd87c17655609a1c37cb8' }] },
          consent: { platform: 'line', consent: 'granted', scope: 'all', source: 'line follow' },
        },
      ],
    });
  });

  it('keeps a one-to-one message’s reply token for a free reply, never a group’s or a redelivery’s', () => {
    // Prepare
    const event = (source: Record<string, string>, isRedelivery = false) => ({
      type: 'message',
      replyToken: 'nHuyWiB7yP5Zw52FIkcQobQuGDXCTA',
      timestamp: 1700000000000,
      webhookEventId: `01H810YECXQQZ37VAXPF6H9E${Object.keys(source).length}${isRedelivery ? 'R' : 'F'}`,
      deliveryContext: { isRedelivery },
      source,
      message: { id: '1', type: 'text', text: 'Hi' },
    });
    const body = Buffer.from(
      JSON.stringify({
        events: [
          event({ type: 'user', userId: 'U1' }),
          event({ type: 'group', groupId: 'G1', userId: 'U1' }),
          event({ type: 'user', userId: 'U1' }, true),
        ],
      }),
    );

    // Act
    const result = readLineWebhook(body);

    // Assess
    if (result.kind !== 'facts') throw new Error(result.kind);
    const tokens = result.facts.map((fact) =>
      fact.kind === 'message' ? fact.message.replyToken : 'no message',
    );
    expect(tokens).toEqual(['nHuyWiB7yP5Zw52FIkcQobQuGDXCTA', undefined, undefined]);
  });

  it('answers the console verification request (no events) with nothing to store', () => {
    expect(readLineWebhook(Buffer.from('{"destination":"U1","events":[]}')).kind).toBe('unhandled');
    const verification = readLineWebhook(fixture('line', 'webhook_verification_request.raw.json'));
    expect(['unhandled', 'facts']).toContain(verification.kind);
  });

  it('dedupes by webhookEventId and reads postbacks', () => {
    const body = Buffer.from(
      JSON.stringify({
        events: [
          {
            type: 'postback',
            timestamp: 1700000000000,
            webhookEventId: '01H810YECXQQZ37VAXPF6H9E6T',
            deliveryContext: { isRedelivery: true },
            source: { type: 'user', userId: 'U1' },
            postback: { data: 'action=buy&itemid=111' },
          },
        ],
      }),
    );
    expect(readLineWebhook(body)).toMatchObject({
      kind: 'facts',
      facts: [
        { message: { id: '01H810YECXQQZ37VAXPF6H9E6T', kind: 'postback', text: 'action=buy&itemid=111' } },
      ],
    });
  });

  it('never throws, and verification passes only with the right signature', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.uint8Array({ maxLength: 512 }).map(Buffer.from), fc.json().map(Buffer.from)),
        fc.string(),
        (body, header) => {
          expect(['facts', 'invalid', 'unhandled']).toContain(readLineWebhook(body).kind);
          const right = createHmac('sha256', 's').update(body).digest('base64');
          const request = webhookRequest('line', body, { 'x-line-signature': header });
          const ok = lineChannel.verify(request, { LINE_CHANNEL_SECRET: 's' }, { now });
          if (ok) expect(Buffer.from(header, 'base64').equals(Buffer.from(right, 'base64'))).toBe(true);
        },
      ),
    );
  });
});

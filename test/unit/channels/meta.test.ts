import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { metaChannel } from '../../../shared/channels/meta/meta-channel';
import { readMetaWebhook } from '../../../shared/channels/meta/read-meta-webhook';
import { verifyMetaSignature } from '../../../shared/channels/meta/verify-meta-signature';
import type { Fact } from '../../../shared/domain/facts';
import { fixture, signatureVectors, webhookRequest } from '../../helpers/channel-fixtures';

const secrets = { META_APP_SECRET: 'FAKE_SECRET', META_VERIFY_TOKEN: '1qaz2wsx' };
const sign = (body: Buffer, secret = 'FAKE_SECRET') =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
const facts = (body: Buffer): Fact[] => {
  const result = readMetaWebhook(body);
  if (result.kind !== 'facts') throw new Error(`expected facts, got ${JSON.stringify(result)}`);
  return result.facts;
};

describe('Meta signature', () => {
  const withPlatform = (platform: string) => (vector: Record<string, string | undefined>) =>
    ({ ...vector, platform }) as Record<string, string | undefined> & { platform: string };
  const vectors = [
    ...signatureVectors('whatsapp').vectors.map(withPlatform('whatsapp')),
    ...signatureVectors('instagram').vectors.map(withPlatform('instagram')),
    ...signatureVectors('messenger')
      .vectors.filter((vector) => vector.header === 'X-Hub-Signature-256')
      .map(withPlatform('messenger')),
  ];

  it.each(vectors)('accepts the vector $name', (vector) => {
    const body = fixture(vector.platform, vector.body_file ?? '');
    expect(verifyMetaSignature(body, vector.expected, vector.secret ?? '')).toBe(true);
  });

  it('rejects tampered bodies, missing headers, wrong secrets and the legacy sha1 header', () => {
    const body = fixture('messenger', 'page_message_text.raw.json');
    const tampered = Buffer.from(body.toString().replace('"text":"text"', '"text":"TEXT"'));
    expect(verifyMetaSignature(tampered, sign(body), 'FAKE_SECRET')).toBe(false);
    expect(verifyMetaSignature(body, undefined, 'FAKE_SECRET')).toBe(false);
    expect(verifyMetaSignature(body, sign(body, 'OTHER'), 'FAKE_SECRET')).toBe(false);
    expect(verifyMetaSignature(body, 'sha1=eebae33798a7a5a10bc8450b23e9c78fc280766c', 'FAKE_SECRET')).toBe(
      false,
    );
    expect(verifyMetaSignature(body, 'sha256!!!', 'FAKE_SECRET')).toBe(false);
  });
});

describe('Meta handshake', () => {
  const get = (query: Record<string, string>) => webhookRequest('meta', Buffer.alloc(0), {}, query, 'GET');

  it('echoes hub.challenge for the configured verify token (upstream bottender case)', () => {
    const answer = metaChannel.handshake?.(
      get({ 'hub.mode': 'subscribe', 'hub.verify_token': '1qaz2wsx', 'hub.challenge': 'abc' }),
      secrets,
    );
    expect(answer).toEqual({ kind: 'answer', contentType: 'text/plain', body: 'abc' });
  });

  it('refuses a wrong verify token with 403 and a malformed handshake with 400', () => {
    expect(
      metaChannel.handshake?.(
        get({ 'hub.mode': 'subscribe', 'hub.verify_token': '3edc4rfv', 'hub.challenge': 'abc' }),
        secrets,
      ),
    ).toMatchObject({ kind: 'refused', status: 403 });
    expect(metaChannel.handshake?.(get({ 'hub.challenge': 'abc' }), secrets)).toMatchObject({
      kind: 'refused',
      status: 400,
    });
  });
});

describe('readMetaWebhook', () => {
  it('reads a WhatsApp text with the wa_id, the E.164 phone and the profile name', () => {
    const [fact] = facts(fixture('whatsapp', 'signed_text_message.raw.json'));
    expect(fact).toMatchObject({
      kind: 'message',
      customer: {
        identities: [
          { kind: 'whatsapp', value: '972544401243' },
          { kind: 'phone', value: '+972544401243' },
        ],
        name: 'PyWa Tests',
      },
      message: {
        eventType: 'message.received',
        platform: 'whatsapp',
        id: 'wamid.HBgMOTcyNTQ0NDAxMjQzFQIAEhggM0RFQTNCMEEwRTY3QzUwODYzMDc4NjQ4QzM4ODAxM0YA',
        text: 'Hey there! I am using PyWa.',
        kind: 'text',
        occurredAt: '2024-10-29T19:58:23.000Z',
      },
    });
  });

  it.each([
    ['cloud_message_image.json', 'image', '', ['65463453']],
    ['cloud_message_document.json', 'document', undefined, undefined],
    ['cloud_message_chosen_location.json', 'location', 'Facebook HQ, 1 Hacker Way, Menlo Park, CA 94025', []],
    ['cloud_message_contacts.json', 'contacts', 'Chandler Bing, Monica, Rachel Green', []],
    ['cloud_message_reaction.json', 'reaction', '😮', []],
    ['cloud_message_reply.json', 'text', 'replied text', []],
    ['cloud_message_interactive_message_with_err.json', 'interactive', '', []],
  ])('reads the WhatsApp %s sample as a %s message', (file, kind, text, media) => {
    const [fact] = facts(fixture('whatsapp', file));
    expect(fact?.kind).toBe('message');
    if (fact?.kind !== 'message') return;
    expect(fact.message.kind).toBe(kind);
    if (text !== undefined) expect(fact.message.text).toBe(text);
    if (media !== undefined) expect(fact.message.media).toEqual(media);
  });

  it.each(['sent', 'delivered', 'read', 'failed'])(
    'records a WhatsApp %s status as a receipt, never a message',
    (status) => {
      const [fact] = facts(fixture('whatsapp', `cloud_status_${status}.json`));
      expect(fact).toMatchObject({ kind: 'receipt', receipt: { platform: 'whatsapp', status } });
    },
  );

  it('keeps every message of a batched Messenger delivery', () => {
    const batch = facts(fixture('messenger', 'page_batch_two_entries.raw.json'));
    expect(batch.map((fact) => fact.kind === 'message' && fact.message.id)).toEqual([
      'mid.1486464322190:cb04e5a654',
      'mid.1486464322190:cb04e5a656',
    ]);
    expect(batch[0]).toMatchObject({
      customer: { identities: [{ kind: 'messenger', value: '1412611362105802' }] },
    });
  });

  it('reads Instagram direct messages and comments', () => {
    const [message] = facts(fixture('instagram', 'messages_dashboard_test_text.raw.json'));
    const [comment] = facts(fixture('instagram', 'comments_dashboard_test.raw.json'));
    expect(message).toMatchObject({
      customer: { identities: [{ kind: 'instagram', value: '12334' }] },
      message: {
        eventType: 'message.received',
        id: 'random_mid',
        text: 'random_text',
        occurredAt: '2018-05-27T22:23:44.000Z',
      },
    });
    expect(comment).toMatchObject({
      customer: { identities: [{ kind: 'instagram', value: '232323232' }] },
      message: {
        eventType: 'comment.received',
        id: '17865799348089039',
        text: 'This is an example.',
        kind: 'reply',
      },
    });
  });

  it('skips echoes and read receipts of Messenger, and answers unhandled for other objects', () => {
    const echo = Buffer.from(
      JSON.stringify({
        object: 'page',
        entry: [
          {
            id: '1',
            messaging: [
              {
                sender: { id: '9' },
                recipient: { id: '1' },
                timestamp: 1,
                message: { mid: 'm', is_echo: true },
              },
            ],
          },
        ],
      }),
    );
    expect(readMetaWebhook(echo).kind).toBe('unhandled');
    expect(readMetaWebhook(Buffer.from('{"object":"user","entry":[]}')).kind).toBe('unhandled');
  });

  it('stores the good items of a batch and reports the bad one', () => {
    const body = Buffer.from(
      JSON.stringify({
        object: 'page',
        entry: [
          {
            id: '1',
            messaging: [
              { sender: { id: '9' }, timestamp: 1486464322190, message: { mid: 'good', text: 'hi' } },
            ],
          },
          { id: '1', messaging: [{ timestamp: 1486464322190, message: { mid: 'bad' } }] },
        ],
      }),
    );
    const result = readMetaWebhook(body);
    expect(result.kind).toBe('facts');
    expect(result.kind === 'facts' && result.facts).toHaveLength(1);
    expect(result.kind === 'facts' && result.problems?.[0]).toMatch(/sender/);
  });

  it('never throws on any bytes, and verification only passes with the right signature', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.uint8Array({ maxLength: 512 }).map(Buffer.from), fc.json().map(Buffer.from)),
        fc.string(),
        (body, header) => {
          expect(['facts', 'invalid', 'unhandled']).toContain(readMetaWebhook(body).kind);
          const request = webhookRequest('meta', body, { 'x-hub-signature-256': header });
          expect(metaChannel.verify(request, secrets, { now: new Date() })).toBe(header === sign(body));
        },
      ),
    );
  });
});

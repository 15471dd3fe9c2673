import { describe, expect, it } from 'vitest';
import { readLineWebhook } from '../../../shared/channels/line/read-line-webhook';
import { readMetaWebhook } from '../../../shared/channels/meta/read-meta-webhook';
import { readTelegramUpdate } from '../../../shared/channels/telegram/read-telegram-update';
import { readTwilioWebhook } from '../../../shared/channels/twilio/read-twilio-webhook';
import { readWechatMessage } from '../../../shared/channels/wechat/read-wechat-message';
import { boundFacts, factLimits } from '../../../shared/domain/fact-limits';
import type { Fact, ReadResult } from '../../../shared/domain/facts';
import { fixture, webhookRequest } from '../../helpers/channel-fixtures';

const receivedAt = '2026-11-23T10:00:00.000Z';

const factsOf = (result: ReadResult): Fact[] => {
  if (result.kind !== 'facts') throw new Error(`expected facts, got ${JSON.stringify(result)}`);
  return result.facts;
};

const consentOf = (fact: Fact | undefined) => (fact?.kind === 'consent' ? fact : undefined);

describe('WhatsApp user_preferences', () => {
  it('reads "stop" as marketing consent denied, for the wa_id with its phone and name', () => {
    // Prepare
    const body = fixture('whatsapp', 'cloud_user_preferences_stop.json');

    // Act
    const facts = factsOf(readMetaWebhook(body));

    // Assess
    expect(facts).toEqual([
      {
        kind: 'consent',
        customer: {
          identities: [
            { kind: 'whatsapp', value: '16505551234' },
            { kind: 'phone', value: '+16505551234' },
          ],
          emails: [],
          phones: ['+16505551234'],
          name: 'Sheena Nelson',
        },
        consent: {
          platform: 'whatsapp',
          consent: 'denied',
          scope: 'marketing',
          source: 'whatsapp user_preferences stop',
          occurredAt: '2025-02-12T00:43:44.000Z',
          id: 'user_preferences:16505551234:1739321024000:stop',
        },
      },
    ]);
  });

  it("reads Meta's resume example as marketing consent granted", () => {
    // Prepare
    const body = fixture('whatsapp', 'cloud_user_preferences_resume.json');

    // Act
    const [fact] = factsOf(readMetaWebhook(body));

    // Assess
    expect(consentOf(fact)?.consent).toMatchObject({
      platform: 'whatsapp',
      consent: 'granted',
      scope: 'marketing',
      occurredAt: '2024-11-15T21:22:01.000Z',
    });
  });

  it('ignores a preference of another category or value, and reports one without a wa_id', () => {
    // Prepare
    const body = (preference: Record<string, unknown>) =>
      Buffer.from(
        JSON.stringify({
          object: 'whatsapp_business_account',
          entry: [
            { id: '1', changes: [{ field: 'user_preferences', value: { user_preferences: [preference] } }] },
          ],
        }),
      );

    // Act
    const otherCategory = readMetaWebhook(
      body({ wa_id: '16505551234', category: 'utility_messages', value: 'stop', timestamp: 1731705721 }),
    );
    const otherValue = readMetaWebhook(
      body({ wa_id: '16505551234', category: 'marketing_messages', value: 'interested', timestamp: 1 }),
    );
    const noUser = readMetaWebhook(body({ category: 'marketing_messages', value: 'stop', timestamp: 1 }));

    // Assess
    expect(otherCategory).toEqual({
      kind: 'unhandled',
      topic: 'whatsapp_business_account:user_preferences:utility_messages:stop',
    });
    expect(otherValue.kind).toBe('unhandled');
    expect(noUser).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/wa_id/) });
  });
});

describe('SMS keywords through Twilio', () => {
  it('reads an SMS that is exactly STOP as a message and, besides, consent to all SMS denied', () => {
    // Prepare
    const body = fixture('twilio', 'sms_inbound_stop_adapted.form.txt');

    // Act
    const facts = factsOf(readTwilioWebhook(body, receivedAt));

    // Assess
    expect(facts.map((fact) => fact.kind)).toEqual(['message', 'consent']);
    expect(consentOf(facts[1])).toEqual({
      kind: 'consent',
      customer: {
        identities: [{ kind: 'phone', value: '+14133881111' }],
        emails: [],
        phones: ['+14133881111'],
      },
      consent: {
        platform: 'sms',
        consent: 'denied',
        scope: 'all',
        source: 'sms keyword STOP',
        occurredAt: receivedAt,
        id: 'SMe287d7109a5a925f182f0e07fe5b223b',
      },
    });
  });

  it.each([
    ['start', 'granted', 'START'],
    ['  退订 ', 'denied', '退订'],
    ['Unsubscribe', 'denied', 'UNSUBSCRIBE'],
  ])('reads the SMS %j as consent %s (keyword %s)', (text, consent, keyword) => {
    // Prepare
    const body = Buffer.from(
      new URLSearchParams({
        MessageSid: 'SM9',
        From: '+14133881111',
        To: '+12028831111',
        Body: text,
      }).toString(),
    );

    // Act
    const [, fact] = factsOf(readTwilioWebhook(body, receivedAt));

    // Assess
    expect(consentOf(fact)?.consent).toMatchObject({ consent, source: `sms keyword ${keyword}` });
  });

  it('gives no consent for a sentence with a keyword in it, nor for STOP on WhatsApp', () => {
    // Prepare
    const sms = Buffer.from('MessageSid=SM1&From=%2B14133881111&To=%2B12028831111&Body=STOP+please');
    const whatsapp = Buffer.from(
      'MessageSid=SM2&From=whatsapp%3A%2B14133881111&To=whatsapp%3A%2B12028831111&Body=STOP&WaId=14133881111',
    );

    // Act
    const sentence = factsOf(readTwilioWebhook(sms, receivedAt));
    const onWhatsapp = factsOf(readTwilioWebhook(whatsapp, receivedAt));

    // Assess
    expect(sentence.map((fact) => fact.kind)).toEqual(['message']);
    expect(onWhatsapp.map((fact) => fact.kind)).toEqual(['message']);
  });
});

describe('LINE follow and unfollow', () => {
  it.each([
    ['unfollow_event.raw.json', 'denied', 'line unfollow'],
    ['follow_event.raw.json', 'granted', 'line follow'],
  ])('reads %s as consent %s, deduplicated by webhookEventId', (file, consent, source) => {
    // Prepare
    const body = fixture('line', file);

    // Act
    const [fact] = factsOf(readLineWebhook(body));

    // Assess
    expect(fact).toEqual({
      kind: 'consent',
      customer: {
        identities: [{ kind: 'line', value: 'U663d4e7e63fc721cff83604c9a3e65a3' }],
        emails: [],
        phones: [],
      },
      consent: {
        platform: 'line',
        consent,
        scope: 'all',
        source,
        occurredAt: '2016-05-07T13:57:59.859Z',
        id: '01FZ74A0TDDPYRVKNK77XKC3ZR',
      },
    });
  });
});

describe('WeChat subscribe and unsubscribe', () => {
  it.each([
    [
      'unsubscribe_event_book_example.xml',
      'ollB4jqgdO_cRnVXk_wRnSywgtQ8',
      'denied',
      '1372309890',
      'unsubscribe',
    ],
    [
      'subscribe_event_book_example.xml',
      'ollB4jv7LA3tydjviJp5V9qTU_kA',
      'granted',
      '1372307736',
      'subscribe',
    ],
  ])('reads %s as consent of the OpenID %s %s', (file, openId, consent, createTime, event) => {
    // Prepare
    const request = webhookRequest('wechat', fixture('wechat', file));

    // Act
    const [fact] = factsOf(readWechatMessage(request, { WECHAT_TOKEN: 't' }));

    // Assess
    expect(fact).toMatchObject({
      kind: 'consent',
      customer: { identities: [{ kind: 'wechat', value: openId }] },
      consent: {
        platform: 'wechat',
        consent,
        scope: 'all',
        source: `wechat ${event}`,
        id: `${openId}:${createTime}:${event}`,
      },
    });
  });
});

describe('Telegram my_chat_member', () => {
  it.each([
    ['update_my_chat_member_private_kicked.json', 'denied', '100000001', '2025-01-19T08:56:40.000Z'],
    ['update_my_chat_member_private_member.json', 'granted', '100000002', '2025-01-19T09:02:18.000Z'],
  ])(
    'reads %s in a private chat as consent %s, for the user like their messages',
    (file, consent, id, at) => {
      // Prepare
      const body = fixture('telegram', file);

      // Act
      const [fact] = factsOf(readTelegramUpdate(body));

      // Assess
      expect(fact).toMatchObject({
        kind: 'consent',
        customer: { identities: [{ kind: 'telegram', value: '5342492667' }], name: 'Nelson II' },
        consent: { platform: 'telegram', consent, scope: 'all', occurredAt: at, id },
      });
    },
  );

  it("ignores the bot's membership changes in groups", () => {
    // Prepare
    const update = JSON.parse(fixture('telegram', 'update_my_chat_member_private_kicked.json').toString());
    update.my_chat_member.chat = { id: -4008338308, title: 'Group', type: 'group' };

    // Act
    const result = readTelegramUpdate(Buffer.from(JSON.stringify(update)));

    // Assess
    expect(result).toEqual({ kind: 'unhandled', topic: 'telegram:my_chat_member' });
  });
});

describe('fact limits of consent', () => {
  it('trim a long source and refuse an id that could not be a key', () => {
    // Prepare
    const [fact] = factsOf(readLineWebhook(fixture('line', 'unfollow_event.raw.json')));
    if (fact?.kind !== 'consent') throw new Error('expected a consent fact');
    const longSource: Fact = { ...fact, consent: { ...fact.consent, source: 'x'.repeat(1000) } };
    const longId: Fact = { ...fact, consent: { ...fact.consent, id: 'y'.repeat(1000) } };

    // Act
    const bounded = boundFacts([longSource, longId]);

    // Assess
    expect(bounded.facts).toHaveLength(1);
    expect(consentOf(bounded.facts[0])?.consent.source).toHaveLength(factLimits.consentSourceCharacters);
    expect(bounded.problems).toEqual([
      `consent.consent.id: longer than ${factLimits.idCharacters} characters`,
    ]);
  });
});

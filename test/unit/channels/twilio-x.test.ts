import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readTwilioWebhook } from '../../../shared/channels/twilio/read-twilio-webhook';
import { twilioChannel } from '../../../shared/channels/twilio/twilio-channel';
import {
  twilioSignature,
  verifyTwilioSignature,
} from '../../../shared/channels/twilio/verify-twilio-signature';
import {
  readXActivity,
  verifyXSignature,
  xChannel,
  xCrcResponse,
} from '../../../shared/channels/x/x-channel';
import { fixture, signatureVectors, webhookRequest } from '../../helpers/channel-fixtures';

const now = new Date('2026-11-23T10:00:00.000Z');
const readTwilioMessage = (body: Buffer) => readTwilioWebhook(body, now.toISOString());

describe('Twilio signature', () => {
  const vectors = signatureVectors('twilio').vectors as unknown as Array<{
    name: string;
    auth_token: string;
    url: string;
    params?: Record<string, string>;
    params_multi?: Array<[string, string]>;
    body_file?: string;
    expected?: string;
    accept_when_request_url_is?: string;
  }>;
  const paramsOf = (vector: (typeof vectors)[number]): Array<[string, string]> =>
    vector.params_multi ??
    (vector.body_file
      ? [...new URLSearchParams(fixture('twilio', vector.body_file).toString())]
      : Object.entries(vector.params ?? {}));

  it.each(vectors.filter((vector) => vector.expected && !vector.url.includes('bodySHA256')))(
    'matches the vector $name',
    (vector) => {
      expect(twilioSignature(vector.auth_token, vector.url, paramsOf(vector))).toBe(vector.expected);
      expect(
        verifyTwilioSignature(
          vector.auth_token,
          vector.accept_when_request_url_is ?? vector.url,
          paramsOf(vector),
          vector.expected,
        ),
      ).toBe(true);
    },
  );

  it('rejects a changed parameter, a missing header and another token', () => {
    const params: Array<[string, string]> = [
      ['Body', 'Hi'],
      ['From', '+14133881111'],
    ];
    const url = 'https://crm.example.com/webhooks/twilio';
    const signature = twilioSignature('token', url, params);
    expect(
      verifyTwilioSignature(
        'token',
        url,
        [
          ['Body', 'Hi!'],
          ['From', '+14133881111'],
        ],
        signature,
      ),
    ).toBe(false);
    expect(verifyTwilioSignature('token', url, params, undefined)).toBe(false);
    expect(verifyTwilioSignature('other', url, params, signature)).toBe(false);
  });

  it('verifies the form body of a request against PUBLIC_BASE_URL + path', () => {
    const body = fixture('twilio', 'sms_inbound_courier.form.txt');
    const signature = twilioSignature('6789', 'https://crm.example.com/webhooks/twilio', [
      ...new URLSearchParams(body.toString()),
    ]);
    const request = webhookRequest('twilio', body, { 'x-twilio-signature': signature });
    expect(
      twilioChannel.verify(
        request,
        { TWILIO_AUTH_TOKEN: '6789' },
        { now, publicBaseUrl: 'https://crm.example.com' },
      ),
    ).toBe(true);
    expect(
      twilioChannel.verify(
        request,
        { TWILIO_AUTH_TOKEN: '6789' },
        { now, publicBaseUrl: 'https://other.example.com' },
      ),
    ).toBe(false);
  });
});

describe('readTwilioWebhook (inbound messages)', () => {
  it('reads an inbound SMS with its media URLs and the sender as a phone identity', () => {
    const result = readTwilioMessage(fixture('twilio', 'sms_inbound_media_courier.form.txt'));
    expect(result).toMatchObject({
      kind: 'facts',
      facts: [
        {
          customer: { identities: [{ kind: 'phone', value: '+14133881111' }] },
          message: {
            platform: 'sms',
            id: 'SMe287d7109a5a925f182f0e07fe5b223b',
            text: 'Msg',
            media: ['cat.jpg', 'dog.jpg'],
          },
        },
      ],
    });
  });

  it('strips the whatsapp: prefix and records the channel and the WaId', () => {
    const body = Buffer.from(
      'MessageSid=SM1&From=whatsapp%3A%2B14133881111&To=whatsapp%3A%2B12028831111&Body=Hola&WaId=14133881111&ProfileName=Ana',
    );
    expect(readTwilioMessage(body)).toMatchObject({
      kind: 'facts',
      facts: [
        {
          customer: {
            identities: [
              { kind: 'whatsapp', value: '14133881111' },
              { kind: 'phone', value: '+14133881111' },
            ],
            name: 'Ana',
          },
          message: { platform: 'whatsapp', text: 'Hola' },
        },
      ],
    });
  });

  it('refuses a sender that is not a phone number instead of claiming it as one', () => {
    const result = readTwilioMessage(Buffer.from('MessageSid=SM1&From=notaphone&To=%2B14155550100&Body=hi'));
    expect(result).toMatchObject({ kind: 'invalid' });
    expect(JSON.stringify(result)).not.toContain('phone:notaphone');
  });

  it('refuses a form of more fields than Twilio ever sends, before parsing it', () => {
    const body = Buffer.from(`MessageSid=SM1&From=%2B14155550123&${'a=&'.repeat(600)}`);
    expect(readTwilioMessage(body)).toMatchObject({ kind: 'invalid' });
  });

  it('never throws on any form bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }).map(Buffer.from), (body) => {
        expect(['facts', 'invalid', 'unhandled']).toContain(readTwilioMessage(body).kind);
      }),
    );
  });
});

describe('X', () => {
  it('answers the CRC with the derived vector', () => {
    expect(xCrcResponse('foo', 'CONSUMER_SECRET')).toBe(
      'sha256=qTmiWiqH13R5Z5Y4RW/+AoGG5hTlOdsX6WXj5p9LDiY=',
    );
    const answer = xChannel.handshake?.(
      webhookRequest('x', Buffer.alloc(0), {}, { crc_token: 'foo' }, 'GET'),
      { X_CONSUMER_SECRET: 'CONSUMER_SECRET' },
    );
    expect(answer).toEqual({
      kind: 'answer',
      contentType: 'application/json',
      body: '{"response_token":"sha256=qTmiWiqH13R5Z5Y4RW/+AoGG5hTlOdsX6WXj5p9LDiY="}',
    });
  });

  const delivery = Buffer.from(
    JSON.stringify({
      for_user_id: '1234858592',
      direct_message_events: [
        JSON.parse(fixture('x', 'direct_message_event_message_create_adapted.json').toString()),
      ],
      users: { '3805104374': { id: '3805104374', name: 'Blue Bird Fan', screen_name: 'bluebirdfan' } },
    }),
  );

  it('checks x-twitter-webhooks-signature on the raw body', () => {
    const header = `sha256=${createHmac('sha256', 'secret').update(delivery).digest('base64')}`;
    expect(verifyXSignature(delivery, header, 'secret')).toBe(true);
    expect(verifyXSignature(Buffer.concat([delivery, Buffer.from(' ')]), header, 'secret')).toBe(false);
    expect(verifyXSignature(delivery, undefined, 'secret')).toBe(false);
    expect(verifyXSignature(delivery, header, 'other')).toBe(false);
  });

  it('reads a direct message to the account, and a mention as a comment', () => {
    expect(readXActivity(delivery)).toMatchObject({
      kind: 'facts',
      facts: [
        {
          customer: { identities: [{ kind: 'x', value: '3805104374' }], name: 'Blue Bird Fan' },
          message: {
            eventType: 'message.received',
            id: '1234858592',
            text: 'Blue Bird',
            occurredAt: '2014-02-11T00:20:23.603Z',
          },
        },
      ],
    });
    const mention = Buffer.from(
      JSON.stringify({
        for_user_id: '1',
        tweet_create_events: [
          {
            id_str: '99',
            created_at: 'Wed Oct 10 20:19:24 +0000 2018',
            text: '@shop where is my order?',
            user: { id_str: '7', name: 'Kim', screen_name: 'kim' },
          },
        ],
      }),
    );
    expect(readXActivity(mention)).toMatchObject({
      kind: 'facts',
      facts: [
        {
          message: {
            eventType: 'comment.received',
            id: '99',
            kind: 'mention',
            occurredAt: '2018-10-10T20:19:24.000Z',
          },
        },
      ],
    });
  });

  it('skips what the account itself sent', () => {
    const own = Buffer.from(
      JSON.stringify({
        for_user_id: '3805104374',
        direct_message_events: [
          JSON.parse(fixture('x', 'direct_message_event_message_create_adapted.json').toString()),
        ],
      }),
    );
    expect(readXActivity(own).kind).toBe('unhandled');
  });

  it('never throws on any bytes', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.uint8Array({ maxLength: 512 }).map(Buffer.from), fc.json().map(Buffer.from)),
        (body) => {
          expect(['facts', 'invalid', 'unhandled']).toContain(readXActivity(body).kind);
        },
      ),
    );
  });
});

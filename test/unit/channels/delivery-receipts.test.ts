import { describe, expect, it } from 'vitest';
import { readMetaWebhook } from '../../../shared/channels/meta/read-meta-webhook';
import { readTwilioWebhook } from '../../../shared/channels/twilio/read-twilio-webhook';
import { readWechatMessage } from '../../../shared/channels/wechat/read-wechat-message';
import type { Fact, ReadResult } from '../../../shared/domain/facts';
import { fixture, webhookRequest } from '../../helpers/channel-fixtures';

const receivedAt = '2026-11-23T10:00:00.000Z';

const factsOf = (result: ReadResult): Fact[] => {
  if (result.kind !== 'facts') throw new Error(`expected facts, got ${JSON.stringify(result)}`);
  return result.facts;
};

/** A fixture's JSON, cloned and changed by `edit`, as raw bytes. */
const edited = (platform: string, name: string, edit: (body: Record<string, unknown>) => void): Buffer => {
  const body = JSON.parse(fixture(platform, name).toString('utf8'));
  edit(body);
  return Buffer.from(JSON.stringify(body));
};

describe('WhatsApp statuses', () => {
  it('keep the error code of a failed status apart from its text', () => {
    // Prepare
    const body = fixture('whatsapp', 'cloud_status_failed.json');

    // Act
    const [fact] = factsOf(readMetaWebhook(body));

    // Assess
    expect(fact).toMatchObject({
      kind: 'receipt',
      customer: {
        identities: [
          { kind: 'whatsapp', value: '972987654321' },
          { kind: 'phone', value: '+972987654321' },
        ],
      },
      receipt: {
        platform: 'whatsapp',
        messageId: 'wamid.xyzxyz',
        status: 'failed',
        errorCode: '130472',
        error: "130472 User's number is part of an experiment",
        occurredAt: '2023-07-15T00:20:58.000Z',
      },
    });
  });

  it("carry Rapport's message id back from biz_opaque_callback_data", () => {
    // Prepare
    const body = edited('whatsapp', 'cloud_status_sent_biz_opaque_callback_zaple.json', (payload) => {
      const [entry] = payload.entry as Array<{ changes: Array<{ value: { statuses: object[] } }> }>;
      const [status] = entry?.changes[0]?.value.statuses ?? [];
      Object.assign(status ?? {}, { biz_opaque_callback_data: '01JDQ3ZK4B8N6T2V5W7X9Y0A1C' });
    });

    // Act
    const [fact] = factsOf(readMetaWebhook(body));

    // Assess
    expect(fact?.kind === 'receipt' && fact.receipt).toEqual({
      platform: 'whatsapp',
      messageId: 'wamid.HBgMOTE4ODY2MjMwNjYzFQIAERgSNzc2RUEzMEQwQUQ1NzhGNjZCAA==',
      status: 'sent',
      occurredAt: '2026-02-23T13:56:04.000Z',
      rapportMessageId: '01JDQ3ZK4B8N6T2V5W7X9Y0A1C',
    });
  });

  it("take another app's callback data for no Rapport id, keeping the wamid", () => {
    // Prepare
    const body = fixture('whatsapp', 'cloud_status_sent_biz_opaque_callback_zaple.json');

    // Act
    const [fact] = factsOf(readMetaWebhook(body));

    // Assess
    expect(fact).toMatchObject({
      receipt: {
        messageId: 'wamid.HBgMOTE4ODY2MjMwNjYzFQIAERgSNzc2RUEzMEQwQUQ1NzhGNjZCAA==',
        status: 'sent',
      },
    });
    expect(fact?.kind === 'receipt' && fact.receipt.rapportMessageId).toBeUndefined();
  });

  it('give no Rapport message id when a status echoes none', () => {
    // Prepare
    const body = fixture('whatsapp', 'cloud_status_delivered.json');

    // Act
    const [fact] = factsOf(readMetaWebhook(body));

    // Assess
    expect(fact?.kind === 'receipt' && fact.receipt.rapportMessageId).toBeUndefined();
    expect(fact?.kind === 'receipt' && fact.receipt.errorCode).toBeUndefined();
  });
});

describe('Messenger and Instagram receipts', () => {
  it('read message_deliveries with mids as one delivered receipt per message, for the PSID', () => {
    // Prepare
    const body = fixture('messenger', 'page_message_deliveries_docs_example.raw.json');

    // Act
    const facts = factsOf(readMetaWebhook(body));

    // Assess
    expect(facts).toEqual([
      {
        kind: 'receipt',
        customer: { identities: [{ kind: 'messenger', value: '<PSID>' }], emails: [], phones: [] },
        receipt: {
          platform: 'messenger',
          messageId: 'mid.1458668856218:ed81099e15d3f4f233',
          status: 'delivered',
          // Meta's example has no timestamp: the watermark is when.
          occurredAt: '2016-03-22T17:47:36.253Z',
        },
      },
    ]);
  });

  it('read message_deliveries without mids as a watermark receipt', () => {
    // Prepare
    const body = edited('messenger', 'page_message_deliveries_docs_example.raw.json', (payload) => {
      const entry = (payload.entry as Array<{ messaging: Array<{ delivery: { mids?: string[] } }> }>)[0];
      delete entry?.messaging[0]?.delivery.mids;
    });

    // Act
    const [fact] = factsOf(readMetaWebhook(body));

    // Assess
    expect(fact?.kind === 'receipt' && fact.receipt).toEqual({
      platform: 'messenger',
      messageId: 'watermark:1458668856253',
      status: 'delivered',
      occurredAt: '2016-03-22T17:47:36.253Z',
      watermark: '2016-03-22T17:47:36.253Z',
    });
  });

  it('read message_reads as a read watermark, dated by the event', () => {
    // Prepare
    const body = fixture('messenger', 'page_message_reads_docs_example.raw.json');

    // Act
    const [fact] = factsOf(readMetaWebhook(body));

    // Assess
    expect(fact).toMatchObject({
      kind: 'receipt',
      customer: { identities: [{ kind: 'messenger', value: '<PSID>' }] },
      receipt: {
        platform: 'messenger',
        messageId: 'watermark:1458668856253',
        status: 'read',
        occurredAt: '2016-03-22T17:47:36.463Z',
        watermark: '2016-03-22T17:47:36.253Z',
      },
    });
  });

  it('read Instagram messaging_seen with a mid as a read receipt of that message, for the IGSID', () => {
    // Prepare
    const body = fixture('instagram', 'messaging_seen_constructed.raw.json');

    // Act
    const [fact] = factsOf(readMetaWebhook(body));

    // Assess
    expect(fact).toMatchObject({
      kind: 'receipt',
      customer: { identities: [{ kind: 'instagram', value: '12334' }] },
      receipt: { platform: 'instagram', messageId: 'random_mid', status: 'read' },
    });
    expect(fact?.kind === 'receipt' && fact.receipt.watermark).toBeUndefined();
  });

  it('report a receipt with neither message ids nor a watermark, and still skip echoes', () => {
    // Prepare
    const body = Buffer.from(
      JSON.stringify({
        object: 'page',
        entry: [
          {
            id: '1',
            messaging: [
              { sender: { id: '9' }, recipient: { id: '1' }, delivery: {} },
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

    // Act
    const result = readMetaWebhook(body);

    // Assess
    expect(result).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/delivery\.watermark/) });
  });
});

describe('Twilio status callbacks', () => {
  it('read an SMS delivered callback as a receipt for the To number, at the time it was received', () => {
    // Prepare
    const body = fixture('twilio', 'sms_status_delivered.form.txt');

    // Act
    const result = readTwilioWebhook(body, receivedAt);

    // Assess
    expect(result).toEqual({
      kind: 'facts',
      topic: 'status',
      facts: [
        {
          kind: 'receipt',
          customer: {
            identities: [{ kind: 'phone', value: '+8613314517617' }],
            emails: [],
            phones: ['+8613314517617'],
          },
          receipt: {
            platform: 'sms',
            messageId: 'SM1fc5c260adf048999bce1a51c6a3565f',
            status: 'delivered',
            occurredAt: receivedAt,
          },
        },
      ],
    });
  });

  it('keep the ErrorCode of an undelivered SMS', () => {
    // Prepare
    const body = fixture('twilio', 'sms_status_undelivered_adapted.form.txt');

    // Act
    const [fact] = factsOf(readTwilioWebhook(body, receivedAt));

    // Assess
    expect(fact).toMatchObject({ receipt: { status: 'undelivered', errorCode: '30003' } });
  });

  it.each([
    ['whatsapp_status_delivered_botbuilder.form.txt', 'SMdf55df64a2ff4920bb0748193cfbb640', 'delivered'],
    ['whatsapp_status_sent_botbuilder.form.txt', 'SM0cec4ed334e74bcbb64eb8b6684e9654', 'sent'],
  ])(
    'read the WhatsApp callback %s as a WhatsApp receipt for the number without its prefix',
    (file, sid, status) => {
      // Prepare
      const body = fixture('twilio', file);

      // Act
      const [fact] = factsOf(readTwilioWebhook(body, receivedAt));

      // Assess
      expect(fact).toEqual({
        kind: 'receipt',
        customer: {
          identities: [
            { kind: 'whatsapp', value: '31612345678' },
            { kind: 'phone', value: '+31612345678' },
          ],
          emails: [],
          phones: ['+31612345678'],
        },
        receipt: { platform: 'whatsapp', messageId: sid, status, occurredAt: receivedAt },
      });
    },
  );

  it('keep reading a request with SmsStatus=received as an inbound message', () => {
    // Prepare
    const body = fixture('twilio', 'sms_inbound_courier.form.txt');

    // Act
    const result = readTwilioWebhook(body, receivedAt);

    // Assess
    expect(result).toMatchObject({ kind: 'facts', topic: 'message', facts: [{ kind: 'message' }] });
  });

  it('refuse a status callback whose To is not a phone number', () => {
    // Prepare
    const body = Buffer.from('MessageSid=SM1&MessageStatus=delivered&To=nobody');

    // Act
    const result = readTwilioWebhook(body, receivedAt);

    // Assess
    expect(result).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/To/) });
  });
});

describe('WeChat template results', () => {
  it('read TEMPLATESENDJOBFINISH as a receipt of the MsgID with its Status, for the follower', () => {
    // Prepare
    const body = fixture('wechat', 'template_send_job_finish_user_block.xml');

    // Act
    const [fact] = factsOf(readWechatMessage(webhookRequest('wechat', body), { WECHAT_TOKEN: 't' }));

    // Assess
    expect(fact).toEqual({
      kind: 'receipt',
      customer: { identities: [{ kind: 'wechat', value: 'FromUser' }], emails: [], phones: [] },
      receipt: {
        platform: 'wechat',
        messageId: '200163840',
        status: 'failed:user block',
        occurredAt: '1973-11-29T21:33:09.000Z',
      },
    });
  });

  it('refuse a TEMPLATESENDJOBFINISH without its MsgID', () => {
    // Prepare
    const xml = fixture('wechat', 'template_send_job_finish_user_block.xml')
      .toString('utf8')
      .replace('<MsgID>200163840</MsgID>', '');

    // Act
    const result = readWechatMessage(webhookRequest('wechat', Buffer.from(xml)), { WECHAT_TOKEN: 't' });

    // Assess
    expect(result).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/MsgID/) });
  });
});

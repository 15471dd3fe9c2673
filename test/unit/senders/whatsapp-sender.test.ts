import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTransports } from '../../../shared/delivery/transports';
import type { SendRequest } from '../../../shared/outbound/platform-sender';
import {
  createWhatsAppSender,
  whatsAppMaxTextLength,
} from '../../../shared/outbound/senders/whatsapp-sender';
import { metaError, startMetaGraphStandIn } from '../../helpers/stand-ins/meta-graph-stand-in';
import type { StandIn } from '../../helpers/stand-ins/scripted-stand-in';

const transports = createTransports({
  allowLoopbackHttp: true,
  emailFrom: '',
  sesConfigurationSet: '',
  emailOutboxDir: '',
  timeoutMs: 400,
  userAgent: 'Rapport-test/1',
});

const settings = {
  whatsAppAccessToken: 'EAAG-stand-in-token',
  phoneNumberId: '106540352242922',
  pageAccessToken: 'EAAP-page',
};

const request = (overrides: Partial<SendRequest> = {}): SendRequest => ({
  messageId: '01JDQ8V7Y3K2M4N5P6Q7R8S9T0',
  platform: 'whatsapp',
  to: '+1 415 555 0123',
  content: { kind: 'text', text: 'Your parcel left the warehouse today.' },
  ...overrides,
});

describe('WhatsApp Cloud API sender', () => {
  let graph: StandIn;
  const sender = () =>
    createWhatsAppSender(
      {
        graphUrl: graph.url,
        accessToken: settings.whatsAppAccessToken,
        phoneNumberId: settings.phoneNumberId,
      },
      transports,
    );

  beforeAll(async () => {
    graph = await startMetaGraphStandIn(settings);
  });
  afterAll(() => graph.close());
  beforeEach(() => {
    graph.requests.length = 0;
  });

  it('posts a text to /{phone-number-id}/messages with the Bearer token and answers sent with the wamid', async () => {
    // Act
    const outcome = await sender().send(request());

    // Assess
    expect(outcome).toEqual({
      kind: 'sent',
      platformMessageId: expect.stringMatching(/^wamid\.StandIn\d+$/),
    });
    expect(graph.requests).toHaveLength(1);
    const [sent] = graph.requests;
    expect(sent?.method).toBe('POST');
    expect(sent?.path).toBe(`/v23.0/${settings.phoneNumberId}/messages`);
    expect(sent?.headers.authorization).toBe(`Bearer ${settings.whatsAppAccessToken}`);
    expect(sent?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(sent?.body ?? '')).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '14155550123',
      type: 'text',
      text: { preview_url: false, body: 'Your parcel left the warehouse today.' },
      biz_opaque_callback_data: '01JDQ8V7Y3K2M4N5P6Q7R8S9T0',
    });
  });

  it('sends a template with its body parameters in order, with the deterministic language policy', async () => {
    // Prepare
    const template = request({
      content: { kind: 'template', name: 'order_update', language: 'en_US', parameters: ['Ada', '#1001'] },
    });

    // Act
    const outcome = await sender().send(template);

    // Assess
    expect(outcome.kind).toBe('sent');
    expect(JSON.parse(graph.requests[0]?.body ?? '')).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '14155550123',
      type: 'template',
      template: {
        name: 'order_update',
        language: { policy: 'deterministic', code: 'en_US' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Ada' },
              { type: 'text', text: '#1001' },
            ],
          },
        ],
      },
      biz_opaque_callback_data: '01JDQ8V7Y3K2M4N5P6Q7R8S9T0',
    });
  });

  it('leaves out components for a template without parameters', async () => {
    // Act
    await sender().send(
      request({ content: { kind: 'template', name: 'hello_world', language: 'en_US', parameters: [] } }),
    );

    // Assess
    const body = JSON.parse(graph.requests[0]?.body ?? '');
    expect(body.template).toEqual({
      name: 'hello_world',
      language: { policy: 'deterministic', code: 'en_US' },
    });
  });

  it('answers failed, not ours, with a reason that says to send a template, on 131047 (outside the 24 hours)', async () => {
    // Prepare
    graph.failNext(
      metaError(400, 131047, '(#131047) Re-engagement message', {
        details:
          'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
      }),
    );

    // Act
    const outcome = await sender().send(request());

    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: '131047', ours: false });
    expect(outcome.kind === 'failed' && outcome.reason).toMatch(/24 hours.*template/);
    expect(outcome).not.toHaveProperty('optedOut');
  });

  it('answers failed and opted out on 131050 (the customer stopped marketing messages)', async () => {
    // Prepare
    graph.failNext(
      metaError(
        400,
        131050,
        '(#131050) Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business',
      ),
    );

    // Act
    const outcome = await sender().send(request());

    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: '131050', ours: false, optedOut: true });
  });

  it.each([
    [130403, '(#130403) Recipient blocked'],
    [131026, '(#131026) Message Undeliverable'],
  ])('answers failed, not ours, on %i', async (code, message) => {
    // Prepare
    graph.failNext(metaError(400, code, message));

    // Act
    const outcome = await sender().send(request());

    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: String(code), ours: false });
  });

  it('answers retry after about 6 seconds on 131056 (too many messages to this customer)', async () => {
    // Prepare
    graph.failNext(
      metaError(400, 131056, '(#131056) (Business Account, Consumer Account) pair rate limit hit'),
    );

    // Act
    const outcome = await sender().send(request());

    // Assess
    expect(outcome).toMatchObject({ kind: 'retry', retryAfterMs: 6000 });
  });

  it('answers retry after the Retry-After on 130429 (throughput reached)', async () => {
    // Prepare
    graph.failNext(metaError(429, 130429, '(#130429) Rate limit hit', { headers: { 'retry-after': '2' } }));

    // Act
    const outcome = await sender().send(request());

    // Assess
    expect(outcome).toMatchObject({ kind: 'retry', retryAfterMs: 2000 });
  });

  it.each([80007, 4])('answers retry on %i (account or app rate limit)', async (code) => {
    // Prepare
    graph.failNext(metaError(400, code, `(#${code}) Rate limit`));

    // Act
    const outcome = await sender().send(request());

    // Assess
    expect(outcome.kind).toBe('retry');
  });

  it('answers retry in 24 hours on 131049 (held back for healthy engagement)', async () => {
    // Prepare
    graph.failNext(
      metaError(
        400,
        131049,
        '(#131049) This message was not delivered to maintain healthy ecosystem engagement.',
      ),
    );

    // Act
    const outcome = await sender().send(request());

    // Assess
    expect(outcome).toMatchObject({ kind: 'retry', retryAfterMs: 24 * 60 * 60 * 1000 });
  });

  it('answers failed, ours, when the platform refuses the access token (190)', async () => {
    // Prepare: a token the stand-in does not know, refused by its own check.
    const stale = createWhatsAppSender(
      { graphUrl: graph.url, accessToken: 'EAAG-expired', phoneNumberId: settings.phoneNumberId },
      transports,
    );

    // Act
    const outcome = await stale.send(request());

    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: '190', ours: true });
    expect(outcome.kind === 'failed' && outcome.reason).toMatch(/WHATSAPP_ACCESS_TOKEN/);
    expect(graph.requests).toHaveLength(0);
  });

  it.each([
    [132000, '(#132000) Number of parameters does not match the expected number of params'],
    [132001, '(#132001) Template name does not exist in the translation'],
    [131051, '(#131051) Unsupported message type'],
  ])('answers failed, ours, on %i', async (code, message) => {
    // Prepare
    graph.failNext(metaError(400, code, message));

    // Act
    const outcome = await sender().send(request());

    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: String(code), ours: true });
  });

  it('answers failed, ours, with a wrong phone number id (the Graph API does not know the object)', async () => {
    // Prepare
    const misconfigured = createWhatsAppSender(
      { graphUrl: graph.url, accessToken: settings.whatsAppAccessToken, phoneNumberId: '999' },
      transports,
    );

    // Act
    const outcome = await misconfigured.send(request());

    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: '100', ours: true });
  });

  it('answers retry on a 5xx without Meta’s envelope', async () => {
    // Prepare
    graph.failNext({ status: 502, body: '<html>Bad Gateway</html>' });

    // Act
    const outcome = await sender().send(request());

    // Assess
    expect(outcome.kind).toBe('retry');
  });

  it('answers failed not_configured without sending when the token or phone number id is missing', async () => {
    // Prepare
    const unconfigured = createWhatsAppSender(
      { graphUrl: graph.url, accessToken: '', phoneNumberId: '' },
      transports,
    );

    // Act
    const outcome = await unconfigured.send(request());

    // Assess
    expect(outcome).toEqual({
      kind: 'failed',
      code: 'not_configured',
      reason: 'WhatsApp is not configured: set WHATSAPP_ACCESS_TOKEN and WHATSAPP_PHONE_NUMBER_ID',
      ours: true,
    });
    expect(graph.requests).toHaveLength(0);
  });

  it('refuses a text longer than WhatsApp takes without sending it', async () => {
    // Act
    const outcome = await sender().send(
      request({ content: { kind: 'text', text: 'x'.repeat(whatsAppMaxTextLength + 1) } }),
    );

    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: 'text_too_long', ours: true });
    expect(graph.requests).toHaveLength(0);
  });

  it('answers unknown, not retry, when the request reached Meta but no answer came back', async () => {
    // Prepare
    graph.failNext('hang');

    // Act
    const outcome = await sender().send(request());

    // Assess
    expect(outcome.kind).toBe('unknown');
    expect(graph.requests).toHaveLength(1);
  });

  it('is checked against a stand-in that refuses what Meta refuses (no messaging_product: 100)', async () => {
    // Act: a body the sender never builds, straight to the stand-in.
    const answer = await transports.post({
      url: `${graph.url}/${settings.phoneNumberId}/messages`,
      headers: {
        authorization: `Bearer ${settings.whatsAppAccessToken}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ to: '14155550123', type: 'text', text: { body: 'Hi' } }),
    });

    // Assess
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error).toMatchObject({ code: 100, type: 'OAuthException' });
    expect(graph.requests).toHaveLength(0);
  });
});

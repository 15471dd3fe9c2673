import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTransports } from '../../../shared/delivery/transports';
import type { SendRequest } from '../../../shared/outbound/platform-sender';
import {
  createInstagramSender,
  createMessengerSender,
  sendApiMaxTextLength,
} from '../../../shared/outbound/senders/messenger-sender';
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
  whatsAppAccessToken: 'EAAG-wa',
  phoneNumberId: '1065',
  pageAccessToken: 'EAAP-page+token/=',
};

const request = (overrides: Partial<SendRequest> = {}): SendRequest => ({
  messageId: '01JDQ8V7Y3K2M4N5P6Q7R8S9T0',
  platform: 'messenger',
  to: '24069382736598231',
  content: { kind: 'text', text: 'Your parcel left the warehouse today.' },
  ...overrides,
});

describe('Messenger and Instagram senders (Send API)', () => {
  let graph: StandIn;
  const messenger = () =>
    createMessengerSender({ graphUrl: graph.url, pageAccessToken: settings.pageAccessToken }, transports);
  const instagram = () =>
    createInstagramSender({ graphUrl: graph.url, pageAccessToken: settings.pageAccessToken }, transports);

  beforeAll(async () => {
    graph = await startMetaGraphStandIn(settings);
  });
  afterAll(() => graph.close());
  beforeEach(() => {
    graph.requests.length = 0;
  });

  it('posts a Messenger text as a RESPONSE to /me/messages with the Page token as access_token, and answers sent with the mid', async () => {
    // Act
    const outcome = await messenger().send(request());

    // Assess
    expect(outcome).toEqual({ kind: 'sent', platformMessageId: expect.stringMatching(/^m_StandIn\d+$/) });
    const [sent] = graph.requests;
    const url = new URL(sent?.path ?? '', 'http://stand-in');
    expect(url.pathname).toBe('/v23.0/me/messages');
    expect(url.searchParams.get('access_token')).toBe(settings.pageAccessToken);
    expect(sent?.headers['content-type']).toBe('application/json');
    expect(sent?.headers.authorization).toBeUndefined();
    expect(JSON.parse(sent?.body ?? '')).toEqual({
      recipient: { id: '24069382736598231' },
      messaging_type: 'RESPONSE',
      message: { text: 'Your parcel left the warehouse today.' },
    });
  });

  it('tags a human agent reply after the window as MESSAGE_TAG / HUMAN_AGENT', async () => {
    // Act
    await messenger().send(request({ humanAgentTag: true }));

    // Assess
    expect(JSON.parse(graph.requests[0]?.body ?? '')).toEqual({
      recipient: { id: '24069382736598231' },
      messaging_type: 'MESSAGE_TAG',
      tag: 'HUMAN_AGENT',
      message: { text: 'Your parcel left the warehouse today.' },
    });
  });

  it('sends an Instagram response without messaging_type, and the HUMAN_AGENT tag when asked', async () => {
    // Act
    const plain = await instagram().send(request({ platform: 'instagram', to: '17841400000000001' }));
    await instagram().send(request({ platform: 'instagram', to: '17841400000000001', humanAgentTag: true }));

    // Assess
    expect(plain.kind).toBe('sent');
    expect(new URL(graph.requests[0]?.path ?? '', 'http://stand-in').pathname).toBe('/v23.0/me/messages');
    expect(JSON.parse(graph.requests[0]?.body ?? '')).toEqual({
      recipient: { id: '17841400000000001' },
      message: { text: 'Your parcel left the warehouse today.' },
    });
    expect(JSON.parse(graph.requests[1]?.body ?? '')).toMatchObject({
      messaging_type: 'MESSAGE_TAG',
      tag: 'HUMAN_AGENT',
    });
  });

  it.each([2018278, 2534022])(
    'answers failed, not ours, on 10 / %i (outside the allowed window)',
    async (subcode) => {
      // Prepare
      graph.failNext(
        metaError(400, 10, '(#10) This message is sent outside of allowed window.', { subcode }),
      );

      // Act
      const outcome = await messenger().send(request());

      // Assess
      expect(outcome).toMatchObject({ kind: 'failed', code: `10/${subcode}`, ours: false });
      expect(outcome.kind === 'failed' && outcome.reason).toMatch(/24 hours/);
    },
  );

  it('answers failed, not ours, on 551 (the person is not available)', async () => {
    // Prepare
    graph.failNext(metaError(400, 551, "This person isn't available right now.", { subcode: 1545041 }));

    // Act
    const outcome = await messenger().send(request());

    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: '551/1545041', ours: false });
  });

  it('answers failed, not ours, on 100 / 2018001 (no matching user)', async () => {
    // Prepare
    graph.failNext(metaError(400, 100, '(#100) No matching user found', { subcode: 2018001 }));

    // Act
    const outcome = await messenger().send(request());

    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: '100/2018001', ours: false });
  });

  it('answers retry on 613 (calls exceeded the rate limit)', async () => {
    // Prepare
    graph.failNext(metaError(400, 613, '(#613) Calls to this api have exceeded the rate limit.'));

    // Act
    const outcome = await messenger().send(request());

    // Assess
    expect(outcome.kind).toBe('retry');
  });

  it('answers retry after the Retry-After on 4 (application request limit)', async () => {
    // Prepare
    graph.failNext(
      metaError(429, 4, '(#4) Application request limit reached', { headers: { 'retry-after': '5' } }),
    );

    // Act
    const outcome = await instagram().send(request({ platform: 'instagram' }));

    // Assess
    expect(outcome).toMatchObject({ kind: 'retry', retryAfterMs: 5000 });
  });

  it('answers retry on 2 (an unexpected error Meta asks to retry later)', async () => {
    // Prepare
    graph.failNext(metaError(500, 2, 'An unexpected error has occurred. Please retry your request later.'));

    // Act
    const outcome = await messenger().send(request());

    // Assess
    expect(outcome.kind).toBe('retry');
  });

  it('answers failed, ours, when Meta refuses the Page token (190)', async () => {
    // Prepare
    const stale = createMessengerSender({ graphUrl: graph.url, pageAccessToken: 'EAAP-expired' }, transports);

    // Act
    const outcome = await stale.send(request());

    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: '190', ours: true });
    expect(outcome.kind === 'failed' && outcome.reason).toMatch(/META_PAGE_ACCESS_TOKEN/);
  });

  it('answers failed, ours, on 200 (permission missing)', async () => {
    // Prepare
    graph.failNext(metaError(403, 200, '(#200) Requires pages_messaging permission to manage the object'));

    // Act
    const outcome = await messenger().send(request());

    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: '200', ours: true });
  });

  it('refuses a template without sending: the Send API has none', async () => {
    // Act
    const outcome = await messenger().send(
      request({ content: { kind: 'template', name: 'order_update', language: 'en_US', parameters: [] } }),
    );

    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: 'template_unsupported', ours: true });
    expect(graph.requests).toHaveLength(0);
  });

  it('refuses an Instagram text over 1000 characters without sending it', async () => {
    // Act
    const outcome = await instagram().send(
      request({
        platform: 'instagram',
        content: { kind: 'text', text: 'x'.repeat(sendApiMaxTextLength.instagram + 1) },
      }),
    );

    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: 'text_too_long', ours: true });
    expect(graph.requests).toHaveLength(0);
  });

  it('answers failed not_configured without sending when the Page token is missing', async () => {
    // Act
    const outcome = await createInstagramSender(
      { graphUrl: graph.url, pageAccessToken: '' },
      transports,
    ).send(request({ platform: 'instagram' }));

    // Assess
    expect(outcome).toEqual({
      kind: 'failed',
      code: 'not_configured',
      reason: 'Instagram is not configured: set META_PAGE_ACCESS_TOKEN',
      ours: true,
    });
    expect(graph.requests).toHaveLength(0);
  });

  it('answers unknown when the request reached Meta but no answer came back', async () => {
    // Prepare
    graph.failNext('hang');

    // Act
    const outcome = await messenger().send(request());

    // Assess
    expect(outcome.kind).toBe('unknown');
    expect(graph.requests).toHaveLength(1);
  });

  it('is checked against a stand-in that refuses a tag without MESSAGE_TAG with 100', async () => {
    // Act
    const answer = await transports.post({
      url: `${graph.url}/me/messages?access_token=${encodeURIComponent(settings.pageAccessToken)}`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        recipient: { id: '1' },
        messaging_type: 'RESPONSE',
        tag: 'HUMAN_AGENT',
        message: { text: 'Hi' },
      }),
    });

    // Assess
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error.code).toBe(100);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTransports } from '../../../shared/delivery/transports';
import type { SendRequest } from '../../../shared/outbound/platform-sender';
import {
  createTwilioSender,
  type TwilioSenderOptions,
  twilioMaxTextLength,
} from '../../../shared/outbound/senders/twilio-sender';
import type { StandIn } from '../../helpers/stand-ins/scripted-stand-in';
import { startTwilioStandIn, twilioError } from '../../helpers/stand-ins/twilio-stand-in';

const transports = createTransports({
  allowLoopbackHttp: true,
  emailFrom: '',
  sesConfigurationSet: '',
  emailOutboxDir: '',
  timeoutMs: 400,
  userAgent: 'Rapport-test/1',
});

const accountSid = `AC${'0a1b2c3d'.repeat(4)}`;
const authToken = 'stand-in-auth-token';
const messagingServiceSid = `MG${'9f8e7d6c'.repeat(4)}`;
const contentSid = `HX${'1234abcd'.repeat(4)}`;

const request = (overrides: Partial<SendRequest> = {}): SendRequest => ({
  messageId: '01JDQ8V7Y3K2M4N5P6Q7R8S9T0',
  platform: 'sms',
  to: '+14155550123',
  content: { kind: 'text', text: 'Your parcel left the warehouse today.' },
  ...overrides,
});

/** The form the stand-in received, as ordered name/value pairs. */
function formOf(standIn: StandIn, index = 0): Array<[string, string]> {
  return [...new URLSearchParams(standIn.requests[index]?.body ?? '').entries()];
}

describe('Twilio sender (SMS and WhatsApp through Twilio)', () => {
  let twilio: StandIn;
  const options = (overrides: Partial<TwilioSenderOptions> = {}): TwilioSenderOptions => ({
    apiUrl: twilio.url,
    accountSid,
    authToken,
    from: '+15005550006',
    publicBaseUrl: 'https://crm.shop.example/',
    ...overrides,
  });
  const sender = (overrides: Partial<TwilioSenderOptions> = {}) =>
    createTwilioSender(options(overrides), transports);

  beforeAll(async () => {
    twilio = await startTwilioStandIn({ accountSid, authToken });
  });
  afterAll(() => twilio.close());
  beforeEach(() => {
    twilio.requests.length = 0;
  });

  it('posts an SMS form to Messages.json with Basic auth and the status callback, and answers sent with the SM sid', async () => {
    // Act
    const outcome = await sender().send(request());

    // Assess
    expect(outcome).toEqual({ kind: 'sent', platformMessageId: expect.stringMatching(/^SM[0-9a-f]{32}$/) });
    const [sent] = twilio.requests;
    expect(sent?.method).toBe('POST');
    expect(sent?.path).toBe(`/2010-04-01/Accounts/${accountSid}/Messages.json`);
    expect(sent?.headers.authorization).toBe(
      `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
    );
    expect(sent?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(formOf(twilio)).toEqual([
      ['To', '+14155550123'],
      ['From', '+15005550006'],
      ['Body', 'Your parcel left the warehouse today.'],
      ['StatusCallback', 'https://crm.shop.example/webhooks/twilio'],
    ]);
  });

  it('sends through a Messaging Service as MessagingServiceSid when TWILIO_FROM is an MG sid', async () => {
    // Act
    const outcome = await sender({ from: messagingServiceSid, publicBaseUrl: '' }).send(request());

    // Assess
    expect(outcome.kind).toBe('sent');
    expect(formOf(twilio)).toEqual([
      ['To', '+14155550123'],
      ['MessagingServiceSid', messagingServiceSid],
      ['Body', 'Your parcel left the warehouse today.'],
    ]);
  });

  it('addresses WhatsApp through Twilio as whatsapp:+E164 from the WhatsApp sender', async () => {
    // Act
    const outcome = await sender({ from: 'whatsapp:+14155238886' }).send(
      request({ platform: 'whatsapp', viaTwilio: true }),
    );

    // Assess
    expect(outcome.kind).toBe('sent');
    expect(formOf(twilio).slice(0, 2)).toEqual([
      ['To', 'whatsapp:+14155550123'],
      ['From', 'whatsapp:+14155238886'],
    ]);
  });

  it('uses TWILIO_WHATSAPP_FROM for WhatsApp and the SMS number for SMS when both are set', async () => {
    // Prepare
    const both = sender({ from: '+15005550006', whatsAppFrom: 'whatsapp:+14155238886' });

    // Act
    await both.send(request({ platform: 'whatsapp', viaTwilio: true }));
    await both.send(request());

    // Assess
    expect(formOf(twilio, 0)[1]).toEqual(['From', 'whatsapp:+14155238886']);
    expect(formOf(twilio, 1)[1]).toEqual(['From', '+15005550006']);
  });

  it('sends a template as ContentSid with numbered ContentVariables and no Body', async () => {
    // Act
    const outcome = await sender({ from: 'whatsapp:+14155238886' }).send(
      request({
        platform: 'whatsapp',
        viaTwilio: true,
        content: { kind: 'template', name: contentSid, language: 'en', parameters: ['Ada', '#1001'] },
      }),
    );

    // Assess
    expect(outcome.kind).toBe('sent');
    expect(formOf(twilio)).toEqual([
      ['To', 'whatsapp:+14155550123'],
      ['From', 'whatsapp:+14155238886'],
      ['ContentSid', contentSid],
      ['ContentVariables', '{"1":"Ada","2":"#1001"}'],
      ['StatusCallback', 'https://crm.shop.example/webhooks/twilio'],
    ]);
  });

  it('answers failed and opted out on 21610 (the customer replied STOP)', async () => {
    // Prepare
    twilio.failNext(twilioError(400, 21610, 'Attempt to send to unsubscribed recipient'));

    // Act
    const outcome = await sender().send(request());

    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: '21610', ours: false, optedOut: true });
  });

  it('answers failed, not ours, when Twilio finds the customer number invalid (21211, from its own check)', async () => {
    // Act
    const outcome = await sender().send(request({ to: '0415 555' }));

    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: '21211', ours: false });
    expect(twilio.requests).toHaveLength(0);
  });

  it.each([
    [21614, "'To' number is not a valid mobile number"],
    [21635, "'To' number cannot be a landline"],
    [
      63016,
      'Failed to send freeform message because you are outside the allowed window. Please use a Template.',
    ],
  ])('answers failed, not ours, on %i', async (code, message) => {
    // Prepare
    twilio.failNext(twilioError(400, code, message));

    // Act
    const outcome = await sender().send(request());

    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: String(code), ours: false });
    expect(outcome).not.toHaveProperty('optedOut');
  });

  it('answers retry after the Retry-After on 20429 (too many requests)', async () => {
    // Prepare
    twilio.failNext(twilioError(429, 20429, 'Too Many Requests', { 'retry-after': '3' }));

    // Act
    const outcome = await sender().send(request());

    // Assess
    expect(outcome).toMatchObject({ kind: 'retry', retryAfterMs: 3000 });
  });

  it('answers retry after 30 seconds on 14107 (30 replies between two numbers in 30 seconds)', async () => {
    // Prepare
    twilio.failNext(twilioError(400, 14107, 'SMS send rate limit exceeded'));

    // Act
    const outcome = await sender().send(request());

    // Assess
    expect(outcome).toMatchObject({ kind: 'retry', retryAfterMs: 30_000 });
  });

  it.each([21611, 30022, 63017, 63018])(
    'answers retry on %i (a rate limit or a full queue)',
    async (code) => {
      // Prepare
      twilio.failNext(twilioError(400, code, 'Rate limit exceeded'));

      // Act
      const outcome = await sender().send(request());

      // Assess
      expect(outcome.kind).toBe('retry');
    },
  );

  it('answers failed, ours, when Twilio refuses the credentials (20003)', async () => {
    // Act
    const outcome = await sender({ authToken: 'wrong-token' }).send(request());

    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: '20003', ours: true });
    expect(outcome.kind === 'failed' && outcome.reason).toMatch(/TWILIO_AUTH_TOKEN/);
  });

  it('answers retry on a 503 without a Twilio error body', async () => {
    // Prepare
    twilio.failNext({ status: 503, body: 'Service Unavailable' });

    // Act
    const outcome = await sender().send(request());

    // Assess
    expect(outcome.kind).toBe('retry');
  });

  it('refuses a text longer than Twilio takes without sending it', async () => {
    // Act
    const outcome = await sender().send(
      request({ content: { kind: 'text', text: 'x'.repeat(twilioMaxTextLength + 1) } }),
    );

    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: 'text_too_long', ours: true });
    expect(twilio.requests).toHaveLength(0);
  });

  it('answers failed not_configured without sending when the account settings are missing', async () => {
    // Act
    const outcome = await sender({ accountSid: '', authToken: '', from: '' }).send(request());

    // Assess
    expect(outcome).toEqual({
      kind: 'failed',
      code: 'not_configured',
      reason: 'Twilio is not configured: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM',
      ours: true,
    });
    expect(twilio.requests).toHaveLength(0);
  });

  it('answers unknown when the request reached Twilio but no answer came back', async () => {
    // Prepare
    twilio.failNext('hang');

    // Act
    const outcome = await sender().send(request());

    // Assess
    expect(outcome.kind).toBe('unknown');
    expect(twilio.requests).toHaveLength(1);
  });

  it('is checked against a stand-in that refuses a message without To (21604) and ContentVariables without ContentSid (21654)', async () => {
    // Prepare
    const post = (form: Record<string, string>) =>
      transports.post({
        url: `${twilio.url}/2010-04-01/Accounts/${accountSid}/Messages.json`,
        headers: {
          authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams(form).toString(),
      });

    // Act
    const noTo = await post({ From: '+15005550006', Body: 'Hi' });
    const noContentSid = await post({
      To: '+14155550123',
      From: '+15005550006',
      ContentVariables: '{"1":"Ada"}',
    });

    // Assess
    expect([noTo.status, JSON.parse(noTo.body).code]).toEqual([400, 21604]);
    expect([noContentSid.status, JSON.parse(noContentSid.body).code]).toEqual([400, 21654]);
    expect(twilio.requests).toHaveLength(0);
  });
});

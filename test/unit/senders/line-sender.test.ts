import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTransports } from '../../../shared/delivery/transports';
import type { SendRequest } from '../../../shared/outbound/platform-sender';
import { lineRetryKey } from '../../../shared/outbound/senders/line-retry-key';
import { createLineSender, lineMaxTextLength } from '../../../shared/outbound/senders/line-sender';
import { type LineStandIn, lineAnswers, startLineStandIn } from '../../helpers/stand-ins/line-stand-in';

const transports = createTransports({
  allowLoopbackHttp: true,
  emailFrom: '',
  sesConfigurationSet: '',
  emailOutboxDir: '',
  timeoutMs: 400,
  userAgent: 'Rapport-test/1',
});

const channelAccessToken = 'line-channel-access-token';
const userId = 'U4af4980629a1b2c3d4e5f60718293a4b';
let messageCounter = 0;

/** Each test sends its own message (its own retry key), unless it means to repeat one. */
const request = (overrides: Partial<SendRequest> = {}): SendRequest => {
  messageCounter += 1;
  return {
    messageId: `01JDQ8V7Y3K2M4N5P6Q7R8S${String(messageCounter).padStart(3, '0')}`,
    platform: 'line',
    to: userId,
    content: { kind: 'text', text: 'Thanks, your order is on its way.' },
    ...overrides,
  };
};

describe('LINE retry key', () => {
  it('derives the same hex UUID (version 4 shape) from the same message id, and another from another', () => {
    // Act
    const first = lineRetryKey('01JDQ8V7Y3K2M4N5P6Q7R8S9T0');
    const again = lineRetryKey('01JDQ8V7Y3K2M4N5P6Q7R8S9T0');
    const other = lineRetryKey('01JDQ8V7Y3K2M4N5P6Q7R8S9T1');

    // Assess
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(again).toBe(first);
    expect(other).not.toBe(first);
  });
});

describe('LINE sender', () => {
  let line: LineStandIn;
  const sender = (token = channelAccessToken) =>
    createLineSender({ apiUrl: line.url, channelAccessToken: token }, transports);

  beforeAll(async () => {
    line = await startLineStandIn({ channelAccessToken });
  });
  afterAll(() => line.close());
  beforeEach(() => {
    line.requests.length = 0;
  });

  it('replies with the reply token, without a retry key, and answers sent with the sent message id', async () => {
    // Prepare
    const replyToken = line.issueReplyToken();

    // Act
    const outcome = await sender().send(request({ replyToken }));

    // Assess
    expect(outcome).toEqual({ kind: 'sent', platformMessageId: expect.stringMatching(/^\d+$/) });
    expect(line.requests).toHaveLength(1);
    const [sent] = line.requests;
    expect(sent?.path).toBe('/v2/bot/message/reply');
    expect(sent?.headers.authorization).toBe(`Bearer ${channelAccessToken}`);
    expect(sent?.headers['x-line-retry-key']).toBeUndefined();
    expect(JSON.parse(sent?.body ?? '')).toEqual({
      replyToken,
      messages: [{ type: 'text', text: 'Thanks, your order is on its way.' }],
    });
  });

  it('pushes with a retry key derived from the message id when there is no reply token', async () => {
    // Prepare
    const message = request();

    // Act
    const outcome = await sender().send(message);

    // Assess
    expect(outcome).toEqual({ kind: 'sent', platformMessageId: expect.stringMatching(/^\d+$/) });
    const [sent] = line.requests;
    expect(sent?.path).toBe('/v2/bot/message/push');
    expect(sent?.headers['x-line-retry-key']).toBe(lineRetryKey(message.messageId));
    expect(JSON.parse(sent?.body ?? '')).toEqual({
      to: userId,
      messages: [{ type: 'text', text: 'Thanks, your order is on its way.' }],
    });
  });

  it('falls back to a push in the same send when the reply token was already used', async () => {
    // Prepare
    const replyToken = line.issueReplyToken();
    await sender().send(request({ replyToken }));
    line.requests.length = 0;

    // Act
    const outcome = await sender().send(request({ replyToken }));

    // Assess
    expect(outcome.kind).toBe('sent');
    expect(line.requests.map((sent) => sent.path)).toEqual(['/v2/bot/message/push']);
  });

  it('answers retry when the push answer was lost, and sent with the first id when the retry gets 409', async () => {
    // Prepare
    const message = request();
    line.failNext('hang');

    // Act
    const lost = await sender().send(message);
    const repeated = await sender().send(message);

    // Assess
    expect(lost.kind).toBe('retry');
    const accepted = line.acceptedRetryKeys.get(lineRetryKey(message.messageId));
    expect(accepted).toBeDefined();
    expect(repeated).toEqual({ kind: 'sent', platformMessageId: accepted?.sentMessageIds[0] });
    expect(line.requests).toHaveLength(1);
  });

  it('retries a rate-limit 429 and sends on the next attempt with the same key', async () => {
    // Prepare
    const message = request();
    line.failNext(lineAnswers.rateLimited());

    // Act
    const limited = await sender().send(message);
    const next = await sender().send(message);

    // Assess
    expect(limited).toMatchObject({ kind: 'retry', reason: expect.stringContaining('rate limit') });
    expect(next.kind).toBe('sent');
    expect(line.requests.map((sent) => sent.headers['x-line-retry-key'])).toEqual([
      lineRetryKey(message.messageId),
      lineRetryKey(message.messageId),
    ]);
  });

  it('fails as ours, not retry, when the monthly message limit is reached', async () => {
    // Prepare
    line.failNext(lineAnswers.monthlyLimit());

    // Act
    const outcome = await sender().send(request());

    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: '429', ours: true });
    expect(outcome.kind === 'failed' && outcome.reason).toContain('You have reached your monthly limit.');
  });

  it('fails as ours on 403 (the plan does not allow the API)', async () => {
    // Prepare
    line.failNext(lineAnswers.forbidden());

    // Act
    const outcome = await sender().send(request());

    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: '403', ours: true });
  });

  it('retries a 5xx answer', async () => {
    // Prepare
    line.failNext(lineAnswers.serverError());

    // Act
    const outcome = await sender().send(request());

    // Assess
    expect(outcome.kind).toBe('retry');
  });

  it('fails as ours, naming the setting, when LINE answers 401 to a wrong token', async () => {
    // Act
    const outcome = await sender('wrong-token').send(request());

    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: '401', ours: true });
    expect(outcome.kind === 'failed' && outcome.reason).toContain('LINE_CHANNEL_ACCESS_TOKEN');
  });

  it('answers unknown when a reply (which has no retry key) was written and no answer came', async () => {
    // Prepare
    line.failNext('hang');

    // Act
    const outcome = await sender().send(request({ replyToken: line.issueReplyToken() }));

    // Assess
    expect(outcome.kind).toBe('unknown');
    expect(line.requests.map((sent) => sent.path)).toEqual(['/v2/bot/message/reply']);
  });

  it('refuses a template and a text over 5000 characters without sending', async () => {
    // Act
    const template = await sender().send(
      request({ content: { kind: 'template', name: 'order_shipped', language: 'ja', parameters: [] } }),
    );
    const long = await sender().send(
      request({ content: { kind: 'text', text: 'あ'.repeat(lineMaxTextLength + 1) } }),
    );

    // Assess
    expect(template).toMatchObject({ kind: 'failed', code: 'template_unsupported', ours: true });
    expect(long).toMatchObject({ kind: 'failed', code: 'text_length', ours: true });
    expect(line.requests).toHaveLength(0);
  });

  it('answers not_configured, naming LINE_CHANNEL_ACCESS_TOKEN, when the token is missing', async () => {
    // Act
    const outcome = await sender('').send(request());

    // Assess
    expect(outcome).toEqual({
      kind: 'failed',
      code: 'not_configured',
      reason: 'LINE is not configured: set LINE_CHANNEL_ACCESS_TOKEN',
      ours: true,
    });
  });
});

describe('LINE stand-in', () => {
  let line: LineStandIn;

  beforeAll(async () => {
    line = await startLineStandIn({ channelAccessToken });
  });
  afterAll(() => line.close());

  it('answers 400 to a reply that carries X-Line-Retry-Key, as LINE does', async () => {
    // Act
    const answer = await transports.post({
      url: `${line.url}/v2/bot/message/reply`,
      headers: {
        authorization: `Bearer ${channelAccessToken}`,
        'content-type': 'application/json',
        'x-line-retry-key': lineRetryKey('01JDQ8V7Y3K2M4N5P6Q7R8S9T0'),
      },
      body: JSON.stringify({ replyToken: line.issueReplyToken(), messages: [{ type: 'text', text: 'Hi' }] }),
    });

    // Assess
    expect(answer.status).toBe(400);
    expect(line.requests).toHaveLength(0);
  });

  it('answers 400 to a push whose retry key is not a hex UUID', async () => {
    // Act
    const answer = await transports.post({
      url: `${line.url}/v2/bot/message/push`,
      headers: {
        authorization: `Bearer ${channelAccessToken}`,
        'content-type': 'application/json',
        'x-line-retry-key': '01JDQ8V7Y3K2M4N5P6Q7R8S9T0',
      },
      body: JSON.stringify({ to: userId, messages: [{ type: 'text', text: 'Hi' }] }),
    });

    // Assess
    expect(answer.status).toBe(400);
  });
});

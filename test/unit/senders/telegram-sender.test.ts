import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTransports } from '../../../shared/delivery/transports';
import type { SendRequest } from '../../../shared/outbound/platform-sender';
import {
  createTelegramSender,
  telegramMaxTextLength,
} from '../../../shared/outbound/senders/telegram-sender';
import type { StandIn } from '../../helpers/stand-ins/scripted-stand-in';
import { startTelegramStandIn, telegramAnswers } from '../../helpers/stand-ins/telegram-stand-in';

const transports = createTransports({
  allowLoopbackHttp: true,
  emailFrom: '',
  sesConfigurationSet: '',
  emailOutboxDir: '',
  timeoutMs: 400,
  userAgent: 'Rapport-test/1',
});

const botToken = '7000000001:AAH-stand-in_token';

const request = (overrides: Partial<SendRequest> = {}): SendRequest => ({
  messageId: '01JDQ8V7Y3K2M4N5P6Q7R8S9T0',
  platform: 'telegram',
  to: '123456789',
  content: { kind: 'text', text: 'Your parcel left the warehouse today. <b>not bold</b> *not bold*' },
  ...overrides,
});

describe('Telegram sender', () => {
  let telegram: StandIn;
  const sender = (token = botToken) =>
    createTelegramSender({ apiUrl: telegram.url, botToken: token }, transports);

  beforeAll(async () => {
    telegram = await startTelegramStandIn({ botToken });
  });
  afterAll(() => telegram.close());
  beforeEach(() => {
    telegram.requests.length = 0;
  });

  it('posts chat_id and plain text to /bot<token>/sendMessage and answers sent with the message_id', async () => {
    // Act
    const outcome = await sender().send(request());

    // Assess
    expect(outcome).toEqual({ kind: 'sent', platformMessageId: expect.stringMatching(/^\d+$/) });
    expect(telegram.requests).toHaveLength(1);
    const [sent] = telegram.requests;
    expect(sent?.method).toBe('POST');
    expect(sent?.path).toBe(`/bot${botToken}/sendMessage`);
    expect(sent?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(sent?.body ?? '')).toEqual({
      chat_id: 123456789,
      text: 'Your parcel left the warehouse today. <b>not bold</b> *not bold*',
    });
  });

  it('keeps a channel username as a string chat_id', async () => {
    // Act
    const outcome = await sender().send(request({ to: '@rapport_shop' }));

    // Assess
    expect(outcome.kind).toBe('sent');
    expect(JSON.parse(telegram.requests[0]?.body ?? '').chat_id).toBe('@rapport_shop');
  });

  it('retries after retry_after seconds when Telegram answers 429 flood control', async () => {
    // Prepare
    telegram.failNext(telegramAnswers.floodControl(7));

    // Act
    const outcome = await sender().send(request());

    // Assess
    expect(outcome).toMatchObject({ kind: 'retry', retryAfterMs: 7000 });
  });

  it('fails as an opt-out, not ours, when the customer blocked the bot', async () => {
    // Prepare
    telegram.failNext(telegramAnswers.blocked());

    // Act
    const outcome = await sender().send(request());

    // Assess
    expect(outcome).toEqual({
      kind: 'failed',
      code: '403',
      reason: expect.stringContaining('blocked the Telegram bot'),
      ours: false,
      optedOut: true,
    });
  });

  it.each([
    ['a deactivated user', telegramAnswers.deactivated(), '403'],
    ['a user who never started the bot', telegramAnswers.neverStarted(), '403'],
    ['a chat Telegram does not know', telegramAnswers.chatNotFound(), '400'],
  ])('fails, not ours and not an opt-out, for %s', async (_case, answer, code) => {
    // Prepare
    telegram.failNext(answer);

    // Act
    const outcome = await sender().send(request());

    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code, ours: false });
    expect(outcome).not.toHaveProperty('optedOut');
  });

  it('fails as ours, naming the setting, when Telegram answers 401 to a wrong token', async () => {
    // Act
    const outcome = await sender('7000000001:wrong').send(request());

    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: '401', ours: true });
    expect(outcome.kind === 'failed' && outcome.reason).toContain('TELEGRAM_BOT_TOKEN');
    expect(telegram.requests).toHaveLength(0);
  });

  it('retries a 5xx answer', async () => {
    // Prepare
    telegram.failNext(telegramAnswers.serverError());

    // Act
    const outcome = await sender().send(request());

    // Assess
    expect(outcome.kind).toBe('retry');
  });

  it('answers unknown, not retry, when the request was written and no answer came', async () => {
    // Prepare
    telegram.failNext('hang');

    // Act
    const outcome = await sender().send(request());

    // Assess
    expect(outcome.kind).toBe('unknown');
    expect(telegram.requests).toHaveLength(1);
  });

  it('refuses a template without sending: Telegram has none', async () => {
    // Act
    const outcome = await sender().send(
      request({ content: { kind: 'template', name: 'order_shipped', language: 'en', parameters: ['A1'] } }),
    );

    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: 'template_unsupported', ours: true });
    expect(telegram.requests).toHaveLength(0);
  });

  it('refuses a text over 4096 characters without sending', async () => {
    // Act
    const outcome = await sender().send(
      request({ content: { kind: 'text', text: 'a'.repeat(telegramMaxTextLength + 1) } }),
    );

    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: 'text_length', ours: true });
    expect(telegram.requests).toHaveLength(0);
  });

  it('sends a text of exactly 4096 characters', async () => {
    // Act
    const outcome = await sender().send(
      request({ content: { kind: 'text', text: 'a'.repeat(telegramMaxTextLength) } }),
    );

    // Assess
    expect(outcome.kind).toBe('sent');
  });

  it('answers not_configured, naming TELEGRAM_BOT_TOKEN, when the token is missing', async () => {
    // Act
    const outcome = await sender('').send(request());

    // Assess
    expect(outcome).toEqual({
      kind: 'failed',
      code: 'not_configured',
      reason: 'Telegram is not configured: set TELEGRAM_BOT_TOKEN',
      ours: true,
    });
    expect(telegram.requests).toHaveLength(0);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTransports } from '../../../shared/delivery/transports';
import type { SendRequest } from '../../../shared/outbound/platform-sender';
import { createXSender } from '../../../shared/outbound/senders/x-sender';
import type { StandIn } from '../../helpers/stand-ins/scripted-stand-in';
import { startXStandIn, xAnswers, xProblem } from '../../helpers/stand-ins/x-stand-in';

const transports = createTransports({
  allowLoopbackHttp: true,
  emailFrom: '',
  sesConfigurationSet: '',
  emailOutboxDir: '',
  timeoutMs: 400,
  userAgent: 'Rapport-test/1',
});

const userAccessToken = 'x-user-access-token';
const accountId = '1500000000000000000';
const now = new Date('2026-12-04T10:00:00.000Z');

const request = (overrides: Partial<SendRequest> = {}): SendRequest => ({
  messageId: '01JDQ8V7Y3K2M4N5P6Q7R8S9T0',
  platform: 'x',
  to: '9876543210',
  content: { kind: 'text', text: 'Thanks for reaching out, we are on it.' },
  ...overrides,
});

describe('X DM sender', () => {
  let x: StandIn;
  const sender = (token = userAccessToken) =>
    createXSender({ apiUrl: x.url, userAccessToken: token, now: () => now }, transports);

  beforeAll(async () => {
    x = await startXStandIn({ userAccessToken, accountId });
  });
  afterAll(() => x.close());
  beforeEach(() => {
    x.requests.length = 0;
  });

  it('posts {"text"} to /2/dm_conversations/with/{participant_id}/messages and answers sent with the dm_event_id', async () => {
    // Act
    const outcome = await sender().send(request());

    // Assess
    expect(outcome).toEqual({ kind: 'sent', platformMessageId: expect.stringMatching(/^\d+$/) });
    const [sent] = x.requests;
    expect(sent?.path).toBe('/2/dm_conversations/with/9876543210/messages');
    expect(sent?.headers.authorization).toBe(`Bearer ${userAccessToken}`);
    expect(sent?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(sent?.body ?? '')).toEqual({ text: 'Thanks for reaching out, we are on it.' });
  });

  it('retries at x-rate-limit-reset when X answers 429', async () => {
    // Prepare
    x.failNext(xAnswers.rateLimited(now.getTime() / 1000 + 600));

    // Act
    const outcome = await sender().send(request());

    // Assess
    expect(outcome).toMatchObject({ kind: 'retry', retryAfterMs: 600_000 });
  });

  it('fails, not ours, when the customer does not accept DMs from the account', async () => {
    // Prepare
    x.failNext(xAnswers.dmsClosed());

    // Act
    const outcome = await sender().send(request());

    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: '403', ours: false });
    expect(outcome.kind === 'failed' && outcome.reason).toContain('does not accept direct messages');
  });

  it('fails as ours when the 403 is about the authentication, and says so', async () => {
    // Prepare
    x.failNext(xAnswers.unsupportedAuthentication());

    // Act
    const outcome = await sender().send(request());

    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: '403', ours: true });
    expect(outcome.kind === 'failed' && outcome.reason).toContain('Unsupported Authentication');
  });

  it('fails as ours on a 403 it cannot read as the recipient refusing', async () => {
    // Prepare
    x.failNext(xProblem(403, 'Forbidden', 'Forbidden'));

    // Act
    const outcome = await sender().send(request());

    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: '403', ours: true });
  });

  it('fails as ours, naming the setting, when X answers 401 to a wrong token', async () => {
    // Act
    const outcome = await sender('expired-token').send(request());

    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: '401', ours: true });
    expect(outcome.kind === 'failed' && outcome.reason).toContain('X_USER_ACCESS_TOKEN');
    expect(x.requests).toHaveLength(0);
  });

  it('retries a 503', async () => {
    // Prepare
    x.failNext(xAnswers.serviceUnavailable());

    // Act
    const outcome = await sender().send(request());

    // Assess
    expect(outcome.kind).toBe('retry');
  });

  it('answers unknown when the request was written and no answer came (X has no idempotency key)', async () => {
    // Prepare
    x.failNext('hang');

    // Act
    const outcome = await sender().send(request());

    // Assess
    expect(outcome.kind).toBe('unknown');
  });

  it('refuses a template and a recipient that is not an X user id, without sending', async () => {
    // Act
    const template = await sender().send(
      request({ content: { kind: 'template', name: 'order_shipped', language: 'en', parameters: [] } }),
    );
    const handle = await sender().send(request({ to: '@rapport_shop' }));

    // Assess
    expect(template).toMatchObject({ kind: 'failed', code: 'template_unsupported', ours: true });
    expect(handle).toMatchObject({ kind: 'failed', code: 'invalid_recipient' });
    expect(x.requests).toHaveLength(0);
  });

  it('answers not_configured, naming X_USER_ACCESS_TOKEN, when the token is missing', async () => {
    // Act
    const outcome = await sender('').send(request());

    // Assess
    expect(outcome).toEqual({
      kind: 'failed',
      code: 'not_configured',
      reason: 'X is not configured: set X_USER_ACCESS_TOKEN',
      ours: true,
    });
  });
});

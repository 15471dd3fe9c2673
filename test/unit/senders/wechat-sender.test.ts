import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTransports } from '../../../shared/delivery/transports';
import type { SendRequest } from '../../../shared/outbound/platform-sender';
import type { AccessTokenStore } from '../../../shared/outbound/senders/wechat-access-token';
import { createWechatSender } from '../../../shared/outbound/senders/wechat-sender';
import { createInMemoryAccessTokenStore } from '../../../shared/outbound/wechat-token-repository';
import {
  startWechatStandIn,
  type WechatStandIn,
  wechatAnswers,
  wechatError,
} from '../../helpers/stand-ins/wechat-stand-in';

const transports = createTransports({
  allowLoopbackHttp: true,
  emailFrom: '',
  sesConfigurationSet: '',
  emailOutboxDir: '',
  timeoutMs: 400,
  userAgent: 'Rapport-test/1',
});

const appId = 'wx2c2769f8efd9abc2';
const appSecret = 'stand-in-app-secret';
const openId = 'oLVPpjqs9BhvzwPj5A-vTYAX3GLc';
const templateId = 'ngqIpbwh8bUfcSsECmogfXcV14J0tQlEpBO27izEYtY';
const now = new Date('2026-12-04T10:00:00.000Z');
const inTwoHours = new Date(now.getTime() + 7_200_000).toISOString();

const request = (overrides: Partial<SendRequest> = {}): SendRequest => ({
  messageId: '01JDQ8V7Y3K2M4N5P6Q7R8S9T0',
  platform: 'wechat',
  to: openId,
  content: { kind: 'text', text: '您好，您的订单已发货。' },
  ...overrides,
});

const sentTokens = (wechat: WechatStandIn) =>
  wechat.requests
    .filter((sent) => sent.path.startsWith('/cgi-bin/message/'))
    .map((sent) => new URL(sent.path, 'http://x').searchParams.get('access_token'));

describe('WeChat Official Account sender', () => {
  let wechat: WechatStandIn;
  const sender = (
    store: AccessTokenStore = createInMemoryAccessTokenStore(),
    secret = appSecret,
    clock = () => now,
  ) => createWechatSender({ apiUrl: wechat.url, appId, appSecret: secret, now: clock }, transports, store);
  /** A store already holding the token WeChat accepts, as after an earlier send. */
  const primedStore = () =>
    createInMemoryAccessTokenStore({ token: wechat.issueToken(), expiresAt: inTwoHours });

  beforeEach(async () => {
    wechat = await startWechatStandIn({ appId, appSecret, followers: [openId], templateIds: [templateId] });
  });
  afterEach(() => wechat.close());

  it('fetches one stable token, stores it, and sends a customer-service text with it', async () => {
    // Prepare
    const store = createInMemoryAccessTokenStore();
    const wechatSender = sender(store);

    // Act
    const first = await wechatSender.send(request());
    const second = await wechatSender.send(request({ messageId: '01JDQ8V7Y3K2M4N5P6Q7R8S9T1' }));

    // Assess
    expect(first).toEqual({ kind: 'sent' });
    expect(second).toEqual({ kind: 'sent' });
    expect(wechat.tokenRequests).toHaveLength(1);
    expect(JSON.parse(wechat.tokenRequests[0]?.body ?? '')).toEqual({
      grant_type: 'client_credential',
      appid: appId,
      secret: appSecret,
      force_refresh: false,
    });
    const stored = await store.read();
    expect(stored?.token).toBe(wechat.issueToken());
    expect(stored?.expiresAt).toBe(inTwoHours);
    const sends = wechat.requests.filter((sent) => sent.path.startsWith('/cgi-bin/message/custom/send?'));
    expect(sends).toHaveLength(2);
    expect(sentTokens(wechat)).toEqual([stored?.token, stored?.token]);
    expect(JSON.parse(sends[0]?.body ?? '')).toEqual({
      touser: openId,
      msgtype: 'text',
      text: { content: '您好，您的订单已发货。' },
    });
  });

  it('fetches one token for concurrent sends of one sender', async () => {
    // Prepare
    const wechatSender = sender();

    // Act
    const outcomes = await Promise.all([
      wechatSender.send(request()),
      wechatSender.send(request({ messageId: '01JDQ8V7Y3K2M4N5P6Q7R8S9T1' })),
      wechatSender.send(request({ messageId: '01JDQ8V7Y3K2M4N5P6Q7R8S9T2' })),
    ]);

    // Assess
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['sent', 'sent', 'sent']);
    expect(wechat.tokenRequests).toHaveLength(1);
  });

  it('does not fetch a token when the shared store holds one that lasts more than 5 minutes', async () => {
    // Act
    const outcome = await sender(primedStore()).send(request());

    // Assess
    expect(outcome.kind).toBe('sent');
    expect(wechat.tokenRequests).toHaveLength(0);
  });

  it('fetches the next token when the stored one expires within 5 minutes, and stores it in its place', async () => {
    // Prepare
    const expiring = wechat.issueToken();
    const store = createInMemoryAccessTokenStore({
      token: expiring,
      expiresAt: new Date(now.getTime() + 4 * 60_000).toISOString(),
    });
    wechat.expireToken();

    // Act
    const outcome = await sender(store).send(request());

    // Assess
    expect(outcome.kind).toBe('sent');
    expect(wechat.tokenRequests).toHaveLength(1);
    expect(JSON.parse(wechat.tokenRequests[0]?.body ?? '').force_refresh).toBe(false);
    expect((await store.read())?.token).not.toBe(expiring);
  });

  it('sends a template with template_id and keyword1.. data, and answers sent with the msgid', async () => {
    // Act
    const outcome = await sender(primedStore()).send(
      request({
        content: { kind: 'template', name: templateId, language: 'zh_CN', parameters: ['A1024', '已发货'] },
      }),
    );

    // Assess
    expect(outcome).toEqual({ kind: 'sent', platformMessageId: expect.stringMatching(/^\d+$/) });
    const [sent] = wechat.requests;
    expect(sent?.path.startsWith('/cgi-bin/message/template/send?access_token=')).toBe(true);
    expect(JSON.parse(sent?.body ?? '')).toEqual({
      touser: openId,
      template_id: templateId,
      data: { keyword1: { value: 'A1024' }, keyword2: { value: '已发货' } },
    });
  });

  it('refreshes a rejected token once, forcing it because WeChat hands back the same one, and sends again', async () => {
    // Prepare
    const store = primedStore();
    const rejected = (await store.read())?.token;
    wechat.failNext(wechatAnswers.tokenRejected());

    // Act
    const outcome = await sender(store).send(request());

    // Assess
    expect(outcome).toEqual({ kind: 'sent' });
    expect(wechat.tokenRequests.map((sent) => JSON.parse(sent.body).force_refresh)).toEqual([false, true]);
    const replacement = (await store.read())?.token;
    expect(replacement).not.toBe(rejected);
    expect(sentTokens(wechat)).toEqual([rejected, replacement]);
  });

  it('refreshes an expired token (42001) without forcing, since WeChat then hands out a new one', async () => {
    // Prepare
    const store = primedStore();
    wechat.expireToken();

    // Act
    const outcome = await sender(store).send(request());

    // Assess
    expect(outcome).toEqual({ kind: 'sent' });
    expect(wechat.tokenRequests.map((sent) => JSON.parse(sent.body).force_refresh)).toEqual([false]);
  });

  it("takes another holder's newer token from the store instead of fetching one", async () => {
    // Prepare
    const store = primedStore();
    const wechatSender = sender(store);
    await wechatSender.send(request());
    wechat.expireToken();
    const newer = wechat.issueToken();
    const held = (await store.read())?.token ?? '';
    await store.write(newer, inTwoHours, held);

    // Act
    const outcome = await wechatSender.send(request({ messageId: '01JDQ8V7Y3K2M4N5P6Q7R8S9T1' }));

    // Assess
    expect(outcome).toEqual({ kind: 'sent' });
    expect(wechat.tokenRequests).toHaveLength(0);
    // The send refused for its expired token (42001) is not among the well-formed requests.
    expect(sentTokens(wechat)).toEqual([held, newer]);
  });

  it('fails as ours when the token is rejected again after the refresh', async () => {
    // Prepare
    wechat.failNext(wechatAnswers.tokenRejected());
    wechat.failNext(wechatAnswers.tokenRejected());

    // Act
    const outcome = await sender(primedStore()).send(request());

    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: '40001', ours: true });
    expect(wechat.requests.filter((sent) => sent.path.startsWith('/cgi-bin/message/'))).toHaveLength(2);
  });

  it.each([
    ['outside the 48-hour window (45015)', wechatAnswers.outsideWindow(), '45015'],
    ['too many messages in a row (45047)', wechatAnswers.tooManyInARow(), '45047'],
  ])('fails, not ours, %s', async (_case, answer, code) => {
    // Prepare
    wechat.failNext(answer);

    // Act
    const outcome = await sender(primedStore()).send(request());

    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code, ours: false });
    expect(outcome).not.toHaveProperty('optedOut');
  });

  it('fails as an opt-out when the customer does not follow the account (43004)', async () => {
    // Prepare
    wechat.failNext(wechatAnswers.notFollowing());

    // Act
    const outcome = await sender(primedStore()).send(request());

    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: '43004', ours: false, optedOut: true });
  });

  it('fails, not ours, for an OpenID that does not follow the account (40003)', async () => {
    // Act
    const outcome = await sender(primedStore()).send(request({ to: 'oSomeoneElse000000000000000' }));

    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: '40003', ours: false });
  });

  it('retries when WeChat is busy (-1) and after a minute on the minute quota (45011)', async () => {
    // Prepare
    wechat.failNext(wechatAnswers.systemBusy());
    wechat.failNext(wechatAnswers.minuteQuota());
    const wechatSender = sender(primedStore());

    // Act
    const busy = await wechatSender.send(request());
    const minute = await wechatSender.send(request());

    // Assess
    expect(busy.kind).toBe('retry');
    expect(minute).toMatchObject({ kind: 'retry', retryAfterMs: 60_000 });
  });

  it('fails as ours when the daily quota is spent (45009): it only returns the next day', async () => {
    // Prepare
    wechat.failNext(wechatAnswers.dailyQuota());

    // Act
    const outcome = await sender(primedStore()).send(request());

    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: '45009', ours: true });
  });

  it('fails as ours when WeChat finds the text too long (45002)', async () => {
    // Prepare
    wechat.failNext(wechatError(45002, 'content size out of limit'));

    // Act
    const outcome = await sender(primedStore()).send(request());

    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: '45002', ours: true });
  });

  it('fails as ours without sending when WeChat refuses the AppSecret for a token (40125)', async () => {
    // Act
    const outcome = await sender(createInMemoryAccessTokenStore(), 'wrong-secret').send(request());

    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: '40125', ours: true });
    expect(outcome.kind === 'failed' && outcome.reason).toContain('WECHAT_APP_SECRET');
    expect(wechat.requests).toHaveLength(0);
  });

  it('retries without sending when the shared token store fails', async () => {
    // Prepare
    const failing: AccessTokenStore = {
      read: () => Promise.reject(new Error('ProvisionedThroughputExceededException')),
      write: () => Promise.resolve(),
    };

    // Act
    const outcome = await sender(failing).send(request());

    // Assess
    expect(outcome).toMatchObject({
      kind: 'retry',
      reason: expect.stringContaining('ProvisionedThroughput'),
    });
    expect(wechat.requests).toHaveLength(0);
  });

  it('answers unknown when the send was written and no answer came (WeChat has no idempotency key)', async () => {
    // Prepare
    wechat.failNext('hang');

    // Act
    const outcome = await sender(primedStore()).send(request());

    // Assess
    expect(outcome.kind).toBe('unknown');
  });

  it('answers not_configured, naming the settings, when the AppID and AppSecret are missing', async () => {
    // Act
    const outcome = await createWechatSender(
      { apiUrl: wechat.url, appId: '', appSecret: '' },
      transports,
      createInMemoryAccessTokenStore(),
    ).send(request());

    // Assess
    expect(outcome).toEqual({
      kind: 'failed',
      code: 'not_configured',
      reason: 'WeChat is not configured: set WECHAT_APP_ID and WECHAT_APP_SECRET',
      ours: true,
    });
    expect(wechat.requests).toHaveLength(0);
  });
});

describe('WeChat stand-in', () => {
  let wechat: WechatStandIn;

  beforeEach(async () => {
    wechat = await startWechatStandIn({ appId, appSecret, followers: [openId], templateIds: [] });
  });
  afterEach(() => wechat.close());

  it.each([
    ['without an access token', '', 41001],
    ['with a token it never issued', '?access_token=made-up', 40001],
  ])('answers a send %s with WeChat errcode %i (HTTP 200)', async (_case, query, errcode) => {
    // Act
    const answer = await transports.post({
      url: `${wechat.url}/cgi-bin/message/custom/send${query}`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ touser: openId, msgtype: 'text', text: { content: 'hi' } }),
    });

    // Assess
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ errcode });
    expect(wechat.requests).toHaveLength(0);
  });
});

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createTransports } from '../../shared/delivery/transports';
import { createWechatAccessTokenHolder } from '../../shared/outbound/senders/wechat-access-token';
import { createWechatSender } from '../../shared/outbound/senders/wechat-sender';
import { WechatTokenRepository } from '../../shared/outbound/wechat-token-repository';
import { wechatAccessTokenKey } from '../../shared/store/keys';
import { startWechatStandIn, type WechatStandIn, wechatAnswers } from '../helpers/stand-ins/wechat-stand-in';
import { createTestTable, partitionItems, type TestTable } from '../helpers/test-table';

const transports = createTransports({
  allowLoopbackHttp: true,
  emailFrom: '',
  sesConfigurationSet: '',
  emailOutboxDir: '',
  timeoutMs: 2000,
  userAgent: 'Rapport-test/1',
});

const appId = 'wx2c2769f8efd9abc2';
const appSecret = 'stand-in-app-secret';
const openId = 'oLVPpjqs9BhvzwPj5A-vTYAX3GLc';

let table: TestTable;
let wechat: WechatStandIn;

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
});
afterAll(() => table.client.destroy());
beforeEach(async () => {
  wechat = await startWechatStandIn({ appId, appSecret, followers: [openId], templateIds: [] });
});
afterEach(() => wechat.close());

describe('WeChat access token shared through DynamoDB', () => {
  it('lets two holders share one token, and a rejected token is replaced once for both', async () => {
    // Prepare: two Lambda containers, each with its own holder over the same table.
    const store = new WechatTokenRepository(table.documentClient, table.tableName);
    const settings = { apiUrl: wechat.url, appId, appSecret };
    const holderA = createWechatAccessTokenHolder(settings, transports, store);
    const holderB = createWechatAccessTokenHolder(settings, transports, store);
    const senderA = createWechatSender(settings, transports, store);
    const senderB = createWechatSender(settings, transports, store);
    const text = { messageId: '01JDQ8V7Y3K2M4N5P6Q7R8S9T0', platform: 'wechat' as const, to: openId };

    // Act: A fetches the first token, B finds it stored.
    const first = await holderA.current();
    const shared = await holderB.current();

    // Assess
    expect(first).toEqual({ kind: 'token', token: wechat.issueToken() });
    expect(shared).toEqual(first);
    expect(wechat.tokenRequests).toHaveLength(1);

    // Act: B sends with the shared token (and keeps it in memory); then WeChat rejects it for A,
    // whose refresh invalidates it, so B's next send is rejected too.
    const before = await senderB.send({ ...text, content: { kind: 'text', text: '第一条' } });
    wechat.failNext(wechatAnswers.tokenRejected());
    const sentByA = await senderA.send({ ...text, content: { kind: 'text', text: '第二条' } });
    const sentByB = await senderB.send({ ...text, content: { kind: 'text', text: '第三条' } });

    // Assess: A forced one refresh (WeChat handed back the rejected token in normal mode); B took
    // A's token from the table without asking WeChat.
    expect(before).toEqual({ kind: 'sent' });
    expect(sentByA).toEqual({ kind: 'sent' });
    expect(sentByB).toEqual({ kind: 'sent' });
    expect(wechat.tokenRequests.map((request) => JSON.parse(request.body).force_refresh)).toEqual([
      false,
      false,
      true,
    ]);
    const replacement = wechat.issueToken();
    expect(replacement).not.toBe(first.kind === 'token' ? first.token : '');
    const items = await partitionItems(table, wechatAccessTokenKey().pk);
    expect(items).toEqual([
      expect.objectContaining({ ...wechatAccessTokenKey(), type: 'wechat-token', token: replacement }),
    ]);
    const newContainer = createWechatAccessTokenHolder(settings, transports, store);
    expect(await newContainer.current()).toEqual({ kind: 'token', token: replacement });
    expect(wechat.tokenRequests).toHaveLength(3);
  });

  it('drops a write that replaces a token another holder already replaced', async () => {
    // Prepare
    const store = new WechatTokenRepository(table.documentClient, table.tableName);
    const expiresAt = new Date(Date.now() + 7_200_000).toISOString();
    await store.write('TOKEN_1', expiresAt, (await store.read())?.token);
    await store.write('TOKEN_2', expiresAt, 'TOKEN_1');

    // Act: a slower holder replaces TOKEN_1 too, after TOKEN_2 was stored.
    await store.write('TOKEN_3', expiresAt, 'TOKEN_1');
    // And a first write when one is already stored.
    await store.write('TOKEN_4', expiresAt);

    // Assess
    expect(await store.read()).toEqual({ token: 'TOKEN_2', expiresAt });
  });
});

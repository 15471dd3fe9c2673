import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFlatXml } from '../../../shared/channels/wechat/flat-xml';
import { readWechatMessage } from '../../../shared/channels/wechat/read-wechat-message';
import { verifyWechatRequest } from '../../../shared/channels/wechat/verify-wechat-request';
import { wechatChannel } from '../../../shared/channels/wechat/wechat-channel';
import { decryptWechatMessage, wechatSignature } from '../../../shared/channels/wechat/wechat-crypto';
import { fixture, webhookRequest } from '../../helpers/channel-fixtures';

const safeSecrets = {
  WECHAT_TOKEN: 'spamtest',
  WECHAT_APP_ID: 'wx2c2769f8efd9abc2',
  WECHAT_ENCODING_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};
const sampleTime = new Date(1409735669 * 1000);
const safeQuery = {
  timestamp: '1409735669',
  nonce: '1320562132',
  encrypt_type: 'aes',
  msg_signature: '5d197aaffba7e9b25a30732f161a50dee96bd5fa',
};
const encrypted = fixture('wechat', 'encrypted_message_compat_mode_official_sample.xml');

describe('WeChat signatures', () => {
  it('computes the published URL-check signatures', () => {
    expect(wechatSignature(['spamtest', '1409735669', '1320562132'])).toBe(
      '16120ec1b8dbb870f510d87ce6bc2463eae6ca1a',
    );
    expect(wechatSignature(['789', '456', '123'])).toBe('f7c3bc1d808e04732adf679965ccc34ca7ae3441');
  });

  it('answers the echostr check with the bare echostr, and refuses a wrong signature', () => {
    const get = (signature: string) =>
      webhookRequest(
        'wechat',
        Buffer.alloc(0),
        {},
        { signature, timestamp: '1409735669', nonce: '1320562132', echostr: 'shr5ch' },
        'GET',
      );
    expect(wechatChannel.handshake?.(get('16120ec1b8dbb870f510d87ce6bc2463eae6ca1a'), safeSecrets)).toEqual({
      kind: 'answer',
      contentType: 'text/plain',
      body: 'shr5ch',
    });
    expect(wechatChannel.handshake?.(get('0000'), safeSecrets)).toMatchObject({
      kind: 'refused',
      status: 403,
    });
  });

  it('verifies the official safe-mode sample (msg_signature and app id) and decrypts it', () => {
    const request = webhookRequest('wechat', encrypted, {}, safeQuery);
    expect(verifyWechatRequest(request, safeSecrets, sampleTime)).toBe(true);
    const encrypt = readFlatXml(encrypted.toString())?.Encrypt ?? '';
    expect(
      decryptWechatMessage(encrypt, safeSecrets.WECHAT_ENCODING_AES_KEY, safeSecrets.WECHAT_APP_ID),
    ).toBe(fixture('wechat', 'text_message_decrypted_official_sample.xml').toString('utf8'));
  });

  it('rejects safe mode with a wrong msg_signature, another app id or a stale timestamp', () => {
    expect(
      verifyWechatRequest(
        webhookRequest('wechat', encrypted, {}, { ...safeQuery, msg_signature: 'x' }),
        safeSecrets,
        sampleTime,
      ),
    ).toBe(false);
    expect(
      verifyWechatRequest(
        webhookRequest('wechat', encrypted, {}, safeQuery),
        { ...safeSecrets, WECHAT_APP_ID: 'wxother' },
        sampleTime,
      ),
    ).toBe(false);
    expect(
      verifyWechatRequest(
        webhookRequest('wechat', encrypted, {}, safeQuery),
        safeSecrets,
        new Date(sampleTime.getTime() + 301_000),
      ),
    ).toBe(false);
  });

  it('accepts plaintext mode within 5 minutes only', () => {
    const body = fixture('wechat', 'text_message_docs_example.xml');
    const query = {
      timestamp: '1409735669',
      nonce: '1320562132',
      signature: '16120ec1b8dbb870f510d87ce6bc2463eae6ca1a',
    };
    const secrets = { WECHAT_TOKEN: 'spamtest' };
    expect(
      verifyWechatRequest(
        webhookRequest('wechat', body, {}, query),
        secrets,
        new Date(sampleTime.getTime() + 299_000),
      ),
    ).toBe(true);
    expect(
      verifyWechatRequest(
        webhookRequest('wechat', body, {}, query),
        secrets,
        new Date(sampleTime.getTime() - 301_000),
      ),
    ).toBe(false);
    expect(
      verifyWechatRequest(webhookRequest('wechat', body, {}, { ...query, nonce: '1' }), secrets, sampleTime),
    ).toBe(false);
  });
});

describe('readWechatMessage', () => {
  it('reads the docs text message, keeping the 64-bit MsgId exact', () => {
    const result = readWechatMessage(
      webhookRequest('wechat', fixture('wechat', 'text_message_docs_example.xml')),
      { WECHAT_TOKEN: 't' },
    );
    expect(result).toMatchObject({
      kind: 'facts',
      facts: [
        {
          customer: { identities: [{ kind: 'wechat', value: 'fromUser' }] },
          message: { id: '1234567890123456', text: 'this is a test' },
        },
      ],
    });
  });

  it('reads the decrypted safe-mode sample', () => {
    const result = readWechatMessage(webhookRequest('wechat', encrypted, {}, safeQuery), safeSecrets);
    expect(result).toMatchObject({
      kind: 'facts',
      facts: [
        {
          customer: { identities: [{ kind: 'wechat', value: 'oyORnuP8q7ou2gfYjqLzSIWZf0rs' }] },
          message: { id: '6054768590064713728', text: 'abcdteT' },
        },
      ],
    });
  });

  it.each([
    ['subscribe', 'consent'],
    ['unsubscribe', 'consent'],
    ['CLICK', 'message'],
  ])('reads a %s event as a %s fact', (event, kind) => {
    const xml = `<xml><ToUserName><![CDATA[gh]]></ToUserName><FromUserName><![CDATA[o1]]></FromUserName><CreateTime>1409735669</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[${event}]]></Event><EventKey><![CDATA[MENU_1]]></EventKey></xml>`;
    expect(
      readWechatMessage(webhookRequest('wechat', Buffer.from(xml)), { WECHAT_TOKEN: 't' }),
    ).toMatchObject({ kind: 'facts', facts: [{ kind }] });
  });

  it('refuses XML with a DOCTYPE and never throws on any bytes', () => {
    expect(readFlatXml('<!DOCTYPE x [<!ENTITY a "b">]><xml></xml>')).toBeUndefined();
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 512 }).map(Buffer.from),
        fc.dictionary(fc.string(), fc.string()),
        (body, query) => {
          const request = webhookRequest('wechat', body, {}, query);
          expect(['facts', 'invalid', 'unhandled']).toContain(readWechatMessage(request, safeSecrets).kind);
          expect(typeof verifyWechatRequest(request, safeSecrets, sampleTime)).toBe('boolean');
        },
      ),
    );
  });
});

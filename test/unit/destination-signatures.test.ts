import { describe, expect, it } from 'vitest';
import { dingtalkSign, feishuSign } from '../../shared/alerts/destination-signatures';
import { signTimestamped, verifyTimestampedSignature } from '../../shared/channels/timestamped-signature';

// Expected values computed independently with Python's hmac, following each platform's
// documented steps (DingTalk 加签 and Feishu 签名校验 sample code).
describe('destination signatures', () => {
  it('signs a DingTalk robot call as its documentation does (HMAC keyed with the secret, Base64, URL-encoded)', () => {
    expect(dingtalkSign('SEC1234567890abcdef', 1_700_000_000_000)).toBe(
      'RqBq3E1RTBDv3n2QBCh4adZ2WHk9mVklyUoDBLxarjI%3D',
    );
  });

  it('signs a Feishu bot call as its documentation does (HMAC keyed with timestamp and secret over nothing)', () => {
    expect(feishuSign('nIMtb7r3N9pkXyXdtAbx6e', 1_700_000_000)).toBe(
      'FqUQTprkgbuS88NMtixNVpPfOK0JXs6cAMJIfEuF5sk=',
    );
  });

  it('signs a webhook alert as the public contract says (t=<unix>,v1=<hex HMAC of "t.body">), which Rapport’s own verifier accepts', () => {
    const body = '{"alertId":"a1"}';
    const header = signTimestamped(Buffer.from(body), 'whsec', new Date(1_700_000_000_000));
    expect(header).toBe('t=1700000000,v1=3c573466d6832cf85ab31fdb1fbe07d39bca6fbf8f18e88d5c0f1b69d299540e');
    expect(verifyTimestampedSignature(Buffer.from(body), header, 'whsec', new Date(1_700_000_000_000))).toBe(
      true,
    );
  });
});

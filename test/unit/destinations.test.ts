import { describe, expect, it } from 'vitest';
import { destinationSchema } from '../../shared/alerts/destination';
import { isPrivateAddress, urlRefusal } from '../../shared/delivery/destination-url';

describe('destinationSchema', () => {
  it('accepts every destination type of the public contract', () => {
    const examples = [
      { type: 'webhook', name: 'CRM', url: 'https://shop.example/hooks/rapport', secret: 'whsec' },
      { type: 'slack', name: 'Sales', webhookUrl: 'https://hooks.slack.com/services/T0/B0/x' },
      { type: 'email', name: 'Team', to: ['team@shop.example'] },
      { type: 'sns', name: 'Topic', topicArn: 'arn:aws:sns:eu-west-1:123456789012:alerts' },
      {
        type: 'wecom',
        name: '企业微信',
        webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x',
        locale: 'zh',
      },
      {
        type: 'dingtalk',
        name: '钉钉',
        webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=x',
        secret: 'SECx',
      },
      {
        type: 'feishu',
        name: '飞书',
        webhookUrl: 'https://open.feishu.cn/open-apis/bot/v2/hook/x',
        quietHours: { start: '22:00', end: '08:00', timeZone: 'Asia/Shanghai' },
      },
    ];
    for (const example of examples)
      expect(destinationSchema.safeParse(example).success, example.type).toBe(true);
  });

  it.each([
    ['an unknown type', { type: 'fax', name: 'x' }],
    ['an email destination without addresses', { type: 'email', name: 'x', to: [] }],
    ['an SNS destination with a URL instead of an ARN', { type: 'sns', name: 'x', topicArn: 'https://sns' }],
    [
      'quiet hours in an unknown time zone',
      {
        type: 'slack',
        name: 'x',
        webhookUrl: 'https://hooks.slack.com/x',
        quietHours: { start: '22:00', end: '07:00', timeZone: 'Mars/Olympus' },
      },
    ],
    [
      'quiet hours not written HH:MM',
      {
        type: 'slack',
        name: 'x',
        webhookUrl: 'https://hooks.slack.com/x',
        quietHours: { start: '10pm', end: '07:00', timeZone: 'UTC' },
      },
    ],
  ])('refuses %s', (_label, example) => {
    expect(destinationSchema.safeParse(example).success).toBe(false);
  });
});

describe('destination URL safety', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    'fd00::1',
    'fe80::1',
    '::ffff:10.0.0.1',
  ])('calls %s private', (address) => expect(isPrivateAddress(address)).toBe(true));

  it.each(['140.82.112.3', '8.8.8.8', '2606:4700::1111'])('calls %s public', (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });

  it('requires https in AWS and allows plain http only to loopback under npm start', () => {
    expect(urlRefusal('https://hooks.slack.com/x', { allowLoopbackHttp: false })).toBeUndefined();
    expect(urlRefusal('http://hooks.slack.com/x', { allowLoopbackHttp: false })).toBe(
      'destinations must use https',
    );
    expect(urlRefusal('https://169.254.169.254/latest', { allowLoopbackHttp: false })).toBe(
      'a private, loopback or link-local address',
    );
    expect(urlRefusal('http://127.0.0.1:9000/hook', { allowLoopbackHttp: false })).toBe(
      'destinations must use https',
    );
    expect(urlRefusal('http://127.0.0.1:9000/hook', { allowLoopbackHttp: true })).toBeUndefined();
    expect(urlRefusal('http://10.0.0.5/hook', { allowLoopbackHttp: true })).toBe(
      'destinations must use https',
    );
  });
});

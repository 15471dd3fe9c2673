import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { channelRegistry } from '../../../shared/channels/channel-registry';
import { readFlatXml } from '../../../shared/channels/wechat/flat-xml';
import { webhookRequest } from '../../helpers/channel-fixtures';
import { testChannelSecrets } from '../../helpers/receiver-deps';

const oneMiB = 1024 * 1024;
const repeatTo = (unit: string, bytes = oneMiB) =>
  unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);

/** Bodies built to make a careless parser slow: unclosed sections, deep nesting, many parts. */
const hostileBodies: Record<string, string> = {
  'unclosed CDATA elements': `<xml>${repeatTo('<a><![CDATA[', oneMiB - 6)}`,
  'unclosed tags': `<xml>${repeatTo('<a', oneMiB - 6)}`,
  'nested elements': `<xml>${repeatTo('<Encrypt>', oneMiB / 2)}${repeatTo('</Encrypt>', oneMiB / 2 - 6)}</xml>`,
  'deep JSON arrays': repeatTo('['),
  'many JSON keys': `{${repeatTo('"a":1,', oneMiB - 8)}"b":1}`,
  'many form fields': repeatTo('a=&'),
  'long entity runs': `<xml><Encrypt>${repeatTo('&amp;', oneMiB - 30)}</Encrypt></xml>`,
};

// Headers and query of a current, plausible delivery whose signature is wrong: verifiers do
// their whole work (WeChat safe mode reads <Encrypt> before it can check msg_signature).
const now = new Date();
const seconds = String(Math.floor(now.getTime() / 1000));
const plausible: Record<string, { headers: Record<string, string>; query: Record<string, string> }> = {
  shopify: { headers: { 'x-shopify-hmac-sha256': 'AAAA', 'x-shopify-topic': 'orders/create' }, query: {} },
  woocommerce: {
    headers: { 'x-wc-webhook-signature': 'AAAA', 'x-wc-webhook-topic': 'order.created' },
    query: {},
  },
  stripe: { headers: { 'stripe-signature': `t=${seconds},v1=${'0'.repeat(64)}` }, query: {} },
  storefront: { headers: { 'x-rapport-signature': `t=${seconds},v1=${'0'.repeat(64)}` }, query: {} },
  meta: { headers: { 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` }, query: {} },
  telegram: { headers: { 'x-telegram-bot-api-secret-token': 'wrong' }, query: {} },
  line: { headers: { 'x-line-signature': 'AAAA' }, query: {} },
  wechat: {
    headers: {},
    query: { timestamp: seconds, nonce: '1320562132', encrypt_type: 'aes', msg_signature: '0'.repeat(40) },
  },
  twilio: {
    headers: { 'x-twilio-signature': 'AAAA', 'content-type': 'application/x-www-form-urlencoded' },
    query: {},
  },
  x: { headers: { 'x-twitter-webhooks-signature': 'sha256=AAAA' }, query: {} },
};

describe('verifiers on hostile bodies', () => {
  it.each(Object.keys(channelRegistry))(
    '%s refuses every 1 MiB hostile body with a wrong signature in linear time',
    (channel) => {
      // Prepare
      const adapter = channelRegistry[channel as keyof typeof channelRegistry];
      const { headers, query } = plausible[channel] as (typeof plausible)[string];

      for (const [name, body] of Object.entries(hostileBodies)) {
        const request = webhookRequest(channel, Buffer.from(body), headers, query);

        // Act
        const started = performance.now();
        const verified = adapter.verify(request, testChannelSecrets, {
          now,
          publicBaseUrl: 'https://crm.example.com',
        });
        const elapsedMs = performance.now() - started;

        // Assess: a linear pass over 1 MiB takes milliseconds; the quadratic WeChat reader this
        // replaced took 11.6 s on the first body. The bound leaves room for a slow CI machine.
        expect(verified, name).toBe(false);
        expect(elapsedMs, `${channel}: ${name}`).toBeLessThan(750);
      }
    },
  );
});

describe('readFlatXml', () => {
  it('grows linearly: four times the hostile body costs about four times the time, not sixteen', () => {
    const time = (bytes: number) => {
      const body = `<xml>${repeatTo('<a><![CDATA[', bytes)}`;
      let best = Number.POSITIVE_INFINITY;
      for (let run = 0; run < 5; run += 1) {
        const started = performance.now();
        readFlatXml(body);
        best = Math.min(best, performance.now() - started);
      }
      return best;
    };
    const small = time(256 * 1024);
    const large = time(oneMiB);
    expect(large).toBeLessThan(Math.max(small * 8, 20));
  });

  it('reads any well-formed flat document it is given, values byte-exact, in one pass', () => {
    const value = fc.string({ maxLength: 200 }).filter((text) => !text.includes(']]>'));
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,10}$/), value), (fields) => {
        const names = Object.keys(fields).filter((name) => name !== 'xml');
        const xml = `<xml>${names.map((name) => `<${name}><![CDATA[${fields[name]}]]></${name}>`).join('')}</xml>`;
        const read = readFlatXml(xml);
        for (const name of names) expect(read?.[name]).toBe(fields[name]);
      }),
    );
  });

  it('joins a value split into two CDATA sections, as XML writers escape "]]>"', () => {
    expect(readFlatXml('<xml><Content><![CDATA[see a]]]]><![CDATA[>b]]></Content></xml>')).toEqual({
      Content: 'see a]]>b',
    });
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { channelRegistry } from '../../../shared/channels/channel-registry';
import { readFlatXml } from '../../../shared/channels/wechat/flat-xml';
import { hostileBodies, hostileDeliveryFor, oneMiB, repeatTo } from '../../helpers/hostile-bodies';
import { testChannelSecrets } from '../../helpers/receiver-deps';

const now = new Date();

describe('verifiers on hostile bodies', () => {
  it.each(Object.keys(channelRegistry))(
    '%s refuses every 1 MiB hostile body with a wrong signature in linear time',
    (channel) => {
      // Prepare
      const adapter = channelRegistry[channel as keyof typeof channelRegistry];

      for (const [name, body] of Object.entries(hostileBodies)) {
        const request = hostileDeliveryFor(channel, body, now);

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

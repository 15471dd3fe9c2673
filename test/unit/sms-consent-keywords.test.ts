import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  smsConsentKeyword,
  smsOptInKeywords,
  smsOptOutKeywords,
} from '../../shared/domain/sms-consent-keywords';

const keywords = [...smsOptOutKeywords, ...smsOptInKeywords];

/** A keyword with each ASCII letter in a random case. */
const anyCase = fc
  .constantFrom(...keywords)
  .chain((keyword) =>
    fc
      .array(fc.boolean(), { minLength: keyword.length, maxLength: keyword.length })
      .map((lower) =>
        [...keyword].map((letter, index) => (lower[index] ? letter.toLowerCase() : letter)).join(''),
      ),
  );

const whitespace = fc.constantFrom(' ', '\t', '\n', '\r\n', '\u00a0', '\u3000');

describe('smsConsentKeyword', () => {
  it('reads every listed keyword, in any case and with surrounding whitespace', () => {
    fc.assert(
      fc.property(anyCase, fc.array(whitespace), fc.array(whitespace), (keyword, before, after) => {
        // Act
        const read = smsConsentKeyword(`${before.join('')}${keyword}${after.join('')}`);

        // Assess
        expect(read?.keyword).toBe(keyword.toUpperCase());
      }),
    );
  });

  it('denies consent for the opt-out words and grants it for the opt-in words', () => {
    // Act
    const outs = smsOptOutKeywords.map((keyword) => smsConsentKeyword(keyword)?.consent);
    const ins = smsOptInKeywords.map((keyword) => smsConsentKeyword(keyword)?.consent);

    // Assess
    expect(new Set(outs)).toEqual(new Set(['denied']));
    expect(new Set(ins)).toEqual(new Set(['granted']));
  });

  it('is no keyword when anything else is said with it ("STOP please", "please stop", "T-shirt")', () => {
    fc.assert(
      fc.property(
        anyCase,
        fc.string({ minLength: 1 }).filter((extra) => extra.trim() !== ''),
        fc.boolean(),
        (keyword, extra, before) => {
          // Prepare
          const body = before ? `${extra} ${keyword}` : `${keyword} ${extra}`;

          // Act
          const read = smsConsentKeyword(body);

          // Assess
          expect(read).toBeUndefined();
        },
      ),
    );
    expect(smsConsentKeyword('STOP please')).toBeUndefined();
    expect(smsConsentKeyword('stop.')).toBeUndefined();
    expect(smsConsentKeyword('T-shirt')).toBeUndefined();
  });

  it('never takes a Unicode look-alike for a keyword (long s, ligatures, fullwidth letters)', () => {
    // Act
    const lookAlikes = ['ſtop', 'ﬆop', 'ＳＴＯＰ', 'stoр'].map(smsConsentKeyword);

    // Assess
    expect(lookAlikes).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('answers for any text without throwing, and only with a listed keyword', () => {
    fc.assert(
      fc.property(fc.string(), (body) => {
        // Act
        const read = smsConsentKeyword(body);

        // Assess
        if (read) expect(keywords).toContain(read.keyword);
      }),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundFacts, factLimits } from '../../shared/domain/fact-limits';
import type { Fact } from '../../shared/domain/facts';

const message = (text: string, media: string[] = []): Fact => ({
  kind: 'message',
  customer: { identities: [{ kind: 'telegram', value: '1' }], emails: [], phones: [] },
  message: { eventType: 'message.received', platform: 'telegram', id: 'm1', text, kind: 'text', media },
});

describe('boundFacts', () => {
  it('keeps every text within the byte limit, unchanged when it fits, trimmed on whole characters with its size otherwise', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'grapheme', maxLength: 200 }),
          // Long texts from a repeated random piece: cheap to generate and to shrink.
          fc
            .string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
            .map((piece) => piece.repeat(Math.ceil(17_000 / piece.length))),
        ),
        (text) => {
          const [fact] = boundFacts([message(text)]).facts;
          const kept = fact?.kind === 'message' ? fact.message : undefined;
          const bytes = Buffer.byteLength(text, 'utf8');
          expect(Buffer.byteLength(kept?.text ?? '', 'utf8')).toBeLessThanOrEqual(
            factLimits.messageTextBytes,
          );
          if (bytes <= factLimits.messageTextBytes) {
            expect(kept?.text).toBe(text);
            expect(kept?.originalTextBytes).toBeUndefined();
          } else {
            expect(kept?.originalTextBytes).toBe(bytes);
            expect(text.startsWith(kept?.text.split(' … [trimmed by Rapport')[0] ?? '')).toBe(true);
            expect(kept?.text.isWellFormed()).toBe(true);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps at most 20 media references, none longer than a URL may be', () => {
    const media = [
      ...Array.from({ length: 30 }, (_, index) => `https://cdn.example.com/${index}`),
      'x'.repeat(5000),
    ];
    const [fact] = boundFacts([message('hi', media)]).facts;
    expect(fact?.kind === 'message' ? fact.message.media : []).toEqual(media.slice(0, 20));
  });

  it('refuses a fact whose customer has no identity of a usable size', () => {
    const fact: Fact = {
      kind: 'customer',
      customer: {
        identities: [{ kind: 'email', value: `${'a'.repeat(400)}@example.com` }],
        emails: [],
        phones: [],
      },
    };
    expect(boundFacts([fact])).toEqual({
      facts: [],
      problems: ['customer.customer.identities: none within 320 characters'],
    });
  });
});

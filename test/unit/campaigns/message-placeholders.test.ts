import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  firstNameOf,
  maxRenderedLength,
  placeholderNames,
  placeholderProblems,
  renderPlaceholders,
} from '../../../shared/campaigns/message-placeholders';
import type { Customer } from '../../../shared/domain/customer';

type Fields = Pick<Customer, 'name' | 'scores' | 'stats'>;

const ada: Fields = {
  name: 'Ada Lovelace',
  scores: { segment: 'at_risk', reasons: [] },
  stats: {
    orders: 3,
    revenue: { amount: 9000, currency: 'USD' },
    messages: 0,
    lastOrderAt: '2026-11-30T20:30:00.000Z',
  },
};

const nobody: Fields = {
  scores: { reasons: [] },
  stats: { orders: 0, revenue: { amount: 0, currency: 'USD' }, messages: 0 },
};

describe('renderPlaceholders', () => {
  it('fills every placeholder from the customer', () => {
    // Act
    const text = renderPlaceholders(
      '{{customer.firstName|there}} / {{customer.name|friend}} / {{customer.segment|-}} / {{customer.lastOrderAt|never}} / {{customer.orders}}',
      ada,
      'UTC',
    );

    // Assess
    expect(text).toBe('Ada / Ada Lovelace / at_risk / 2026-11-30 / 3');
  });

  it('writes the last order date in the member time zone', () => {
    // Act: 20:30 UTC on 30 November is 04:30 on 1 December in Shanghai.
    const text = renderPlaceholders('{{customer.lastOrderAt|never}}', ada, 'Asia/Shanghai');

    // Assess
    expect(text).toBe('2026-12-01');
  });

  it('takes the fallback for a value the customer lacks, and counts zero orders', () => {
    // Act
    const text = renderPlaceholders(
      'Hi {{customer.firstName|there}}, {{customer.lastOrderAt|not yet}}, {{customer.orders}}',
      nobody,
      'UTC',
    );

    // Assess
    expect(text).toBe('Hi there, not yet, 0');
  });

  it('renders an explicitly empty fallback as nothing, where the marketer chose it', () => {
    // Act and Assess
    expect(renderPlaceholders('Hello{{customer.firstName|}}!', nobody, 'UTC')).toBe('Hello!');
  });

  it('cuts a long name at its maximum without splitting a character', () => {
    // Prepare
    const long: Fields = { ...ada, name: `${'😀'.repeat(50)}` };

    // Act
    const text = renderPlaceholders('{{customer.name|x}}', long, 'UTC');

    // Assess: 40 emoji of two UTF-16 units each.
    expect(text).toBe('😀'.repeat(40));
  });

  it('never renders longer than maxRenderedLength promised, nor leaves a placeholder raw', () => {
    // Prepare
    const name = fc.option(fc.string({ maxLength: 300 }), { nil: undefined });
    const segment = fc.option(fc.constantFrom('champions', 'potential_loyalist', 'lost'), { nil: undefined });
    const placeholder = fc
      .tuple(
        fc.constantFrom(...placeholderNames),
        fc.string({ maxLength: 40 }).filter((s) => !/[{}]/.test(s)),
      )
      .map(([field, fallback]) => `{{customer.${field}|${fallback}}}`);
    const text = fc
      .array(
        fc.oneof(
          placeholder,
          fc.string({ maxLength: 20 }).filter((s) => !/[{}]/.test(s)),
        ),
        { maxLength: 8 },
      )
      .map((parts) => parts.join(''));

    fc.assert(
      fc.property(text, name, segment, fc.nat(10_000), (template, customerName, customerSegment, orders) => {
        const customer: Fields = {
          ...(customerName === undefined ? {} : { name: customerName }),
          scores: { ...(customerSegment ? { segment: customerSegment } : {}), reasons: [] },
          stats: { ...ada.stats, orders },
        };
        expect(placeholderProblems(template, 'text')).toEqual([]);

        // Act
        const rendered = renderPlaceholders(template, customer, 'Asia/Tokyo');

        // Assess
        expect(rendered.length).toBeLessThanOrEqual(maxRenderedLength(template));
        expect(rendered).not.toContain('{{customer.');
      }),
    );
  });
});

describe('placeholderProblems', () => {
  it('finds nothing wrong in literals and well-formed placeholders', () => {
    // Act and Assess
    expect(placeholderProblems('10% off, this week only', 'text')).toEqual([]);
    expect(placeholderProblems('{{ customer.orders }} orders', 'text')).toEqual([]);
    expect(placeholderProblems('{{customer.firstName|there}}', 'parameter')).toEqual([]);
  });

  it('refuses unknown placeholders, stray braces and placeholders outside customer', () => {
    // Act and Assess
    expect(placeholderProblems('{{customer.email}}', 'text')[0]).toMatch(/^unknown placeholder/);
    expect(placeholderProblems('{{order.total}}', 'text')[0]).toMatch(/^unknown placeholder/);
    expect(placeholderProblems('Hi {{customer.firstName|there}', 'text')).toEqual([
      'unmatched {{ or }}: a placeholder is written {{customer.firstName|there}}',
    ]);
  });

  it('asks for a fallback on fields some customers lack, not on the order count', () => {
    // Act and Assess
    for (const field of ['firstName', 'name', 'segment', 'lastOrderAt'])
      expect(placeholderProblems(`{{customer.${field}}}`, 'text')[0]).toMatch(/needs a fallback/);
    expect(placeholderProblems('{{customer.orders}}', 'text')).toEqual([]);
  });

  it('refuses a fallback over 40 characters', () => {
    // Act and Assess
    expect(placeholderProblems(`{{customer.firstName|${'x'.repeat(41)}}}`, 'text')).toHaveLength(1);
  });
});

describe('firstNameOf', () => {
  it('takes the first word, or the whole name when it has no space', () => {
    // Act and Assess
    expect(firstNameOf('  Ada   Lovelace ')).toBe('Ada');
    expect(firstNameOf('王小明')).toBe('王小明');
    expect(firstNameOf('   ')).toBeUndefined();
    expect(firstNameOf(undefined)).toBeUndefined();
  });
});

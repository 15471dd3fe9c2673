import type { Customer } from '../domain/customer';

/**
 * The customer fields a campaign message may name, as `{{customer.<name>}}`.
 *
 * @example
 * placeholderNames.includes('firstName'); // true
 */
export const placeholderNames = ['firstName', 'name', 'segment', 'lastOrderAt', 'orders'] as const;
export type PlaceholderName = (typeof placeholderNames)[number];

/**
 * The longest text each placeholder renders to, in UTF-16 units (what the platforms' limits and
 * `String.length` count). Names are cut at this length; the others cannot exceed it (a segment
 * name, a `YYYY-MM-DD` date, an order count). The schema adds these up to refuse, at creation, a
 * text that could outgrow a platform's limit for some customer.
 *
 * @example
 * placeholderMaxLength.lastOrderAt; // 10
 */
export const placeholderMaxLength: Record<PlaceholderName, number> = {
  firstName: 40,
  name: 80,
  segment: 20,
  lastOrderAt: 10,
  orders: 9,
};

/**
 * Placeholders whose value some customers lack (no name, no segment yet, no order yet). Each
 * needs a fallback (`{{customer.firstName|there}}`): a greeting that silently reads "Hi ," or a
 * WhatsApp template parameter that is empty (Meta refuses the whole message) is worse than a word
 * the marketer chose. `orders` is always known (0 before the first order).
 *
 * @example
 * mayBeMissing.has('firstName'); // true
 */
export const mayBeMissing: ReadonlySet<PlaceholderName> = new Set([
  'firstName',
  'name',
  'segment',
  'lastOrderAt',
]);

/** The longest fallback (`{{customer.firstName|…}}`), in UTF-16 units. */
export const maxFallbackLength = 40;

/** One placeholder as written in a text: the field, and the fallback after `|` if any. */
interface PlaceholderUse {
  raw: string;
  name: string;
  fallback?: string;
}

const placeholderPattern = /\{\{([^{}]*)\}\}/g;

function usesIn(text: string): PlaceholderUse[] {
  return [...text.matchAll(placeholderPattern)].map((match) => {
    const inner = match[1] ?? '';
    const bar = inner.indexOf('|');
    const path = (bar < 0 ? inner : inner.slice(0, bar)).trim();
    const name = path.startsWith('customer.') ? path.slice('customer.'.length) : `\u0000${path}`;
    return bar < 0 ? { raw: match[0], name } : { raw: match[0], name, fallback: inner.slice(bar + 1) };
  });
}

function known(name: string): name is PlaceholderName {
  return (placeholderNames as ReadonlyArray<string>).includes(name);
}

/**
 * What is wrong with the placeholders of a campaign text, subject or template parameter, as
 * sentences for the marketer (empty when nothing is). Refused: a placeholder Rapport does not know
 * (it would reach the customer raw, braces and all), stray `{{` or `}}`, a field some customers
 * lack used without a fallback, a fallback over 40 characters, and in a template parameter an
 * empty fallback (WhatsApp refuses an empty parameter).
 *
 * @example
 * placeholderProblems('Hi {{customer.email}}', 'text'); // ['unknown placeholder {{customer.email}}: use customer.firstName, …']
 * placeholderProblems('Hi {{customer.firstName|there}}', 'text'); // []
 */
export function placeholderProblems(text: string, where: 'text' | 'parameter'): string[] {
  const problems: string[] = [];
  for (const use of usesIn(text)) {
    if (!known(use.name)) {
      problems.push(
        `unknown placeholder ${use.raw}: use ${placeholderNames.map((name) => `customer.${name}`).join(', ')}`,
      );
      continue;
    }
    if (use.fallback === undefined && mayBeMissing.has(use.name))
      problems.push(
        `${use.raw} needs a fallback for customers without it, such as {{customer.${use.name}|${use.name === 'firstName' ? 'there' : '…'}}}`,
      );
    if (use.fallback !== undefined && use.fallback.length > maxFallbackLength)
      problems.push(`the fallback of ${use.raw} is longer than ${maxFallbackLength} characters`);
    if (use.fallback !== undefined && use.fallback.trim() === '' && where === 'parameter')
      problems.push(`${use.raw} in a template parameter needs a fallback that is not empty`);
  }
  const rest = text.replace(placeholderPattern, '');
  if (rest.includes('{{') || rest.includes('}}'))
    problems.push('unmatched {{ or }}: a placeholder is written {{customer.firstName|there}}');
  return problems;
}

/**
 * The longest a text can render to for any customer: each placeholder counted at the longest of
 * its value and its fallback. Assumes {@link placeholderProblems} found nothing.
 *
 * @example
 * maxRenderedLength('Hi {{customer.firstName|there}}'); // 43
 */
export function maxRenderedLength(text: string): number {
  let length = text.replace(placeholderPattern, '').length;
  for (const use of usesIn(text)) {
    const value = known(use.name) ? placeholderMaxLength[use.name] : use.raw.length;
    length += Math.max(value, use.fallback?.length ?? 0);
  }
  return length;
}

/** Cuts a text to at most `max` UTF-16 units without splitting a character. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let result = '';
  for (const character of text) {
    if (result.length + character.length > max) break;
    result += character;
  }
  return result;
}

/**
 * A customer's first name: the first word of their name, or the whole name when it has no space
 * (most Chinese, Japanese and Korean names are written without one, family name first, and
 * addressing someone by a guessed part of it is worse than by the whole).
 *
 * @example
 * firstNameOf('Ada Lovelace'); // 'Ada'
 * firstNameOf('王小明'); // '王小明'
 */
export function firstNameOf(name: string | undefined): string | undefined {
  const trimmed = name?.trim();
  if (!trimmed) return undefined;
  return trimmed.split(/\s+/)[0];
}

/** A moment as `YYYY-MM-DD` in a time zone: unambiguous in every language the shop writes in. */
function dateIn(at: string, timeZone: string): string | undefined {
  const moment = new Date(at);
  if (Number.isNaN(moment.getTime())) return undefined;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(moment);
  const part = (type: string) => parts.find((candidate) => candidate.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

function customerValue(
  name: PlaceholderName,
  customer: Pick<Customer, 'name' | 'scores' | 'stats'>,
  timeZone: string,
): string | undefined {
  switch (name) {
    case 'firstName':
      return firstNameOf(customer.name);
    case 'name':
      return customer.name?.trim() || undefined;
    case 'segment':
      return customer.scores.segment || undefined;
    case 'lastOrderAt':
      return customer.stats.lastOrderAt ? dateIn(customer.stats.lastOrderAt, timeZone) : undefined;
    case 'orders':
      return String(customer.stats.orders ?? 0);
  }
}

/**
 * Fills a campaign text's placeholders from the customer: `firstName` (first word of the name),
 * `name`, `segment` (the RFM segment's name, such as `at_risk`), `lastOrderAt` (the date of the
 * last order, `YYYY-MM-DD` in the member's time zone) and `orders` (the count). A missing value
 * takes the placeholder's fallback; values are cut at {@link placeholderMaxLength}. Text that
 * passed {@link placeholderProblems} never renders a placeholder raw.
 *
 * @example
 * renderPlaceholders('Hi {{customer.firstName|there}}', customer, 'Asia/Shanghai'); // 'Hi Ada'
 */
export function renderPlaceholders(
  text: string,
  customer: Pick<Customer, 'name' | 'scores' | 'stats'>,
  timeZone: string,
): string {
  return text.replace(placeholderPattern, (raw) => {
    const [use] = usesIn(raw);
    if (!use || !known(use.name)) return raw;
    const value = customerValue(use.name, customer, timeZone);
    return value === undefined ? (use.fallback ?? '') : cut(value, placeholderMaxLength[use.name]);
  });
}

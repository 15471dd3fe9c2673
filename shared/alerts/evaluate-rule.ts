import type { CanonicalEvent } from '../events/contracts';
import type { AlertRule, Condition } from './alert-rule';

/** What a rule reads: the event, and the customer after it. */
export interface RuleInput {
  event: CanonicalEvent;
  customer: Record<string, unknown>;
}

/** How a rule's evaluation ended, with the first condition that did not hold. */
export type RuleOutcome = { matches: true } | { matches: false; reason: string };

/**
 * Evaluates a rule against an event and the customer after it: the rule must be enabled and on
 * the event's type, and every condition must hold. `changed_to` holds when the customer's value
 * before the event (a `customer.scored` event's `before`) was not the value and after it is.
 *
 * @example
 * evaluateRule(rule, { event, customer }); // { matches: true }
 */
export function evaluateRule(rule: AlertRule, input: RuleInput): RuleOutcome {
  if (!rule.enabled) return { matches: false, reason: 'the rule is disabled' };
  if (rule.on !== input.event.type) return { matches: false, reason: `the rule is on ${rule.on}` };
  for (const condition of rule.if) {
    if (!holds(condition, input))
      return { matches: false, reason: `${condition.path} ${condition.op} does not hold` };
  }
  return { matches: true };
}

/**
 * True when one condition holds.
 *
 * @example
 * holds({ path: 'event.order.total.amount', op: 'gte', value: 50000 }, input);
 */
export function holds(condition: Condition, input: RuleInput): boolean {
  const actual = valueAt(input, condition.path);
  const expected = condition.value;
  switch (condition.op) {
    case 'eq':
      return sameValue(actual, expected);
    case 'ne':
      return !sameValue(actual, expected);
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return compare(actual, expected, condition.op);
    case 'in':
      return Array.isArray(expected) && expected.some((candidate) => sameValue(actual, candidate));
    case 'contains':
      if (typeof actual === 'string' && typeof expected === 'string') {
        return actual.toLowerCase().includes(expected.toLowerCase());
      }
      return Array.isArray(actual) && actual.some((item) => sameValue(item, expected));
    case 'exists':
      return (
        (actual !== undefined && actual !== null) === (expected === undefined ? true : Boolean(expected))
      );
    case 'changed_to': {
      if (input.event.type !== 'customer.scored') return false;
      const inner = condition.path.slice('customer.'.length);
      const before = input.event.before ? valueAt(input.event.before, inner) : undefined;
      const after = valueAt(input.event.after, inner);
      return sameValue(after, expected) && !sameValue(before, expected);
    }
  }
}

function valueAt(root: unknown, path: string): unknown {
  let value: unknown = root;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value =
      Array.isArray(value) && /^\d+$/.test(part)
        ? value[Number(part)]
        : (value as Record<string, unknown>)[part];
  }
  return value;
}

function compare(actual: unknown, expected: unknown, op: 'gt' | 'gte' | 'lt' | 'lte'): boolean {
  const bothNumbers = typeof actual === 'number' && typeof expected === 'number';
  const bothStrings = typeof actual === 'string' && typeof expected === 'string';
  if (!bothNumbers && !bothStrings) return false;
  const order = actual < (expected as typeof actual) ? -1 : actual > (expected as typeof actual) ? 1 : 0;
  return op === 'gt' ? order > 0 : op === 'gte' ? order >= 0 : op === 'lt' ? order < 0 : order <= 0;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * How one attempt to deliver something (an alert, a message to a customer) ended.
 *
 * - `delivered`: the far side accepted it.
 * - `retry-at`: worth trying again (network, timeout, 5xx, 429, a platform's rate limit), after
 *   `retryAfterMs` when the far side said how long.
 * - `permanent-failure`: trying again would fail the same way (a bad URL, signature, payload).
 *
 * @example
 * const outcome: DeliveryOutcome = { kind: 'retry-at', reason: '429', retryAfterMs: 2000 };
 */
export type DeliveryOutcome =
  | { kind: 'delivered' }
  | { kind: 'retry-at'; reason: string; retryAfterMs?: number }
  | { kind: 'permanent-failure'; reason: string };

/**
 * True when an outcome is worth another attempt later.
 *
 * @example
 * isRetryable({ kind: 'retry-at', reason: '503' }); // true
 */
export function isRetryable(
  outcome: DeliveryOutcome,
): outcome is Extract<DeliveryOutcome, { kind: 'retry-at' }> {
  return outcome.kind === 'retry-at';
}

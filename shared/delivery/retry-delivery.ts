import type { DeliveryOutcome } from './delivery-outcome';

/** How hard one invocation tries a destination before leaving it to the next. */
export interface RetryPolicy {
  /** Attempts in this invocation. */
  maxAttempts: number;
  /** First backoff; each retry doubles it, up to `maxDelayMs`, with full jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Time this invocation may spend on the destination, waits included. */
  budgetMs: number;
}

/** Four attempts within 20 seconds, backing off from a quarter second to four. */
export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 4000,
  budgetMs: 20_000,
};

/** How the attempts ended. */
export interface RetriedOutcome {
  outcome: DeliveryOutcome;
  attempts: number;
}

/**
 * Tries a delivery until it is delivered, fails for good, or the policy is spent: exponential
 * backoff with full jitter between attempts, never less than the platform's `Retry-After`; a
 * wait that would overrun the budget is not waited (the caller leaves the delivery to a later run).
 *
 * @example
 * const { outcome, attempts } = await retryDelivery(() => send(request), defaultRetryPolicy, { sleep, random: Math.random });
 */
export async function retryDelivery(
  attempt: () => Promise<DeliveryOutcome>,
  policy: RetryPolicy,
  clock: { sleep: (ms: number) => Promise<void>; random: () => number; nowMs: () => number },
): Promise<RetriedOutcome> {
  const started = clock.nowMs();
  let outcome: DeliveryOutcome = { kind: 'retry-at', reason: 'not attempted' };
  let attempts = 0;
  while (attempts < policy.maxAttempts) {
    attempts += 1;
    outcome = await attempt();
    if (outcome.kind !== 'retry-at' || attempts >= policy.maxAttempts) break;
    const backoff = clock.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempts - 1));
    const wait = Math.max(backoff, outcome.retryAfterMs ?? 0);
    if (clock.nowMs() - started + wait > policy.budgetMs) break;
    await clock.sleep(wait);
  }
  return { outcome, attempts };
}

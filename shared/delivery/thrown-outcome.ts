import type { DeliveryOutcome } from './delivery-outcome';
import { RefusedDestinationError } from './safe-post';

/**
 * An SDK or network error read as an outcome: refused URLs and the AWS SDK's client errors (a
 * rejected message, a missing topic, denied access) are permanent; throttling, 5xx, timeouts and
 * network errors are retried.
 *
 * @example
 * thrownOutcome(new RefusedDestinationError('destinations must use https')); // { kind: 'permanent-failure', ... }
 */
export function thrownOutcome(error: unknown): DeliveryOutcome {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (error instanceof RefusedDestinationError) return { kind: 'permanent-failure', reason };
  const sdk = error as { $metadata?: { httpStatusCode?: number }; $retryable?: unknown; $fault?: string };
  const status = sdk.$metadata?.httpStatusCode;
  if (
    sdk.$retryable ||
    sdk.$fault === 'server' ||
    (status !== undefined && (status >= 500 || status === 429))
  )
    return { kind: 'retry-at', reason };
  if (sdk.$fault === 'client') return { kind: 'permanent-failure', reason };
  return { kind: 'retry-at', reason };
}

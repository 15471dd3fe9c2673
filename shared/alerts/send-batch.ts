import type { AlertBatch } from './alert-batch';
import { batchMessage } from './alert-batch';
import { alertEmail } from './alert-email';
import { type DeliveryOutcome, deliveryOutcome, type HttpAnswer } from './delivery-outcome';
import type { Destination } from './destination';
import { type DestinationRequest, destinationRequest, webhookBody } from './destination-requests';
import { type RetriedOutcome, type RetryPolicy, retryDelivery } from './retry-delivery';
import { RefusedDestinationError } from './safe-post';

/** The ways out of Rapport an alert can take; AWS clients in a function, fakes or local files in tests. */
export interface AlertTransports {
  /** POSTs to a webhook, Slack or a robot (URL re-checked, private addresses refused). */
  post(request: DestinationRequest): Promise<HttpAnswer>;
  /** Sends a raw MIME message (SES v2 in AWS; an `.eml` file under `npm start`). */
  sendEmail(raw: Buffer, to: ReadonlyArray<string>, deliveryId: string): Promise<void>;
  /** Publishes to an SNS topic. */
  publishSns(topicArn: string, subject: string, message: string): Promise<void>;
  /** The sender of alert emails (ALERT_EMAIL_FROM). */
  emailFrom?: string;
}

export interface SendClock {
  now(): Date;
  sleep(ms: number): Promise<void>;
  random(): number;
}

/**
 * An SDK or network error read as an outcome: refused URLs and the SDK's client errors (a
 * rejected message, a missing topic, denied access) are permanent; throttling, 5xx, timeouts
 * and network errors are retried.
 */
function thrownOutcome(error: unknown): DeliveryOutcome {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (error instanceof RefusedDestinationError) return { kind: 'failed', reason };
  const sdk = error as { $metadata?: { httpStatusCode?: number }; $retryable?: unknown; $fault?: string };
  const status = sdk.$metadata?.httpStatusCode;
  if (
    sdk.$retryable ||
    sdk.$fault === 'server' ||
    (status !== undefined && (status >= 500 || status === 429))
  ) {
    return { kind: 'retry', reason };
  }
  if (sdk.$fault === 'client') return { kind: 'failed', reason };
  return { kind: 'retry', reason };
}

async function attemptOnce(
  destination: Destination,
  batch: AlertBatch,
  transports: AlertTransports,
  clock: SendClock,
): Promise<DeliveryOutcome> {
  try {
    switch (destination.type) {
      case 'email': {
        if (!transports.emailFrom) return { kind: 'failed', reason: 'ALERT_EMAIL_FROM is not set' };
        const raw = await alertEmail(destination, batch, transports.emailFrom, clock.now());
        await transports.sendEmail(raw, destination.to, batch.deliveryId);
        return { kind: 'delivered' };
      }
      case 'sns': {
        const message = batchMessage(batch, destination.locale);
        // SNS subjects: under 100 characters, no line breaks.
        await transports.publishSns(
          destination.topicArn,
          message.title.replace(/[\r\n]+/g, ' ').slice(0, 99),
          JSON.stringify(webhookBody(batch, message)),
        );
        return { kind: 'delivered' };
      }
      default: {
        // Built per attempt: robot signatures carry a timestamp the platform checks.
        const request = destinationRequest(destination, batch, clock.now());
        return deliveryOutcome(destination.type, await transports.post(request), clock.now());
      }
    }
  } catch (error) {
    return thrownOutcome(error);
  }
}

/**
 * Delivers a batch to one destination with retries (exponential backoff with jitter, honouring
 * Retry-After and the robots' rate-limit codes) within the policy's budget.
 *
 * @example
 * const { outcome, attempts } = await sendBatch(destination, batch, transports, clock, defaultRetryPolicy);
 */
export function sendBatch(
  destination: Destination,
  batch: AlertBatch,
  transports: AlertTransports,
  clock: SendClock,
  policy: RetryPolicy,
): Promise<RetriedOutcome> {
  return retryDelivery(() => attemptOnce(destination, batch, transports, clock), policy, {
    sleep: clock.sleep,
    random: clock.random,
    nowMs: () => clock.now().getTime(),
  });
}

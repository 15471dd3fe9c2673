import type { DeliveryOutcome } from '../delivery/delivery-outcome';
import { type RetriedOutcome, type RetryPolicy, retryDelivery } from '../delivery/retry-delivery';
import { thrownOutcome } from '../delivery/thrown-outcome';
import type { Transports } from '../delivery/transports';
import type { AlertBatch } from './alert-batch';
import { batchMessage } from './alert-batch';
import { alertEmail } from './alert-email';
import type { Destination } from './destination';
import { destinationOutcome } from './destination-answer';
import { destinationRequest, webhookBody } from './destination-requests';

/** The ways out of Rapport an alert can take (`shared/delivery`); alert emails come from `emailFrom`. */
export type AlertTransports = Transports;

export interface SendClock {
  now(): Date;
  sleep(ms: number): Promise<void>;
  random(): number;
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
        if (!transports.emailFrom)
          return { kind: 'permanent-failure', reason: 'ALERT_EMAIL_FROM is not set' };
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
        return destinationOutcome(destination.type, await transports.post(request), clock.now());
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

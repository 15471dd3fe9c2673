import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { traced } from '../observability/tracer';
import { safePost } from './safe-post';
import type { AlertTransports } from './send-batch';

/** The settings alert sending reads. */
export interface AlertTransportSettings {
  ALLOW_LOOPBACK_DESTINATIONS: boolean;
  ALERT_EMAIL_FROM: string;
  SES_CONFIGURATION_SET: string;
  EMAIL_OUTBOX_DIR: string;
}

/** One HTTP attempt may take this long before it counts as a timeout (and is retried). */
export const destinationTimeoutMs = 5000;

/**
 * The transports of a deployed function (SES v2, SNS, guarded HTTPS), or under `npm start` the
 * same HTTP path with loopback allowed and emails written as `.eml` files to EMAIL_OUTBOX_DIR
 * (named by delivery id, so a retry rewrites the same file).
 *
 * @example
 * const transports = createAlertTransports(functionSettings('notify-marketers'));
 */
export function createAlertTransports(
  settings: AlertTransportSettings,
  timeoutMs = destinationTimeoutMs,
): AlertTransports {
  // SDK clients are created on first use: most invocations send no email and publish nothing.
  let ses: SESv2Client | undefined;
  let sns: SNSClient | undefined;
  const sdkTimeouts = { requestHandler: { connectionTimeout: 2000, requestTimeout: timeoutMs } };
  return {
    ...(settings.ALERT_EMAIL_FROM ? { emailFrom: settings.ALERT_EMAIL_FROM } : {}),
    post: (request) =>
      safePost(request, {
        allowLoopbackHttp: settings.ALLOW_LOOPBACK_DESTINATIONS,
        timeoutMs,
      }),
    async sendEmail(raw, to, deliveryId) {
      if (settings.EMAIL_OUTBOX_DIR) {
        await mkdir(settings.EMAIL_OUTBOX_DIR, { recursive: true });
        await writeFile(
          join(settings.EMAIL_OUTBOX_DIR, `${deliveryId.replace(/[^A-Za-z0-9_-]/g, '_')}.eml`),
          raw,
        );
        return;
      }
      ses ??= traced(new SESv2Client(sdkTimeouts));
      await ses.send(
        new SendEmailCommand({
          FromEmailAddress: settings.ALERT_EMAIL_FROM,
          Destination: { ToAddresses: [...to] },
          Content: { Raw: { Data: raw } },
          ...(settings.SES_CONFIGURATION_SET ? { ConfigurationSetName: settings.SES_CONFIGURATION_SET } : {}),
        }),
      );
    },
    async publishSns(topicArn, subject, message) {
      sns ??= traced(new SNSClient(sdkTimeouts));
      await sns.send(new PublishCommand({ TopicArn: topicArn, Subject: subject, Message: message }));
    },
  };
}

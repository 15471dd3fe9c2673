import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { traced } from '../observability/tracer';
import type { HttpAnswer } from './http-answer';
import { type OutgoingRequest, safePost } from './safe-post';

/** The ways out of Rapport: AWS clients in a function, fakes or local files in tests. */
export interface Transports {
  /** POSTs over HTTP(S) (URL re-checked, private addresses refused at connect time). */
  post(request: OutgoingRequest): Promise<HttpAnswer>;
  /** Sends a raw MIME message (SES v2 in AWS; an `.eml` file under `npm start`). */
  sendEmail(raw: Buffer, to: ReadonlyArray<string>, deliveryId: string): Promise<void>;
  /** Publishes to an SNS topic. */
  publishSns(topicArn: string, subject: string, message: string): Promise<void>;
  /** The sender of the emails these transports send, when one is configured. */
  emailFrom?: string;
}

/** How the transports are set up. */
export interface TransportOptions {
  /** `npm start` only: plain http to loopback receivers. */
  allowLoopbackHttp: boolean;
  /** The verified SES identity emails are sent from; empty when none. */
  emailFrom: string;
  sesConfigurationSet: string;
  /** `npm start` only: write emails as `.eml` files here instead of sending them through SES. */
  emailOutboxDir: string;
  /** One HTTP attempt may take this long before it counts as a timeout (and is retried). */
  timeoutMs: number;
  userAgent: string;
}

/**
 * The transports of a deployed function (SES v2, SNS, guarded HTTPS), or under `npm start` the
 * same HTTP path with loopback allowed and emails written as `.eml` files (named by delivery id,
 * so a retry rewrites the same file). SDK clients are created on first use.
 *
 * @example
 * const transports = createTransports({ allowLoopbackHttp: false, emailFrom: 'a@shop.example', sesConfigurationSet: '', emailOutboxDir: '', timeoutMs: 5000, userAgent: 'Rapport/1' });
 */
export function createTransports(options: TransportOptions): Transports {
  let ses: SESv2Client | undefined;
  let sns: SNSClient | undefined;
  const sdkTimeouts = { requestHandler: { connectionTimeout: 2000, requestTimeout: options.timeoutMs } };
  return {
    ...(options.emailFrom ? { emailFrom: options.emailFrom } : {}),
    post: (request) =>
      safePost(request, {
        allowLoopbackHttp: options.allowLoopbackHttp,
        timeoutMs: options.timeoutMs,
        userAgent: options.userAgent,
      }),
    async sendEmail(raw, to, deliveryId) {
      if (options.emailOutboxDir) {
        await mkdir(options.emailOutboxDir, { recursive: true });
        await writeFile(
          join(options.emailOutboxDir, `${deliveryId.replace(/[^A-Za-z0-9_-]/g, '_')}.eml`),
          raw,
        );
        return;
      }
      ses ??= traced(new SESv2Client(sdkTimeouts));
      await ses.send(
        new SendEmailCommand({
          FromEmailAddress: options.emailFrom,
          Destination: { ToAddresses: [...to] },
          Content: { Raw: { Data: raw } },
          ...(options.sesConfigurationSet ? { ConfigurationSetName: options.sesConfigurationSet } : {}),
        }),
      );
    },
    async publishSns(topicArn, subject, message) {
      sns ??= traced(new SNSClient(sdkTimeouts));
      await sns.send(new PublishCommand({ TopicArn: topicArn, Subject: subject, Message: message }));
    },
  };
}

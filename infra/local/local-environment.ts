import { webhookChannels } from '../../shared/http/routes';
import { unpublishableRecordsQueuePath } from './local-bus';

/** The local services the functions' SDK clients talk to. */
export interface LocalEndpoints {
  dynamodb: string;
  /** The local bus: EventBridge `PutEvents`, Lambda `Invoke` and SQS `SendMessage` on one server. */
  bus: string;
}

/**
 * The environment `npm start` gives the in-process functions: the same variables the stack's
 * bind helpers set (`shared/config/function-bindings.ts`), with the SDK's own endpoint variables
 * (`AWS_ENDPOINT_URL_<SERVICE>`) pointing at the local services instead of AWS. Secrets stay in
 * their own variables (`.env`), where `shared/config` finds them when no `<setting>_ARN` is set:
 * the senders' platform tokens (`TELEGRAM_BOT_TOKEN`, ...) too, so a platform left unset answers
 * each reply "<platform> is not configured: set …". Plain settings left unset take the defaults of
 * `shared/config/settings.ts`, which are the values the stack sets (the platforms' own API URLs).
 * Emails to customers come from `MESSAGE_EMAIL_FROM`, by default a local address, and are written
 * to the outbox folder (`EMAIL_OUTBOX_DIR`, set by the host with the alerts' own local settings).
 *
 * @example
 * Object.assign(process.env, localEnvironment(process.env, { dynamodb, bus }, 'rapport', 'rapport'));
 */
export function localEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  endpoints: LocalEndpoints,
  tableName: string,
  busName: string,
): Record<string, string> {
  return {
    TABLE_NAME: tableName,
    EVENT_BUS_NAME: busName,
    RECEIVER_FUNCTIONS: JSON.stringify(
      Object.fromEntries(webhookChannels.map((channel) => [channel, `receive-${channel}`])),
    ),
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_EVENTBRIDGE: endpoints.bus,
    AWS_ENDPOINT_URL_LAMBDA: endpoints.bus,
    UNPUBLISHABLE_RECORDS_QUEUE_URL: `${endpoints.bus}${unpublishableRecordsQueuePath}`,
    AWS_ENDPOINT_URL_SQS: endpoints.bus,
    // Local alert receivers and platform stand-ins listen on loopback over plain http (also for
    // commands that run handlers outside the host, such as `rapport redrive`).
    ALLOW_LOOPBACK_DESTINATIONS: env.ALLOW_LOOPBACK_DESTINATIONS ?? 'true',
    // Nothing leaves the machine (the outbox is a folder), so email replies need no setup locally.
    MESSAGE_EMAIL_FROM: env.MESSAGE_EMAIL_FROM ?? 'messages@rapport.localhost',
    AWS_REGION: env.AWS_REGION ?? 'us-east-1',
    // Local services accept any credentials; never send a developer's real keys to them.
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  };
}

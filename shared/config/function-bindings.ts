import { type ChannelName, channelNames, channelSecretSettings } from '../channels/channel-names';

/** Every Lambda function of Rapport, by its folder under `functions/`. */
export type FunctionName =
  | 'check-health'
  | 'reject-unknown-channel'
  | 'serve-api'
  | `receive-${ChannelName}`
  | 'relay-events'
  | 'score-customer'
  | 'notify-marketers'
  | 'run-campaigns'
  | 'send-held-alerts'
  | 'enrol-campaign-audiences'
  | 'merge-customers'
  | 'refresh-scores'
  | 'fit-customer-model'
  | 'detect-abandoned-checkouts'
  | 'send-messages'
  | 'resend-waiting-messages';

/** Plain (non-secret) settings a function may read; the stack sets the values, `.env` locally. */
export type PlainSetting =
  | 'LOG_LEVEL'
  | 'BASE_CURRENCY'
  | 'CURRENCY_RATES'
  | 'ABANDONED_CHECKOUT_AFTER'
  | 'PUBLIC_BASE_URL'
  | 'SHARED_IDENTITIES'
  | 'DEFAULT_PHONE_REGION'
  | 'ALLOW_LOOPBACK_DESTINATIONS'
  | 'ALERT_EMAIL_FROM'
  | 'SES_CONFIGURATION_SET'
  | 'EMAIL_OUTBOX_DIR'
  | 'QUARANTINE_RETENTION'
  | 'WHATSAPP_PHONE_NUMBER_ID'
  | 'TWILIO_ACCOUNT_SID'
  | 'TWILIO_FROM'
  | 'META_GRAPH_URL'
  | 'TELEGRAM_API_URL'
  | 'LINE_API_URL'
  | 'WECHAT_API_URL'
  | 'TWILIO_API_URL'
  | 'X_API_URL'
  | 'MESSAGE_EMAIL_FROM'
  | 'MESSENGER_HUMAN_AGENT';

/**
 * What one function may touch and what it reads from its environment. The CDK construct applies
 * it (environment and exactly these grants), `shared/config` parses exactly these settings at cold
 * start, and the local host sets the same variables.
 */
export interface FunctionBinding {
  /** `TABLE_NAME`, with read or read-write access to the table. */
  readonly table?: 'read' | 'readWrite';
  /** `EVENT_BUS_NAME`, with `PutEvents` on that bus only. */
  readonly bus?: true;
  /**
   * `UNPUBLISHABLE_RECORDS_QUEUE_URL`, with `SendMessage` on that queue only: where the relay
   * dead-letters the keys of table records it cannot turn into their event.
   */
  readonly unpublishableRecordsQueue?: true;
  /** `RECEIVER_FUNCTIONS` (channel → function name), with invoke on exactly those functions. */
  readonly invokesReceivers?: true;
  /** Secret settings that must all be set for the function to serve (a channel's secrets). */
  readonly secrets?: ReadonlyArray<string>;
  /** Secret settings used when set (WeChat safe mode). */
  readonly optionalSecrets?: ReadonlyArray<string>;
  /** Sends alerts: `ses:SendEmail` (from ALERT_EMAIL_FROM's identity) and `sns:Publish` to the account's topics. */
  readonly sendsAlerts?: true;
  /** Sends messages to customers: `ses:SendEmail` from MESSAGE_EMAIL_FROM's identity. */
  readonly sendsMessages?: true;
  /** Plain settings. */
  readonly settings: ReadonlyArray<PlainSetting>;
}

const receiverBinding = (channel: ChannelName) =>
  ({
    table: 'readWrite',
    secrets: channelSecretSettings[channel].required,
    optionalSecrets: channelSecretSettings[channel].optional,
    settings: [
      'LOG_LEVEL',
      'BASE_CURRENCY',
      'ABANDONED_CHECKOUT_AFTER',
      'DEFAULT_PHONE_REGION',
      'QUARANTINE_RETENTION',
      // Twilio signs the full public URL it called.
      ...(channel === 'twilio' ? (['PUBLIC_BASE_URL'] as const) : []),
    ],
  }) as const satisfies FunctionBinding;

const receiverBindings = Object.fromEntries(
  channelNames.map((channel) => [`receive-${channel}`, receiverBinding(channel)]),
) as Record<`receive-${ChannelName}`, ReturnType<typeof receiverBinding>>;

/**
 * What a function that sends alerts reads (notify, the held-alert sweep, the API's test send, and
 * the campaign consumer, which sends treatment members through the alert destinations).
 */
const alertSettings = [
  'LOG_LEVEL',
  'BASE_CURRENCY',
  'ALLOW_LOOPBACK_DESTINATIONS',
  'ALERT_EMAIL_FROM',
  'SES_CONFIGURATION_SET',
  'EMAIL_OUTBOX_DIR',
] as const satisfies ReadonlyArray<PlainSetting>;

/**
 * The secret settings of the senders (tokens of each platform's send API), used when set: a
 * platform whose settings are missing answers every reply with "<platform> is not configured".
 * `TWILIO_AUTH_TOKEN` and `WECHAT_APP_ID` are the receivers' secrets too (one secret each).
 */
export const senderSecretSettings = [
  'WHATSAPP_ACCESS_TOKEN',
  'META_PAGE_ACCESS_TOKEN',
  'TELEGRAM_BOT_TOKEN',
  'LINE_CHANNEL_ACCESS_TOKEN',
  'WECHAT_APP_ID',
  'WECHAT_APP_SECRET',
  'TWILIO_AUTH_TOKEN',
  'X_USER_ACCESS_TOKEN',
] as const;

/** What the senders read besides their secrets: each platform's ids and API base URL. */
const senderSettings = [
  'LOG_LEVEL',
  'PUBLIC_BASE_URL',
  'ALLOW_LOOPBACK_DESTINATIONS',
  'EMAIL_OUTBOX_DIR',
  'SES_CONFIGURATION_SET',
  'WHATSAPP_PHONE_NUMBER_ID',
  'TWILIO_ACCOUNT_SID',
  'TWILIO_FROM',
  'META_GRAPH_URL',
  'TELEGRAM_API_URL',
  'LINE_API_URL',
  'WECHAT_API_URL',
  'TWILIO_API_URL',
  'X_API_URL',
  'MESSAGE_EMAIL_FROM',
  'MESSENGER_HUMAN_AGENT',
] as const satisfies ReadonlyArray<PlainSetting>;

/**
 * The one binding definition of every function.
 *
 * @example
 * functionBindings['score-customer'].table; // 'readWrite'
 */
export const functionBindings = {
  'check-health': { settings: [] },
  'reject-unknown-channel': { settings: [] },
  'serve-api': {
    table: 'readWrite',
    invokesReceivers: true,
    sendsAlerts: true,
    // The reply window of Messenger and Instagram depends on the HUMAN_AGENT permission.
    settings: ['DEFAULT_PHONE_REGION', 'MESSENGER_HUMAN_AGENT', ...alertSettings],
  },
  ...receiverBindings,
  'relay-events': { bus: true, unpublishableRecordsQueue: true, settings: ['LOG_LEVEL'] },
  'score-customer': {
    table: 'readWrite',
    settings: ['LOG_LEVEL', 'BASE_CURRENCY', 'CURRENCY_RATES'],
  },
  'notify-marketers': { table: 'readWrite', sendsAlerts: true, settings: alertSettings },
  // The campaign consumer counts goal orders' revenue in the base currency.
  'run-campaigns': {
    table: 'readWrite',
    sendsAlerts: true,
    settings: [...alertSettings, 'CURRENCY_RATES'],
  },
  'send-held-alerts': { table: 'readWrite', sendsAlerts: true, settings: alertSettings },
  'enrol-campaign-audiences': { table: 'readWrite', settings: ['LOG_LEVEL', 'BASE_CURRENCY'] },
  'merge-customers': { table: 'readWrite', settings: ['LOG_LEVEL', 'SHARED_IDENTITIES'] },
  'refresh-scores': { table: 'readWrite', settings: ['LOG_LEVEL', 'BASE_CURRENCY', 'CURRENCY_RATES'] },
  'fit-customer-model': { table: 'readWrite', settings: ['LOG_LEVEL', 'BASE_CURRENCY'] },
  'detect-abandoned-checkouts': { table: 'readWrite', settings: ['LOG_LEVEL'] },
  // Sends what agents (and campaigns) queued, on each platform's API: `sendsMessages` grants SES.
  'send-messages': {
    table: 'readWrite',
    sendsMessages: true,
    secrets: [],
    optionalSecrets: senderSecretSettings,
    settings: senderSettings,
  },
  // Sends again what waited for a platform's Retry-After, when it is due.
  'resend-waiting-messages': {
    table: 'readWrite',
    sendsMessages: true,
    secrets: [],
    optionalSecrets: senderSecretSettings,
    settings: senderSettings,
  },
} as const satisfies Record<FunctionName, FunctionBinding>;

/**
 * Every environment variable a binding sets, secrets by their `<setting>_ARN` (as in AWS).
 *
 * @example
 * boundVariables(functionBindings['relay-events']); // ['EVENT_BUS_NAME', 'UNPUBLISHABLE_RECORDS_QUEUE_URL', 'LOG_LEVEL']
 */
export function boundVariables(binding: FunctionBinding): string[] {
  return [
    ...(binding.table ? ['TABLE_NAME'] : []),
    ...(binding.bus ? ['EVENT_BUS_NAME'] : []),
    ...(binding.unpublishableRecordsQueue ? ['UNPUBLISHABLE_RECORDS_QUEUE_URL'] : []),
    ...(binding.invokesReceivers ? ['RECEIVER_FUNCTIONS'] : []),
    ...[...(binding.secrets ?? []), ...(binding.optionalSecrets ?? [])].map((setting) => `${setting}_ARN`),
    ...binding.settings,
  ];
}

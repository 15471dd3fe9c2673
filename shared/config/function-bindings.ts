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
  | 'detect-abandoned-checkouts';

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
  | 'QUARANTINE_RETENTION';

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
    settings: ['DEFAULT_PHONE_REGION', ...alertSettings],
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

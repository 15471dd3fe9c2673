import './zod-messages';
import { type CountryCode, isSupportedCountry } from 'libphonenumber-js/core';
import * as z from 'zod/mini';
import { durationMs } from '../domain/durations';
import { type Identity, parseIdentityText } from '../domain/identity';
import {
  type FunctionBinding,
  type FunctionName,
  functionBindings,
  type PlainSetting,
} from './function-bindings';
import { phoneMetadata } from './phone-metadata';

/**
 * The schema of every plain setting. Defaults serve `npm start` and tests; in AWS the stack sets
 * each one a function's binding names.
 *
 * @example
 * plainSettingSchemas.BASE_CURRENCY.parse(undefined); // 'USD'
 */
export const plainSettingSchemas = {
  LOG_LEVEL: z._default(z.enum(['debug', 'info', 'warn', 'error']), 'info'),
  /** ISO 4217 code of the currency customer revenue is kept in. */
  BASE_CURRENCY: z._default(z.string().check(z.regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD')), 'USD'),
  /** Rates into BASE_CURRENCY, `EUR=1.08,GBP=1.27`: orders in these currencies count in revenue. */
  CURRENCY_RATES: z._default(z.string(), ''),
  /** How long a checkout may wait for an order before it is called abandoned (ISO 8601 duration or minutes). */
  ABANDONED_CHECKOUT_AFTER: z._default(z.string(), 'PT1H'),
  /** The public URL platforms call (Twilio signs the full URL); set by the stack in AWS. */
  PUBLIC_BASE_URL: z.optional(z.url()),
  /**
   * Identities several people use, never merged on (`phone:+14155550100,email:orders@myshop.com`):
   * the shop's own number written into orders, a shared mailbox. Role addresses (`info@`,
   * `sales@`, ...) are shared without being listed.
   */
  /**
   * ISO 3166-1 region (`US`, `GB`, `TW`) in which a phone number written without a country code
   * is read when its address names no country; unset, such numbers are dropped.
   */
  DEFAULT_PHONE_REGION: z.pipe(
    z._default(z.string(), ''),
    z.transform((text: string, context) => {
      const region = text.trim().toUpperCase();
      if (region === '') return undefined;
      if (!isSupportedCountry(region as CountryCode, phoneMetadata())) {
        context.issues.push({
          code: 'custom',
          message: `"${text}" is not a region libphonenumber knows (ISO 3166-1 alpha-2, such as US or GB)`,
          input: text,
        });
        return z.NEVER;
      }
      return region;
    }),
  ),
  /** `true` only under `npm start`: alert destinations may be plain http on loopback (local receivers). */
  ALLOW_LOOPBACK_DESTINATIONS: z.pipe(
    z._default(z.enum(['true', 'false']), 'false'),
    z.transform((text: 'true' | 'false') => text === 'true'),
  ),
  /** The sender of alert emails: an SES-verified address or domain in AWS. */
  ALERT_EMAIL_FROM: z._default(z.string(), ''),
  /** An SES configuration set for alert emails (bounces, complaints, delivery events); optional. */
  SES_CONFIGURATION_SET: z._default(z.string(), ''),
  /** Set only by `npm start`: alert emails are written here as `.eml` files instead of sent by SES. */
  EMAIL_OUTBOX_DIR: z._default(z.string(), ''),
  /** How long a quarantined payload is kept before DynamoDB's TTL removes it (ISO 8601, P1D to P365D). */
  QUARANTINE_RETENTION: z._default(
    z.string().check(
      z.refine(
        (text) => {
          try {
            const ms = durationMs(text);
            return ms >= 86_400_000 && ms <= 365 * 86_400_000;
          } catch {
            return false;
          }
        },
        { message: 'an ISO 8601 duration from P1D to P365D, such as P30D' },
      ),
    ),
    'P30D',
  ),
  /** The WhatsApp Cloud API phone number id replies are sent from. */
  WHATSAPP_PHONE_NUMBER_ID: z._default(z.string(), ''),
  /** Twilio's account (`AC…`) for SMS and WhatsApp replies. */
  TWILIO_ACCOUNT_SID: z._default(z.string(), ''),
  /** The sender of Twilio messages: a number, `whatsapp:+…`, or a Messaging Service `MG…`. */
  TWILIO_FROM: z._default(z.string(), ''),
  /** Each platform's API base URL (the platform's own by default; tests point them at stand-ins). */
  META_GRAPH_URL: z._default(z.url(), 'https://graph.facebook.com/v23.0'),
  TELEGRAM_API_URL: z._default(z.url(), 'https://api.telegram.org'),
  LINE_API_URL: z._default(z.url(), 'https://api.line.me'),
  WECHAT_API_URL: z._default(z.url(), 'https://api.weixin.qq.com'),
  TWILIO_API_URL: z._default(z.url(), 'https://api.twilio.com'),
  X_API_URL: z._default(z.url(), 'https://api.x.com'),
  /** The sender of emails to customers (an SES-verified identity); unset, email replies fail as not configured. */
  MESSAGE_EMAIL_FROM: z._default(z.string(), ''),
  /**
   * `true` when the Meta app has the Human Agent permission: a person's Messenger or Instagram
   * reply may then go up to 7 days after the customer's last message, tagged `HUMAN_AGENT`.
   */
  MESSENGER_HUMAN_AGENT: z.pipe(
    z._default(z.enum(['true', 'false']), 'false'),
    z.transform((text: 'true' | 'false') => text === 'true'),
  ),
  SHARED_IDENTITIES: z._default(
    z.pipe(
      z.string(),
      z.transform((text: string, context) => {
        const identities: Identity[] = [];
        for (const entry of text
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean)) {
          const identity = parseIdentityText(entry);
          if (identity) identities.push(identity);
          else {
            context.issues.push({
              code: 'custom',
              message: `"${entry}" is not <kind>:<value> with a known kind`,
              input: entry,
            });
          }
        }
        return identities;
      }),
    ),
    [],
  ),
} satisfies Record<PlainSetting, z.ZodMiniType>;

/**
 * Where one secret setting comes from, decided once from the function's binding: Secrets Manager
 * when the stack bound `<setting>_ARN`, the setting's own variable otherwise (`npm start`, `.env`).
 */
export type SecretLocation =
  | { from: 'secrets-manager'; arn: string }
  | { from: 'environment'; value: string };

/** Each declared secret setting that is set, and where its value comes from. */
export type SecretLocations = Readonly<Record<string, SecretLocation>>;

type BindingOf<N extends FunctionName> = (typeof functionBindings)[N];

/** The typed settings of one function: exactly what its binding declares. */
export type SettingsOf<N extends FunctionName> = {
  [K in BindingOf<N>['settings'][number]]: z.output<(typeof plainSettingSchemas)[K]>;
} & (BindingOf<N> extends { table: string } ? { TABLE_NAME: string } : unknown) &
  (BindingOf<N> extends { bus: true } ? { EVENT_BUS_NAME: string } : unknown) &
  (BindingOf<N> extends { unpublishableRecordsQueue: true }
    ? { UNPUBLISHABLE_RECORDS_QUEUE_URL: string }
    : unknown) &
  (BindingOf<N> extends { invokesReceivers: true }
    ? { RECEIVER_FUNCTIONS: Readonly<Record<string, string>> }
    : unknown) &
  (BindingOf<N> extends { secrets: ReadonlyArray<string> } ? { secrets: SecretLocations } : unknown);

/**
 * Raised when a function's environment does not match its binding; lists every problem.
 *
 * @example
 * throw new InvalidSettingsError('TABLE_NAME: required');
 */
export class InvalidSettingsError extends Error {
  override name = 'InvalidSettingsError';
}

/**
 * Parses the settings one function's binding declares from an environment; throws
 * {@link InvalidSettingsError} with every problem listed when they are invalid.
 *
 * @example
 * const settings = loadFunctionSettings('score-customer', { TABLE_NAME: 'rapport' });
 * settings.BASE_CURRENCY; // 'USD'
 */
export function loadFunctionSettings<N extends FunctionName>(
  name: N,
  env: Readonly<Record<string, string | undefined>>,
): SettingsOf<N> {
  const binding: FunctionBinding = functionBindings[name];
  const shape: Record<string, z.ZodMiniType> = {};
  if (binding.table) shape.TABLE_NAME = z.string().check(z.minLength(1));
  if (binding.bus) shape.EVENT_BUS_NAME = z.string().check(z.minLength(1));
  if (binding.unpublishableRecordsQueue) shape.UNPUBLISHABLE_RECORDS_QUEUE_URL = z.url();
  if (binding.invokesReceivers) shape.RECEIVER_FUNCTIONS = receiverFunctionsSchema;
  for (const setting of binding.settings) shape[setting] = plainSettingSchemas[setting];
  const parsed = z.object(shape).safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  const secrets: Record<string, SecretLocation> = {};
  for (const setting of [...(binding.secrets ?? []), ...(binding.optionalSecrets ?? [])]) {
    // The stack binds `<setting>_ARN`; the plain variable is read only where no ARN is bound.
    const arn = env[`${setting}_ARN`];
    if (arn) {
      secrets[setting] = { from: 'secrets-manager', arn };
      continue;
    }
    const value = env[setting];
    if (value) secrets[setting] = { from: 'environment', value };
  }
  if (problems.length > 0)
    throw new InvalidSettingsError(`Invalid settings of ${name}: ${problems.join('; ')}`);
  return {
    ...(parsed.data as object),
    ...(binding.secrets ? { secrets } : {}),
  } as SettingsOf<N>;
}

const receiverFunctionsSchema = z.pipe(
  z.pipe(
    z.string(),
    z.transform((text: string, context) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        context.issues.push({ code: 'custom', message: 'not JSON', input: text });
        return z.NEVER;
      }
    }),
  ),
  z.record(z.string(), z.string().check(z.minLength(1))),
);

const cache = new Map<FunctionName, unknown>();

/**
 * The settings of this function, parsed from `process.env` once per cold start.
 *
 * @example
 * const { TABLE_NAME } = functionSettings('detect-abandoned-checkouts');
 */
export function functionSettings<N extends FunctionName>(name: N): SettingsOf<N> {
  if (!cache.has(name)) cache.set(name, loadFunctionSettings(name, process.env));
  return cache.get(name) as SettingsOf<N>;
}

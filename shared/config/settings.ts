import * as z from 'zod';

/**
 * Every setting Rapport reads from its environment, parsed once at cold start.
 *
 * Locally the values come from the process environment or `.env` (loaded by the local host);
 * in AWS the stack sets them on each function through bind helpers that also grant access.
 *
 * @example
 * const settings = loadSettings(process.env);
 * settings.tableName; // 'rapport'
 */
export const settingsSchema = z.object({
  TABLE_NAME: z.string().min(1).default('rapport'),
  EVENT_BUS_NAME: z.string().min(1).default('rapport'),
  /** Only set locally: the DynamoDB Local endpoint. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  /** Only set locally: the local bus, which speaks the EventBridge `PutEvents` API. */
  EVENTBRIDGE_ENDPOINT: z.url().optional(),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  BASE_CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD')
    .default('USD'),
  /** The public URL platforms call (Twilio signs the full URL); set by the stack in AWS. */
  PUBLIC_BASE_URL: z.url().optional(),
  /** Rates into BASE_CURRENCY, `EUR=1.08,GBP=1.27`: orders in these currencies count in revenue. */
  CURRENCY_RATES: z.string().default(''),
  /** How long a checkout may wait for an order before it is called abandoned (ISO 8601 duration or minutes). */
  ABANDONED_CHECKOUT_AFTER: z.string().default('PT1H'),
  /** Receiver function names by channel (JSON), for replays from the API; set by the stack. */
  RECEIVER_FUNCTIONS: z.string().default('{}'),
  /** Only set locally: the local host's Lambda Invoke API. */
  LAMBDA_ENDPOINT: z.url().optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** Local secret for Shopify; in AWS the ARN below is set instead. */
  SHOPIFY_WEBHOOK_SECRET: z.string().min(1).optional(),
  SHOPIFY_WEBHOOK_SECRET_ARN: z.string().min(1).optional(),
});

export type Settings = z.infer<typeof settingsSchema>;

/**
 * Parses the environment into {@link Settings}; throws with every problem listed when invalid.
 *
 * @example
 * const settings = loadSettings({ TABLE_NAME: 'rapport', BASE_CURRENCY: 'EUR' });
 */
export function loadSettings(env: Record<string, string | undefined>): Settings {
  const parsed = settingsSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid settings: ${problems.join('; ')}`);
  }
  return parsed.data;
}

let cached: Settings | undefined;

/**
 * The settings of this process, parsed from `process.env` on first use.
 *
 * @example
 * const { tableName } = { tableName: currentSettings().TABLE_NAME };
 */
export function currentSettings(): Settings {
  cached ??= loadSettings(process.env);
  return cached;
}

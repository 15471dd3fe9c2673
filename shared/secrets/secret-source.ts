import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { failFastRequestHandler } from '../aws/fail-fast-request-handler';
import type { SecretLocations } from '../config/settings';
import { emitCount } from '../observability/metrics';
import { traced } from '../observability/tracer';
import { SecretUnavailableError } from './secret-unavailable-error';

/** Reads a secret by its setting name; `undefined` when it is not configured. */
export interface SecretSource {
  get(setting: string): Promise<string | undefined>;
}

/**
 * Secrets that still hold the stack's placeholder are treated as not configured.
 *
 * @example
 * if (value === unsetSecretPlaceholder) return undefined;
 */
export const unsetSecretPlaceholder = 'SET-ME';

/** What {@link secretSource} needs besides the locations. */
export interface SecretSourceOptions {
  /** Creates the Secrets Manager client on first use (never for environment-only secrets). */
  client?: () => Pick<SecretsManagerClient, 'send'>;
  /** How long values are kept across invocations. */
  ttlMs?: number;
  now?: () => number;
  /** The function's name, for the metric. */
  functionName?: string;
}

/**
 * The secrets of one function, from the locations its settings name. Every Secrets Manager
 * secret of the function is fetched together (one round trip's time on a cold start, not one per
 * secret) and the values are kept for `ttlMs`; concurrent callers share one fetch.
 *
 * @example
 * const secrets = secretSource(functionSettings('receive-wechat').secrets, { functionName: 'receive-wechat' });
 * await secrets.get('WECHAT_TOKEN');
 */
export function secretSource(locations: SecretLocations, options: SecretSourceOptions = {}): SecretSource {
  const ttlMs = options.ttlMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  const managed = Object.entries(locations).flatMap(([setting, location]) =>
    location.from === 'secrets-manager' ? [[setting, location.arn] as const] : [],
  );
  let client: Pick<SecretsManagerClient, 'send'> | undefined;
  let cached: { values: Promise<Map<string, string | undefined>>; expires: number } | undefined;

  const fetchAll = async () => {
    client ??= (options.client ?? secretsManagerClient)();
    const sm = client;
    const entries = await Promise.all(
      managed.map(async ([setting, arn]) => {
        try {
          const result = await sm.send(new GetSecretValueCommand({ SecretId: arn }));
          const raw = result.SecretString?.trim();
          return [setting, raw && raw !== unsetSecretPlaceholder ? raw : undefined] as const;
        } catch (error) {
          emitCount('Rapport', 'SecretUnavailable', { function: options.functionName ?? 'unknown' });
          throw new SecretUnavailableError(setting, { cause: error });
        }
      }),
    );
    return new Map(entries);
  };

  return {
    async get(setting) {
      const location = locations[setting];
      if (!location) return undefined;
      if (location.from === 'environment') return location.value;
      if (!cached || cached.expires <= now()) {
        const values = fetchAll();
        cached = { values, expires: now() + ttlMs };
        // A failed fetch is not kept: the next delivery tries again.
        values.catch(() => {
          if (cached?.values === values) cached = undefined;
        });
      }
      return (await cached.values).get(setting);
    },
  };
}

let defaultClient: SecretsManagerClient | undefined;

/**
 * The process's Secrets Manager client: each call fails within about 1 s and is tried twice, so
 * a cold start's secrets fit well inside a platform's 5-second deadline.
 *
 * @example
 * const client = secretsManagerClient();
 */
export function secretsManagerClient(): SecretsManagerClient {
  defaultClient ??= traced(
    new SecretsManagerClient({ maxAttempts: 2, requestHandler: failFastRequestHandler }),
  );
  return defaultClient;
}

/**
 * Secrets given as values (tests and tools): every non-empty entry is a configured setting.
 *
 * @example
 * await envSecretSource({ SHOPIFY_WEBHOOK_SECRET: 'hush' }).get('SHOPIFY_WEBHOOK_SECRET'); // 'hush'
 */
export function envSecretSource(values: Readonly<Record<string, string | undefined>>): SecretSource {
  const locations = Object.fromEntries(
    Object.entries(values).flatMap(([setting, value]) =>
      value ? [[setting, { from: 'environment', value } as const]] : [],
    ),
  );
  return secretSource(locations);
}

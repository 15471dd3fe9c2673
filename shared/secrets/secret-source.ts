import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** Reads a channel secret by its setting name; `undefined` when the channel is not configured. */
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

/**
 * Secrets from the environment (`npm start`, tests): the setting's own variable.
 *
 * @example
 * await envSecretSource({ SHOPIFY_WEBHOOK_SECRET: 'hush' }).get('SHOPIFY_WEBHOOK_SECRET'); // 'hush'
 */
export function envSecretSource(env: Record<string, string | undefined>): SecretSource {
  return { get: async (setting) => env[setting] || undefined };
}

/**
 * Secrets from Secrets Manager (AWS): the setting's `<name>_ARN` variable names the secret.
 * Values are cached across invocations for `ttlMs`, so a warm receiver does not call the API.
 *
 * @example
 * const secrets = secretsManagerSource(new SecretsManagerClient({}), process.env);
 */
export function secretsManagerSource(
  client: SecretsManagerClient,
  env: Record<string, string | undefined>,
  ttlMs = 5 * 60_000,
  now: () => number = Date.now,
): SecretSource {
  const cache = new Map<string, { value: string | undefined; expires: number }>();
  return {
    async get(setting) {
      const cached = cache.get(setting);
      if (cached && cached.expires > now()) return cached.value;
      const arn = env[`${setting}_ARN`];
      if (!arn) return undefined;
      const result = await client.send(new GetSecretValueCommand({ SecretId: arn }));
      const raw = result.SecretString?.trim();
      const value = raw && raw !== unsetSecretPlaceholder ? raw : undefined;
      cache.set(setting, { value, expires: now() + ttlMs });
      return value;
    },
  };
}

/**
 * The secret source for this process: Secrets Manager when running in Lambda with ARNs set,
 * otherwise the environment.
 *
 * @example
 * const secrets = defaultSecretSource();
 */
export function defaultSecretSource(env: Record<string, string | undefined> = process.env): SecretSource {
  const inAws = Object.keys(env).some((name) => name.endsWith('_SECRET_ARN'));
  return inAws ? secretsManagerSource(new SecretsManagerClient({}), env) : envSecretSource(env);
}

/**
 * Raised when a secret the function is bound to cannot be read (denied, deleted, timed out):
 * the channel is configured but broken, which must be loud (a 503 the platform retries, an error
 * log and the `SecretUnavailable` metric), never a quiet 404.
 *
 * @example
 * throw new SecretUnavailableError('TELEGRAM_SECRET_TOKEN', { cause: error });
 */
export class SecretUnavailableError extends Error {
  override name = 'SecretUnavailableError';
  readonly code = 'secret_unavailable';
  constructor(
    readonly setting: string,
    options?: { cause?: unknown },
  ) {
    super(`The secret of ${setting} could not be read.`, options);
  }
}

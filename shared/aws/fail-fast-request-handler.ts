/**
 * HTTP settings for every AWS client on a platform-facing path. Platforms give up after about
 * 5 s (WeChat, Shopify), so a stuck call must fail fast enough for a retry, and the answer, to fit
 * in that window. `throwOnRequestTimeout` matters: without it the installed
 * `@smithy/node-http-handler` only logs a warning when `requestTimeout` passes and keeps waiting.
 *
 * @example
 * new DynamoDBClient({ maxAttempts: 3, requestHandler: failFastRequestHandler });
 */
export const failFastRequestHandler = {
  connectionTimeout: 1000,
  requestTimeout: 1000,
  throwOnRequestTimeout: true,
} as const;

import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { failFastRequestHandler } from '../aws/fail-fast-request-handler';
import { traced } from '../observability/tracer';

let client: DynamoDBDocumentClient | undefined;

/**
 * The process's DynamoDB document client, created once per cold start and shared by every
 * repository. The region and endpoint come from the SDK's own variables (`AWS_REGION`, and
 * `AWS_ENDPOINT_URL_DYNAMODB`, which the local host points at DynamoDB Local), so the code that
 * runs under `npm start` is the code that runs in Lambda.
 *
 * @example
 * const repo = new CustomerRepository(documentClient(), functionSettings('serve-api').TABLE_NAME);
 */
export function documentClient(): DynamoDBDocumentClient {
  client ??= createDocumentClient();
  return client;
}

/**
 * A document client with Rapport's settings: each request fails after about a second and is tried
 * three times, so a stuck DynamoDB costs a webhook about 3 s at most and the platform gets a 5xx
 * (and retries) within its deadline, instead of a hung request. `config` adds to or replaces the
 * defaults (tests point it at a stand-in).
 *
 * @example
 * const client = createDocumentClient({ endpoint: 'http://127.0.0.1:8000' });
 */
export function createDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  const base = traced(
    new DynamoDBClient({ maxAttempts: 3, requestHandler: failFastRequestHandler, ...config }),
  );
  return DynamoDBDocumentClient.from(base, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

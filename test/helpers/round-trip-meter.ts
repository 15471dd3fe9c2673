import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TestTable } from './test-table';

/** One DynamoDB request as the client saw it. */
interface Call {
  command: string;
  input: Record<string, unknown>;
  start: number;
  end: number;
}

/**
 * The test table behind a client of its own that records when each request started and ended,
 * to count the sequential round trips of a delivery: requests that overlap run in parallel and
 * count once; a request that starts after another ended adds one.
 *
 * @example
 * const metered = meteredTable(table);
 * await receiveWebhook(receiverDepsFor(metered.table), channel, request);
 * metered.sequentialRoundTrips(); // 3
 */
export function meteredTable(table: TestTable) {
  const calls: Call[] = [];
  const client = new DynamoDBClient({
    endpoint: table.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const documentClient = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  documentClient.middlewareStack.add(
    (next, context) => async (args) => {
      const start = performance.now();
      try {
        return await next(args);
      } finally {
        calls.push({
          command: context.commandName ?? 'unknown',
          input: args.input as Record<string, unknown>,
          start,
          end: performance.now(),
        });
      }
    },
    { step: 'initialize', name: 'roundTripMeter' },
  );
  return {
    table: { ...table, client, documentClient } satisfies TestTable,
    calls,
    reset: () => {
      calls.length = 0;
    },
    /** The longest chain of requests each started after the previous one ended. */
    sequentialRoundTrips(): number {
      const ordered = [...calls].sort((a, b) => a.start - b.start);
      const depth = new Map<Call, number>();
      for (const call of ordered) {
        const before = ordered.filter((other) => other.end <= call.start);
        depth.set(call, 1 + Math.max(0, ...before.map((other) => depth.get(other) ?? 0)));
      }
      return Math.max(0, ...depth.values());
    },
  };
}

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { invocationContext } from '../../infra/local/invocation-context';

/** DynamoDB requests and consumed capacity, per function. */
export interface Meter {
  requests: Record<string, number>;
  writeUnits: Record<string, number>;
  readUnits: Record<string, number>;
  reset(): void;
}

type Capacity = { WriteCapacityUnits?: number; ReadCapacityUnits?: number; CapacityUnits?: number };

/**
 * Adds a middleware to the shared document client that asks DynamoDB for `ConsumedCapacity` on
 * every request and adds it up per function (from the local host's invocation context).
 *
 * @example
 * const meter = meterDynamo(documentClient());
 */
export function meterDynamo(client: DynamoDBDocumentClient): Meter {
  const meter: Meter = {
    requests: {},
    writeUnits: {},
    readUnits: {},
    reset() {
      meter.requests = {};
      meter.writeUnits = {};
      meter.readUnits = {};
    },
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const fn = invocationContext.getStore()?.functionName ?? 'other';
      (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      meter.requests[fn] = (meter.requests[fn] ?? 0) + 1;
      const consumed = (result.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity;
      // On-demand tables report CapacityUnits; the command tells whether they were read or write units.
      const isWrite = /^(Put|Update|Delete|BatchWrite|TransactWrite)/.test(context.commandName ?? '');
      const units = meter[isWrite ? 'writeUnits' : 'readUnits'];
      for (const capacity of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
        units[fn] = (units[fn] ?? 0) + (capacity.CapacityUnits ?? 0);
      }
      return result;
    },
    { step: 'initialize', name: 'rapportBenchMeter' },
  );
  return meter;
}

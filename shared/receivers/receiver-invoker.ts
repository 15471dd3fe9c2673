import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { ReplayResult } from '../../functions/receive-webhook/replay-quarantined';

/** Asks a channel's receiver to replay a quarantined payload. */
export interface ReceiverInvoker {
  replay(channel: string, quarantineId: string): Promise<ReplayResult>;
}

/**
 * Raised when a receiver could not be invoked or failed.
 *
 * @example
 * throw new ReceiverInvokeError('what went wrong');
 */
export class ReceiverInvokeError extends Error {
  override name = 'ReceiverInvokeError';
}

/**
 * Invokes receivers through the Lambda API (in AWS; locally the host serves the same API), by
 * the function names the stack gives in `RECEIVER_FUNCTIONS`.
 *
 * @example
 * const invoker = lambdaReceiverInvoker(new LambdaClient({}), { shopify: 'Rapport-receiveshopify...' });
 */
export function lambdaReceiverInvoker(
  client: LambdaClient,
  functionNames: Readonly<Record<string, string>>,
): ReceiverInvoker {
  return {
    async replay(channel, quarantineId) {
      const functionName = functionNames[channel];
      if (!functionName) return { kind: 'not_found' };
      const response = await client.send(
        new InvokeCommand({
          FunctionName: functionName,
          Payload: Buffer.from(JSON.stringify({ rapportReplay: { quarantineId } })),
        }),
      );
      const payload = response.Payload ? Buffer.from(response.Payload).toString('utf8') : '';
      if (response.FunctionError)
        throw new ReceiverInvokeError(`receive-${channel} failed: ${payload.slice(0, 200)}`);
      return JSON.parse(payload) as ReplayResult;
    },
  };
}

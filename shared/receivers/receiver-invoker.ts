import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { ReceiverInvokeError, type ReplayResult, replayResultSchema } from './replay-contract';

/** Asks a channel's receiver to replay a quarantined payload. */
export interface ReceiverInvoker {
  replay(channel: string, quarantineId: string): Promise<ReplayResult>;
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
      if (response.FunctionError) {
        // Lambda's error payload: { errorType, errorMessage, trace }. Only the type is passed on.
        const errorType = errorTypeOf(payload);
        throw new ReceiverInvokeError(`receive-${channel} failed replaying ${quarantineId}`, errorType);
      }
      const parsed = replayResultSchema.safeParse(parseJson(payload));
      if (!parsed.success)
        throw new ReceiverInvokeError(`receive-${channel} answered a replay with an unexpected result`);
      return parsed.data;
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function errorTypeOf(payload: string): string | undefined {
  const errorType = (parseJson(payload) as { errorType?: unknown } | undefined)?.errorType;
  return typeof errorType === 'string' ? errorType.slice(0, 100) : undefined;
}

import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Which function the local host is running right now, so that local tooling (the benchmark) can
 * attribute DynamoDB requests to the function that made them, as CloudWatch would per Lambda.
 *
 * @example
 * invocationContext.getStore()?.functionName; // 'receive-shopify'
 */
export const invocationContext = new AsyncLocalStorage<{ functionName: string }>();

/**
 * Invokes a handler inside the invocation context of its function.
 *
 * @example
 * await invokeAs('score', () => handler(event, context));
 */
export function invokeAs<T>(functionName: string, invoke: () => Promise<T>): Promise<T> {
  return invocationContext.run({ functionName }, invoke);
}

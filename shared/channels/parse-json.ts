/**
 * Parses JSON keeping integers beyond 2^53 exact, as strings: Shopify and others send 64-bit ids
 * that `JSON.parse` would silently round. Uses the reviver's source text (ES2025, Node 22+).
 *
 * @example
 * parseJsonExact('{"id":820982911946154508}'); // { id: '820982911946154508' }
 */
export function parseJsonExact(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown, context?: { source?: string }) => {
    if (
      typeof value === 'number' &&
      !Number.isSafeInteger(value) &&
      context?.source &&
      /^-?\d+$/.test(context.source)
    ) {
      return context.source;
    }
    return value;
  });
}

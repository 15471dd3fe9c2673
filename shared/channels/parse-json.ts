/**
 * Parses JSON keeping integers beyond 2^53 exact, as strings: Shopify and others send 64-bit ids
 * that `JSON.parse` would silently round. Uses the reviver's source text (ES2025, Node 22+).
 *
 * @example
 * parseJsonExact('{"id":820982911946154508}'); // { id: '820982911946154508' }
 */
export function parseJsonExact(text: string): unknown {
  if (nestingExceeds(text, maxJsonDepth)) throw new JsonTooDeepError();
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

/** Deeper than any platform payload nests; the reviver would otherwise overflow the stack near 3,000. */
export const maxJsonDepth = 256;

/**
 * Raised for JSON nested deeper than {@link maxJsonDepth}: readable, but not a platform's payload.
 *
 * @example
 * if (error instanceof JsonTooDeepError) return { kind: 'invalid', reason: error.message };
 */
export class JsonTooDeepError extends Error {
  override name = 'JsonTooDeepError';
  constructor() {
    super(`body is nested deeper than ${maxJsonDepth} levels`);
  }
}

/** One linear pass over the text, counting brackets outside strings. */
function nestingExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c) index += 1;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x5b || char === 0x7b) {
      depth += 1;
      if (depth > max) return true;
    } else if (char === 0x5d || char === 0x7d) depth -= 1;
  }
  return false;
}

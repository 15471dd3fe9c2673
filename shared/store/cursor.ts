/** One page of a list answer: `{"items": [...], "cursor": "<opaque or null>"}`. */
export interface Page<T> {
  items: T[];
  cursor: string | null;
}

/**
 * Raised when a client sends a cursor this API did not issue.
 *
 * @example
 * throw new InvalidCursorError('what went wrong');
 */
export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
}

/**
 * Turns DynamoDB's `LastEvaluatedKey` into an opaque URL-safe cursor.
 *
 * @example
 * encodeCursor({ pk: 'CUSTOMER#1', sk: 'TIMELINE#...' }); // 'eyJwayI6...'
 */
export function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null;
}

/**
 * Reads a cursor back; only flat string-valued keys are accepted, so a forged cursor cannot smuggle
 * anything but a start position.
 *
 * @example
 * decodeCursor(encodeCursor({ pk: 'a', sk: 'b' }) ?? undefined); // { pk: 'a', sk: 'b' }
 */
export function decodeCursor(cursor: string | undefined): Record<string, string> | undefined {
  if (!cursor) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      Object.values(value).every((v) => typeof v === 'string')
    ) {
      return value as Record<string, string>;
    }
  } catch {
    // fall through to the error below
  }
  throw new InvalidCursorError('cursor is not one this API issued');
}

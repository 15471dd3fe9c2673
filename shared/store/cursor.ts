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

/** What a cursor of one query must look like: its key attributes and the values the query fixes. */
export interface CursorScope {
  /** The attributes of the query's `LastEvaluatedKey` (table key, plus the index key on an index). */
  keyNames: ReadonlyArray<string>;
  /** Attribute values the query fixes (its partition): a cursor of another list is refused. */
  fixed: Readonly<Record<string, string>>;
  /** Attributes whose values must start with a prefix (the query's `begins_with`). */
  prefixes?: Readonly<Record<string, string>>;
}

/** DynamoDB's own limit on a key attribute (sort key 1 KiB; partition keys 2 KiB). */
const maxKeyValueLength = 1024;

/**
 * Reads a cursor back, for one query only: it must be a key of exactly the query's attributes,
 * strings of a key's size, in the query's partition. A forged or foreign cursor is an
 * {@link InvalidCursorError} (a 400), never a request DynamoDB refuses.
 *
 * @example
 * decodeCursor(cursor, { keyNames: ['pk', 'sk'], fixed: { pk: 'CUSTOMER#1' } });
 */
export function decodeCursor(
  cursor: string | undefined,
  scope: CursorScope,
): Record<string, string> | undefined {
  if (!cursor) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('cursor is not one this API issued');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidCursorError('cursor is not one this API issued');
  }
  const key = value as Record<string, unknown>;
  const names = Object.keys(key).sort();
  const fits =
    names.length === scope.keyNames.length &&
    [...scope.keyNames].sort().every((name, index) => names[index] === name) &&
    Object.values(key).every(
      (part) => typeof part === 'string' && part.length > 0 && part.length <= maxKeyValueLength,
    ) &&
    Object.entries(scope.fixed).every(([name, fixed]) => key[name] === fixed) &&
    Object.entries(scope.prefixes ?? {}).every(([name, prefix]) => String(key[name]).startsWith(prefix));
  if (!fits) throw new InvalidCursorError('cursor does not belong to this list');
  return key as Record<string, string>;
}

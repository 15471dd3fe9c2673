/** An answer of the API other than 2xx, with its `{"error","message"}` body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Where the API is and how to reach it: set once at sign-in. */
export interface ApiSession {
  /** The API's base URL ('' for the same origin, as under `npm start`). */
  apiUrl: string;
  token: string;
  /** Called when the API refuses the token (expired or revoked): back to sign-in. */
  onUnauthorized: () => void;
}

/**
 * Calls the marketer API: JSON in and out, the bearer token, errors as {@link ApiError}.
 *
 * @example
 * const customer = await api<Customer>(session, 'GET', `/api/customers/${id}`);
 */
export async function api<T>(session: ApiSession, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${session.apiUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${session.token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (response.status === 401) {
    session.onUnauthorized();
    throw new ApiError(401, 'unauthorized', 'Your session has ended; sign in again.');
  }
  const text = await response.text();
  const parsed = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    const error = (parsed ?? {}) as { error?: string; message?: string };
    throw new ApiError(response.status, error.error ?? 'error', error.message ?? response.statusText);
  }
  return parsed as T;
}

/**
 * A query string from the values that are set.
 *
 * @example
 * query({ limit: 25, cursor: undefined }); // '?limit=25'
 */
export function query(values: Record<string, string | number | undefined | null>): string {
  const entries = Object.entries(values).filter(
    (entry): entry is [string, string | number] =>
      entry[1] !== undefined && entry[1] !== null && entry[1] !== '',
  );
  return entries.length ? `?${new URLSearchParams(entries.map(([key, value]) => [key, String(value)]))}` : '';
}

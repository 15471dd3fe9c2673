/**
 * A request the API refuses for a reason the caller can fix (a client error, below 500): its
 * status, code and message reach the caller as they are.
 *
 * @example
 * throw new RequestError(400, 'invalid_json', 'The request body is not JSON.');
 */
export class RequestError extends Error {
  override name = 'RequestError';

  constructor(
    readonly status: 400 | 404 | 409 | 413 | 422,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

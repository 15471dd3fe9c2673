/**
 * Raised when a refund arrives for an order Rapport has not seen yet; answered so that the
 * platform delivers it again later.
 *
 * @example
 * throw new OrderNotYetKnownError('what went wrong');
 */
export class OrderNotYetKnownError extends Error {
  override name = 'OrderNotYetKnownError';
}

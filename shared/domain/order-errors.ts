/**
 * Raised when a refund arrives for an order Rapport has not seen yet; answered so that the
 * platform delivers it again later.
 */
export class OrderNotYetKnownError extends Error {
  override name = 'OrderNotYetKnownError';
}

import { $ZodError } from 'zod/v4/core';
import { GroupTooLargeError } from '../customers/customer-group-repository';
import { OrderNotYetKnownError } from '../domain/order-errors';
import { QuarantineTooLargeError } from '../quarantine/quarantine-repository';
import { ReceiverInvokeError } from '../receivers/replay-contract';
import { SecretUnavailableError } from '../secrets/secret-unavailable-error';
import { InvalidCursorError } from '../store/cursor';
import { errorResponse } from './api-gateway';
import { RequestError } from './request-error';

/**
 * Maps any error thrown by a handler to its HTTP answer. Only errors known here reach the client
 * with their message; anything else is a generic 500 that leaks nothing.
 *
 * @example
 * return httpAnswerForError(error);
 */
export function httpAnswerForError(error: unknown) {
  if (error instanceof $ZodError) {
    return errorResponse(400, 'invalid_request', 'The request is not valid.', { issues: error.issues });
  }
  if (error instanceof InvalidCursorError) return errorResponse(400, 'invalid_cursor', error.message);
  if (error instanceof RequestError) return errorResponse(error.status, error.code, error.message);
  if (error instanceof GroupTooLargeError) return errorResponse(409, 'group_too_large', error.message);
  if (error instanceof OrderNotYetKnownError) {
    // Answering 503 makes the platform deliver it again later, once the order has arrived.
    return { ...errorResponse(503, 'order_not_yet_known', error.message), headers: retryAfter };
  }
  if (error instanceof SecretUnavailableError) {
    // Configured but unreadable: the platform must retry, and the operator is alerted by the metric.
    return {
      ...errorResponse(
        503,
        error.code,
        'The channel is configured but its secret cannot be read; retry later.',
      ),
      headers: retryAfter,
    };
  }
  if (error instanceof ReceiverInvokeError) {
    return errorResponse(502, error.code, 'The receiver failed; the payload stays quarantined.', {
      ...(error.errorType ? { errorType: error.errorType } : {}),
    });
  }
  if (error instanceof QuarantineTooLargeError) return errorResponse(413, 'too_large', error.message);
  return errorResponse(500, 'internal', 'Something went wrong; the request was not stored. Please retry.');
}

const retryAfter = { 'content-type': 'application/json', 'retry-after': '60' };

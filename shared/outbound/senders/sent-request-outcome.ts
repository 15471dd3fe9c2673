import { RefusedDestinationError } from '../../delivery/safe-post';
import type { SendOutcome } from '../platform-sender';

/**
 * Network error codes raised before the request could have reached the platform: the name did not
 * resolve, or no connection was ever made. Repeating such a request cannot send a message twice.
 */
const neverConnectedCodes: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NODATA',
  'EAI_NONAME',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'EADDRNOTAVAIL',
  // TLS refused the platform's certificate: the handshake failed before the request was written.
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * A send that threw instead of answering, read for platforms with no idempotency key (Meta,
 * Twilio, LINE without its retry key…): a destination Rapport refused to reach is `failed` and
 * ours; an error raised before the request was written (DNS, a refused or unreachable connection, a
 * certificate TLS refused) is `retry`; anything else (a timeout, a reset connection, a socket closed
 * mid-answer) may have come after the platform received the request, so it is `unknown` and must
 * not be repeated blindly, since that could send the customer the same message twice.
 *
 * A timeout from `safePost` (`Error('no answer within N ms')`) is `unknown` even when it happened
 * while connecting: the socket timeout does not say which, and a duplicate costs more than a check.
 *
 * @example
 * thrownSendOutcome(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }));
 * // { kind: 'retry', reason: 'The platform could not be reached (ECONNREFUSED): connect ECONNREFUSED 127.0.0.1:9' }
 * thrownSendOutcome(new Error('no answer within 5000 ms'));
 * // { kind: 'unknown', reason: 'The platform may have received the message but its answer was lost: no answer within 5000 ms' }
 */
export function thrownSendOutcome(error: unknown): SendOutcome {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof RefusedDestinationError) {
    return {
      kind: 'failed',
      code: 'refused_destination',
      reason: `Rapport refused to connect to the platform's address: ${message}`,
      ours: true,
    };
  }
  const code = networkErrorCode(error);
  if (code !== undefined && neverConnectedCodes.has(code)) {
    return { kind: 'retry', reason: `The platform could not be reached (${code}): ${message}` };
  }
  return {
    kind: 'unknown',
    reason: `The platform may have received the message but its answer was lost: ${message}`,
  };
}

/** The `code` of a Node.js system error (`ECONNREFUSED`…), also when wrapped as a `cause`. */
function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 3 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

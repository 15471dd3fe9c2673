import * as z from 'zod/mini';

/**
 * Every way receiving a webhook can end; one mapper turns these into HTTP answers. Also the
 * result a replay returns through Lambda Invoke, so it is a schema the API parses.
 *
 * @example
 * receiveResultSchema.parse({ kind: 'duplicate' });
 */
export const receiveResultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('stored'), facts: z.int().check(z.nonnegative()) }),
  z.object({ kind: z.literal('duplicate') }),
  z.object({ kind: z.literal('unhandled'), topic: z.string() }),
  z.object({ kind: z.literal('quarantined'), id: z.string(), reason: z.string() }),
  z.object({ kind: z.literal('unauthorized') }),
  z.object({ kind: z.literal('not_configured') }),
  z.object({ kind: z.literal('too_large') }),
]);

/** How receiving one webhook ended. */
export type ReceiveResult = z.infer<typeof receiveResultSchema>;

/**
 * The event that asks a channel's receiver to replay one quarantined payload (Lambda Invoke).
 *
 * @example
 * replayRequestSchema.parse({ rapportReplay: { quarantineId: '0af3…' } });
 */
export const replayRequestSchema = z.object({
  rapportReplay: z.object({ quarantineId: z.string().check(z.regex(/^[0-9a-f]{32}$/)) }),
});

/** A replay request. */
export type ReplayRequest = z.infer<typeof replayRequestSchema>;

/**
 * How a replay ended, as the receiver returns it; a replay that throws is a function error instead.
 *
 * @example
 * const outcome = replayResultSchema.parse(JSON.parse(payload));
 */
export const replayResultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('replayed'), result: receiveResultSchema }),
  z.object({ kind: z.literal('not_found') }),
  z.object({ kind: z.literal('not_configured') }),
]);

/** How a replay ended. */
export type ReplayResult = z.infer<typeof replayResultSchema>;

/**
 * True for a replay request (rather than an API Gateway event).
 *
 * @example
 * if (isReplayRequest(event)) return replayHandler(event, context);
 */
export function isReplayRequest(event: unknown): event is ReplayRequest {
  return typeof event === 'object' && event !== null && 'rapportReplay' in event;
}

/**
 * Raised when a receiver could not be invoked or failed.
 *
 * @example
 * throw new ReceiverInvokeError('what went wrong');
 */
export class ReceiverInvokeError extends Error {
  override name = 'ReceiverInvokeError';
  readonly code = 'replay_failed';
  constructor(
    message: string,
    /** The receiver's own error type (`OrderNotYetKnownError`, ...), when it failed. */
    readonly errorType?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

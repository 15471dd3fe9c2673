import * as z from 'zod/mini';

/**
 * The error envelope of Meta's Graph API, shared by the WhatsApp Cloud API and the Messenger
 * Platform (Messenger and Instagram): `{"error": {"message", "type", "code", "error_subcode",
 * "error_data": {"details"}, "fbtrace_id"}}`. Meta asks to build on `code` (and, on WhatsApp,
 * `error_data.details`), not on the title in `message`; `error_subcode` is deprecated on WhatsApp
 * since v16 but still tells the Messenger window errors apart (`10` / `2018278`).
 */
const metaGraphErrorSchema = z.object({
  error: z.looseObject({
    message: z._default(z.string(), ''),
    type: z.optional(z.string()),
    code: z.number(),
    error_subcode: z.optional(z.number()),
    error_data: z.optional(z.looseObject({ details: z.optional(z.string()) })),
    fbtrace_id: z.optional(z.string()),
  }),
});

/** One Graph API error, as read from the envelope. */
export interface MetaGraphError {
  code: number;
  subcode?: number;
  /** Meta's message, e.g. `(#131047) Re-engagement message`. */
  message: string;
  /** WhatsApp's `error_data.details`: the likely cause, in Meta's words. */
  details?: string;
  fbtraceId?: string;
}

/**
 * Reads Meta's error envelope from an answer body; `undefined` when the body is not one (an HTML
 * page from a proxy, an empty 502).
 *
 * @example
 * readMetaGraphError('{"error":{"message":"(#131047) Re-engagement message","type":"OAuthException","code":131047,"fbtrace_id":"A1"}}');
 * // { code: 131047, message: '(#131047) Re-engagement message', fbtraceId: 'A1' }
 */
export function readMetaGraphError(body: string): MetaGraphError | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  const parsed = metaGraphErrorSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const error = parsed.data.error;
  return {
    code: error.code,
    message: error.message,
    ...(error.error_subcode !== undefined ? { subcode: error.error_subcode } : {}),
    ...(error.error_data?.details ? { details: error.error_data.details } : {}),
    ...(error.fbtrace_id ? { fbtraceId: error.fbtrace_id } : {}),
  };
}

/**
 * Meta's own words for an error, for the end of a `reason`: the message, the details when they add
 * something, and the trace id Meta support asks for.
 *
 * @example
 * metaErrorWords({ code: 100, message: '(#100) Invalid parameter', fbtraceId: 'A1' }); // '(#100) Invalid parameter [fbtrace_id A1]'
 */
export function metaErrorWords(error: MetaGraphError): string {
  const details = error.details && !error.message.includes(error.details) ? ` (${error.details})` : '';
  const trace = error.fbtraceId ? ` [fbtrace_id ${error.fbtraceId}]` : '';
  return `${error.message || `code ${error.code}`}${details}${trace}`;
}

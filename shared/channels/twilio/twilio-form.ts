/**
 * Twilio posts a few dozen fields (Body, From, To, NumMedia, MediaUrl0..9, ...). A body with more
 * than this many is not Twilio's, and is refused before it is parsed: URLSearchParams over 1 MiB of
 * `a=&a=&...` is linear but takes about half a second, a cheap way to stall a receiver.
 *
 * @example
 * maxTwilioFormFields; // 500
 */
export const maxTwilioFormFields = 500;

/**
 * The name/value pairs of a Twilio form body, in order and with repeats, or `undefined` when it
 * has more than {@link maxTwilioFormFields} fields (counted on the bytes, before parsing).
 *
 * @example
 * twilioFormParams(Buffer.from('MessageSid=SM1&Body=Hi')); // [['MessageSid', 'SM1'], ['Body', 'Hi']]
 */
export function twilioFormParams(rawBody: Buffer): Array<[string, string]> | undefined {
  let fields = 1;
  for (let at = rawBody.indexOf(0x26); at >= 0; at = rawBody.indexOf(0x26, at + 1)) {
    fields += 1;
    if (fields > maxTwilioFormFields) return undefined;
  }
  return [...new URLSearchParams(rawBody.toString('utf8'))];
}

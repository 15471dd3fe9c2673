import { createHmac } from 'node:crypto';
import type { ChannelAdapter } from '../channel-adapter';
import { channelSecretSettings } from '../channel-names';
import { FactBatch, messagingCustomer } from '../facts-builder';
import { safeEqual } from '../verify-hmac';

/**
 * Twilio's signature: base64 HMAC-SHA1 of the full URL followed by every POST parameter sorted by
 * name (values of a repeated name sorted and de-duplicated), each as name + value.
 *
 * @example
 * twilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', [['To', '+18005551212']]);
 */
export function twilioSignature(
  authToken: string,
  url: string,
  params: ReadonlyArray<[string, string]>,
): string {
  const byName = new Map<string, Set<string>>();
  for (const [name, value] of params) byName.set(name, (byName.get(name) ?? new Set()).add(value));
  let data = url;
  for (const name of [...byName.keys()].sort()) {
    for (const value of [...(byName.get(name) ?? [])].sort()) data += name + value;
  }
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/** The same URL with and without its scheme's default port, as Twilio's own validators try both. */
function urlVariants(url: string): string[] {
  try {
    const parsed = new URL(url);
    const defaultPort = parsed.protocol === 'https:' ? '443' : '80';
    const auth = parsed.username ? `${parsed.username}${parsed.password ? `:${parsed.password}` : ''}@` : '';
    const rest = `${parsed.pathname}${parsed.search}`;
    const withPort = `${parsed.protocol}//${auth}${parsed.hostname}:${parsed.port || defaultPort}${rest}`;
    const withoutPort = `${parsed.protocol}//${auth}${parsed.hostname}${rest}`;
    return [...new Set([url, withPort, withoutPort])];
  } catch {
    return [url];
  }
}

/**
 * Verifies `X-Twilio-Signature` against the public URL Twilio called, trying it with and without
 * the default port. Never throws.
 *
 * @example
 * verifyTwilioSignature('12345', url, params, signature);
 */
export function verifyTwilioSignature(
  authToken: string,
  url: string,
  params: ReadonlyArray<[string, string]>,
  signature: string | undefined,
): boolean {
  if (!signature || signature.length > 64) return false;
  return urlVariants(url)
    .map((candidate) => safeEqual(twilioSignature(authToken, candidate, params), signature.trim()))
    .includes(true);
}

/**
 * Twilio posts a few dozen fields (Body, From, To, NumMedia, MediaUrl0..9, ...). A body with more
 * than this many is not Twilio's, and is refused before it is parsed: URLSearchParams over 1 MiB of
 * `a=&a=&...` is linear but takes about half a second, a cheap way to stall a receiver.
 */
const maxFormFields = 500;

function formParams(rawBody: Buffer): Array<[string, string]> | undefined {
  let fields = 1;
  for (let at = rawBody.indexOf(0x26); at >= 0; at = rawBody.indexOf(0x26, at + 1)) {
    fields += 1;
    if (fields > maxFormFields) return undefined;
  }
  return [...new URLSearchParams(rawBody.toString('utf8'))];
}

/**
 * Reads an inbound Twilio message (SMS or WhatsApp) into a message fact. The sender's number
 * (without `whatsapp:`) is the phone identity; a WhatsApp sender also gets its `WaId`.
 *
 * @example
 * readTwilioMessage(Buffer.from('MessageSid=SM1&From=%2B14133881111&Body=Hi'));
 */
export function readTwilioMessage(rawBody: Buffer) {
  const batch = new FactBatch();
  const fields = formParams(rawBody);
  if (!fields) {
    batch.problem('form', [{ path: [], message: `more than ${maxFormFields} fields` }]);
    return batch.result('message');
  }
  const params = new Map(fields);
  const sid = params.get('MessageSid') ?? params.get('SmsMessageSid');
  const from = params.get('From') ?? '';
  if (!sid || !from) {
    batch.problem('form', [{ path: [sid ? 'From' : 'MessageSid'], message: 'Required' }]);
    return batch.result('message');
  }
  if (params.get('SmsStatus') && !['received', 'receiving'].includes(params.get('SmsStatus') ?? '')) {
    batch.ignore(`status:${params.get('SmsStatus')}`);
    return batch.result('message');
  }
  const whatsapp = from.startsWith('whatsapp:');
  const phone = from.replace(/^whatsapp:/, '');
  const waId = params.get('WaId');
  const profileName = params.get('ProfileName');
  const mediaCount = Math.min(10, Number.parseInt(params.get('NumMedia') ?? '0', 10) || 0);
  const media = Array.from({ length: mediaCount }, (_, index) => params.get(`MediaUrl${index}`)).filter(
    (url): url is string => Boolean(url),
  );
  const customer = messagingCustomer(
    whatsapp && waId ? { kind: 'whatsapp', value: waId } : { kind: 'phone', value: phone },
    { phone, ...(profileName ? { name: profileName } : {}) },
  );
  if (customer.identities[0]?.kind === 'phone' && customer.identities.length > 1) customer.identities.shift();
  // The raw sender is never an identity by itself: only a number that normalizes to E.164 is.
  if (customer.phones.length === 0) {
    batch.problem('form', [{ path: ['From'], message: 'not a valid phone number' }]);
    return batch.result('message');
  }
  batch.add({
    kind: 'message',
    customer,
    message: {
      eventType: 'message.received',
      platform: whatsapp ? 'whatsapp' : 'sms',
      id: sid,
      conversationId: `${params.get('To') ?? ''}:${from}`,
      text: params.get('Body') ?? '',
      kind: media.length ? 'media' : 'text',
      media,
    },
  });
  return batch.result('message');
}

/**
 * The Twilio channel (SMS and WhatsApp through Twilio). Form bodies arrive base64-encoded from
 * API Gateway and are decoded before verifying; the signed URL is `PUBLIC_BASE_URL` + path + query.
 * Twilio does not retry: the answer is an empty TwiML response.
 *
 * @example
 * twilioChannel.verify(request, { TWILIO_AUTH_TOKEN: 'token' }, { now: new Date(), publicBaseUrl: 'https://crm.example.com' });
 */
export const twilioChannel: ChannelAdapter = {
  channel: 'twilio',
  secretSettings: channelSecretSettings.twilio.required,
  verify: (request, secrets, context) => {
    if (!context.publicBaseUrl) return false;
    const url = `${context.publicBaseUrl.replace(/\/$/, '')}${request.path}${request.rawQuery ? `?${request.rawQuery}` : ''}`;
    const params = formParams(request.rawBody);
    if (!params) return false;
    return verifyTwilioSignature(
      secrets.TWILIO_AUTH_TOKEN ?? '',
      url,
      params,
      request.headers['x-twilio-signature'],
    );
  },
  read: (request) => readTwilioMessage(request.rawBody),
  acknowledgement: {
    contentType: 'text/xml',
    body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>',
  },
  replayHeaders: ['x-twilio-signature', 'content-type'],
};

import type { ChannelAdapter } from '../channel-adapter';
import { channelSecretSettings } from '../channel-names';
import { readTwilioWebhook } from './read-twilio-webhook';
import { twilioFormParams } from './twilio-form';
import { verifyTwilioSignature } from './verify-twilio-signature';

/**
 * The Twilio channel (SMS and WhatsApp through Twilio): inbound messages and the status callbacks
 * of messages Rapport sent arrive on the same route. Form bodies arrive base64-encoded from
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
    const params = twilioFormParams(request.rawBody);
    if (!params) return false;
    return verifyTwilioSignature(
      secrets.TWILIO_AUTH_TOKEN ?? '',
      url,
      params,
      request.headers['x-twilio-signature'],
    );
  },
  // Twilio dates neither messages nor status callbacks; a replay passes the time it was first received.
  read: (request, _secrets, context) =>
    readTwilioWebhook(request.rawBody, context?.receivedAt ?? new Date().toISOString()),
  acknowledgement: {
    contentType: 'text/xml',
    body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>',
  },
  replayHeaders: ['x-twilio-signature', 'content-type'],
};

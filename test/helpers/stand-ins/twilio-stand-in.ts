import { randomBytes } from 'node:crypto';
import {
  type RecordedRequest,
  type ScriptedAnswer,
  type StandIn,
  type StandInVerdict,
  startScriptedStandIn,
} from './scripted-stand-in';

/** The credentials the Twilio stand-in accepts. */
export interface TwilioStandInOptions {
  accountSid: string;
  authToken: string;
}

/**
 * Twilio's REST error body (`{"code","message","more_info","status"}`), for scripted answers and
 * refusals.
 *
 * @example
 * twilioError(400, 21610, 'Attempt to send to unsubscribed recipient');
 */
export function twilioError(
  status: number,
  code: number,
  message: string,
  headers?: Record<string, string>,
): ScriptedAnswer {
  return {
    status,
    ...(headers ? { headers } : {}),
    body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
  };
}

const refuse = (status: number, code: number, message: string): StandInVerdict => ({
  kind: 'refused',
  answer: twilioError(status, code, message),
});

const e164 = /^\+[1-9]\d{1,14}$/;

function hex32(): string {
  return randomBytes(16).toString('hex');
}

/** Twilio's checks of `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`. */
function checkMessage(request: RecordedRequest, options: TwilioStandInOptions): StandInVerdict {
  const path = new URL(request.path, 'http://stand-in').pathname;
  const expected = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
  if (request.headers.authorization !== expected) return refuse(401, 20003, 'Authenticate');
  if (request.method !== 'POST') return refuse(405, 20004, 'Method not allowed');
  if (path !== `/2010-04-01/Accounts/${options.accountSid}/Messages.json`)
    return refuse(404, 20404, `The requested resource ${path} was not found`);
  const form = String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')
    ? new URLSearchParams(request.body)
    : new URLSearchParams();
  const to = form.get('To');
  if (!to) return refuse(400, 21604, "A 'To' phone number is required.");
  const from = form.get('From');
  const service = form.get('MessagingServiceSid');
  if (!from && !service) return refuse(400, 21603, "A 'From' phone number is required.");
  if (service && !/^MG[0-9a-f]{32}$/.test(service))
    return refuse(400, 21701, `The Messaging Service Sid ${service} is invalid.`);
  const whatsApp = to.startsWith('whatsapp:');
  if (!e164.test(whatsApp ? to.slice('whatsapp:'.length) : to))
    return refuse(400, 21211, `Invalid 'To' Phone Number: ${to}`);
  if (from) {
    const fromWhatsApp = from.startsWith('whatsapp:');
    if (!e164.test(fromWhatsApp ? from.slice('whatsapp:'.length) : from))
      return refuse(400, 21212, `Invalid From Number (caller ID): ${from}`);
    if (fromWhatsApp !== whatsApp)
      return refuse(400, 63007, 'Twilio could not find a Channel with the specified From address');
  }
  const body = form.get('Body');
  const contentSid = form.get('ContentSid');
  const variables = form.get('ContentVariables');
  if (variables !== null && !contentSid)
    return refuse(
      400,
      21654,
      'A ContentSid must be specified if ContentVariables are provided in the request.',
    );
  if (contentSid && !/^HX[0-9a-f]{32}$/.test(contentSid))
    return refuse(400, 21655, 'The ContentSid is Invalid.');
  if (variables !== null) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(variables);
    } catch {
      parsed = undefined;
    }
    const valid =
      typeof parsed === 'object' &&
      parsed !== null &&
      !Array.isArray(parsed) &&
      Object.values(parsed).every((value) => typeof value === 'string');
    if (!valid) return refuse(400, 21656, 'The ContentVariables Parameter is invalid.');
  }
  if (!body && !contentSid && !form.get('MediaUrl')) return refuse(400, 21602, 'Message body is required.');
  if (body && body.length > 1600)
    return refuse(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
  const callback = form.get('StatusCallback');
  if (callback !== null && !/^https?:\/\//.test(callback))
    return refuse(400, 21609, `The StatusCallback URL ${callback} is not a valid URL.`);
  const sid = `SM${hex32()}`;
  return {
    kind: 'accepted',
    answer: {
      status: 201,
      body: {
        sid,
        account_sid: options.accountSid,
        to,
        from: from ?? null,
        messaging_service_sid: service ?? null,
        body: body ?? '',
        status: service ? 'accepted' : 'queued',
        num_segments: '1',
        direction: 'outbound-api',
        api_version: '2010-04-01',
        error_code: null,
        error_message: null,
        uri: `/2010-04-01/Accounts/${options.accountSid}/Messages/${sid}.json`,
      },
    },
  };
}

/**
 * A stand-in for Twilio's Messages API on 127.0.0.1: `POST
 * /2010-04-01/Accounts/{AccountSid}/Messages.json` with HTTP Basic auth and a form body, checked as
 * Twilio documents it and refused in Twilio's own shape (20003 bad credentials, 21604 no `To`,
 * 21603 no sender, 21211 a `To` that is not E.164, 21602 no body, 21617 too long, 21654-21656
 * content template parameters, 63007 a WhatsApp/SMS mismatch of `To` and `From`). Its `url` is the
 * base the sender takes as `TWILIO_API_URL`.
 *
 * @example
 * const twilio = await startTwilioStandIn({ accountSid: `AC${'1'.repeat(32)}`, authToken: 'secret' });
 * twilio.failNext(twilioError(400, 21610, 'Attempt to send to unsubscribed recipient'));
 */
export function startTwilioStandIn(options: TwilioStandInOptions): Promise<StandIn> {
  return startScriptedStandIn('', (request) => checkMessage(request, options));
}

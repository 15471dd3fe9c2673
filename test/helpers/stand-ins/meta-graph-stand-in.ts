import {
  type RecordedRequest,
  type ScriptedAnswer,
  type StandIn,
  type StandInVerdict,
  startScriptedStandIn,
} from './scripted-stand-in';

/** The tokens and ids the Meta stand-in accepts. */
export interface MetaGraphStandInOptions {
  /** The WhatsApp system user token, sent as `Authorization: Bearer`. */
  whatsAppAccessToken: string;
  /** The business phone number id in `POST /{phone-number-id}/messages`. */
  phoneNumberId: string;
  /** The Page token, sent as the `access_token` parameter of `POST /me/messages`. */
  pageAccessToken: string;
  /** The Graph API version in the path; `v23.0` unless told. */
  version?: string;
}

/**
 * Meta's Graph API error envelope (`{"error": {...}}`), for scripted answers and refusals.
 *
 * @example
 * metaError(400, 131047, '(#131047) Re-engagement message', { details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' });
 */
export function metaError(
  status: number,
  code: number,
  message: string,
  extra: { subcode?: number; details?: string; type?: string; headers?: Record<string, string> } = {},
): ScriptedAnswer {
  return {
    status,
    ...(extra.headers ? { headers: extra.headers } : {}),
    body: {
      error: {
        message,
        type: extra.type ?? 'OAuthException',
        code,
        ...(extra.subcode !== undefined ? { error_subcode: extra.subcode } : {}),
        ...(extra.details ? { error_data: { messaging_product: 'whatsapp', details: extra.details } } : {}),
        fbtrace_id: 'AStandInTrace',
      },
    },
  };
}

const refuse = (answer: ScriptedAnswer): StandInVerdict => ({ kind: 'refused', answer });
const invalidParameter = (message: string, details?: string) =>
  refuse(metaError(400, 100, `(#100) ${message}`, details ? { details } : {}));
const badToken = () => refuse(metaError(401, 190, 'Invalid OAuth access token - Cannot parse access token'));

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(request: RecordedRequest): Record<string, unknown> | undefined {
  if (!String(request.headers['content-type'] ?? '').startsWith('application/json')) return undefined;
  try {
    const json: unknown = JSON.parse(request.body);
    return isRecord(json) ? json : undefined;
  } catch {
    return undefined;
  }
}

const whatsAppKeys = new Set([
  'messaging_product',
  'recipient_type',
  'to',
  'type',
  'text',
  'template',
  'context',
  'biz_opaque_callback_data',
]);

/** The WhatsApp Cloud API's checks of `POST /{phone-number-id}/messages` (text and template). */
function checkWhatsApp(
  request: RecordedRequest,
  options: MetaGraphStandInOptions,
  sent: () => number,
): StandInVerdict {
  if (request.headers.authorization !== `Bearer ${options.whatsAppAccessToken}`) return badToken();
  const body = parseJson(request);
  if (!body)
    return invalidParameter(
      'Invalid parameter',
      'The request body must be JSON with Content-Type application/json',
    );
  const unknown = Object.keys(body).find((key) => !whatsAppKeys.has(key));
  if (unknown) return invalidParameter(`Param ${unknown} is not a valid parameter`);
  if (body.messaging_product !== 'whatsapp')
    return invalidParameter('The parameter messaging_product is required.');
  if (body.recipient_type !== undefined && body.recipient_type !== 'individual')
    return invalidParameter('Invalid parameter', 'recipient_type must be individual');
  if (typeof body.to !== 'string' || !/^\+?\d{5,15}$/.test(body.to))
    return invalidParameter('Invalid parameter', 'to must be a phone number');
  if (body.biz_opaque_callback_data !== undefined && typeof body.biz_opaque_callback_data !== 'string')
    return invalidParameter('Invalid parameter', 'biz_opaque_callback_data must be a string');
  if (body.type === 'text') {
    const text = body.text;
    if (!isRecord(text) || typeof text.body !== 'string' || text.body.length === 0)
      return invalidParameter("The parameter text['body'] is required.");
    if (text.body.length > 4096)
      return invalidParameter('Invalid parameter', 'text body exceeds 4096 characters');
    if (text.preview_url !== undefined && typeof text.preview_url !== 'boolean')
      return invalidParameter('Invalid parameter', 'preview_url must be a boolean');
    if (Object.keys(text).some((key) => key !== 'body' && key !== 'preview_url'))
      return invalidParameter('Invalid parameter', 'text takes body and preview_url');
  } else if (body.type === 'template') {
    const template = body.template;
    if (!isRecord(template) || typeof template.name !== 'string' || template.name.length === 0)
      return invalidParameter("The parameter template['name'] is required.");
    const language = template.language;
    if (!isRecord(language) || typeof language.code !== 'string' || language.code.length === 0)
      return invalidParameter("The parameter template['language']['code'] is required.");
    if (language.policy !== undefined && language.policy !== 'deterministic')
      return invalidParameter('Invalid parameter', 'language policy must be deterministic');
    if (template.components !== undefined) {
      const components = template.components;
      const wellFormed =
        Array.isArray(components) &&
        components.every(
          (component) =>
            isRecord(component) &&
            ['header', 'body', 'button'].includes(String(component.type)) &&
            Array.isArray(component.parameters) &&
            component.parameters.every(
              (parameter) =>
                isRecord(parameter) && parameter.type === 'text' && typeof parameter.text === 'string',
            ),
        );
      if (!wellFormed)
        return invalidParameter('Invalid parameter', 'components must be typed with text parameters');
    }
  } else {
    return invalidParameter('Invalid parameter', 'type must be one of the supported message types');
  }
  const to = String(body.to).replace(/^\+/, '');
  return {
    kind: 'accepted',
    answer: {
      status: 200,
      body: {
        messaging_product: 'whatsapp',
        contacts: [{ input: body.to, wa_id: to }],
        messages: [{ id: `wamid.StandIn${sent()}` }],
      },
    },
  };
}

const messagingTypes = new Set(['RESPONSE', 'UPDATE', 'MESSAGE_TAG']);
const messageTags = new Set([
  'HUMAN_AGENT',
  'ACCOUNT_UPDATE',
  'CONFIRMED_EVENT_UPDATE',
  'POST_PURCHASE_UPDATE',
]);

/** The Send API's checks of `POST /me/messages` (Messenger and Instagram text messages). */
function checkSendApi(
  request: RecordedRequest,
  options: MetaGraphStandInOptions,
  sent: () => number,
): StandInVerdict {
  const query = new URL(request.path, 'http://stand-in').searchParams;
  if (query.get('access_token') !== options.pageAccessToken)
    return refuse(metaError(400, 190, 'Invalid OAuth access token.'));
  const body = parseJson(request);
  if (!body) return invalidParameter('Invalid parameter');
  const recipient = body.recipient;
  if (!isRecord(recipient) || typeof recipient.id !== 'string' || !/^\d+$/.test(recipient.id))
    return invalidParameter('The parameter recipient is required');
  if (body.messaging_type !== undefined && !messagingTypes.has(String(body.messaging_type)))
    return invalidParameter('Param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG}');
  if (body.messaging_type === 'MESSAGE_TAG' && !messageTags.has(String(body.tag)))
    return invalidParameter('Param tag must be a valid message tag when messaging_type is MESSAGE_TAG');
  if (body.tag !== undefined && body.messaging_type !== 'MESSAGE_TAG')
    return invalidParameter('Param tag requires messaging_type MESSAGE_TAG');
  const message = body.message;
  if (!isRecord(message) || typeof message.text !== 'string' || message.text.length === 0)
    return invalidParameter('The parameter message is required');
  if (message.text.length > 2000)
    return invalidParameter('Param message[text] must be UTF-8 encoded and less than 2000 characters');
  return {
    kind: 'accepted',
    answer: { status: 200, body: { recipient_id: recipient.id, message_id: `m_StandIn${sent()}` } },
  };
}

/**
 * A stand-in for Meta's Graph API on 127.0.0.1: the WhatsApp Cloud API's `POST
 * /{version}/{phone-number-id}/messages` (Bearer token) and the Messenger Platform's `POST
 * /{version}/me/messages` (`access_token` parameter), checking each request as Meta documents it
 * and refusing in Meta's own shape (190 for a bad token, 100 for a bad parameter, 2500 for an
 * unknown path). Its `url` is the base the senders take as `META_GRAPH_URL`.
 *
 * @example
 * const graph = await startMetaGraphStandIn({ whatsAppAccessToken: 'EAAG-test', phoneNumberId: '1065', pageAccessToken: 'EAAP-test' });
 * graph.failNext(metaError(400, 131047, '(#131047) Re-engagement message'));
 */
export async function startMetaGraphStandIn(options: MetaGraphStandInOptions): Promise<StandIn> {
  const version = options.version ?? 'v23.0';
  let count = 0;
  const sent = () => {
    count += 1;
    return count;
  };
  return startScriptedStandIn(`/${version}`, (request) => {
    const path = new URL(request.path, 'http://stand-in').pathname;
    if (request.method !== 'POST') return invalidParameter('Unsupported method');
    if (path === `/${version}/me/messages`) return checkSendApi(request, options, sent);
    const match = new RegExp(`^/${version}/([^/]+)/messages$`).exec(path);
    if (match) {
      if (match[1] !== options.phoneNumberId) {
        return refuse(
          metaError(400, 100, `Unsupported post request. Object with ID '${match[1]}' does not exist`, {
            subcode: 33,
            type: 'GraphMethodException',
          }),
        );
      }
      return checkWhatsApp(request, options, sent);
    }
    return refuse(metaError(400, 2500, `Unknown path components: ${path}`));
  });
}

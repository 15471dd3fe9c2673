import {
  type RecordedRequest,
  type ScriptedAnswer,
  type StandIn,
  type StandInVerdict,
  startScriptedStandIn,
} from './scripted-stand-in';

/**
 * An X API v2 problem (RFC 7807: `title`, `detail`, `type`, `status`), for scripted answers and
 * refusals.
 *
 * @example
 * xProblem(403, 'Forbidden', 'You are not permitted to send Direct Messages to this user.');
 */
export function xProblem(
  status: number,
  title: string,
  detail: string,
  extra: { type?: string; headers?: Record<string, string> } = {},
): ScriptedAnswer {
  return {
    status,
    ...(extra.headers ? { headers: extra.headers } : {}),
    body: { title, detail, type: extra.type ?? 'about:blank', status },
  };
}

/** X's answers a test scripts by name. */
export const xAnswers = {
  /** 429 with `x-rate-limit-reset` at `resetAt` (epoch seconds). */
  rateLimited: (resetAt: number) =>
    xProblem(429, 'Too Many Requests', 'Too Many Requests', {
      headers: {
        'x-rate-limit-limit': '200',
        'x-rate-limit-remaining': '0',
        'x-rate-limit-reset': String(resetAt),
      },
    }),
  /** The recipient does not accept DMs from this account (wording not confirmed in X's docs). */
  dmsClosed: () => xProblem(403, 'Forbidden', 'You are not permitted to send Direct Messages to this user.'),
  unsupportedAuthentication: () =>
    xProblem(
      403,
      'Unsupported Authentication',
      'Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.  Supported authentication types are [OAuth 1.0a User Context, OAuth 2.0 User Context].',
      { type: 'https://api.twitter.com/2/problems/unsupported-authentication' },
    ),
  serviceUnavailable: () => xProblem(503, 'Service Unavailable', 'Service Unavailable'),
};

/** What the X stand-in accepts. */
export interface XStandInOptions {
  userAccessToken: string;
  /** The business account's user id (the first half of `dm_conversation_id`). */
  accountId: string;
}

const refuse = (answer: ScriptedAnswer): StandInVerdict => ({ kind: 'refused', answer });

function invalidRequest(message: string): StandInVerdict {
  return refuse({
    status: 400,
    body: {
      errors: [{ message }],
      title: 'Invalid Request',
      detail: 'One or more parameters to your request was invalid.',
      type: 'https://api.twitter.com/2/problems/invalid-request',
    },
  });
}

function checkDm(
  request: RecordedRequest,
  participantId: string,
  options: XStandInOptions,
  nextId: () => string,
) {
  if (request.headers.authorization !== `Bearer ${options.userAccessToken}`)
    return refuse(xProblem(401, 'Unauthorized', 'Unauthorized'));
  if (!String(request.headers['content-type'] ?? '').startsWith('application/json'))
    return invalidRequest('The request body must be JSON');
  let body: unknown;
  try {
    body = JSON.parse(request.body);
  } catch {
    return invalidRequest('The request body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return invalidRequest('The request body is not an object');
  const fields = body as Record<string, unknown>;
  const unknown = Object.keys(fields).find((key) => key !== 'text' && key !== 'attachments');
  if (unknown) return invalidRequest(`The \`${unknown}\` field is not recognized`);
  const hasText = typeof fields.text === 'string' && fields.text.length > 0;
  if (!hasText && fields.attachments === undefined)
    return invalidRequest('One of `text` or `attachments` is required');
  const [low, high] = [options.accountId, participantId].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  const answer: ScriptedAnswer = {
    status: 201,
    headers: {
      'x-rate-limit-limit': '200',
      'x-rate-limit-remaining': '199',
      'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + 900),
    },
    body: { data: { dm_conversation_id: `${low}-${high}`, dm_event_id: nextId() } },
  };
  return { kind: 'accepted' as const, answer };
}

/**
 * A stand-in for the X API v2 DM endpoint on 127.0.0.1:
 * `POST /2/dm_conversations/with/{participant_id}/messages` with the user access token as a Bearer
 * token (401 otherwise), a numeric participant id, and a JSON body with `text` (or `attachments`)
 * and nothing else; it answers 201 `{"data":{"dm_conversation_id","dm_event_id"}}` with the
 * rate-limit headers.
 *
 * @example
 * const x = await startXStandIn({ userAccessToken: 'token', accountId: '1500000000000000000' });
 * x.failNext(xAnswers.dmsClosed());
 */
export async function startXStandIn(options: XStandInOptions): Promise<StandIn> {
  let counter = 1_582_838_000_000_000_000n;
  return startScriptedStandIn('', (request) => {
    const match = /^\/2\/dm_conversations\/with\/([^/]+)\/messages$/.exec(request.path.split('?')[0] ?? '');
    if (request.method !== 'POST' || !match)
      return refuse(
        xProblem(404, 'Not Found Error', 'Sorry, that page does not exist', { type: 'about:blank' }),
      );
    const participantId = decodeURIComponent(match[1] ?? '');
    if (!/^\d{1,19}$/.test(participantId))
      return invalidRequest(`The \`participant_id\` query parameter value [${participantId}] is not valid`);
    return checkDm(request, participantId, options, () => {
      counter += 1n;
      return String(counter);
    });
  });
}

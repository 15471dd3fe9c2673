import {
  type RecordedRequest,
  type ScriptedAnswer,
  type StandIn,
  type StandInVerdict,
  startScriptedStandIn,
} from './scripted-stand-in';

/**
 * A WeChat error (`{"errcode","errmsg"}`), which WeChat answers with HTTP 200.
 *
 * @example
 * wechatError(45015, 'response out of time limit or subscription is canceled');
 */
export function wechatError(errcode: number, errmsg: string): ScriptedAnswer {
  return { status: 200, body: { errcode, errmsg: `${errmsg} rid: stand-in-${errcode}` } };
}

/** WeChat's answers a test scripts by name, in WeChat's words. */
export const wechatAnswers = {
  outsideWindow: () => wechatError(45015, 'response out of time limit or subscription is canceled'),
  tooManyInARow: () => wechatError(45047, 'out of response count limit'),
  notFollowing: () => wechatError(43004, 'require subscribe'),
  tokenRejected: () => wechatError(40001, 'invalid credential, access_token is invalid or not latest'),
  systemBusy: () => wechatError(-1, 'system error'),
  dailyQuota: () => wechatError(45009, 'reach max api daily quota limit'),
  minuteQuota: () => wechatError(45011, 'api minute-quota reach limit  mustslower  retry next minute'),
};

/** The WeChat stand-in: the shared controls, and the token side the tests drive. */
export interface WechatStandIn extends StandIn {
  /** Every `stable_token` request, in order (also recorded in `requests`). */
  tokenRequests: RecordedRequest[];
  /** The token WeChat currently accepts (issuing one when none is live). */
  issueToken(): string;
  /** Makes the live token expire: sends with it get 42001, and `stable_token` issues a new one. */
  expireToken(): void;
}

/** What the WeChat stand-in accepts. */
export interface WechatStandInOptions {
  appId: string;
  appSecret: string;
  /** OpenIDs that follow the Official Account (others get 40003). */
  followers: ReadonlyArray<string>;
  /** Template ids approved on the account (others get 40037). */
  templateIds: ReadonlyArray<string>;
}

const refuse = (answer: ScriptedAnswer): StandInVerdict => ({ kind: 'refused', answer });
const accept = (body: unknown): StandInVerdict => ({ kind: 'accepted', answer: { status: 200, body } });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readJson(request: RecordedRequest): Record<string, unknown> | undefined {
  try {
    const json: unknown = JSON.parse(request.body);
    return isRecord(json) ? json : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A stand-in for the WeChat Official Account API on 127.0.0.1. `POST /cgi-bin/stable_token` checks
 * the AppID and AppSecret (40013, 40125), hands back the live token in normal mode and a new one
 * (invalidating the old) with `force_refresh: true`. `POST /cgi-bin/message/custom/send` and
 * `/cgi-bin/message/template/send` take the token as the `access_token` query parameter (41001 when
 * missing, 40001 when unknown or replaced, 42001 when expired), check the body as documented
 * (`touser` a follower's OpenID, `msgtype: text` with `text.content`; a known `template_id` with
 * `data.keywordN.value`) and answer `{"errcode":0,"errmsg":"ok"}` (with a `msgid` for templates).
 * Scripted answers (`failNext`) apply to the next well-formed send, never to a token request.
 *
 * @example
 * const wechat = await startWechatStandIn({ appId: 'wx1', appSecret: 's', followers: ['o1'], templateIds: ['t1'] });
 * wechat.failNext(wechatAnswers.outsideWindow());
 */
export async function startWechatStandIn(options: WechatStandInOptions): Promise<WechatStandIn> {
  const tokenRequests: RecordedRequest[] = [];
  let live: string | undefined;
  const expired = new Set<string>();
  /** Answers scripted for the next well-formed sends (token requests are never scripted). */
  const sendScript: Array<ScriptedAnswer | 'hang'> = [];
  let counter = 0;
  let msgid = 200228000;
  const newToken = () => {
    counter += 1;
    live = `STAND_IN_TOKEN_${counter}_${'x'.repeat(24)}`;
    return live;
  };

  function checkToken(request: RecordedRequest): StandInVerdict {
    const body = readJson(request);
    if (!body) return refuse({ status: 200, body: { errcode: 47001, errmsg: 'data format error' } });
    if (body.grant_type !== 'client_credential')
      return refuse({ status: 200, body: { errcode: 40002, errmsg: 'invalid grant_type' } });
    if (body.appid !== options.appId)
      return refuse({ status: 200, body: { errcode: 40013, errmsg: 'invalid appid' } });
    if (body.secret !== options.appSecret)
      return refuse({ status: 200, body: { errcode: 40125, errmsg: 'invalid appsecret' } });
    if (body.force_refresh !== undefined && typeof body.force_refresh !== 'boolean')
      return refuse({ status: 200, body: { errcode: 47001, errmsg: 'data format error' } });
    tokenRequests.push(request);
    const token = body.force_refresh === true || !live ? newToken() : live;
    return accept({ access_token: token, expires_in: 7200 });
  }

  function checkSend(request: RecordedRequest, kind: 'custom' | 'template'): StandInVerdict {
    const verdict = wellFormedSend(request, kind);
    if (verdict.kind === 'refused') return verdict;
    const scripted = sendScript.shift();
    if (scripted === 'hang') standIn.failNext('hang');
    return scripted === undefined || scripted === 'hang' ? verdict : { kind: 'accepted', answer: scripted };
  }

  function wellFormedSend(request: RecordedRequest, kind: 'custom' | 'template'): StandInVerdict {
    const token = new URL(request.path, 'http://stand-in').searchParams.get('access_token');
    if (!token) return refuse(wechatError(41001, 'access_token missing'));
    if (expired.has(token)) return refuse(wechatError(42001, 'access_token expired'));
    if (token !== live) return refuse(wechatAnswers.tokenRejected());
    const body = readJson(request);
    if (!body) return refuse(wechatError(44002, 'empty post data'));
    if (typeof body.touser !== 'string' || !options.followers.includes(body.touser))
      return refuse(wechatError(40003, 'invalid openid'));
    if (kind === 'custom') {
      if (body.msgtype !== 'text') return refuse(wechatError(40008, 'invalid message type'));
      const text = body.text;
      if (!isRecord(text) || typeof text.content !== 'string' || text.content.length === 0)
        return refuse(wechatError(44003, 'empty news data'));
      return accept({ errcode: 0, errmsg: 'ok' });
    }
    if (typeof body.template_id !== 'string' || !options.templateIds.includes(body.template_id))
      return refuse(wechatError(40037, 'invalid template_id'));
    const data = body.data;
    if (
      !isRecord(data) ||
      !Object.entries(data).every(
        ([key, value]) => /^[a-z_]+\d*$/.test(key) && isRecord(value) && typeof value.value === 'string',
      )
    )
      return refuse(wechatError(47003, 'argument invalid! data.keyword1.value invalid'));
    msgid += 1;
    return accept({ errcode: 0, errmsg: 'ok', msgid });
  }

  const standIn = await startScriptedStandIn('', (request) => {
    const path = request.path.split('?')[0];
    if (request.method !== 'POST') return refuse(wechatError(43002, 'require POST method'));
    if (path === '/cgi-bin/stable_token') return checkToken(request);
    if (path === '/cgi-bin/message/custom/send') return checkSend(request, 'custom');
    if (path === '/cgi-bin/message/template/send') return checkSend(request, 'template');
    return refuse({ status: 404, body: 'Not Found' });
  });

  return {
    ...standIn,
    failNext(answer) {
      sendScript.push(answer);
    },
    tokenRequests,
    issueToken: () => live ?? newToken(),
    expireToken() {
      if (!live) return;
      expired.add(live);
      live = undefined;
    },
  };
}

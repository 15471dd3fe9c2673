/**
 * SMS keywords that withdraw consent: Twilio's default opt-out words on long codes (`STOP`,
 * `STOPALL`, `UNSUBSCRIBE`, `CANCEL`, `END`, `QUIT`, `OPTOUT`, `REVOKE`), and the refusals Chinese
 * commercial SMS tell people to reply (`TD`, `T`, `退订`).
 *
 * @example
 * smsOptOutKeywords.includes('STOP'); // true
 */
export const smsOptOutKeywords = [
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'OPTOUT',
  'REVOKE',
  'TD',
  'T',
  '退订',
] as const;

/**
 * SMS keywords that give consent back (Twilio's default opt-in words).
 *
 * @example
 * smsOptInKeywords.includes('START'); // true
 */
export const smsOptInKeywords = ['START', 'UNSTOP', 'YES'] as const;

/**
 * A keyword an SMS consisted of, and what it says about consent.
 *
 * @example
 * const stop: SmsConsentKeyword = { keyword: 'STOP', consent: 'denied' };
 */
export interface SmsConsentKeyword {
  /** The keyword as listed (upper case), e.g. `STOP`. */
  keyword: string;
  consent: 'granted' | 'denied';
}

/** Upper-cases ASCII letters only: `ſtop` or `ﬅop` must not become `STOP` through Unicode case mapping. */
function asciiUpper(text: string): string {
  return text.replace(/[a-z]/g, (letter) => letter.toUpperCase());
}

const byKeyword = new Map<string, SmsConsentKeyword['consent']>([
  ...smsOptOutKeywords.map((keyword) => [keyword, 'denied'] as const),
  ...smsOptInKeywords.map((keyword) => [keyword, 'granted'] as const),
]);

/**
 * The consent keyword an SMS body is, if the whole body (trimmed, any case) is exactly one of
 * {@link smsOptOutKeywords} or {@link smsOptInKeywords}; `undefined` otherwise. A sentence that
 * contains a keyword ("STOP please", "don't stop") is a message, not an opt-out, as carriers and
 * Twilio match it.
 *
 * @example
 * smsConsentKeyword(' stop\n'); // { keyword: 'STOP', consent: 'denied' }
 * smsConsentKeyword('STOP please'); // undefined
 */
export function smsConsentKeyword(body: string): SmsConsentKeyword | undefined {
  const keyword = asciiUpper(body.trim());
  const consent = byKeyword.get(keyword);
  return consent ? { keyword, consent } : undefined;
}

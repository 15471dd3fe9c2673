import type { SendOutcome } from '../platform-sender';

/**
 * The outcome of a sender whose settings are missing: `failed`, Rapport's own, with a reason that
 * names the settings to set (what an agent sees under `npm start` with no credentials).
 *
 * @example
 * notConfiguredOutcome('WhatsApp', ['WHATSAPP_ACCESS_TOKEN', 'WHATSAPP_PHONE_NUMBER_ID']);
 * // { kind: 'failed', code: 'not_configured', reason: 'WhatsApp is not configured: set WHATSAPP_ACCESS_TOKEN and WHATSAPP_PHONE_NUMBER_ID', ours: true }
 */
export function notConfiguredOutcome(platformLabel: string, missing: ReadonlyArray<string>): SendOutcome {
  const names =
    missing.length <= 1
      ? (missing[0] ?? 'its settings')
      : `${missing.slice(0, -1).join(', ')} and ${missing[missing.length - 1]}`;
  return {
    kind: 'failed',
    code: 'not_configured',
    reason: `${platformLabel} is not configured: set ${names}`,
    ours: true,
  };
}

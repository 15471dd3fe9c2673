import { type AlertContent, type AlertLocale, type AlertMessage, alertMessage } from './alert-message';

/**
 * What one delivery carries: a single alert, or a rule's digest of several alerts gathered over
 * its window. `deliveryId` is stable across retries (the alert id, or the digest's id), so a
 * receiver can drop a repeat.
 */
export interface AlertBatch {
  deliveryId: string;
  rule: { id: string; name: string };
  alerts: AlertContent[];
  /** The digest's window, for a digest. */
  window?: { from: string; to: string };
}

/** How many alerts a digest writes out in full; the rest are counted. */
export const digestShownAlerts = 20;

/**
 * The message of a delivery: the alert's own, or for a digest a title with the count and one
 * line per alert (the first {@link digestShownAlerts}, then how many more).
 *
 * @example
 * batchMessage({ deliveryId: 'd1', rule, alerts: [a, b, c] }, 'en').title; // 'Big orders: 3 alerts'
 */
export function batchMessage(batch: AlertBatch, locale: AlertLocale): AlertMessage {
  const [only] = batch.alerts;
  if (only && batch.alerts.length === 1) return alertMessage(only, locale);
  const messages = batch.alerts.map((alert) => alertMessage(alert, locale));
  const title =
    locale === 'zh'
      ? `${batch.rule.name}:${batch.alerts.length} 条提醒`
      : `${batch.rule.name}: ${batch.alerts.length} alerts`;
  const shown = messages.slice(0, digestShownAlerts).map((message, index) => ({
    label: String(index + 1),
    value: message.title.slice(batch.rule.name.length + (locale === 'zh' ? 1 : 2)),
  }));
  const hidden = messages.length - shown.length;
  if (hidden > 0) {
    shown.push({ label: '…', value: locale === 'zh' ? `另有 ${hidden} 条` : `and ${hidden} more` });
  }
  const nextStep =
    locale === 'zh'
      ? '在 Rapport 中逐一查看这些客户。'
      : 'Open each customer in Rapport and decide the next step.';
  const text = [title, ...shown.map((fact) => `${fact.label}. ${fact.value}`), nextStep].join('\n');
  return { title, facts: shown, nextStep, text };
}

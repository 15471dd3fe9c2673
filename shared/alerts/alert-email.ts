import MailComposer from 'nodemailer/lib/mail-composer';
import { type AlertBatch, batchMessage } from './alert-batch';
import type { Destination } from './destination';

type EmailDestination = Extract<Destination, { type: 'email' }>;

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * The alert as a MIME message (plain text and HTML, UTF-8), built with nodemailer's composer: the
 * same bytes go to SES v2 as raw content in AWS and to `RAPPORT_DATA_DIR/outbox/*.eml` locally.
 * `X-Rapport-Delivery` carries the stable delivery id.
 *
 * @example
 * const raw = await alertEmail(destination, batch, 'alerts@shop.example', new Date());
 */
export async function alertEmail(
  destination: EmailDestination,
  batch: AlertBatch,
  from: string,
  now: Date,
): Promise<Buffer> {
  const message = batchMessage(batch, destination.locale);
  const rows = message.facts
    .map(
      (fact) =>
        `<tr><th align="left" style="padding:2px 12px 2px 0">${escapeHtml(fact.label)}</th><td>${escapeHtml(fact.value)}</td></tr>`,
    )
    .join('');
  const html = `<!doctype html><html><body style="font-family:sans-serif"><h2>${escapeHtml(message.title)}</h2><table>${rows}</table><p><strong>${escapeHtml(message.nextStep)}</strong></p><p style="color:#888">Rapport</p></body></html>`;
  const composer = new MailComposer({
    from,
    to: destination.to,
    subject: message.title.replace(/[\r\n]+/g, ' ').slice(0, 200),
    text: message.text,
    html,
    date: now,
    messageId: `<${batch.deliveryId}@rapport.alerts>`,
    headers: { 'X-Rapport-Delivery': batch.deliveryId },
  });
  return composer.compile().build();
}

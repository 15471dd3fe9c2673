import '../config/zod-messages';
import type * as z from 'zod/mini';
import type { CustomerFacts } from '../domain/customer';
import type { Fact, ReadResult } from '../domain/facts';
import type { Identity } from '../domain/identity';
import { normalizeDeliveredPhone, normalizeEmail, normalizePhone } from '../domain/identity';
import { JsonTooDeepError, parseJsonExact } from './parse-json';

/**
 * Customer facts for a messaging identity, with the phone identity when the platform id is a
 * phone number (WhatsApp `wa_id`, SMS senders), so one person is one customer across channels.
 *
 * @example
 * messagingCustomer({ kind: 'whatsapp', value: '972544401243' }, { phone: '+972544401243', name: 'Dana' });
 */
export function messagingCustomer(
  identity: Identity,
  extra: { phone?: string; name?: string } = {},
): CustomerFacts {
  // A number a messaging network delivers from is a real sender, even in a range the phone
  // metadata does not call valid (new or reserved ranges): it must keep the link to the person.
  const phone = normalizeDeliveredPhone(extra.phone);
  const name = extra.name?.trim();
  return {
    identities: [identity, ...(phone ? [{ kind: 'phone' as const, value: phone }] : [])],
    emails: [],
    phones: phone ? [phone] : [],
    ...(name ? { name } : {}),
  };
}

/**
 * Collects the facts of a batched delivery and the problems of items that could not be read,
 * so the good items are stored and the whole raw body is still quarantined for the bad ones.
 *
 * @example
 * const batch = new FactBatch();
 * batch.add(fact); batch.problem('entry.0.messaging.1: sender: Required');
 * return batch.result('page');
 */
export class FactBatch {
  readonly facts: Fact[] = [];
  readonly problems: string[] = [];
  readonly ignored: string[] = [];

  add(fact: Fact): void {
    this.facts.push(fact);
  }

  problem(where: string, issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): void {
    const detail = issues
      .slice(0, 3)
      .map((issue) => `${issue.path.map(String).join('.') || '(item)'}: ${issue.message}`)
      .join('; ');
    this.problems.push(`${where}: ${detail}`);
  }

  ignore(what: string): void {
    this.ignored.push(what);
  }

  /** The read result: facts (maybe with problems), invalid when only problems, or unhandled. */
  result(topic: string, deliveryId?: string): ReadResult {
    if (this.facts.length === 0 && this.problems.length > 0) {
      return { kind: 'invalid', topic, reason: this.problems.slice(0, 5).join(' | ') };
    }
    if (this.facts.length === 0)
      return { kind: 'unhandled', topic: this.ignored[0] ? `${topic}:${this.ignored[0]}` : topic };
    return {
      kind: 'facts',
      facts: this.facts,
      topic,
      ...(deliveryId ? { deliveryId } : {}),
      ...(this.problems.length ? { problems: this.problems } : {}),
    };
  }
}

/**
 * Parses a JSON body (64-bit ids kept exact) against the envelope schema of a channel: the data,
 * or the read result to answer with (invalid JSON or an envelope that breaks the schema).
 *
 * @example
 * const envelope = readJsonEnvelope(rawBody, lineWebhookSchema, 'line');
 * if (!envelope.ok) return envelope.result;
 */
export function readJsonEnvelope<T>(
  rawBody: Buffer,
  schema: z.ZodMiniType<T>,
  topic: string,
): { ok: true; value: T } | { ok: false; result: ReadResult } {
  let body: unknown;
  try {
    body = parseJsonExact(rawBody.toString('utf8'));
  } catch (error) {
    const reason = error instanceof JsonTooDeepError ? error.message : 'body is not JSON';
    return { ok: false, result: { kind: 'invalid', topic, reason } };
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  const batch = new FactBatch();
  batch.problem('body', parsed.error.issues);
  return { ok: false, result: batch.result(topic) };
}

/**
 * Customer facts of a shop's customer: its platform identity (when it has an account) first, then
 * every valid email and phone (normalized; a phone without a country code is read in the
 * address's country, else the operator's default region, else dropped).
 *
 * @example
 * contactCustomer({ kind: 'stripe', value: 'cus_1' }, { emails: ['Lee@Example.com'], phones: [], name: 'Lee' });
 */
export function contactCustomer(
  platformIdentity: Identity | undefined,
  contact: {
    emails: ReadonlyArray<string | null | undefined>;
    phones: ReadonlyArray<string | null | undefined>;
    name?: string | null;
    /** The address's country: how a number written without a country code is read. */
    country?: string | null;
    /** The operator's `DEFAULT_PHONE_REGION`, when the address names no country. */
    defaultRegion?: string;
  },
): CustomerFacts {
  const emails = [
    ...new Set(contact.emails.map(normalizeEmail).filter((email): email is string => Boolean(email))),
  ];
  const phones = [
    ...new Set(
      contact.phones
        .map((phone) => normalizePhone(phone, contact.country || contact.defaultRegion || undefined))
        .filter((phone): phone is string => Boolean(phone)),
    ),
  ];
  const name = contact.name?.trim();
  return {
    identities: [
      ...(platformIdentity ? [platformIdentity] : []),
      ...emails.map((value) => ({ kind: 'email' as const, value })),
      ...phones.map((value) => ({ kind: 'phone' as const, value })),
    ],
    emails,
    phones,
    ...(name ? { name } : {}),
  };
}

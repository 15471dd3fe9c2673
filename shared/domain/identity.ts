import { parsePhoneNumberFromString } from 'libphonenumber-js/core';
import { phoneMetadata } from '../config/phone-metadata';

/**
 * The kinds of identity a customer can hold (public contract, `GET /api/customers?identity=`).
 *
 * @example
 * identityKinds.includes('whatsapp'); // true
 */
export const identityKinds = [
  'email',
  'phone',
  'whatsapp',
  'messenger',
  'instagram',
  'telegram',
  'line',
  'wechat',
  'x',
  'shopify',
  'woocommerce',
  'stripe',
  'storefront',
] as const;

export type IdentityKind = (typeof identityKinds)[number];

/** One way of recognising a person: a kind and a normalized value. */
export interface Identity {
  kind: IdentityKind;
  value: string;
}

/**
 * Normalizes an email for matching: trimmed and lower-cased; `undefined` when it is not an email.
 *
 * @example
 * normalizeEmail(' Bob.Norman@HostMail.com '); // 'bob.norman@hostmail.com'
 */
export function normalizeEmail(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  const email = raw.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? email : undefined;
}

/**
 * Normalizes a phone number to E.164, using `defaultCountry` for national numbers;
 * `undefined` when it is not a valid number.
 *
 * @example
 * normalizePhone('555-625-1199', 'US'); // undefined (555 numbers are fictional)
 * normalizePhone('+44 20 7946 0958');   // '+442079460958'
 */
export function normalizePhone(raw: string | null | undefined, defaultCountry?: string): string | undefined {
  if (!raw) return undefined;
  const phone = parsePhoneNumberFromString(
    raw.trim(),
    // Platforms send the country in either case (`US`, `us`); libphonenumber knows upper case only.
    defaultCountry ? { defaultCountry: defaultCountry.toUpperCase() as never } : {},
    phoneMetadata(),
  );
  return phone?.isValid() ? phone.number : undefined;
}

/**
 * Normalizes the E.164 number a messaging network delivered from (Twilio `From`, WhatsApp
 * `wa_id`) to E.164: kept when it is a *possible* number for its country (the right length),
 * even where the shipped metadata does not call it valid. A network only delivers from numbers
 * that exist, and a newly allocated or reserved range must not lose its sender. Numbers a person
 * typed (order and storefront forms) keep the strict check of {@link normalizePhone}.
 *
 * @example
 * normalizeDeliveredPhone('+447700900123'); // '+447700900123' (possible; not valid in the metadata)
 * normalizeDeliveredPhone('+4477');         // undefined (too short for the UK)
 */
export function normalizeDeliveredPhone(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  const phone = parsePhoneNumberFromString(raw.trim(), {}, phoneMetadata());
  if (!phone?.isPossible()) return undefined;
  // A network sends its sender in E.164 already: a number that reads differently once parsed
  // (a national prefix after the country code, `+43 0…`) is not one, and is not guessed at.
  return phone.number === `+${raw.replace(/\D/g, '')}` ? phone.number : undefined;
}

/**
 * The canonical text form of an identity, as used in keys and in the API query `identity=<kind>:<value>`.
 *
 * @example
 * identityText({ kind: 'email', value: 'bob@example.com' }); // 'email:bob@example.com'
 */
export function identityText(identity: Identity): string {
  return `${identity.kind}:${identity.value}`;
}

/**
 * Reads `<kind>:<value>` back into an identity, normalizing emails and phones the same way the
 * receivers do (a phone without a country code in `defaultRegion`); `undefined` when the kind is
 * unknown or the value empty.
 *
 * @example
 * parseIdentityText('email:Bob@Example.com'); // { kind: 'email', value: 'bob@example.com' }
 */
export function parseIdentityText(text: string, defaultRegion?: string): Identity | undefined {
  const colon = text.indexOf(':');
  if (colon <= 0) return undefined;
  const kind = text.slice(0, colon) as IdentityKind;
  const raw = text.slice(colon + 1);
  if (!identityKinds.includes(kind) || raw.length === 0) return undefined;
  if (kind === 'email') {
    const value = normalizeEmail(raw);
    return value ? { kind, value } : undefined;
  }
  if (kind === 'phone') {
    const value = normalizePhone(raw, defaultRegion);
    return value ? { kind, value } : undefined;
  }
  return { kind, value: raw };
}

import type { CustomerFacts } from './customer';
import type { Fact, MessageFact } from './facts';

/**
 * What Rapport keeps of each free-form field, decided per field so that every signed, well-formed
 * delivery fits in one DynamoDB item (400 KB) and is stored or quarantined, never a 500 that a
 * platform retries for days. The limits sit well above every platform's own (WhatsApp and Telegram
 * texts 4,096 characters, LINE 5,000, X DMs 10,000; names and ids far shorter).
 *
 * @example
 * factLimits.messageTextBytes; // 16384
 */
export const factLimits = {
  /** A message's text, in UTF-8 bytes; longer texts are trimmed with a marker and their full size kept. */
  messageTextBytes: 16_384,
  /** A person's or an order's name, in characters; longer ones are trimmed. */
  nameCharacters: 200,
  /** A platform id (message, order, refund, checkout); a longer one is not a real id and is refused. */
  idCharacters: 256,
  /** An identity's value; longer identities are not kept (an email is at most 254 characters). */
  identityCharacters: 320,
  /** Media references kept per message, and the longest kept (a URL). */
  mediaReferences: 20,
  mediaReferenceCharacters: 2048,
  /** A delivery receipt's error text. */
  receiptErrorCharacters: 500,
  /** What said a consent changed (`sms keyword STOP`, `line unfollow`): a label, not free text. */
  consentSourceCharacters: 200,
} as const;

/** Facts within the limits, and the problems of those that could not be kept. */
export interface BoundedFacts {
  facts: Fact[];
  problems: string[];
}

/**
 * Brings every fact within {@link factLimits}: trims what can be trimmed (texts with a marker and
 * their original size, names, media lists) and refuses, as a problem naming the field and the rule,
 * a fact whose id could not be a key. Pure: the same facts always give the same result.
 *
 * @example
 * const { facts, problems } = boundFacts(read.facts);
 */
export function boundFacts(facts: ReadonlyArray<Fact>): BoundedFacts {
  const kept: Fact[] = [];
  const problems: string[] = [];
  for (const fact of facts) {
    const tooLong = idsOf(fact).find(([, id]) => id.length > factLimits.idCharacters);
    if (tooLong) {
      problems.push(`${fact.kind}.${tooLong[0]}: longer than ${factLimits.idCharacters} characters`);
      continue;
    }
    if ('customer' in fact) {
      const customer = boundCustomer(fact.customer);
      if (customer.identities.length === 0) {
        problems.push(
          `${fact.kind}.customer.identities: none within ${factLimits.identityCharacters} characters`,
        );
        continue;
      }
      kept.push(boundRest({ ...fact, customer } as Fact));
    } else kept.push(boundRest(fact));
  }
  return { facts: kept, problems };
}

function idsOf(fact: Fact): Array<[string, string]> {
  switch (fact.kind) {
    case 'order':
      return [
        ['order.platformOrderId', fact.order.platformOrderId],
        ...fact.refunds.map((refund): [string, string] => ['refund.refundId', refund.refundId]),
      ];
    case 'refund':
      return [
        ['refund.platformOrderId', fact.refund.platformOrderId],
        ['refund.refundId', fact.refund.refundId],
      ];
    case 'cancellation':
      return [['platformOrderId', fact.platformOrderId]];
    case 'checkout':
      return [['checkoutId', fact.checkoutId]];
    case 'message':
      return [['message.id', fact.message.id]];
    case 'receipt':
      return [['receipt.messageId', fact.receipt.messageId]];
    case 'consent':
      return [['consent.id', fact.consent.id]];
    case 'customer':
      return [];
  }
}

function boundCustomer(customer: CustomerFacts): CustomerFacts {
  const name =
    customer.name === undefined ? undefined : trimCharacters(customer.name, factLimits.nameCharacters);
  return {
    identities: customer.identities.filter(
      (identity) => identity.value.length <= factLimits.identityCharacters,
    ),
    emails: customer.emails.filter((email) => email.length <= 254),
    phones: customer.phones,
    ...(name ? { name } : {}),
  };
}

function boundRest(fact: Fact): Fact {
  switch (fact.kind) {
    case 'message':
      return { ...fact, message: boundMessage(fact.message) };
    case 'order':
      return fact.order.name && fact.order.name.length > factLimits.nameCharacters
        ? {
            ...fact,
            order: { ...fact.order, name: trimCharacters(fact.order.name, factLimits.nameCharacters) },
          }
        : fact;
    case 'receipt':
      return fact.receipt.error && fact.receipt.error.length > factLimits.receiptErrorCharacters
        ? {
            ...fact,
            receipt: {
              ...fact.receipt,
              error: trimCharacters(fact.receipt.error, factLimits.receiptErrorCharacters),
            },
          }
        : fact;
    case 'consent':
      return fact.consent.source.length > factLimits.consentSourceCharacters
        ? {
            ...fact,
            consent: {
              ...fact.consent,
              source: trimCharacters(fact.consent.source, factLimits.consentSourceCharacters),
            },
          }
        : fact;
    default:
      return fact;
  }
}

function boundMessage(message: MessageFact): MessageFact {
  const media = message.media
    .filter((reference) => reference.length <= factLimits.mediaReferenceCharacters)
    .slice(0, factLimits.mediaReferences);
  const bytes = Buffer.byteLength(message.text, 'utf8');
  const { conversationId, ...rest } = message;
  const keptConversation =
    conversationId !== undefined && conversationId.length <= factLimits.idCharacters
      ? { conversationId }
      : {};
  if (bytes <= factLimits.messageTextBytes) return { ...rest, ...keptConversation, media };
  const marker = ` … [trimmed by Rapport: ${bytes} bytes in all]`;
  return {
    ...rest,
    ...keptConversation,
    media,
    text: trimBytes(message.text, factLimits.messageTextBytes - Buffer.byteLength(marker, 'utf8')) + marker,
    originalTextBytes: bytes,
  };
}

function trimCharacters(text: string, max: number): string {
  const characters = [...text];
  return characters.length <= max ? text : characters.slice(0, max).join('');
}

/** The longest prefix of whole characters that fits in `max` UTF-8 bytes. */
function trimBytes(text: string, max: number): string {
  let bytes = 0;
  let end = 0;
  for (const character of text) {
    const size = Buffer.byteLength(character, 'utf8');
    if (bytes + size > max) break;
    bytes += size;
    end += character.length;
  }
  return text.slice(0, end);
}

import type { CustomerRepository } from '../customers/customer-repository';
import type { ReceiptRepository } from '../customers/receipt-repository';
import type { TimelineRepository } from '../customers/timeline-repository';
import type { IdentityRepository } from '../identity/identity-repository';
import type { LinkRepository } from '../identity/link-repository';
import type { Logger } from '../observability/logger';
import type { OrderRepository } from '../orders/order-repository';
import type { ConsentRepository } from '../outbound/consent-repository';
import type { ConversationRepository } from '../outbound/conversation-repository';
import type { QuarantineRepository } from '../quarantine/quarantine-repository';
import type { SecretSource } from '../secrets/secret-source';

/** What the receiver use case needs from the outside world; tests pass fakes or DynamoDB Local. */
export interface ReceiverDeps {
  identities: IdentityRepository;
  links: LinkRepository;
  customers: CustomerRepository;
  orders: OrderRepository;
  timeline: TimelineRepository;
  quarantine: QuarantineRepository;
  receipts: ReceiptRepository;
  /** Conversations: inbound messages open them, receipts move their messages' statuses. */
  conversations: Pick<ConversationRepository, 'recordInbound' | 'applyStatus' | 'applyWatermark'>;
  consents: Pick<ConsentRepository, 'record'>;
  secrets: SecretSource;
  log: Logger;
  now: () => Date;
  /** How long a started checkout waits for an order before it is called abandoned. */
  abandonedCheckoutAfterMs: number;
  /** The public base URL platforms call, for channels that sign the URL (Twilio). */
  publicBaseUrl?: string;
  /** Region for phone numbers written without a country code (`DEFAULT_PHONE_REGION`). */
  defaultPhoneRegion?: string;
  newId: () => string;
}

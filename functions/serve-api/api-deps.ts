import type { AlertConfigRepository } from '../../shared/alerts/alert-config-repository';
import type { AlertRepository } from '../../shared/alerts/alert-repository';
import type { AlertTransports } from '../../shared/alerts/send-batch';
import type { AuditRepository } from '../../shared/audit/audit-repository';
import type { CampaignRepository } from '../../shared/campaigns/campaign-repository';
import type { CustomerGroupRepository } from '../../shared/customers/customer-group-repository';
import type { CustomerRepository } from '../../shared/customers/customer-repository';
import type { TimelineRepository } from '../../shared/customers/timeline-repository';
import type { DuplicateRepository } from '../../shared/identity/duplicate-repository';
import type { IdentityRepository } from '../../shared/identity/identity-repository';
import type { PersonDataRepository } from '../../shared/identity/person-data-repository';
import type { Logger } from '../../shared/observability/logger';
import type { ConversationRepository } from '../../shared/outbound/conversation-repository';
import type { MessageTemplateRepository } from '../../shared/outbound/message-template-repository';
import type { QuarantineRepository } from '../../shared/quarantine/quarantine-repository';
import type { ReceiverInvoker } from '../../shared/receivers/receiver-invoker';
import type { ScoringStateRepository } from '../../shared/scoring-store/scoring-state-repository';

/** What the marketer API needs. */
export interface ApiDeps {
  customers: CustomerRepository;
  groups: CustomerGroupRepository;
  identities: IdentityRepository;
  timeline: TimelineRepository;
  duplicates: DuplicateRepository;
  personData: PersonDataRepository;
  audit: AuditRepository;
  scoringState: ScoringStateRepository;
  alertConfig: AlertConfigRepository;
  alerts: AlertRepository;
  campaigns: CampaignRepository;
  conversations: ConversationRepository;
  messageTemplates: MessageTemplateRepository;
  /**
   * The Meta app has the Human Agent permission (`MESSENGER_HUMAN_AGENT`): a person's Messenger
   * or Instagram reply may follow the customer's message for 7 days, tagged.
   */
  humanAgentTag: boolean;
  /** How a destination test is sent (the same transports `notify` uses). */
  alertTransports: AlertTransports;
  /** `npm start` lets destinations be plain http on loopback (local receivers); AWS never does. */
  allowLoopbackDestinations: boolean;
  quarantine: QuarantineRepository;
  receivers: ReceiverInvoker;
  baseCurrency: string;
  /** How a phone searched without a country code is read (`DEFAULT_PHONE_REGION`). */
  defaultPhoneRegion?: string;
  log: Logger;
  now: () => Date;
  newId: () => string;
}

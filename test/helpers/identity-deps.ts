import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { mergeLinkedCustomers } from '../../functions/merge-customers/merge-customers';
import type { ApiDeps } from '../../functions/serve-api/serve-api';
import { AlertConfigRepository } from '../../shared/alerts/alert-config-repository';
import { AlertRepository } from '../../shared/alerts/alert-repository';
import { createAlertTransports } from '../../shared/alerts/alert-transports';
import { AuditRepository } from '../../shared/audit/audit-repository';
import { CampaignRepository } from '../../shared/campaigns/campaign-repository';
import { channelRegistry } from '../../shared/channels/channel-registry';
import { CustomerGroupRepository } from '../../shared/customers/customer-group-repository';
import { CustomerRepository } from '../../shared/customers/customer-repository';
import { TimelineRepository } from '../../shared/customers/timeline-repository';
import type { Identity } from '../../shared/domain/identity';
import { sharedIdentityPolicy } from '../../shared/domain/shared-identities';
import type { CanonicalEvent } from '../../shared/events/contracts';
import { DuplicateRepository } from '../../shared/identity/duplicate-repository';
import type { LinkDeps } from '../../shared/identity/identity-deps';
import { IdentityRepository } from '../../shared/identity/identity-repository';
import { PersonDataRepository } from '../../shared/identity/person-data-repository';
import { replayQuarantined } from '../../shared/ingest/replay-quarantined';
import { ConversationRepository } from '../../shared/outbound/conversation-repository';
import { MessageTemplateRepository } from '../../shared/outbound/message-template-repository';
import { QuarantineRepository } from '../../shared/quarantine/quarantine-repository';
import { ScoringStateRepository } from '../../shared/scoring-store/scoring-state-repository';
import { receiverDepsFor, recordingLogger } from './receiver-deps';
import type { TestTable } from './test-table';

/**
 * Merge dependencies on a test table, with an operator list of shared identities.
 *
 * @example
 * const deps = linkDepsFor(table, [{ kind: 'phone', value: '+14155550100' }]);
 */
export function linkDepsFor(table: TestTable, sharedIdentities: Identity[] = []): LinkDeps {
  return {
    groups: new CustomerGroupRepository(table.documentClient, table.tableName),
    duplicates: new DuplicateRepository(table.documentClient, table.tableName),
    isShared: sharedIdentityPolicy(sharedIdentities),
    now: () => new Date(),
    log: recordingLogger(),
  };
}

/**
 * Marketer API dependencies on a test table; replays run the real receivers in process.
 *
 * @example
 * const response = await serveApi(apiDepsFor(table), apiEvent('GET', '/api/duplicates'));
 */
export function apiDepsFor(table: TestTable): ApiDeps {
  const client = table.documentClient;
  return {
    customers: new CustomerRepository(client, table.tableName, 'USD'),
    groups: new CustomerGroupRepository(client, table.tableName),
    identities: new IdentityRepository(client, table.tableName),
    timeline: new TimelineRepository(client, table.tableName),
    duplicates: new DuplicateRepository(client, table.tableName),
    personData: new PersonDataRepository(client, table.tableName),
    audit: new AuditRepository(client, table.tableName),
    scoringState: new ScoringStateRepository(client, table.tableName),
    alertConfig: new AlertConfigRepository(client, table.tableName),
    alerts: new AlertRepository(client, table.tableName),
    campaigns: new CampaignRepository(client, table.tableName),
    conversations: new ConversationRepository(client, table.tableName),
    messageTemplates: new MessageTemplateRepository(client, table.tableName),
    humanAgentTag: false,
    alertTransports: createAlertTransports({
      ALLOW_LOOPBACK_DESTINATIONS: true,
      ALERT_EMAIL_FROM: 'alerts@rapport.test',
      SES_CONFIGURATION_SET: '',
      EMAIL_OUTBOX_DIR: join(tmpdir(), 'rapport-test-outbox'),
    }),
    allowLoopbackDestinations: true,
    quarantine: new QuarantineRepository(client, table.tableName),
    receivers: {
      replay: (channel, id) =>
        replayQuarantined(
          receiverDepsFor(table),
          channelRegistry[channel as keyof typeof channelRegistry],
          id,
        ),
    },
    baseCurrency: 'USD',
    log: recordingLogger(),
    now: () => new Date(),
    newId: ulid,
  };
}

/**
 * Runs `merge-customers` on every `customer.linked` event among `published` not handled yet, as
 * the bus would; returns how many it handled.
 *
 * @example
 * await mergeLinks(deps, relay.published, handled);
 */
export async function mergeLinks(
  deps: LinkDeps,
  published: ReadonlyArray<CanonicalEvent>,
  handled: Set<string>,
): Promise<number> {
  const links = published.filter((event) => event.type === 'customer.linked' && !handled.has(event.id));
  for (const link of links) handled.add(link.id);
  await Promise.all(links.map((link) => mergeLinkedCustomers(deps, link)));
  return links.length;
}

import { LambdaClient } from '@aws-sdk/client-lambda';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ulid } from 'ulid';
import { AlertConfigRepository } from '../../shared/alerts/alert-config-repository';
import { AlertRepository } from '../../shared/alerts/alert-repository';
import { createAlertTransports } from '../../shared/alerts/alert-transports';
import { AuditRepository } from '../../shared/audit/audit-repository';
import { CampaignRepository } from '../../shared/campaigns/campaign-repository';
import { functionSettings } from '../../shared/config/settings';
import { CustomerGroupRepository } from '../../shared/customers/customer-group-repository';
import { CustomerRepository } from '../../shared/customers/customer-repository';
import { TimelineRepository } from '../../shared/customers/timeline-repository';
import { httpErrorMiddleware } from '../../shared/http/http-error-middleware';
import { DuplicateRepository } from '../../shared/identity/duplicate-repository';
import { IdentityRepository } from '../../shared/identity/identity-repository';
import { PersonDataRepository } from '../../shared/identity/person-data-repository';
import { createLogger } from '../../shared/observability/logger';
import { traced } from '../../shared/observability/tracer';
import { ConversationRepository } from '../../shared/outbound/conversation-repository';
import { MessageTemplateRepository } from '../../shared/outbound/message-template-repository';
import { QuarantineRepository } from '../../shared/quarantine/quarantine-repository';
import { lambdaReceiverInvoker } from '../../shared/receivers/receiver-invoker';
import { ScoringStateRepository } from '../../shared/scoring-store/scoring-state-repository';
import { documentClient } from '../../shared/store/dynamo-client';
import { type ApiDeps, serveApi } from './serve-api';

const settings = functionSettings('serve-api');
const client = documentClient();
const log = createLogger('serve-api', settings.LOG_LEVEL);
const deps: ApiDeps = {
  customers: new CustomerRepository(client, settings.TABLE_NAME, settings.BASE_CURRENCY),
  groups: new CustomerGroupRepository(client, settings.TABLE_NAME),
  identities: new IdentityRepository(client, settings.TABLE_NAME),
  timeline: new TimelineRepository(client, settings.TABLE_NAME),
  duplicates: new DuplicateRepository(client, settings.TABLE_NAME),
  personData: new PersonDataRepository(client, settings.TABLE_NAME),
  audit: new AuditRepository(client, settings.TABLE_NAME),
  scoringState: new ScoringStateRepository(client, settings.TABLE_NAME),
  alertConfig: new AlertConfigRepository(client, settings.TABLE_NAME),
  alerts: new AlertRepository(client, settings.TABLE_NAME),
  campaigns: new CampaignRepository(client, settings.TABLE_NAME),
  conversations: new ConversationRepository(client, settings.TABLE_NAME),
  messageTemplates: new MessageTemplateRepository(client, settings.TABLE_NAME),
  humanAgentTag: settings.MESSENGER_HUMAN_AGENT,
  alertTransports: createAlertTransports(settings),
  allowLoopbackDestinations: settings.ALLOW_LOOPBACK_DESTINATIONS,
  quarantine: new QuarantineRepository(client, settings.TABLE_NAME),
  receivers: lambdaReceiverInvoker(
    // A replay runs a whole delivery in the receiver; its own 10 s timeout bounds it.
    traced(
      new LambdaClient({
        maxAttempts: 1,
        requestHandler: { connectionTimeout: 1000, requestTimeout: 15_000 },
      }),
    ),
    settings.RECEIVER_FUNCTIONS,
  ),
  baseCurrency: settings.BASE_CURRENCY,
  ...(settings.DEFAULT_PHONE_REGION ? { defaultPhoneRegion: settings.DEFAULT_PHONE_REGION } : {}),
  log,
  now: () => new Date(),
  newId: ulid,
};

/** `/api/*`: the marketer API. */
export const handler = middy(async (event: APIGatewayProxyEventV2) => serveApi(deps, event)).use(
  httpErrorMiddleware({ log }),
);

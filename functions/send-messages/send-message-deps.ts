import { statusAt } from '../../shared/campaigns/campaign';
import { CampaignRepository } from '../../shared/campaigns/campaign-repository';
import { PaceRepository } from '../../shared/campaigns/pace-repository';
import type { SettingsOf } from '../../shared/config/settings';
import { CustomerRepository } from '../../shared/customers/customer-repository';
import { createTransports } from '../../shared/delivery/transports';
import { createLogger } from '../../shared/observability/logger';
import { emitCount } from '../../shared/observability/metrics';
import type { ConsentByPlatform } from '../../shared/outbound/consent';
import { ConsentRepository } from '../../shared/outbound/consent-repository';
import { ConversationRepository } from '../../shared/outbound/conversation-repository';
import { platformSenders } from '../../shared/outbound/platform-senders';
import { WechatTokenRepository } from '../../shared/outbound/wechat-token-repository';
import { secretSource } from '../../shared/secrets/secret-source';
import { documentClient } from '../../shared/store/dynamo-client';
import type { SendMessageDeps } from './send-message';

/** One HTTP attempt to a platform may take this long before its answer counts as lost. */
export const platformTimeoutMs = 10_000;

/**
 * The dependencies of sending, from a sending function's settings (the table, each platform's
 * settings and secrets, SES for email).
 *
 * @example
 * const deps = sendMessageDeps('send-messages', functionSettings('send-messages'));
 */
export function sendMessageDeps(
  name: 'send-messages' | 'resend-waiting-messages',
  settings: SettingsOf<'send-messages'>,
): SendMessageDeps & { conversations: ConversationRepository; log: ReturnType<typeof createLogger> } {
  const client = documentClient();
  const log = createLogger(name, settings.LOG_LEVEL);
  const conversations = new ConversationRepository(client, settings.TABLE_NAME);
  const customers = new CustomerRepository(client, settings.TABLE_NAME, 'USD');
  const consents = new ConsentRepository(client, settings.TABLE_NAME);
  const campaigns = new CampaignRepository(client, settings.TABLE_NAME);
  const paces = new PaceRepository(client, settings.TABLE_NAME);
  const transports = createTransports({
    allowLoopbackHttp: settings.ALLOW_LOOPBACK_DESTINATIONS,
    emailFrom: settings.MESSAGE_EMAIL_FROM,
    sesConfigurationSet: settings.SES_CONFIGURATION_SET,
    emailOutboxDir: settings.EMAIL_OUTBOX_DIR,
    timeoutMs: platformTimeoutMs,
    userAgent: 'Rapport/1',
  });
  return {
    conversations,
    log,
    consentOf: async (customerId) =>
      ((await customers.get(customerId)) as { consent?: ConsentByPlatform } | undefined)?.consent,
    recordConsent: (change) => consents.record(change),
    senderFor: platformSenders(
      settings,
      secretSource(settings.secrets, { functionName: name }),
      transports,
      new WechatTokenRepository(client, settings.TABLE_NAME),
    ),
    humanAgentTag: settings.MESSENGER_HUMAN_AGENT,
    campaignEnded: async (campaignId) => {
      const campaign = await campaigns.get(campaignId);
      return !campaign || statusAt(campaign, new Date()) === 'ended';
    },
    reservePace: (platform, now) => paces.reserve(platform, now),
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    onOurFailure: (platform, code, reason) => {
      // Alarmed: a failure only the operator can fix (credentials, template, payload).
      emitCount('Rapport', 'MessageFailedOurs', { platform });
      log.error('message failed for a reason of ours', { platform, code, reason });
    },
  };
}

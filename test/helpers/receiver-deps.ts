import { ulid } from 'ulid';
import type { ScoreDeps } from '../../functions/score-customer/score-customer';
import { CustomerGroupRepository } from '../../shared/customers/customer-group-repository';
import { CustomerRepository } from '../../shared/customers/customer-repository';
import { ReceiptRepository } from '../../shared/customers/receipt-repository';
import { TimelineRepository } from '../../shared/customers/timeline-repository';
import { IdentityRepository } from '../../shared/identity/identity-repository';
import { LinkRepository } from '../../shared/identity/link-repository';
import type { ReceiverDeps } from '../../shared/ingest/receiver-deps';
import type { Logger } from '../../shared/observability/logger';
import { OrderRepository } from '../../shared/orders/order-repository';
import { ConsentRepository } from '../../shared/outbound/consent-repository';
import { ConversationRepository } from '../../shared/outbound/conversation-repository';
import { QuarantineRepository } from '../../shared/quarantine/quarantine-repository';
import { cachedScoringState } from '../../shared/scoring/scoring-state';
import { ScoringStateRepository } from '../../shared/scoring-store/scoring-state-repository';
import { envSecretSource } from '../../shared/secrets/secret-source';
import { shopifyTestSecret } from './shopify-requests';
import type { TestTable } from './test-table';

/** A logger that records lines instead of printing them. */
export function recordingLogger(): Logger & {
  lines: Array<{ level: string; message: string; fields?: unknown }>;
} {
  const lines: Array<{ level: string; message: string; fields?: unknown }> = [];
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push({ level, message, fields });
  };
  return { lines, debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/** A secret for every channel, as the tests sign with them. */
export const testChannelSecrets = {
  SHOPIFY_WEBHOOK_SECRET: shopifyTestSecret,
  META_APP_SECRET: 'FAKE_SECRET',
  META_VERIFY_TOKEN: '1qaz2wsx',
  TELEGRAM_SECRET_TOKEN: 'telegram-secret-token',
  LINE_CHANNEL_SECRET: 'FAKE_SECRET',
  WECHAT_TOKEN: 'spamtest',
  WECHAT_APP_ID: 'wx2c2769f8efd9abc2',
  WECHAT_ENCODING_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  TWILIO_AUTH_TOKEN: 'twilio-auth-token',
  X_CONSUMER_SECRET: 'CONSUMER_SECRET',
  WOOCOMMERCE_WEBHOOK_SECRET: 'wc_test_secret',
  STRIPE_WEBHOOK_SECRET: 'whsec_test_secret',
  STOREFRONT_WEBHOOK_SECRET: 'storefront-secret',
};

/**
 * Receiver dependencies on a test table, with the Shopify test secret configured.
 *
 * @example
 * const deps = receiverDepsFor(table);
 */
export function receiverDepsFor(table: TestTable, overrides: Partial<ReceiverDeps> = {}): ReceiverDeps {
  const client = table.documentClient;
  return {
    identities: new IdentityRepository(client, table.tableName),
    links: new LinkRepository(client, table.tableName),
    customers: new CustomerRepository(client, table.tableName, 'USD'),
    orders: new OrderRepository(client, table.tableName),
    timeline: new TimelineRepository(client, table.tableName),
    quarantine: new QuarantineRepository(client, table.tableName),
    receipts: new ReceiptRepository(client, table.tableName),
    conversations: new ConversationRepository(client, table.tableName),
    consents: new ConsentRepository(client, table.tableName),
    secrets: envSecretSource(testChannelSecrets),
    log: recordingLogger(),
    now: () => new Date('2026-11-23T10:00:00.000Z'),
    abandonedCheckoutAfterMs: 3_600_000,
    newId: ulid,
    publicBaseUrl: 'https://crm.example.com',
    ...overrides,
  };
}

/**
 * Scoring dependencies on a test table (base currency USD).
 *
 * @example
 * const result = await scoreCustomer(scoreDepsFor(table, { EUR: '1.10' }), event);
 */
export function scoreDepsFor(table: TestTable, rates: Record<string, string> = {}): ScoreDeps {
  return {
    customers: new CustomerRepository(table.documentClient, table.tableName, 'USD'),
    groups: new CustomerGroupRepository(table.documentClient, table.tableName),
    orders: new OrderRepository(table.documentClient, table.tableName),
    timeline: new TimelineRepository(table.documentClient, table.tableName),
    state: cachedScoringState(new ScoringStateRepository(table.documentClient, table.tableName), 'USD', 0),
    now: () => new Date(),
    baseCurrency: 'USD',
    rates,
    log: recordingLogger(),
  };
}

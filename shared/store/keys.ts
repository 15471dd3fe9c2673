import type { Identity } from '../domain/identity';

/**
 * Every key shape of the single table. Keys are built only here; each function is named after
 * the item or the access pattern it serves.
 */

/** A primary key. */
export type ItemKey = {
  pk: string;
  sk: string;
};

/** Item types, stored as `type` on every item. */
export type ItemType =
  | 'customer'
  | 'identity'
  | 'order'
  | 'order-pointer'
  | 'timeline'
  | 'quarantine'
  | 'receipt'
  | 'link'
  | 'duplicate'
  | 'audit'
  | 'scoring-state'
  | 'counter'
  | 'alert'
  | 'alert-throttle'
  | 'alert-digest'
  | 'alert-rate'
  | 'alert-config-revision'
  | 'campaign'
  | 'campaign-member'
  | 'campaign-config-revision'
  | 'conversation'
  | 'conversation-message'
  | 'platform-message'
  | 'pace'
  | 'wechat-token'
  | 'message-templates';

/**
 * The customer profile item.
 *
 * @example
 * customerProfileKey('01J...'); // { pk: 'CUSTOMER#01J...', sk: 'PROFILE' }
 */
export const customerProfileKey = (customerId: string): ItemKey => ({
  pk: `CUSTOMER#${customerId}`,
  sk: 'PROFILE',
});

/**
 * A unique claim of one identity by one customer: a conditional put makes the first claimant win.
 *
 * @example
 * identityClaimKey({ kind: 'email', value: 'bob@example.com' });
 */
export const identityClaimKey = (identity: Identity): ItemKey => ({
  pk: `IDENTITY#${identity.kind}#${identity.value}`,
  sk: 'IDENTITY',
});

/**
 * An order, kept in its customer's partition so the customer's orders are one strongly
 * consistent query.
 *
 * @example
 * customerOrderKey('01J...', 'shopify', '450789469');
 */
export const customerOrderKey = (customerId: string, platform: string, platformOrderId: string): ItemKey => ({
  pk: `CUSTOMER#${customerId}`,
  sk: `ORDER#${platform}#${platformOrderId}`,
});

/**
 * Sort-key prefix of a customer's orders (query: customer's orders).
 *
 * @example
 * query({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)', ... ':prefix': customerOrdersPrefix });
 */
export const customerOrdersPrefix = 'ORDER#';

/**
 * Finds an order by the platform's own id (refund webhooks carry only the order id).
 *
 * @example
 * orderPointerKey('shopify', '450789469'); // { pk: 'ORDER#shopify#450789469', sk: 'ORDER' }
 */
export const orderPointerKey = (platform: string, platformOrderId: string): ItemKey => ({
  pk: `ORDER#${platform}#${platformOrderId}`,
  sk: 'ORDER',
});

/**
 * One timeline item: the sort key starts with the time, so a descending query reads newest first,
 * and ends with the deterministic event id, so a conditional put deduplicates redeliveries.
 *
 * @example
 * timelineItemKey('01J...', '2008-01-10T16:00:00.000Z', 'shopify:order:450789469:placed');
 */
export const timelineItemKey = (customerId: string, occurredAt: string, eventId: string): ItemKey => ({
  pk: `CUSTOMER#${customerId}`,
  sk: `${customerTimelinePrefix}${new Date(occurredAt).toISOString()}#${eventId}`,
});

/**
 * Sort-key prefix of a customer's timeline (query: customer's timeline, newest first).
 *
 * @example
 * query({ ..., ':prefix': customerTimelinePrefix, ScanIndexForward: false });
 */
export const customerTimelinePrefix = 'TIMELINE#';

/**
 * A delivery receipt of an outbound message (sent, delivered, read, failed), in the customer's partition.
 *
 * @example
 * deliveryReceiptKey('01J...', 'whatsapp', 'wamid.HBg...', 'read');
 */
export const deliveryReceiptKey = (
  customerId: string,
  platform: string,
  messageId: string,
  status: string,
): ItemKey => ({
  pk: `CUSTOMER#${customerId}`,
  sk: `RECEIPT#${platform}#${messageId}#${status}`,
});

/**
 * When an event without a platform timestamp was first received, so that its redeliveries get the
 * same timeline key (and so deduplicate).
 *
 * @example
 * firstSeenKey('twilio:sms:message:SM123');
 */
export const firstSeenKey = (eventId: string): ItemKey => ({ pk: `SEEN#${eventId}`, sk: 'SEEN' });

/**
 * A signed payload that could not be understood, kept raw for inspection and replay.
 *
 * @example
 * quarantineKey('shopify-3f2a...');
 */
export const quarantineKey = (id: string): ItemKey => ({ pk: `QUARANTINE#${id}`, sk: 'QUARANTINE' });

/**
 * One piece of a quarantined body too large for one item, in its quarantine's partition.
 *
 * @example
 * quarantineBodyChunkKey('3f2a...', 0); // { pk: 'QUARANTINE#3f2a...', sk: 'BODY#000' }
 */
export const quarantineBodyChunkKey = (id: string, index: number): ItemKey => ({
  pk: `QUARANTINE#${id}`,
  sk: `${quarantineBodyChunkPrefix}${String(index).padStart(3, '0')}`,
});

/** The sort key prefix of a quarantined body's pieces. */
export const quarantineBodyChunkPrefix = 'BODY#';

/**
 * Index keys of the quarantine list (query: quarantine, newest first, on gsi1).
 *
 * @example
 * quarantineListKeys('2026-11-23T10:00:00.000Z', '3f2a...'); // { gsi1pk: 'QUARANTINE', gsi1sk: '2026-...#3f2a...' }
 */
export const quarantineListKeys = (receivedAt: string, id: string) => ({
  gsi1pk: 'QUARANTINE',
  gsi1sk: `${receivedAt}#${id}`,
});

/**
 * Index keys of customers by segment (query: customers in a segment, best first, on gsi1).
 *
 * @example
 * customerSegmentKeys('champions', 0.93, '01J...'); // { gsi1pk: 'SEGMENT#champions', gsi1sk: '000000000.930000#01J...' }
 */
export const customerSegmentKeys = (segment: string, rank: number, customerId: string) => ({
  gsi1pk: `SEGMENT#${segment}`,
  gsi1sk: `${rank.toFixed(6).padStart(16, '0')}#${customerId}`,
});

/**
 * Index keys of work due at a time (query: due before now, on gsi2), sharded by day so that
 * the daily rescore reads one partition per day instead of scanning.
 *
 * @example
 * dueKeys('rescore', '2026-11-24T03:00:00.000Z', '01J...');
 */
export const dueKeys = (
  what: 'rescore' | 'checkout-abandoned' | 'alert' | 'alert-digest' | 'message',
  dueAt: string,
  id: string,
) => ({
  gsi2pk: `DUE#${what}#${dueAt.slice(0, 10)}`,
  gsi2sk: `${dueAt}#${id}`,
});

/**
 * Keys of alert rules, destinations and the alert log (listed on gsi1).
 *
 * @example
 * alertRuleKey('rule-01J'); // { pk: 'ALERT_RULE#rule-01J', sk: 'ALERT_RULE' }
 */
export const alertRuleKey = (id: string): ItemKey => ({ pk: `ALERT_RULE#${id}`, sk: 'ALERT_RULE' });
/**
 * The key of an alert destination.
 *
 * @example
 * destinationKey('dest-01J');
 */
export const destinationKey = (id: string): ItemKey => ({ pk: `DESTINATION#${id}`, sk: 'DESTINATION' });
/**
 * Changes with every change of a rule or destination, so `notify` reloads its cached rules.
 *
 * @example
 * alertConfigRevisionKey(); // { pk: 'ALERT_CONFIG', sk: 'REVISION' }
 */
export const alertConfigRevisionKey = (): ItemKey => ({ pk: 'ALERT_CONFIG', sk: 'REVISION' });
/**
 * One alert: a rule's delivery of one event to one destination (the alert log, on gsi1
 * `ALERTS`). Kept in the customer's partition, so erasing the person erases their alerts and
 * exporting them includes them.
 *
 * @example
 * alertKey('01J...', '9f2c...'); // { pk: 'CUSTOMER#01J...', sk: 'ALERT#9f2c...' }
 */
export const alertKey = (customerId: string, id: string): ItemKey => ({
  pk: `CUSTOMER#${customerId}`,
  sk: `ALERT#${id}`,
});
/**
 * A rule's throttle for one customer: while it lasts, the rule does not alert about them again.
 * One item per rule and customer, so there is no hot key.
 *
 * @example
 * alertThrottleKey('rule-1', '01J...');
 */
export const alertThrottleKey = (ruleId: string, customerId: string): ItemKey => ({
  pk: `THROTTLE#${ruleId}#${customerId}`,
  sk: 'THROTTLE',
});
/**
 * A digest: a rule's alerts to one destination over one window, sent as one message.
 *
 * @example
 * alertDigestKey('dg_3a...');
 */
export const alertDigestKey = (id: string): ItemKey => ({ pk: `DIGEST#${id}`, sk: 'DIGEST' });
/**
 * Messages sent to one destination in one minute (the robots allow 20 a minute).
 *
 * @example
 * alertRateKey('dest-1', '2026-11-24T10:05');
 */
export const alertRateKey = (destinationId: string, minute: string): ItemKey => ({
  pk: `RATE#${destinationId}#${minute}`,
  sk: 'RATE',
});
/**
 * The index keys of an item in one of the gsi1 lists.
 *
 * @example
 * listKeys('ALERT_RULES', '2026-11-23T10:00:00.000Z#rule-01J');
 */
export const listKeys = (
  list: 'ALERT_RULES' | 'DESTINATIONS' | 'ALERTS' | 'DUPLICATES' | 'AUDIT' | 'CAMPAIGNS' | 'CONVERSATIONS',
  sortValue: string,
) => ({
  gsi1pk: list,
  gsi1sk: sortValue,
});

/**
 * A conversation, kept in the partition of the customer holding the address it is with, so it is
 * exported and erased with the person and follows merges without being copied.
 *
 * @example
 * conversationKey('01JCUST', 'whatsapp.a3f9c2d1e0b4f5a6'); // { pk: 'CUSTOMER#01JCUST', sk: 'CONVERSATION#whatsapp.a3f9c2d1e0b4f5a6' }
 */
export const conversationKey = (ownerId: string, thread: string): ItemKey => ({
  pk: `CUSTOMER#${ownerId}`,
  sk: `CONVERSATION#${thread}`,
});

/**
 * Sort-key prefix of a conversation's messages (query: the conversation, oldest first).
 *
 * @example
 * conversationMessagesPrefix('whatsapp.a3f9c2d1e0b4f5a6'); // 'CONVERSATION#whatsapp.a3f9c2d1e0b4f5a6#MSG#'
 */
export const conversationMessagesPrefix = (thread: string): string => `CONVERSATION#${thread}#MSG#`;

/**
 * One message of a conversation (in, out or a note), ordered by time.
 *
 * @example
 * conversationMessageKey('01JCUST', 'sms.5d1c0a9b7e3f2a10', '2026-12-04T10:00:00.000Z', '01JMSG');
 */
export const conversationMessageKey = (
  ownerId: string,
  thread: string,
  at: string,
  messageId: string,
): ItemKey => ({
  pk: `CUSTOMER#${ownerId}`,
  sk: `${conversationMessagesPrefix(thread)}${new Date(at).toISOString()}#${messageId}`,
});

/**
 * Points the platform's id of a sent message at Rapport's message (status callbacks carry only
 * the platform's id).
 *
 * @example
 * platformMessageKey('01JCUST', 'whatsapp.a3f9c2d1e0b4f5a6', 'wamid.HBg…');
 */
export const platformMessageKey = (ownerId: string, thread: string, platformMessageId: string): ItemKey => ({
  pk: `CUSTOMER#${ownerId}`,
  sk: `CONVERSATION#${thread}#PMID#${platformMessageId}`,
});

/**
 * The pace of campaign sends on one platform: the next moment a send may go (shared by every
 * invocation, so a 100,000-member send stays within the platform's documented rate).
 *
 * @example
 * paceKey('whatsapp'); // { pk: 'PACE#whatsapp', sk: 'PACE' }
 */
export const paceKey = (platform: string): ItemKey => ({ pk: `PACE#${platform}`, sk: 'PACE' });

/**
 * The sort-key prefix of everything in a customer's partition (profile, timeline, orders,
 * receipts, links): erase and export read the whole partition.
 *
 * @example
 * customerPartition('01J...'); // 'CUSTOMER#01J...'
 */
export const customerPartition = (customerId: string): string => customerProfileKey(customerId).pk;

/**
 * Two customers found to share an identity, kept in the partition of the smaller id: inserted
 * once per pair (a conditional put), it is published as `customer.linked` and drives the merge.
 *
 * @example
 * customerLinkKey('01B', '01A'); // { pk: 'CUSTOMER#01A', sk: 'LINK#01B' }
 */
export const customerLinkKey = (a: string, b: string): ItemKey => {
  const [low, high] = a < b ? [a, b] : [b, a];
  return { pk: customerPartition(low), sk: `${customerLinkPrefix}${high}` };
};

/** The sort-key prefix of a customer's links. */
export const customerLinkPrefix = 'LINK#';

/**
 * A possible duplicate awaiting a person's decision (listed on gsi1 `DUPLICATES`).
 *
 * @example
 * possibleDuplicateKey('9f1c...'); // { pk: 'DUPLICATE#9f1c...', sk: 'DUPLICATE' }
 */
export const possibleDuplicateKey = (id: string): ItemKey => ({ pk: `DUPLICATE#${id}`, sk: 'DUPLICATE' });

/**
 * One audit record of a change made by a person (listed newest first on gsi1 `AUDIT`).
 *
 * @example
 * auditRecordKey('2026-11-23T10:00:00.000Z', '01J...');
 */
export const auditRecordKey = (at: string, id: string): ItemKey => ({ pk: `AUDIT#${at}#${id}`, sk: 'AUDIT' });

/**
 * One item of scoring's shared state: the settings, the fitted model, the RFM boundaries.
 *
 * @example
 * scoringStateKey('model'); // { pk: 'SCORING#model', sk: 'SCORING' }
 */
export const scoringStateKey = (name: 'settings' | 'model' | 'rfm'): ItemKey => ({
  pk: `SCORING#${name}`,
  sk: 'SCORING',
});

/**
 * The approved message templates the operator registered (WhatsApp, WeChat, Twilio), kept in one
 * item: a short list read whole by the composer.
 *
 * @example
 * messageTemplatesKey(); // { pk: 'SETTINGS#message-templates', sk: 'SETTINGS' }
 */
export const messageTemplatesKey = (): ItemKey => ({ pk: 'SETTINGS#message-templates', sk: 'SETTINGS' });

/**
 * One shard of the customers-per-segment counter.
 *
 * @example
 * segmentCounterKey(3); // { pk: 'COUNTER#segments#3', sk: 'COUNTER' }
 */
export const segmentCounterKey = (shard: number): ItemKey => ({
  pk: `COUNTER#segments#${shard}`,
  sk: 'COUNTER',
});

/**
 * One shard of a day's funnel counter (customers who reached each stage that day).
 *
 * @example
 * funnelCounterKey('2026-11-23', 3); // { pk: 'COUNTER#funnel#2026-11-23#3', sk: 'COUNTER' }
 */
export const funnelCounterKey = (day: string, shard: number): ItemKey => ({
  pk: `COUNTER#funnel#${day}#${shard}`,
  sk: 'COUNTER',
});

/**
 * A campaign (listed newest first on gsi1 `CAMPAIGNS`).
 *
 * @example
 * campaignKey('cmp_01J'); // { pk: 'CAMPAIGN#cmp_01J', sk: 'CAMPAIGN' }
 */
export const campaignKey = (id: string): ItemKey => ({ pk: `CAMPAIGN#${id}`, sk: 'CAMPAIGN' });

/**
 * Changes when a campaign is created or ended, so the campaign consumer reloads the campaigns it
 * keeps (the alert configuration has its own revision, {@link alertConfigRevisionKey}).
 *
 * @example
 * campaignConfigRevisionKey(); // { pk: 'CAMPAIGN_CONFIG', sk: 'REVISION' }
 */
export const campaignConfigRevisionKey = (): ItemKey => ({ pk: 'CAMPAIGN_CONFIG', sk: 'REVISION' });

/**
 * A customer's membership of a campaign, kept in the customer's partition so that erasing the
 * person erases it (query: a customer's memberships, by {@link campaignMemberPrefix}).
 *
 * @example
 * campaignMemberKey('01J...', 'cmp_01J'); // { pk: 'CUSTOMER#01J...', sk: 'CAMPAIGN#cmp_01J' }
 */
export const campaignMemberKey = (customerId: string, campaignId: string): ItemKey => ({
  pk: customerPartition(customerId),
  sk: `${campaignMemberPrefix}${campaignId}`,
});

/** The sort-key prefix of a customer's campaign memberships. */
export const campaignMemberPrefix = 'CAMPAIGN#';

/**
 * The gsi1 list of one group of a campaign's members (query: members, the latest enrolled first).
 *
 * @example
 * campaignMembersList('cmp_01J', 'treatment'); // 'CAMPAIGN#cmp_01J#treatment'
 */
export const campaignMembersList = (campaignId: string, group: string): string =>
  `CAMPAIGN#${campaignId}#${group}`;

/**
 * Index keys of a member in its group's list.
 *
 * @example
 * campaignMemberListKeys('cmp_01J', 'treatment', '2026-11-23T10:00:00.000Z', '01J...');
 */
export const campaignMemberListKeys = (
  campaignId: string,
  group: string,
  enrolledAt: string,
  customerId: string,
) => ({
  gsi1pk: campaignMembersList(campaignId, group),
  gsi1sk: `${enrolledAt}#${customerId}`,
});

/**
 * One shard of a campaign's counters (members, conversions and revenue of each group).
 *
 * @example
 * campaignCounterKey('cmp_01J', 3); // { pk: 'COUNTER#campaign#cmp_01J#3', sk: 'COUNTER' }
 */
export const campaignCounterKey = (campaignId: string, shard: number): ItemKey => ({
  pk: `COUNTER#campaign#${campaignId}#${shard}`,
  sk: 'COUNTER',
});

/**
 * The WeChat Official Account's access token, shared by every sender (one item; WeChat allows
 * one live stable token per AppID).
 *
 * @example
 * wechatAccessTokenKey(); // { pk: 'WECHAT#access-token', sk: 'TOKEN' }
 */
export const wechatAccessTokenKey = (): ItemKey => ({ pk: 'WECHAT#access-token', sk: 'TOKEN' });

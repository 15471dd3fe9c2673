import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { EventOf } from '../events/contracts';
import { counterShardOf, counterShards } from '../store/counter-shards';
import type { Page } from '../store/cursor';
import { queryGsi1List } from '../store/gsi1-list';
import {
  campaignConfigRevisionKey,
  campaignCounterKey,
  campaignKey,
  campaignMemberKey,
  campaignMemberListKeys,
  campaignMemberPrefix,
  campaignMembersList,
  customerPartition,
  customerProfileKey,
  listKeys,
  timelineItemKey,
} from '../store/keys';
import { isWriteRefused, writeIf } from '../store/write-refused';
import type { Campaign, CampaignGroup, CampaignMember } from './campaign';
import type { GroupCounts } from './campaign-results';
import {
  type DeliveryCounts,
  type DeliveryPosition,
  deliveryCounter,
  deliveryCounterChanges,
  type MemberDelivery,
} from './member-delivery';

/** Sums of squares are kept divided by this (revenue in hundreds of minor units, squared). */
const squareScale = 10_000;

/**
 * Campaigns, their members and their sharded counters. A member is written once (a conditional
 * put) in the same transaction as its `campaign.enrolled` timeline item and the count of its group;
 * a goal event is counted once per member (the member remembers the events it counted), in the
 * same transaction as the counters; a treatment member remembers the destinations it was delivered
 * to. Creating or ending a campaign moves the campaigns' revision, which the campaign consumer's
 * cache checks.
 *
 * @example
 * const enrolled = await campaigns.enrol(campaign, customerId, 'treatment', now);
 */
export class CampaignRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(campaign: Campaign): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...campaignKey(campaign.id),
          ...listKeys('CAMPAIGNS', `${campaign.createdAt}#${campaign.id}`),
          type: 'campaign',
          campaign,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    await this.bumpRevision();
  }

  async get(id: string): Promise<Campaign | undefined> {
    const answer = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: campaignKey(id) }),
    );
    return answer.Item?.campaign as Campaign | undefined;
  }

  /** Newest first. */
  async list(limit: number, cursor?: string): Promise<Page<Campaign>> {
    const page = await queryGsi1List(this.client, this.tableName, 'CAMPAIGNS', limit, cursor);
    return { items: page.items.map((item) => item.campaign as Campaign), cursor: page.cursor };
  }

  /** Every campaign not ended yet (what the enrolment job acts on). */
  async listOpen(): Promise<Campaign[]> {
    return (await this.listAll()).filter((campaign) => campaign.status !== 'ended');
  }

  /**
   * Every campaign whose members' goals may still count at `now`: not ended, or ended less than
   * its goal window ago (a member enrolled on the last day has `withinDays` more).
   */
  async listLive(now: Date): Promise<Campaign[]> {
    return (await this.listAll()).filter((campaign) => {
      const end = Date.parse(campaign.endedAt ?? campaign.endsAt);
      return campaign.status !== 'ended' || end + campaign.goal.withinDays * 86_400_000 > now.getTime();
    });
  }

  private async listAll(): Promise<Campaign[]> {
    const all: Campaign[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.list(100, cursor);
      all.push(...page.items);
      cursor = page.cursor ?? undefined;
    } while (cursor);
    return all;
  }

  /** Saves how far the first enrolment got, and the status. */
  async saveProgress(
    id: string,
    status: Campaign['status'],
    enrolment: Campaign['enrolment'],
  ): Promise<void> {
    // Refused once the campaign has ended (or is gone): its status stays.
    await writeIf(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: campaignKey(id),
          UpdateExpression: 'SET campaign.#status = :status, campaign.enrolment = :enrolment',
          ConditionExpression: 'attribute_exists(pk) AND campaign.#status <> :ended',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': status, ':enrolment': enrolment, ':ended': 'ended' },
        }),
      ),
    );
  }

  /** Ends a campaign now (nobody more is enrolled; conversions within members' windows still count). */
  async end(id: string, at: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: campaignKey(id),
        UpdateExpression:
          'SET campaign.#status = :ended, campaign.endedAt = if_not_exists(campaign.endedAt, :at)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':ended': 'ended', ':at': at },
      }),
    );
    await this.bumpRevision();
  }

  /**
   * The revision of the campaigns: it moves when one is created or ended, so a cache of the live
   * campaigns knows with one small read whether to reload.
   */
  async revision(): Promise<number> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: campaignConfigRevisionKey(), ConsistentRead: true }),
    );
    return (result.Item?.revision as number | undefined) ?? 0;
  }

  private async bumpRevision(): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: campaignConfigRevisionKey(),
        UpdateExpression: 'SET #type = :type ADD revision :one',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':type': 'campaign-config-revision', ':one': 1 },
      }),
    );
  }

  /**
   * Enrols a customer once: the member, its `campaign.enrolled` timeline item (published by the
   * relay; the campaign consumer delivers treatment members) and its group's count, in one
   * transaction. False when the customer was enrolled already.
   */
  async enrol(campaign: Campaign, customerId: string, group: CampaignGroup, now: Date): Promise<boolean> {
    const enrolledAt = now.toISOString();
    const windowEndsAt = new Date(now.getTime() + campaign.goal.withinDays * 86_400_000).toISOString();
    const event: EventOf<'campaign.enrolled'> = {
      id: `campaign:${campaign.id}:${customerId}`,
      type: 'campaign.enrolled',
      version: 1,
      occurredAt: enrolledAt,
      customerId,
      channel: 'rapport',
      campaign: { id: campaign.id, name: campaign.name },
      group,
    };
    const member: CampaignMember = {
      campaignId: campaign.id,
      customerId,
      group,
      goalOn: campaign.goal.on,
      enrolledAt,
      windowEndsAt,
      converted: false,
      revenue: 0,
    };
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...campaignMemberKey(customerId, campaign.id),
                  ...campaignMemberListKeys(campaign.id, group, enrolledAt, customerId),
                  type: 'campaign-member',
                  ...member,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...timelineItemKey(customerId, enrolledAt, event.id),
                  type: 'timeline',
                  event,
                  receivedAt: enrolledAt,
                },
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: campaignCounterKey(campaign.id, counterShardOf(customerId)),
                UpdateExpression: 'ADD #customers :one',
                ExpressionAttributeNames: { '#customers': `${group}Customers` },
                ExpressionAttributeValues: { ':one': 1 },
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      // The member (the transaction's first item) is there already.
      if (isWriteRefused(error, { item: 0 })) return false;
      throw error;
    }
  }

  /** A member, with the destinations its treatment was delivered to (a consistent read). */
  async getMember(
    customerId: string,
    campaignId: string,
  ): Promise<(CampaignMember & { deliveredTo: string[] }) | undefined> {
    const answer = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: campaignMemberKey(customerId, campaignId),
        ConsistentRead: true,
      }),
    );
    if (!answer.Item) return undefined;
    return {
      ...(answer.Item as unknown as CampaignMember),
      deliveredTo: [...((answer.Item.deliveredTo as Set<string> | undefined) ?? [])],
    };
  }

  /**
   * Records that a treatment member was delivered to a destination, once: false when it was
   * recorded already (a redelivered event) or the member is gone (erased since).
   */
  async recordDelivered(customerId: string, campaignId: string, destinationId: string): Promise<boolean> {
    return writeIf(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: campaignMemberKey(customerId, campaignId),
          UpdateExpression: 'ADD deliveredTo :destination',
          ConditionExpression: 'attribute_exists(pk) AND NOT contains(deliveredTo, :destinationId)',
          ExpressionAttributeValues: {
            ':destination': new Set([destinationId]),
            ':destinationId': destinationId,
          },
        }),
      ),
    );
  }

  /** The campaigns these customers (one person's group) are members of. */
  async membershipsOf(
    customerIds: ReadonlyArray<string>,
  ): Promise<Array<CampaignMember & { countedEvents: string[] }>> {
    const pages = await Promise.all(
      customerIds.map((customerId) =>
        this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: {
              ':pk': customerPartition(customerId),
              ':prefix': campaignMemberPrefix,
            },
          }),
        ),
      ),
    );
    return pages.flatMap((page) =>
      (page.Items ?? []).map((item) => ({
        ...(item as unknown as CampaignMember),
        countedEvents: [...((item.countedEvents as Set<string> | undefined) ?? [])],
      })),
    );
  }

  /**
   * Counts a goal event of a member once: the member's first conversion adds one to its group's
   * conversions; the event's revenue (an order's, in base minor units) adds to the member's and the
   * group's, with the group's sum of squares kept exact for the revenue interval. False when this
   * event was counted already; retried by the caller when another event of the member won a race.
   */
  async recordGoal(
    member: CampaignMember,
    goal: { eventId: string; at: string; revenue: number },
  ): Promise<'counted' | 'already_counted' | 'raced'> {
    const previous = member.revenue;
    const next = previous + goal.revenue;
    const first = !member.converted;
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: campaignMemberKey(member.customerId, member.campaignId),
                UpdateExpression: `SET converted = :true, revenue = :next${first ? ', convertedAt = :at' : ''} ADD countedEvents :event`,
                ConditionExpression:
                  'attribute_exists(pk) AND revenue = :previous AND converted = :converted AND NOT contains(countedEvents, :eventId)',
                ExpressionAttributeValues: {
                  ':true': true,
                  ':next': next,
                  ':previous': previous,
                  ':converted': member.converted,
                  ':event': new Set([goal.eventId]),
                  ':eventId': goal.eventId,
                  ...(first ? { ':at': goal.at } : {}),
                },
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: campaignCounterKey(member.campaignId, counterShardOf(member.customerId)),
                UpdateExpression: 'ADD #converted :converted, #revenue :revenue, #squares :squares',
                ExpressionAttributeNames: {
                  '#converted': `${member.group}Converted`,
                  '#revenue': `${member.group}Revenue`,
                  '#squares': `${member.group}RevenueSquares`,
                },
                ExpressionAttributeValues: {
                  ':converted': first ? 1 : 0,
                  ':revenue': goal.revenue,
                  // In (minor units / 100)², so that a large shop's sum stays within a double's precision.
                  ':squares': (next * next - previous * previous) / squareScale,
                },
              },
            },
          ],
        }),
      );
      return 'counted';
    } catch (error) {
      if (!isWriteRefused(error, { item: 0 })) throw error;
      const current = await this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: campaignMemberKey(member.customerId, member.campaignId),
          ConsistentRead: true,
        }),
      );
      const counted = current.Item?.countedEvents as Set<string> | undefined;
      return counted?.has(goal.eventId) ? 'already_counted' : 'raced';
    }
  }

  /** The members of a group, the latest enrolled first. */
  async listMembers(
    campaignId: string,
    group: CampaignGroup,
    limit: number,
    cursor?: string,
  ): Promise<Page<CampaignMember>> {
    const page = await queryGsi1List(
      this.client,
      this.tableName,
      campaignMembersList(campaignId, group),
      limit,
      cursor,
    );
    return {
      items: page.items.map((item) => ({
        campaignId: item.campaignId as string,
        customerId: item.customerId as string,
        group: item.group as CampaignGroup,
        goalOn: item.goalOn as string,
        enrolledAt: item.enrolledAt as string,
        windowEndsAt: item.windowEndsAt as string,
        converted: item.converted as boolean,
        ...(item.convertedAt ? { convertedAt: item.convertedAt as string } : {}),
        revenue: item.revenue as number,
      })),
      cursor: page.cursor,
    };
  }

  /**
   * Records what the message step decided for a member, once (a redelivered enrolment changes
   * nothing): queued, held, skipped with its reason, or for a control member what would have
   * been done; a skip counts in its group's `delivery.skipped`. False when decided before.
   */
  async recordDeliveryPlan(
    customerId: string,
    campaignId: string,
    group: CampaignGroup,
    delivery: MemberDelivery,
  ): Promise<boolean> {
    const skipped = delivery.status === 'skipped' || delivery.wouldBe === 'skipped';
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: campaignMemberKey(customerId, campaignId),
                UpdateExpression: 'SET delivery = :delivery',
                ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(delivery)',
                ExpressionAttributeValues: { ':delivery': { ...delivery, reached: -1 } },
              },
            },
            ...(skipped && delivery.reason
              ? [
                  {
                    Update: {
                      TableName: this.tableName,
                      Key: campaignCounterKey(campaignId, counterShardOf(customerId)),
                      UpdateExpression: 'ADD #counter :one',
                      ExpressionAttributeNames: {
                        '#counter': deliveryCounter(group, 'skipped', delivery.reason),
                      },
                      ExpressionAttributeValues: { ':one': 1 },
                    },
                  },
                ]
              : []),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (isWriteRefused(error, { item: 0 })) return false;
      throw error;
    }
  }

  /**
   * Moves a treatment member's message status forward as the platform reports it (sent, delivered,
   * read, failed), counting each funnel step once; a late or repeated report changes nothing.
   * Returns the new status, or undefined when nothing moved.
   */
  async moveDelivery(
    customerId: string,
    campaignId: string,
    to: 'sent' | 'delivered' | 'read' | 'failed',
    error?: string,
  ): Promise<MemberDelivery['status'] | undefined> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const member = await this.getMember(customerId, campaignId);
      const delivery = (member as { delivery?: MemberDelivery & { reached?: number } } | undefined)?.delivery;
      if (!member || !delivery || member.group !== 'treatment') return undefined;
      const current: DeliveryPosition = { status: delivery.status, reached: delivery.reached ?? -1 };
      const move = deliveryCounterChanges(current, to);
      if (!move) return undefined;
      const counters = Object.entries(move.changes);
      try {
        await this.client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: this.tableName,
                  Key: campaignMemberKey(customerId, campaignId),
                  UpdateExpression: `SET delivery.#status = :to, delivery.reached = :reached${
                    error ? ', delivery.#error = :error' : ''
                  }`,
                  ConditionExpression: 'delivery.#status = :from AND delivery.reached = :was',
                  ExpressionAttributeNames: { '#status': 'status', ...(error ? { '#error': 'error' } : {}) },
                  ExpressionAttributeValues: {
                    ':to': move.next.status,
                    ':reached': move.next.reached,
                    ':from': current.status,
                    ':was': current.reached,
                    ...(error ? { ':error': error } : {}),
                  },
                },
              },
              {
                Update: {
                  TableName: this.tableName,
                  Key: campaignCounterKey(campaignId, counterShardOf(customerId)),
                  UpdateExpression: `ADD ${counters.map((_, index) => `#c${index} :v${index}`).join(', ')}`,
                  ExpressionAttributeNames: Object.fromEntries(
                    counters.map(([name], index) => [
                      `#c${index}`,
                      deliveryCounter('treatment', name as 'sent' | 'delivered' | 'read' | 'failed'),
                    ]),
                  ),
                  ExpressionAttributeValues: Object.fromEntries(
                    counters.map(([, value], index) => [`:v${index}`, value]),
                  ),
                },
              },
            ],
          }),
        );
        return move.next.status;
      } catch (failure) {
        // Another report moved the member meanwhile: read again and decide again.
        if (!isWriteRefused(failure, 'any-cancellation')) throw failure;
      }
    }
    throw new Error(`campaign ${campaignId}: ${customerId}'s delivery kept changing`);
  }

  /** Records on a profile when a campaign last messaged the person (the frequency cap reads it). */
  async markMessaged(customerId: string, at: string): Promise<void> {
    await writeIf(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: customerProfileKey(customerId),
          UpdateExpression: 'SET lastCampaignMessageAt = :at',
          ConditionExpression:
            'attribute_exists(pk) AND (attribute_not_exists(lastCampaignMessageAt) OR lastCampaignMessageAt < :at)',
          ExpressionAttributeValues: { ':at': at },
        }),
      ),
    );
  }

  /** Both groups' delivery counts, summed over the shards. */
  async deliveryCounts(campaignId: string): Promise<Record<CampaignGroup, DeliveryCounts>> {
    const items = await this.counterItems(campaignId);
    const sum = (name: string) => items.reduce((total, item) => total + Number(item[name] ?? 0), 0);
    const group = (g: CampaignGroup): DeliveryCounts => ({
      sent: sum(deliveryCounter(g, 'sent')),
      delivered: sum(deliveryCounter(g, 'delivered')),
      read: sum(deliveryCounter(g, 'read')),
      failed: sum(deliveryCounter(g, 'failed')),
      skipped: {
        optedOut: sum(deliveryCounter(g, 'skipped', 'optedOut')),
        noChannel: sum(deliveryCounter(g, 'skipped', 'noChannel')),
        capped: sum(deliveryCounter(g, 'skipped', 'capped')),
      },
    });
    return { treatment: group('treatment'), control: group('control') };
  }

  /** Both groups' counts, summed over the shards. */
  async counts(campaignId: string): Promise<Record<CampaignGroup, GroupCounts>> {
    const items = await this.counterItems(campaignId);
    const sum = (name: string) => items.reduce((total, item) => total + Number(item[name] ?? 0), 0);
    const group = (g: CampaignGroup): GroupCounts => ({
      customers: sum(`${g}Customers`),
      converted: sum(`${g}Converted`),
      revenue: sum(`${g}Revenue`),
      revenueSquares: sum(`${g}RevenueSquares`) * squareScale,
    });
    return { treatment: group('treatment'), control: group('control') };
  }

  private async counterItems(campaignId: string): Promise<Array<Record<string, unknown>>> {
    const items: Array<Record<string, unknown>> = [];
    let keys: Array<Record<string, unknown>> = Array.from({ length: counterShards }, (_, shard) =>
      campaignCounterKey(campaignId, shard),
    );
    for (let attempt = 0; keys.length > 0; attempt += 1) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
      const answer = await this.client.send(
        new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }),
      );
      items.push(...(answer.Responses?.[this.tableName] ?? []));
      keys = answer.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
      if (attempt > 8 && keys.length > 0) throw new Error('campaign counters stayed unprocessed');
    }
    return items;
  }
}

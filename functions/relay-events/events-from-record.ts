import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { type CanonicalEvent, parseCanonicalEvent } from '../../shared/events/contracts';
import { materialScoreChange } from '../../shared/scoring/material-change';

type Image = Record<string, unknown>;

/**
 * The item types whose changes stand for events; every other item publishes nothing.
 *
 * @example
 * publishedItemTypes.includes('link'); // true
 */
export const publishedItemTypes = ['timeline', 'customer', 'link', 'conversation-message'] as const;
type PublishedItemType = (typeof publishedItemTypes)[number];

/**
 * The canonical event a table change stands for, if any (the transactional outbox):
 * a new timeline item is its own event; a new link between two customers is `customer.linked`
 * (the merge happens after the platform's answer); a new profile is `customer.created`; a profile whose
 * score-owned fields changed is `customer.scored`, with the old and new images as before/after.
 *
 * @example
 * const event = eventFromRecord(record); // CanonicalEvent | undefined
 */
export function eventFromRecord(record: DynamoDBRecord): CanonicalEvent | undefined {
  // Only timeline items and profiles stand for events; other items are not even decoded.
  const itemType = (record.dynamodb?.NewImage?.type as { S?: string } | undefined)?.S;
  if (!publishedItemTypes.includes(itemType as PublishedItemType)) return undefined;
  const after = image(record.dynamodb?.NewImage);
  const before = image(record.dynamodb?.OldImage);
  if (!after) return undefined;
  if (after.type === 'timeline' && record.eventName === 'INSERT') return parseCanonicalEvent(after.event);
  if (after.type === 'link') {
    if (record.eventName !== 'INSERT') return undefined;
    const pair = [after.customerId, after.linkedId].sort().join(':');
    return parseCanonicalEvent({
      id: `customer.linked:${pair}`,
      type: 'customer.linked',
      version: 1,
      occurredAt: after.linkedAt,
      customerId: after.customerId,
      channel: after.channel,
      linkedId: after.linkedId,
      linkedBy: after.linkedBy,
    });
  }
  if (after.type === 'conversation-message') return outboundMessageEvent(record.eventName, before, after);
  if (after.type !== 'customer') return undefined;
  if (record.eventName === 'INSERT') {
    return parseCanonicalEvent({
      id: `customer.created:${after.id}`,
      type: 'customer.created',
      version: 1,
      occurredAt: after.createdAt,
      customerId: after.id,
      channel: after.createdVia ?? 'rapport',
    });
  }
  if (record.eventName === 'MODIFY' && before && scoreSnapshotChanged(before, after)) {
    return parseCanonicalEvent({
      id: `customer.scored:${after.id}:${after.scoreRevision ?? 0}`,
      type: 'customer.scored',
      version: 1,
      occurredAt: after.updatedAt,
      customerId: after.id,
      channel: 'rapport',
      before: before.scoreRevision === undefined ? null : scoreSnapshot(before),
      after: scoreSnapshot(after),
    });
  }
  return undefined;
}

/**
 * A message to a customer stored `queued` is `message.queued` (the sender's trigger: the insert is
 * the outbox); a status moving on to delivered, read or failed is `message.status_changed`.
 * Inbound copies and notes publish nothing (their events are on the timeline or nowhere).
 */
function outboundMessageEvent(
  eventName: DynamoDBRecord['eventName'],
  before: Image | undefined,
  after: Image,
): CanonicalEvent | undefined {
  if (after.direction !== 'out') return undefined;
  const message = {
    id: after.id,
    platform: after.platform,
    conversationId: after.conversationId,
    ...(after.campaignId ? { campaignId: after.campaignId, campaignMemberId: after.campaignMemberId } : {}),
  };
  const base = { version: 1, customerId: after.ownerId, channel: 'rapport' };
  if (eventName === 'INSERT' && after.status === 'queued')
    return parseCanonicalEvent({
      ...base,
      id: `message.queued:${after.id}`,
      type: 'message.queued',
      occurredAt: after.at,
      message: { id: message.id, platform: message.platform, conversationId: message.conversationId },
    });
  const status = after.status as string;
  if (
    eventName === 'MODIFY' &&
    before?.status !== status &&
    (status === 'delivered' || status === 'read' || status === 'failed')
  )
    return parseCanonicalEvent({
      ...base,
      id: `message.status_changed:${after.id}:${status}`,
      type: 'message.status_changed',
      occurredAt: (after.statusAt as string | undefined) ?? new Date().toISOString(),
      message,
      status,
      ...(after.error ? { error: after.error } : {}),
    });
  return undefined;
}

function image(raw: unknown): Image | undefined {
  return raw ? (unmarshall(raw as Record<string, AttributeValue>) as Image) : undefined;
}

function scoreSnapshot(item: Image) {
  return {
    lifecycleStage: (item.lifecycleStage as string | undefined) ?? 'visitor',
    stats: (item.stats as Record<string, unknown> | undefined) ?? {},
    scores: (item.scores as Record<string, unknown> | undefined) ?? {},
  };
}

function scoreSnapshotChanged(before: Image, after: Image): boolean {
  if (before.scoreRevision === after.scoreRevision) return false;
  // The first scoring of a customer is always news; later ones only when something material moved.
  return (
    before.scoreRevision === undefined || materialScoreChange(scoreSnapshot(before), scoreSnapshot(after))
  );
}

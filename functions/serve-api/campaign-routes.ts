import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type * as z from 'zod/mini';
import {
  type Campaign,
  type CampaignGroup,
  type campaignSchema,
  statusAt,
} from '../../shared/campaigns/campaign';
import { campaignResults } from '../../shared/campaigns/campaign-results';
import { errorResponse, jsonResponse } from '../../shared/http/api-gateway';
import type { campaignMembersQuery, pageQuery } from '../../shared/http/api-requests';
import { RequestError } from '../../shared/http/request-error';
import type { ApiDeps } from './api-deps';
import { audit } from './customer-routes';
import { actorOf } from './request-context';

/** Rows a CSV export answers at once (about 0.5 MB); the `x-next-cursor` header continues it. */
const csvRowsPerAnswer = 5_000;

/** `GET /api/campaigns`: newest first. */
export async function listCampaigns(deps: ApiDeps, query: z.output<typeof pageQuery>) {
  const page = await deps.campaigns.list(query.limit, query.cursor);
  const now = deps.now();
  return jsonResponse(200, {
    items: page.items.map((campaign) => shown(campaign, now)),
    cursor: page.cursor,
  });
}

/**
 * `POST /api/campaigns`: creates a campaign (its destinations must exist; audited). The enrolment
 * job enrols the audience once it starts (at once when `startsAt` is not given).
 */
export async function createCampaign(
  deps: ApiDeps,
  event: APIGatewayProxyEventV2,
  body: z.output<typeof campaignSchema>,
) {
  for (const destinationId of body.destinations) {
    if (!(await deps.alertConfig.get('destination', destinationId))) {
      throw new RequestError(400, 'unknown_destination', `No destination ${destinationId}`);
    }
  }
  const now = deps.now();
  if (body.endsAt <= now.toISOString()) {
    throw new RequestError(400, 'ends_in_the_past', 'The campaign must end in the future.');
  }
  const startsAt = body.startsAt ?? now.toISOString();
  const campaign: Campaign = {
    ...body,
    id: deps.newId(),
    createdAt: now.toISOString(),
    startsAt,
    status: startsAt <= now.toISOString() ? 'running' : 'scheduled',
    enrolment: { done: false, scanned: 0 },
  };
  // Creating (and ending) moves the campaigns' revision: the campaign consumer reloads them.
  await deps.campaigns.create(campaign);
  await audit(deps, actorOf(event), 'campaign.created', undefined, { id: campaign.id, name: campaign.name });
  return jsonResponse(201, shown(campaign, now));
}

/** `GET /api/campaigns/{id}`. */
export async function getCampaign(deps: ApiDeps, id: string) {
  const campaign = await deps.campaigns.get(id);
  if (!campaign) return notFound(id);
  return jsonResponse(200, shown(campaign, deps.now()));
}

/** `POST /api/campaigns/{id}/end`: nobody more is enrolled; members' goal windows still count (audited). */
export async function endCampaign(deps: ApiDeps, id: string, event: APIGatewayProxyEventV2) {
  const campaign = await deps.campaigns.get(id);
  if (!campaign) return notFound(id);
  await deps.campaigns.end(id, deps.now().toISOString());
  await audit(deps, actorOf(event), 'campaign.ended', undefined, { id });
  return getCampaign(deps, id);
}

/** `GET /api/campaigns/{id}/results`: both groups, the lift with its uncertainty, the verdict. */
export async function getCampaignResults(deps: ApiDeps, id: string) {
  const campaign = await deps.campaigns.get(id);
  if (!campaign) return notFound(id);
  const counts = await deps.campaigns.counts(id);
  return jsonResponse(200, { campaignId: id, ...campaignResults(counts, deps.baseCurrency) });
}

/** `GET /api/campaigns/{id}/members?group=`: a group's members, latest enrolled first. */
export async function listCampaignMembers(
  deps: ApiDeps,
  id: string,
  query: z.output<typeof campaignMembersQuery>,
) {
  const campaign = await deps.campaigns.get(id);
  if (!campaign) return notFound(id);
  const page = await deps.campaigns.listMembers(id, query.group, query.limit, query.cursor);
  return jsonResponse(200, { items: page.items.map(memberView), cursor: page.cursor });
}

/**
 * `GET /api/campaigns/{id}/members.csv?group=`: a group's members as CSV (customerId, group,
 * enrolledAt, converted, revenue in minor units), 5,000 rows an answer, the next in `x-next-cursor`.
 */
export async function exportCampaignMembers(
  deps: ApiDeps,
  id: string,
  query: z.output<typeof campaignMembersQuery>,
  event: APIGatewayProxyEventV2,
) {
  const campaign = await deps.campaigns.get(id);
  if (!campaign) return notFound(id);
  const rows = ['customerId,group,enrolledAt,converted,revenue,currency'];
  let cursor = query.cursor;
  do {
    const page = await deps.campaigns.listMembers(id, query.group, 1000, cursor);
    for (const member of page.items) {
      rows.push(
        [
          member.customerId,
          member.group,
          member.enrolledAt,
          member.converted,
          member.revenue,
          deps.baseCurrency,
        ].join(','),
      );
    }
    cursor = page.cursor ?? undefined;
  } while (cursor && rows.length <= csvRowsPerAnswer);
  await audit(deps, actorOf(event), 'campaign.members_exported', undefined, { id, group: query.group });
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="campaign-${id}-${query.group}.csv"`,
      ...(cursor ? { 'x-next-cursor': cursor } : {}),
    },
    body: `${rows.join('\n')}\n`,
  };
}

function memberView(member: {
  customerId: string;
  group: CampaignGroup;
  enrolledAt: string;
  converted: boolean;
  revenue: number;
}) {
  return {
    customerId: member.customerId,
    group: member.group,
    enrolledAt: member.enrolledAt,
    converted: member.converted,
    revenue: member.revenue,
  };
}

/** A campaign with its status as of now (a campaign past its end reads as ended before the job marks it). */
function shown(campaign: Campaign, now: Date) {
  return { ...campaign, status: statusAt(campaign, now) };
}

function notFound(id: string) {
  return errorResponse(404, 'campaign_not_found', `No campaign ${id}`);
}

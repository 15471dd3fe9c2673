import { describe, expect, it } from 'vitest';
import { type RunCampaignsDeps, runCampaigns } from '../../functions/run-campaigns/run-campaigns';
import type { Campaign } from '../../shared/campaigns/campaign';
import { LiveCampaigns } from '../../shared/campaigns/live-campaigns';
import { type CanonicalEvent, type EventOf, goalEventTypes } from '../../shared/events/contracts';
import { routingTable, targetsFor } from '../../shared/events/routing-table';
import { recordingLogger } from '../helpers/receiver-deps';

const now = new Date('2026-11-24T10:00:00.000Z');

const campaign = (overrides: Partial<Campaign> = {}): Campaign => ({
  id: 'cmp_1',
  name: 'Second order',
  audience: { if: [] },
  holdoutPercent: 20,
  startsAt: '2026-11-20T00:00:00.000Z',
  endsAt: '2026-12-20T00:00:00.000Z',
  goal: { on: 'order.placed', withinDays: 14 },
  destinations: ['dest-1'],
  createdAt: '2026-11-20T00:00:00.000Z',
  status: 'running',
  enrolment: { done: true, scanned: 10 },
  ...overrides,
});

const enrolled = (group: 'treatment' | 'control'): EventOf<'campaign.enrolled'> => ({
  id: `campaign:cmp_1:c1`,
  type: 'campaign.enrolled',
  version: 1,
  occurredAt: '2026-11-24T09:59:00.000Z',
  customerId: 'c1',
  channel: 'rapport',
  campaign: { id: 'cmp_1', name: 'Second order' },
  group,
});

const checkout: CanonicalEvent = {
  id: 'storefront:checkout:k1:started',
  type: 'checkout.started',
  version: 1,
  occurredAt: '2026-11-24T09:59:00.000Z',
  customerId: 'c1',
  channel: 'storefront',
  checkout: { id: 'k1' },
};

/** Dependencies that record every call and fail the test on any call it did not expect. */
function depsWith(parts: Partial<Record<string, unknown>>) {
  const calls: string[] = [];
  const unexpected = (name: string) => () => {
    throw new Error(`unexpected call: ${name}`);
  };
  const track =
    <T extends (...args: never[]) => unknown>(name: string, fn: T) =>
    (...args: Parameters<T>) => {
      calls.push(name);
      return fn(...args);
    };
  const deps = {
    clock: { now: () => now, sleep: async () => {}, random: () => 0.5 },
    log: recordingLogger(),
    baseCurrency: 'USD',
    liveCampaigns: track('liveCampaigns', async () => [campaign()]),
    groups: { get: track('groups.get', unexpected('groups.get')) },
    campaigns: {
      get: track('campaigns.get', unexpected('campaigns.get')),
      getMember: track('campaigns.getMember', unexpected('campaigns.getMember')),
      recordDelivered: track('campaigns.recordDelivered', unexpected('campaigns.recordDelivered')),
    },
    config: { current: track('config.current', unexpected('config.current')) },
    alerts: { create: track('alerts.create', unexpected('alerts.create')) },
    ...parts,
  } as unknown as RunCampaignsDeps;
  return { deps, calls };
}

describe('runCampaigns', () => {
  it('never delivers a control member of a campaign without a message, and reads only the campaign', async () => {
    // Prepare
    const { deps, calls } = depsWith({});
    (deps.campaigns as unknown as { get: () => Promise<unknown> }).get = async () => {
      calls.push('campaigns.get');
      return campaign();
    };

    // Act
    const result = await runCampaigns(deps, enrolled('control'));

    // Assess
    expect(result).toEqual({ kind: 'ignored', eventId: 'campaign:cmp_1:c1', reason: 'a control member' });
    expect(calls).toEqual(['campaigns.get']);
  });

  it('costs only the cached live campaigns for a goal event no live campaign has as its goal', async () => {
    // Prepare: the only campaign counts orders.
    const { deps, calls } = depsWith({});

    // Act
    const result = await runCampaigns(deps, checkout);

    // Assess
    expect(result).toMatchObject({ kind: 'ignored', reason: 'no live campaign concerned' });
    expect(calls).toEqual(['liveCampaigns']);
  });

  it('sends nothing to a destination the member already received (a redelivered event)', async () => {
    // Prepare
    const { deps, calls } = depsWith({
      campaigns: {
        get: async () => campaign(),
        getMember: async () => ({ campaignId: 'cmp_1', customerId: 'c1', deliveredTo: ['dest-1'] }),
        recordDelivered: () => {
          throw new Error('nothing to record');
        },
      },
      groups: {
        get: async () => ({
          survivor: {
            pk: 'CUSTOMER#c1',
            sk: 'PROFILE',
            type: 'customer',
            id: 'c1',
            createdAt: '2026-11-01T10:00:00.000Z',
            updatedAt: '2026-11-01T10:00:00.000Z',
          },
          members: [],
        }),
      },
      config: { current: async () => ({ revision: 1, rules: [], destinations: new Map() }) },
    });

    // Act
    const result = await runCampaigns(deps, enrolled('treatment'));

    // Assess
    expect(result).toEqual({
      kind: 'treated',
      eventId: 'campaign:cmp_1:c1',
      campaignId: 'cmp_1',
      deliveries: { 'dest-1': 'delivered_before' },
    });
    expect(calls).not.toContain('alerts.create');
  });
});

describe('LiveCampaigns', () => {
  it('reads the campaigns again only when their revision moved or the cache is old', async () => {
    // Prepare
    let revision = 1;
    let lists = 0;
    const live = new LiveCampaigns(
      {
        revision: async () => revision,
        listLive: async () => {
          lists += 1;
          return [campaign()];
        },
      },
      60_000,
    );

    // Act
    await live.current(now);
    await live.current(new Date(now.getTime() + 1000));
    const unchanged = lists;
    revision = 2;
    await live.current(new Date(now.getTime() + 2000));
    const afterChange = lists;
    await live.current(new Date(now.getTime() + 120_000));

    // Assess
    expect(unchanged).toBe(1);
    expect(afterChange).toBe(2);
    expect(lists).toBe(3);
  });
});

describe('the campaigns route', () => {
  it('receives what enrols, what converts, enrolments and campaign messages’ statuses, and notify keeps every event it had', () => {
    expect([...routingTable.campaigns].sort()).toEqual(
      [
        'customer.scored',
        'campaign.enrolled',
        'message.sent',
        'message.status_changed',
        ...goalEventTypes,
      ].sort(),
    );
    expect(targetsFor('campaign.enrolled')).toEqual(['notify', 'campaigns']);
    expect(targetsFor('order.refunded')).not.toContain('campaigns');
  });
});

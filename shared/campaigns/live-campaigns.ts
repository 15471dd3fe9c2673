import type { Campaign } from './campaign';
import type { CampaignRepository } from './campaign-repository';

/**
 * The live campaigns (not ended, or still within their goal window) cached in the campaign
 * consumer between invocations: each invocation reads only the campaigns' revision (one small
 * consistent read), and the list is read again when a campaign was created or ended since, or when
 * the cache is older than `maxAgeMs` (a campaign's goal window runs out without a change).
 *
 * @example
 * const live = new LiveCampaigns(campaigns);
 * const running = (await live.current(new Date())).filter((campaign) => statusAt(campaign, now) === 'running');
 */
export class LiveCampaigns {
  private loaded: { revision: number; campaigns: Campaign[]; at: number } | undefined;

  constructor(
    private readonly campaigns: Pick<CampaignRepository, 'revision' | 'listLive'>,
    private readonly maxAgeMs = 5 * 60_000,
  ) {}

  async current(now: Date): Promise<Campaign[]> {
    const revision = await this.campaigns.revision();
    if (this.loaded && this.loaded.revision === revision && now.getTime() - this.loaded.at < this.maxAgeMs) {
      return this.loaded.campaigns;
    }
    this.loaded = { revision, campaigns: await this.campaigns.listLive(now), at: now.getTime() };
    return this.loaded.campaigns;
  }
}

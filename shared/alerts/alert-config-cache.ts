import type { AlertConfigRepository, Stored } from './alert-config-repository';
import type { AlertRule } from './alert-rule';
import type { Destination } from './destination';

/** The rules and destinations as one invocation sees them. */
export interface AlertConfig {
  revision: number;
  rules: Array<Stored<AlertRule>>;
  destinations: Map<string, Stored<Destination>>;
}

/**
 * Rules and destinations cached in the function between invocations: each invocation reads only
 * the configuration's revision (one small consistent read) and reloads everything when it
 * changed, so a marketer's change applies to the next event; a cache older than `maxAgeMs` is
 * reloaded anyway.
 *
 * @example
 * const cache = new AlertConfigCache(config);
 * const { rules, destinations } = await cache.current(new Date());
 */
export class AlertConfigCache {
  private loaded: (AlertConfig & { at: number }) | undefined;

  constructor(
    private readonly config: AlertConfigRepository,
    private readonly maxAgeMs = 5 * 60_000,
  ) {}

  async current(now: Date): Promise<AlertConfig> {
    const revision = await this.config.revision();
    if (this.loaded && this.loaded.revision === revision && now.getTime() - this.loaded.at < this.maxAgeMs) {
      return this.loaded;
    }
    const [rules, destinations] = await Promise.all([
      this.config.listAll('rule'),
      this.config.listAll('destination'),
    ]);
    this.loaded = {
      revision,
      rules,
      destinations: new Map(destinations.map((destination) => [destination.id, destination])),
      at: now.getTime(),
    };
    return this.loaded;
  }
}

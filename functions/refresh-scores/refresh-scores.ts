import type { CustomerRepository } from '../../shared/customers/customer-repository';
import type { Logger } from '../../shared/observability/logger';
import { churnBandOf } from '../../shared/scoring/churn-band';
import { buyerHistory } from '../../shared/scoring/customer-value';
import { quintileBoundaries, type RfmBoundaries, segmentNames } from '../../shared/scoring/rfm';
import { purchaseModelOf } from '../../shared/scoring/scoring-model';
import type { ScoringStateRepository } from '../../shared/scoring-store/scoring-state-repository';
import { type ScoreDeps, scoreCustomer } from '../score-customer/score-customer';

/** What the daily job needs. */
export interface RefreshDeps {
  customers: Pick<CustomerRepository, 'listAllBuyers' | 'listDueForRescore'>;
  state: Pick<ScoringStateRepository, 'saveBoundaries'>;
  /** Scoring, with a state read fresh for this run (the boundaries just saved). */
  scoring: ScoreDeps;
  log: Logger;
  now: () => Date;
}

/** What one run did. */
export interface RefreshResult {
  buyers: number;
  boundaries?: RfmBoundaries;
  /** Customers the due-date index named for today and the two days before. */
  due: number;
  /**
   * Buyers not due whose stored churn band is not the one the model and settings in use give
   * today: bands no due date could foresee (a new weekly fit, a switched model, changed
   * thresholds, scores written before Pareto/NBD).
   */
  bandsBehind: number;
  rescored: number;
}

/** Buyers needed before quintiles of the customer base replace the default boundaries. */
const minimumBuyersForQuintiles = 20;
const day = 86_400_000;

/**
 * The daily job (EventBridge Scheduler): measures the RFM quintile boundaries of the current
 * customer base (every buyer, from the segment index) into one item, then rescores only the
 * customers whose scores change with time alone — those the due-date index names for today (and
 * the two days before, so a missed run loses nothing): an R cut point passed, engagement halved,
 * the churn band's change date reached. Due dates are computed with the model and settings of
 * their scoring; so, from the buyers it has read anyway, it also rescores those whose churn band
 * under the model and settings in use today differs from the stored one.
 *
 * @example
 * await refreshScores(deps); // { buyers: 1200, due: 37, bandsBehind: 0, rescored: 37, boundaries: {...} }
 */
export async function refreshScores(deps: RefreshDeps): Promise<RefreshResult> {
  const now = deps.now();
  const buyers = await deps.customers.listAllBuyers(segmentNames);
  let boundaries: RfmBoundaries | undefined;
  if (buyers.length >= minimumBuyersForQuintiles) {
    const measured = buyers.filter((buyer) => buyer.stats?.lastOrderAt);
    boundaries = {
      recencyDays: quintileBoundaries(
        measured.map((buyer) =>
          Math.floor((now.getTime() - Date.parse(buyer.stats?.lastOrderAt as string)) / day),
        ),
      ),
      orders: quintileBoundaries(measured.map((buyer) => buyer.stats?.orders ?? 0)),
      revenue: quintileBoundaries(measured.map((buyer) => buyer.stats?.revenue.amount ?? 0)),
      computedAt: now.toISOString(),
      buyers: measured.length,
    };
    await deps.state.saveBoundaries(boundaries);
  }
  const due = new Set<string>();
  for (let back = 2; back >= 0; back -= 1) {
    const dayOf = new Date(now.getTime() - back * day).toISOString().slice(0, 10);
    for (const id of await deps.customers.listDueForRescore(dayOf, now.toISOString())) due.add(id);
  }
  const [settings, model] = await Promise.all([deps.scoring.state.settings(), deps.scoring.state.model()]);
  const purchases = purchaseModelOf(model, settings.model);
  const behind = buyers.filter((buyer) => {
    const stored = buyer.scores?.churnBand;
    const history = buyer.stats && buyerHistory(buyer.stats, now);
    return (
      !due.has(buyer.id) &&
      stored !== undefined &&
      history !== undefined &&
      churnBandOf(1 - purchases.pAlive(history), settings.churnBands) !== stored
    );
  });
  let rescored = 0;
  for (const customerId of [...due, ...behind.map((buyer) => buyer.id)]) {
    const result = await scoreCustomer(deps.scoring, {
      type: 'time',
      id: `time:${now.toISOString()}`,
      customerId,
    });
    if (result.kind !== 'ignored') rescored += 1;
  }
  deps.log.info('scores refreshed', {
    buyers: buyers.length,
    due: due.size,
    bandsBehind: behind.length,
    rescored,
  });
  return {
    buyers: buyers.length,
    ...(boundaries ? { boundaries } : {}),
    due: due.size,
    bandsBehind: behind.length,
    rescored,
  };
}

import type { CustomerRepository } from '../../shared/customers/customer-repository';
import type { Logger } from '../../shared/observability/logger';
import { fitBgNbd, fitGammaGamma } from '../../shared/scoring/clv';
import type { ScoringModel } from '../../shared/scoring/customer-value';
import { segmentNames } from '../../shared/scoring/rfm';
import type { ScoringSettings } from '../../shared/scoring/scoring-settings';
import type { ScoringStateRepository } from '../../shared/scoring-store/scoring-state-repository';

/** What the weekly fit needs. */
export interface FitDeps {
  customers: Pick<CustomerRepository, 'listAllBuyers'>;
  state: Pick<ScoringStateRepository, 'saveModel'>;
  settings: () => Promise<ScoringSettings>;
  log: Logger;
  now: () => Date;
}

/** How a fit ended. */
export type FitResult =
  | { kind: 'fitted'; model: ScoringModel; ms: number }
  | { kind: 'not_enough_buyers'; buyers: number; repeatBuyers: number };

const day = 86_400_000;

/**
 * The weekly job (EventBridge Scheduler): reads every buyer (a batch job, never a request path),
 * turns their orders into the models' histories (in days; mean repeat order value in minor units),
 * fits BG/NBD and Gamma-Gamma and stores the parameters with the fit date, sample sizes and
 * log-likelihoods. Until the settings' minimum numbers of buyers and repeat buyers exist, the
 * default parameters stay in use (and `reasons` say so).
 *
 * @example
 * await fitCustomerModel(deps); // { kind: 'fitted', model: { bgNbd: {...}, ... } }
 */
export async function fitCustomerModel(deps: FitDeps): Promise<FitResult> {
  const now = deps.now();
  const [settings, buyers] = await Promise.all([deps.settings(), deps.customers.listAllBuyers(segmentNames)]);
  const histories = buyers.flatMap((buyer) => {
    const stats = buyer.stats;
    if (!stats?.firstOrderAt || !stats.lastOrderAt) return [];
    const first = Date.parse(stats.firstOrderAt);
    const last = Date.parse(stats.lastOrderAt);
    return [
      {
        x: stats.repeatOrders ?? 0,
        tx: (last - first) / day,
        T: Math.max((now.getTime() - first) / day, (last - first) / day),
        mx: stats.meanRepeatOrderValue?.amount ?? 0,
      },
    ];
  });
  const repeatBuyers = histories.filter((history) => history.x > 0 && history.mx > 0).length;
  if (histories.length < settings.minimumBuyersToFit || repeatBuyers < settings.minimumRepeatBuyersToFit) {
    deps.log.info('not enough buyers to fit the customer model yet', {
      buyers: histories.length,
      repeatBuyers,
    });
    return { kind: 'not_enough_buyers', buyers: histories.length, repeatBuyers };
  }
  const started = performance.now();
  const bgNbd = fitBgNbd(histories);
  const gammaGamma = fitGammaGamma(histories);
  const model: ScoringModel = {
    bgNbd: { r: bgNbd.r, alpha: bgNbd.alpha, a: bgNbd.a, b: bgNbd.b },
    gammaGamma: { p: gammaGamma.p, q: gammaGamma.q, gamma: gammaGamma.gamma },
    source: 'fitted',
    fittedAt: now.toISOString(),
    buyers: histories.length,
    repeatBuyers,
    bgNbdLogLikelihood: bgNbd.logLikelihood,
    gammaGammaLogLikelihood: gammaGamma.logLikelihood,
  };
  await deps.state.saveModel(model);
  const ms = performance.now() - started;
  deps.log.info('customer model fitted', { buyers: histories.length, repeatBuyers, ms: Math.round(ms) });
  return { kind: 'fitted', model, ms };
}

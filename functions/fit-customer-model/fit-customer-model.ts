import type { CustomerRepository } from '../../shared/customers/customer-repository';
import type { Logger } from '../../shared/observability/logger';
import { fitBgNbd, fitGammaGamma, fitParetoNbd } from '../../shared/scoring/clv';
import { buyerHistory } from '../../shared/scoring/customer-value';
import { segmentNames } from '../../shared/scoring/rfm';
import type { ScoringModel } from '../../shared/scoring/scoring-model';
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

/**
 * The weekly job (EventBridge Scheduler): reads every buyer (a batch job, never a request path),
 * turns their orders into the models' histories (in days; mean repeat order value in minor units),
 * fits both purchase models (Pareto/NBD and BG/NBD, so an operator may switch between them at
 * any time) and Gamma-Gamma, and stores the parameters with the fit date, sample sizes and
 * log-likelihoods in one item. Until the settings' minimum numbers of buyers and repeat buyers
 * exist, the default parameters stay in use (and `reasons` say so).
 *
 * @example
 * await fitCustomerModel(deps); // { kind: 'fitted', model: { paretoNbd: {...}, bgNbd: {...}, ... } }
 */
export async function fitCustomerModel(deps: FitDeps): Promise<FitResult> {
  const now = deps.now();
  const [settings, buyers] = await Promise.all([deps.settings(), deps.customers.listAllBuyers(segmentNames)]);
  const histories = buyers.flatMap((buyer) => {
    const history = buyer.stats && buyerHistory(buyer.stats, now);
    return history ? [history] : [];
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
  const paretoNbd = fitParetoNbd(histories);
  const bgNbd = fitBgNbd(histories);
  const gammaGamma = fitGammaGamma(histories);
  const model: ScoringModel = {
    bgNbd: { r: bgNbd.r, alpha: bgNbd.alpha, a: bgNbd.a, b: bgNbd.b },
    paretoNbd: { r: paretoNbd.r, alpha: paretoNbd.alpha, s: paretoNbd.s, beta: paretoNbd.beta },
    gammaGamma: { p: gammaGamma.p, q: gammaGamma.q, gamma: gammaGamma.gamma },
    source: 'fitted',
    fittedAt: now.toISOString(),
    buyers: histories.length,
    repeatBuyers,
    bgNbdLogLikelihood: bgNbd.logLikelihood,
    paretoNbdLogLikelihood: paretoNbd.logLikelihood,
    gammaGammaLogLikelihood: gammaGamma.logLikelihood,
  };
  await deps.state.saveModel(model);
  const ms = performance.now() - started;
  deps.log.info('customer model fitted', { buyers: histories.length, repeatBuyers, ms: Math.round(ms) });
  return { kind: 'fitted', model, ms };
}

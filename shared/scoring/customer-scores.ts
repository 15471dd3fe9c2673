import type { CustomerScores, LifecycleStage, OrderStats } from '../domain/customer';
import { lifecycleStages } from '../domain/customer';
import { formatMoney } from '../domain/money';
import type { OrderStats as ComputedOrderStats } from '../domain/order-stats';
import { lifecycleStageFor } from '../domain/order-stats';
import { daysUntilChurnBandChanges } from './churn-band';
import { type BuyerHistory, buyerHistory, type CustomerValue, customerValue } from './customer-value';
import { engagementScore, type Interaction } from './engagement';
import { type RfmBoundaries, rfmScores, segmentFor } from './rfm';
import { type PurchaseModel, purchaseModelOf, type ScoringModel } from './scoring-model';
import type { ScoringSettings } from './scoring-settings';

const day = 86_400_000;

/** What scoring one customer reads. */
export interface ScoreInputs {
  now: Date;
  orderStats: ComputedOrderStats;
  /** Messages, comments and started checkouts of the whole group (counted by the receivers). */
  counts: { messages: number; comments: number; checkouts: number };
  /** Interactions within the engagement window. */
  interactions: ReadonlyArray<Interaction>;
  /** The stage so far; after an unmerge `visitor`, so the stage is recomputed from the evidence. */
  previousStage: LifecycleStage;
  settings: ScoringSettings;
  model: ScoringModel;
  boundaries: RfmBoundaries;
}

/** What scoring one customer decides. */
export interface ScoreOutcome {
  orderStats: OrderStats;
  lifecycleStage: LifecycleStage;
  scores: CustomerScores;
  segmentRank?: { segment: string; rank: number };
  rescoreDueAt?: string;
  value?: CustomerValue;
}

/**
 * Every score of a customer with the reason behind each: order figures (with repeat purchases and
 * their mean value), lifecycle stage, engagement, and for buyers RFM against the customer base
 * with its segment, P(alive), expected orders in 90 days, CLV and churn risk; and when time alone
 * will change a score next (for the daily job). Pure: the caller reads and writes.
 *
 * @example
 * const outcome = scoreProfile(inputs);
 * outcome.scores.reasons; // ['R=5: last order 3 days ago, …', …]
 */
export function scoreProfile(inputs: ScoreInputs): ScoreOutcome {
  const { now, orderStats, settings, model, boundaries } = inputs;
  const currency = orderStats.revenue.currency;
  const stats: OrderStats = {
    orders: orderStats.orders,
    revenue: orderStats.revenue,
    ...(orderStats.firstOrderAt ? { firstOrderAt: orderStats.firstOrderAt } : {}),
    ...(orderStats.lastOrderAt ? { lastOrderAt: orderStats.lastOrderAt } : {}),
    ...(orderStats.unconvertedOrders ? { unconvertedOrders: orderStats.unconvertedOrders } : {}),
    ...(orderStats.repeatOrders ? { repeatOrders: orderStats.repeatOrders } : {}),
    ...(orderStats.repeatOrdersValued
      ? {
          meanRepeatOrderValue: {
            amount: Math.round(orderStats.repeatRevenue / orderStats.repeatOrdersValued),
            currency,
          },
        }
      : {}),
  };
  const lifecycleStage = lifecycleStageFor(inputs.previousStage, {
    orders: stats.orders,
    checkouts: inputs.counts.checkouts,
    messages: inputs.counts.messages + inputs.counts.comments,
  });
  const engagement = engagementScore(inputs.interactions, now, settings);
  const reasons = [
    `${stats.orders} order${stats.orders === 1 ? '' : 's'} placed and not cancelled, ${formatMoney(stats.revenue)} ${currency} after refunds`,
    `lifecycle stage ${lifecycleStage}: ${stageReason(lifecycleStage, stats.orders, inputs.counts)}`,
    `engagement ${engagement}: ${inputs.interactions.length} interaction${inputs.interactions.length === 1 ? '' : 's'} in the last ${8 * settings.halfLifeDays} days, weights message ${settings.weights.message}, comment ${settings.weights.comment}, checkout ${settings.weights.checkout}, order ${settings.weights.order}, halved every ${settings.halfLifeDays} days`,
  ];
  if (orderStats.unconvertedOrders > 0) {
    reasons.push(
      `${orderStats.unconvertedOrders} order${orderStats.unconvertedOrders === 1 ? '' : 's'} in another currency not counted in revenue`,
    );
  }
  const scores: CustomerScores = { engagement, reasons };
  const dueTimes: number[] = [];
  if (engagement >= 0.01) dueTimes.push(now.getTime() + settings.halfLifeDays * day);
  const history = buyerHistory(stats, now);
  if (!history || !stats.lastOrderAt) {
    reasons.push('no order yet: RFM, segment, P(alive), expected orders and CLV start with the first order');
    return { orderStats: stats, lifecycleStage, scores, ...due(dueTimes) };
  }
  const last = Date.parse(stats.lastOrderAt);
  const recencyDays = Math.max(0, Math.floor((now.getTime() - last) / day));
  const rfm = rfmScores({ recencyDays, orders: stats.orders, revenue: stats.revenue.amount }, boundaries);
  const segment = segmentFor(rfm);
  const base = boundaries.computedAt
    ? `the customer base of ${boundaries.buyers} buyers on ${boundaries.computedAt.slice(0, 10)}`
    : 'default boundaries (the daily job has not measured the customer base yet)';
  reasons.push(
    `R=${rfm.r}: last order ${recencyDays} day${recencyDays === 1 ? '' : 's'} ago (quintile cut points ${boundaries.recencyDays.join('/')} days, ${base})`,
    `F=${rfm.f}: ${stats.orders} order${stats.orders === 1 ? '' : 's'} (cut points ${boundaries.orders.join('/')})`,
    `M=${rfm.m}: ${formatMoney(stats.revenue)} ${currency} (cut points ${boundaries.revenue.map((cut) => formatMoney({ amount: cut, currency })).join('/')})`,
    `segment ${segment}: from R=${rfm.r} and FM=${Math.floor((rfm.f + rfm.m) / 2 + 0.5)}`,
  );
  const purchases = purchaseModelOf(model, settings.model);
  const value = customerValue(model, history, settings);
  // Without a new order the churn band changes on a date the model's closed form gives: the
  // daily job rescores the customer then (a one-time buyer too, with Pareto/NBD).
  const bandChange = daysUntilChurnBandChanges(
    (days) => purchases.pAlive({ ...history, T: history.T + days }),
    settings.churnBands,
  );
  const nextBand = value.churnBand === 'low' ? 'medium' : 'high';
  reasons.push(
    `P(alive) ${value.pAlive.toFixed(2)}: ${purchaseModelReason(purchases, settings)}; ${historyReason(history, purchases)}`,
    `expected orders in 90 days ${value.expectedOrders90d} (${purchases.label}, as P(alive))`,
    `CLV ${formatMoney({ amount: value.clv, currency })} ${currency}: expected order value ${formatMoney({ amount: value.expectedSpend, currency })} ${currency} (Gamma-Gamma, ${gammaGammaReason(model)}) × expected orders over ${settings.horizonMonths} months (${purchases.label}) × margin ${settings.margin}, discounted ${settings.monthlyDiscountRate * 100}% a month`,
    `churn risk ${value.churnRisk} (${value.churnBand}: medium from ${settings.churnBands.medium}, high from ${settings.churnBands.high}) = 1 − P(alive)${bandChange === undefined ? '' : `; ${nextBand} from ${new Date(now.getTime() + bandChange * day).toISOString().slice(0, 10)} without a new order`}`,
  );
  Object.assign(scores, {
    rfm,
    segment,
    pAlive: value.pAlive,
    expectedOrders90d: value.expectedOrders90d,
    clv: { amount: value.clv, currency },
    churnRisk: value.churnRisk,
    churnBand: value.churnBand,
  });
  // Time alone moves R when the days since the last order pass a cut point, and the churn band.
  const nextCut = boundaries.recencyDays.find((cut) => cut >= recencyDays);
  if (nextCut !== undefined) dueTimes.push(last + (nextCut + 1) * day);
  if (bandChange !== undefined) dueTimes.push(Math.ceil(now.getTime() + bandChange * day));
  return {
    orderStats: stats,
    lifecycleStage,
    scores,
    segmentRank: { segment, rank: rfm.r + rfm.f + rfm.m + Math.min(0.999999, stats.revenue.amount / 1e12) },
    ...due(dueTimes),
    value,
  };
}

function due(times: number[]): { rescoreDueAt?: string } {
  const next = times.filter(Number.isFinite).sort((a, b) => a - b)[0];
  return next === undefined ? {} : { rescoreDueAt: new Date(next).toISOString() };
}

const count = new Intl.NumberFormat('en-US');

/** Which purchase model, and where its parameters come from. */
function purchaseModelReason(
  purchases: PurchaseModel,
  settings: Pick<ScoringSettings, 'minimumBuyersToFit' | 'minimumRepeatBuyersToFit'>,
): string {
  const source = purchases.source;
  switch (source.kind) {
    case 'fitted':
      return `${purchases.label} fitted on ${count.format(source.buyers)} buyers on ${source.fittedAt.slice(0, 10)}`;
    case 'default-until-next-fit':
      return `${purchases.label} with the CDNOW defaults until the weekly fit (the fit of ${source.fittedAt.slice(0, 10)} has no ${purchases.label})`;
    default:
      return `${purchases.label} with the CDNOW defaults until ${count.format(settings.minimumBuyersToFit)} buyers and ${count.format(settings.minimumRepeatBuyersToFit)} repeat buyers can be fitted`;
  }
}

/** The figures of the history behind P(alive). */
function historyReason(history: BuyerHistory, purchases: PurchaseModel): string {
  const days = (value: number) => {
    const whole = Math.round(value);
    return `${count.format(whole)} day${whole === 1 ? '' : 's'} ago`;
  };
  if (history.x === 0) {
    return `1 order, ${days(history.T)}${purchases.name === 'bg-nbd' ? ' (BG/NBD counts a customer who never bought again as active)' : ''}`;
  }
  return `${count.format(history.x + 1)} orders, the last ${days(history.T - history.tx)}, the first ${days(history.T)}`;
}

function gammaGammaReason(model: ScoringModel): string {
  return model.source === 'fitted'
    ? `fitted on ${count.format(model.repeatBuyers ?? 0)} repeat buyers on ${model.fittedAt?.slice(0, 10)}`
    : 'CDNOW defaults';
}

function stageReason(stage: LifecycleStage, orders: number, counts: ScoreInputs['counts']): string {
  switch (stage) {
    case 'repeat':
      return `${orders} orders`;
    case 'buyer':
      return 'one order';
    case 'shopper':
      return `${counts.checkouts} checkout${counts.checkouts === 1 ? '' : 's'} started, no order`;
    case 'engaged':
      return `${counts.messages} message${counts.messages === 1 ? '' : 's'} and ${counts.comments} comment${counts.comments === 1 ? '' : 's'}, no checkout`;
    default:
      return 'known, no message, checkout or order yet';
  }
}

/**
 * The stages a customer passes moving from one stage to another (forward only), for the funnel.
 *
 * @example
 * stagesReached('engaged', 'buyer'); // ['shopper', 'buyer']
 */
export function stagesReached(from: LifecycleStage | undefined, to: LifecycleStage): LifecycleStage[] {
  const start = from === undefined ? 0 : lifecycleStages.indexOf(from) + 1;
  return lifecycleStages.slice(start, lifecycleStages.indexOf(to) + 1);
}

import { formatMoney, type Money } from '../domain/money';
import {
  fisherExactTwoSided,
  minimumDetectableLift,
  newcombeInterval,
  relativeLiftInterval,
  welch,
} from './lift-statistics';

/** A group's counters, summed over the campaign's shards. */
export interface GroupCounts {
  customers: number;
  converted: number;
  /** Members' goal-window revenue in base-currency minor units, and the sum of each member's square. */
  revenue: number;
  revenueSquares: number;
}

export interface GroupResult {
  customers: number;
  converted: number;
  conversionRate: number | null;
  revenue: Money;
  revenuePerCustomer: Money | null;
}

export interface LiftResult {
  absolute: number | null;
  relative: number | null;
  ci95: [number, number] | null;
  relativeCi95: [number, number] | null;
  pValue: number | null;
  method: string;
}

/** `GET /api/campaigns/{id}/results` (public contract, "Campaigns"). */
export interface CampaignResults {
  treatment: GroupResult;
  control: GroupResult;
  lift: { conversion: LiftResult; revenuePerCustomer: LiftResult };
  /** The smallest absolute conversion lift these sizes can show (80% power, 5% two-sided). */
  minimumDetectableLift: number | null;
  verdict: { en: string; zh: string };
}

const round = (value: number, digits = 4) => Math.round(value * 10 ** digits) / 10 ** digits;
const points = (share: number) => `${round(share * 100, 1)}`;

/**
 * A campaign's results: each group's size, conversions and revenue, the lift of conversion
 * (Newcombe interval, Fisher's exact p-value) and of revenue per customer (Welch), the minimum
 * detectable lift, and a verdict in English and Chinese that says how sure it is.
 *
 * @example
 * campaignResults({ treatment, control }, 'USD');
 */
export function campaignResults(
  counts: { treatment: GroupCounts; control: GroupCounts },
  currency: string,
): CampaignResults {
  const { treatment: t, control: c } = counts;
  const group = (g: GroupCounts): GroupResult => ({
    customers: g.customers,
    converted: g.converted,
    conversionRate: g.customers ? round(g.converted / g.customers, 6) : null,
    revenue: { amount: g.revenue, currency },
    revenuePerCustomer: g.customers ? { amount: Math.round(g.revenue / g.customers), currency } : null,
  });
  const both = t.customers > 0 && c.customers > 0;
  const absolute = both ? t.converted / t.customers - c.converted / c.customers : null;
  const ci95 = both ? newcombeInterval(t.converted, t.customers, c.converted, c.customers) : null;
  const pValue = both ? fisherExactTwoSided(t.converted, t.customers, c.converted, c.customers) : null;
  const controlRate = c.customers ? c.converted / c.customers : 0;
  const relative = both && controlRate > 0 ? t.converted / t.customers / controlRate - 1 : null;
  const relativeCi95 = both
    ? relativeLiftInterval(t.converted, t.customers, c.converted, c.customers)
    : undefined;
  const revenue = welch(
    { n: t.customers, sum: t.revenue, sumSquares: t.revenueSquares },
    { n: c.customers, sum: c.revenue, sumSquares: c.revenueSquares },
  );
  const controlRevenuePerCustomer = c.customers ? c.revenue / c.customers : 0;
  const mde = minimumDetectableLift(t.customers, c.customers, t.converted, c.converted);
  const results: CampaignResults = {
    treatment: group(t),
    control: group(c),
    lift: {
      conversion: {
        absolute: absolute === null ? null : round(absolute, 6),
        relative: relative === null ? null : round(relative, 6),
        ci95: ci95 ? [round(ci95[0], 6), round(ci95[1], 6)] : null,
        relativeCi95: relativeCi95 ? [round(relativeCi95[0], 6), round(relativeCi95[1], 6)] : null,
        pValue: pValue === null ? null : round(pValue, 6),
        method:
          'Newcombe hybrid score interval; Fisher exact test (two-sided); Katz log interval for the relative lift',
      },
      revenuePerCustomer: {
        absolute: revenue ? Math.round(revenue.difference) : null,
        relative:
          revenue && controlRevenuePerCustomer > 0
            ? round(revenue.difference / controlRevenuePerCustomer, 6)
            : null,
        ci95: revenue ? [Math.round(revenue.ci95[0]), Math.round(revenue.ci95[1])] : null,
        relativeCi95: null,
        pValue: revenue ? round(revenue.pValue, 6) : null,
        method: 'Welch t interval and test (minor units of the base currency)',
      },
    },
    minimumDetectableLift: mde === undefined ? null : round(mde, 6),
    verdict: verdictOf(t, c, absolute, ci95, pValue, mde, revenue, currency),
  };
  return results;
}

function verdictOf(
  t: GroupCounts,
  c: GroupCounts,
  absolute: number | null,
  ci95: [number, number] | null,
  pValue: number | null,
  mde: number | undefined,
  revenue: ReturnType<typeof welch>,
  currency: string,
): { en: string; zh: string } {
  if (!t.customers || !c.customers || absolute === null || !ci95 || pValue === null || mde === undefined) {
    return {
      en: 'No results yet: both groups need members.',
      zh: '暂无结果:两组都需要有成员。',
    };
  }
  const interval = `${points(ci95[0])} to ${points(ci95[1])}`;
  const p = pValue < 0.001 ? '< 0.001' : `= ${round(pValue, 3)}`;
  const cash = (amount: number) => `${formatMoney({ amount: Math.round(amount), currency })} ${currency}`;
  const revenueNote = revenue
    ? ` Revenue per customer: ${cash(revenue.difference)} difference (95% interval ${cash(revenue.ci95[0])} to ${cash(revenue.ci95[1])}).`
    : '';
  const revenueNoteZh = revenue
    ? ` 每位客户收入差异 ${cash(revenue.difference)}(95% 区间 ${cash(revenue.ci95[0])} 至 ${cash(revenue.ci95[1])})。`
    : '';
  if (ci95[0] > 0) {
    return {
      en: `It worked: conversion is ${points(absolute)} points higher with the campaign (95% interval ${interval} points, p ${p}).${revenueNote}`,
      zh: `有效:活动使转化率提高了 ${points(absolute)} 个百分点(95% 区间 ${points(ci95[0])} 至 ${points(ci95[1])} 个百分点,p ${p})。${revenueNoteZh}`,
    };
  }
  if (ci95[1] < 0) {
    return {
      en: `It backfired: conversion is ${points(-absolute)} points lower with the campaign (95% interval ${interval} points, p ${p}).${revenueNote}`,
      zh: `适得其反:活动使转化率降低了 ${points(-absolute)} 个百分点(95% 区间 ${points(ci95[0])} 至 ${points(ci95[1])} 个百分点,p ${p})。${revenueNoteZh}`,
    };
  }
  return {
    en: `Not enough evidence yet: at this size only a lift above ${points(mde)} points would show (observed ${points(absolute)} points, 95% interval ${interval}).${revenueNote}`,
    zh: `证据尚不足:以目前的规模,只有高于 ${points(mde)} 个百分点的提升才能被检测到(观察到 ${points(absolute)} 个百分点,95% 区间 ${points(ci95[0])} 至 ${points(ci95[1])})。${revenueNoteZh}`,
  };
}

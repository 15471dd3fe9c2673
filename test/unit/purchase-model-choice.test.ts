import { describe, expect, it } from 'vitest';
import type { OrderStats } from '../../shared/domain/order-stats';
import { scoringSettingsChange } from '../../shared/http/api-requests';
import { churnBandOf, daysUntilChurnBandChanges } from '../../shared/scoring/churn-band';
import { scoreProfile } from '../../shared/scoring/customer-scores';
import { buyerHistory, customerValue } from '../../shared/scoring/customer-value';
import type { RfmBoundaries } from '../../shared/scoring/rfm';
import { defaultScoringModel, purchaseModelOf, type ScoringModel } from '../../shared/scoring/scoring-model';
import { defaultScoringSettings, scoringSettingsSchema } from '../../shared/scoring/scoring-settings';

const day = 86_400_000;
const now = new Date('2026-12-02T00:00:00.000Z');
const bands = defaultScoringSettings.churnBands;
const oneTimeBuyer = (daysAgo: number) => ({ x: 0, tx: 0, T: daysAgo, mx: 0 });

/** A model as the weekly job stores it; the parameters are CDNOW's, so the figures are known. */
const fitted: ScoringModel = {
  ...defaultScoringModel(2),
  source: 'fitted',
  fittedAt: '2026-12-01T03:00:00.000Z',
  buyers: 1240,
  repeatBuyers: 512,
};

/** One order `daysAgo`, nothing else: the one-time buyer of issue 24. */
const oneOrder = (daysAgo: number): OrderStats => {
  const at = new Date(now.getTime() - daysAgo * day).toISOString();
  return {
    orders: 1,
    revenue: { amount: 5000, currency: 'USD' },
    firstOrderAt: at,
    lastOrderAt: at,
    unconvertedOrders: 0,
    repeatOrders: 0,
    repeatRevenue: 0,
    repeatOrdersValued: 0,
  };
};

/** Recency cut points all passed: only the churn band moves with time. */
const passedCuts: RfmBoundaries = {
  recencyDays: [10, 20, 30, 40],
  orders: [1, 2, 3, 5],
  revenue: [1, 2, 3, 4],
};

const score = (
  orderStats: OrderStats,
  options: { at?: Date; model?: ScoringModel; settings?: typeof defaultScoringSettings } = {},
) =>
  scoreProfile({
    now: options.at ?? now,
    orderStats,
    counts: { messages: 0, comments: 0, checkouts: 0 },
    interactions: [],
    previousStage: 'buyer',
    settings: options.settings ?? defaultScoringSettings,
    model: options.model ?? defaultScoringModel(2),
    boundaries: passedCuts,
  });

describe('the purchase model setting', () => {
  it('defaults to Pareto/NBD and accepts BG/NBD, nothing else, whole or as a change', () => {
    // Prepare
    const settings = { ...defaultScoringSettings };

    // Act
    const chosen = scoringSettingsSchema.safeParse({ ...settings, model: 'bg-nbd' });
    const unknown = scoringSettingsSchema.safeParse({ ...settings, model: 'mbg-nbd' });
    const change = scoringSettingsChange.safeParse({ model: 'bg-nbd' });

    // Assess
    expect(settings.model).toBe('pareto-nbd');
    expect(chosen.success).toBe(true);
    expect(unknown.success).toBe(false);
    expect(change.success && change.data).toEqual({ model: 'bg-nbd' });
  });
});

describe('purchaseModelOf', () => {
  it('uses the stated CDNOW defaults in days before a fit: α and β × 7', () => {
    const model = defaultScoringModel(2);
    expect(model.paretoNbd).toEqual({ r: 0.5533, alpha: 10.5776 * 7, s: 0.6061, beta: 11.665 * 7 });
    expect(purchaseModelOf(model, 'pareto-nbd')).toMatchObject({
      label: 'Pareto/NBD',
      source: { kind: 'default' },
    });
    expect(purchaseModelOf(model, 'bg-nbd')).toMatchObject({ label: 'BG/NBD', source: { kind: 'default' } });
  });

  it('gives a one-time buyer a P(alive) that falls with Pareto/NBD, and 1 with BG/NBD', () => {
    const pareto = purchaseModelOf(fitted, 'pareto-nbd');
    const bg = purchaseModelOf(fitted, 'bg-nbd');
    expect(pareto.pAlive(oneTimeBuyer(91))).toBeCloseTo(0.577, 3); // 13 weeks, as in the note
    expect(pareto.pAlive(oneTimeBuyer(400))).toBeCloseTo(0.215, 3);
    expect(pareto.pAlive(oneTimeBuyer(6902))).toBeCloseTo(0.011, 3);
    expect(bg.pAlive(oneTimeBuyer(6902))).toBe(1);
  });

  it('falls back to the Pareto/NBD defaults when the stored fit predates it, and says so', () => {
    // Prepare: a fit stored by the weekly job before it fitted Pareto/NBD too.
    const { paretoNbd: _none, ...older } = fitted;

    // Act
    const purchases = purchaseModelOf(older, 'pareto-nbd');

    // Assess
    expect(purchases.source).toEqual({ kind: 'default-until-next-fit', fittedAt: fitted.fittedAt });
    expect(purchases.pAlive(oneTimeBuyer(91))).toBeCloseTo(0.577, 3);
    expect(purchaseModelOf(older, 'bg-nbd').source).toMatchObject({ kind: 'fitted', buyers: 1240 });
  });
});

describe('customerValue', () => {
  it('takes P(alive), expected orders, CLV and churn risk from the chosen model', () => {
    // Act
    const pareto = customerValue(fitted, oneTimeBuyer(400), defaultScoringSettings);
    const bg = customerValue(fitted, oneTimeBuyer(400), { ...defaultScoringSettings, model: 'bg-nbd' });

    // Assess
    expect(pareto).toMatchObject({ pAlive: 0.2149, churnRisk: 0.7851, churnBand: 'high' });
    expect(bg).toMatchObject({ pAlive: 1, churnRisk: 0, churnBand: 'low' });
    expect(pareto.expectedOrders90d).toBeLessThan(bg.expectedOrders90d);
    expect(pareto.clv).toBeLessThan(bg.clv);
  });
});

describe('buyerHistory', () => {
  it('turns the profile’s order figures into x, tx, T and mx in days, and nothing before an order', () => {
    expect(
      buyerHistory(
        {
          firstOrderAt: '2026-01-01T00:00:00.000Z',
          lastOrderAt: '2026-03-02T00:00:00.000Z',
          repeatOrders: 2,
          meanRepeatOrderValue: { amount: 4200 },
        },
        new Date('2026-04-01T00:00:00.000Z'),
      ),
    ).toEqual({ x: 2, tx: 60, T: 90, mx: 4200 });
    expect(buyerHistory({}, now)).toBeUndefined();
  });
});

describe('daysUntilChurnBandChanges', () => {
  it('finds where a falling P(alive) crosses each threshold, to within seconds', () => {
    // Prepare: P(alive) falling by 0.01 a day from 0.9 crosses 0.7 (medium) on day 20, 0.4 on day 50.
    const linear = (from: number) => (days: number) => Math.max(0, from - 0.01 * days);

    // Act and Assess
    expect(daysUntilChurnBandChanges(linear(0.9), bands)).toBeCloseTo(20, 3);
    expect(daysUntilChurnBandChanges(linear(0.69), bands)).toBeCloseTo(29, 3);
    expect(daysUntilChurnBandChanges(linear(0.39), bands)).toBeUndefined();
  });

  it('solves the Pareto/NBD closed form for a one-time buyer: the band has changed on the date and not a minute before', () => {
    // Prepare
    const purchases = purchaseModelOf(fitted, 'pareto-nbd');
    const after = (days: number) => purchases.pAlive(oneTimeBuyer(30 + days));
    const bandAt = (days: number) => churnBandOf(1 - after(days), bands);

    // Act
    const days = daysUntilChurnBandChanges(after, bands) as number;

    // Assess: P(alive) = 0.7 about 55 days after the purchase.
    expect(bandAt(0)).toBe('low');
    expect(bandAt(days)).toBe('medium');
    expect(bandAt(days - 1 / 1440)).toBe('low');
    expect(30 + days).toBeCloseTo(54.6, 1);
  });

  it('sets no date where the band cannot change: BG/NBD’s one-time buyers, and the high band', () => {
    const bg = purchaseModelOf(fitted, 'bg-nbd');
    const pareto = purchaseModelOf(fitted, 'pareto-nbd');
    expect(daysUntilChurnBandChanges((days) => bg.pAlive(oneTimeBuyer(30 + days)), bands)).toBeUndefined();
    expect(
      daysUntilChurnBandChanges((days) => bg.pAlive({ x: 2, tx: 20, T: 30 + days }), bands),
    ).toBeGreaterThan(0);
    expect(
      daysUntilChurnBandChanges((days) => pareto.pAlive(oneTimeBuyer(400 + days)), bands),
    ).toBeUndefined();
  });
});

describe('scoreProfile with the purchase model', () => {
  it('indexes a one-time buyer for the date its churn band changes, where scoring again finds the new band', () => {
    // Prepare: a purchase 100 days ago is medium risk (P(alive) ≈ 0.53) and turns high later.
    const first = score(oneOrder(100));

    // Act
    const dueAt = new Date(first.rescoreDueAt as string);
    const atDue = score(oneOrder(100), { at: dueAt });
    const justBefore = score(oneOrder(100), { at: new Date(dueAt.getTime() - 60_000) });

    // Assess
    expect(first.scores.churnBand).toBe('medium');
    expect(atDue.scores.churnBand).toBe('high');
    expect(justBefore.scores.churnBand).toBe('medium');
    expect((dueAt.getTime() - now.getTime()) / day).toBeCloseTo(77.5, 1);
    expect(first.scores.reasons.join('\n')).toContain(
      `high from ${dueAt.toISOString().slice(0, 10)} without a new order`,
    );
    expect(atDue.rescoreDueAt).toBeUndefined();
  });

  it('names the model, its fit and the figures behind P(alive) in the reasons', () => {
    // Act
    const reasons = (scores: { scores: { reasons: string[] } }) => scores.scores.reasons.join('\n');
    const fittedPareto = score(oneOrder(400), { model: fitted });
    const defaults = score(oneOrder(91));
    const fittedBg = score(oneOrder(400), {
      model: fitted,
      settings: { ...defaultScoringSettings, model: 'bg-nbd' },
    });
    const { paretoNbd: _none, ...older } = fitted;
    const beforeRefit = score(oneOrder(400), { model: older });

    // Assess
    expect(reasons(fittedPareto)).toContain(
      'P(alive) 0.21: Pareto/NBD fitted on 1,240 buyers on 2026-12-01; 1 order, 400 days ago',
    );
    expect(reasons(fittedPareto)).toContain('expected orders in 90 days 0.021 (Pareto/NBD, as P(alive))');
    expect(reasons(fittedPareto)).toContain('Gamma-Gamma, fitted on 512 repeat buyers on 2026-12-01');
    expect(reasons(defaults)).toContain(
      'P(alive) 0.58: Pareto/NBD with the CDNOW defaults until 200 buyers and 50 repeat buyers can be fitted; 1 order, 91 days ago',
    );
    expect(reasons(fittedBg)).toContain(
      'P(alive) 1.00: BG/NBD fitted on 1,240 buyers on 2026-12-01; 1 order, 400 days ago (BG/NBD counts a customer who never bought again as active)',
    );
    expect(reasons(beforeRefit)).toContain(
      'Pareto/NBD with the CDNOW defaults until the weekly fit (the fit of 2026-12-01 has no Pareto/NBD)',
    );
  });
});

import '../config/zod-messages';
import * as z from 'zod/mini';

const positive = z.number().check(z.positive());

/**
 * The purchase models scoring can use for P(alive), expected orders, CLV and churn risk:
 * Pareto/NBD (the default, chosen by the calibration/holdout validation in docs/scoring.md) or
 * BG/NBD.
 *
 * @example
 * purchaseModels.includes('bg-nbd'); // true
 */
export const purchaseModels = ['pareto-nbd', 'bg-nbd'] as const;

/** One of {@link purchaseModels}. */
export type PurchaseModelName = (typeof purchaseModels)[number];
const share = z.number().check(z.minimum(0), z.maximum(1));

/**
 * The scoring settings a marketer may change without a deploy (`GET/PUT /api/settings/scoring`).
 * Defaults: engagement half-life 14 days; weights message 1, comment 0.5, checkout 2, order 5;
 * CLV over 12 months at a 30% margin and a 1% monthly discount rate; churn risk bands at 0.3 and
 * 0.6; the models are fitted once 200 customers have bought and 50 have bought again; Pareto/NBD
 * is the purchase model.
 *
 * @example
 * scoringSettingsSchema.parse({ ...defaultScoringSettings, halfLifeDays: 7 });
 */
export const scoringSettingsSchema = z.object({
  /** Days after which an interaction counts half in engagement. */
  halfLifeDays: positive.check(z.maximum(365)),
  /** Engagement points per interaction, before decay. */
  weights: z.object({
    message: z.number().check(z.minimum(0)),
    comment: z.number().check(z.minimum(0)),
    checkout: z.number().check(z.minimum(0)),
    order: z.number().check(z.minimum(0)),
  }),
  /** Months of future purchases counted in CLV. */
  horizonMonths: z.int().check(z.minimum(1), z.maximum(120)),
  /** Share of revenue that is profit, applied to CLV. */
  margin: share,
  /** Monthly discount rate of future profit in CLV. */
  monthlyDiscountRate: z.number().check(z.minimum(0), z.maximum(0.5)),
  /** Churn risk at or above `medium` is medium, at or above `high` is high. */
  churnBands: z
    .object({ medium: share, high: share })
    .check(z.refine((bands) => bands.medium < bands.high, { message: 'medium must be below high' })),
  /** Buyers needed before the purchase models are fitted, and repeat buyers before Gamma-Gamma is (both are needed). */
  minimumBuyersToFit: z.int().check(z.minimum(20)),
  minimumRepeatBuyersToFit: z.int().check(z.minimum(10)),
  /** The purchase model behind P(alive), expected orders, CLV and churn risk (both are fitted weekly). */
  model: z.enum(purchaseModels),
});

export type ScoringSettings = z.infer<typeof scoringSettingsSchema>;

/**
 * The documented defaults of {@link scoringSettingsSchema}.
 *
 * @example
 * defaultScoringSettings.halfLifeDays; // 14
 */
export const defaultScoringSettings: ScoringSettings = {
  halfLifeDays: 14,
  weights: { message: 1, comment: 0.5, checkout: 2, order: 5 },
  horizonMonths: 12,
  margin: 0.3,
  monthlyDiscountRate: 0.01,
  churnBands: { medium: 0.3, high: 0.6 },
  minimumBuyersToFit: 200,
  minimumRepeatBuyersToFit: 50,
  model: 'pareto-nbd',
};

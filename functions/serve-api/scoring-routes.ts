import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type * as z from 'zod/mini';
import { lifecycleStages } from '../../shared/domain/customer';
import { jsonResponse } from '../../shared/http/api-gateway';
import type { funnelQuery, scoringSettingsChange } from '../../shared/http/api-requests';
import { RequestError } from '../../shared/http/request-error';
import { segmentNames } from '../../shared/scoring/rfm';
import { defaultScoringSettings, scoringSettingsSchema } from '../../shared/scoring/scoring-settings';
import type { ApiDeps } from './api-deps';
import { audit } from './customer-routes';
import { actorOf } from './request-context';

const maxFunnelDays = 366;

/** `GET /api/segments`: customers per RFM segment (sharded counters, kept by `score`). */
export async function getSegments(deps: ApiDeps) {
  const counts = await deps.scoringState.segmentCounts();
  return jsonResponse(200, {
    items: segmentNames.map((segment) => ({ segment, customers: Math.max(0, counts[segment] ?? 0) })),
  });
}

/**
 * `GET /api/funnel?from=&to=`: customers who reached each lifecycle stage in the period (days,
 * inclusive, at most 366), and the conversion from each stage to the next.
 */
export async function getFunnel(deps: ApiDeps, query: z.output<typeof funnelQuery>) {
  const from = Date.parse(`${query.from}T00:00:00Z`);
  const to = Date.parse(`${query.to}T00:00:00Z`);
  if (!(from <= to)) throw new RequestError(400, 'invalid_range', '`from` must be a day on or before `to`.');
  const days = Math.round((to - from) / 86_400_000) + 1;
  if (days > maxFunnelDays) {
    throw new RequestError(400, 'range_too_long', `At most ${maxFunnelDays} days at a time.`);
  }
  const dayList = Array.from({ length: days }, (_, index) =>
    new Date(from + index * 86_400_000).toISOString().slice(0, 10),
  );
  const counts = await deps.scoringState.funnelCounts(dayList);
  const stages = lifecycleStages.map((stage, index) => {
    const customers = counts[stage] ?? 0;
    const previous = index === 0 ? undefined : (counts[lifecycleStages[index - 1] as string] ?? 0);
    return {
      stage,
      customers,
      conversionFromPrevious:
        previous === undefined
          ? null
          : previous === 0
            ? null
            : Math.round((customers / previous) * 10_000) / 10_000,
    };
  });
  return jsonResponse(200, { from: query.from, to: query.to, stages });
}

/** `GET /api/settings/scoring`: the settings in use (the documented defaults until changed). */
export async function getScoringSettings(deps: ApiDeps) {
  return jsonResponse(200, { ...defaultScoringSettings, ...((await deps.scoringState.settings()) ?? {}) });
}

/** `PUT /api/settings/scoring`: changes some or all settings (validated whole, audited). */
export async function putScoringSettings(
  deps: ApiDeps,
  event: APIGatewayProxyEventV2,
  change: z.output<typeof scoringSettingsChange>,
) {
  const current = { ...defaultScoringSettings, ...((await deps.scoringState.settings()) ?? {}) };
  const next = scoringSettingsSchema.parse({
    ...current,
    ...change,
    ...(change.weights ? { weights: { ...current.weights, ...(change.weights as object) } } : {}),
    ...(change.churnBands ? { churnBands: { ...current.churnBands, ...(change.churnBands as object) } } : {}),
  });
  await deps.scoringState.saveSettings(next);
  await audit(deps, actorOf(event), 'settings.scoring.changed', undefined, { before: current, after: next });
  return jsonResponse(200, next);
}

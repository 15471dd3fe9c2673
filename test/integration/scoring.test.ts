import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { fitCustomerModel } from '../../functions/fit-customer-model/fit-customer-model';
import { refreshScores } from '../../functions/refresh-scores/refresh-scores';
import { serveApi } from '../../functions/serve-api/serve-api';
import { alertRuleSchema } from '../../shared/alerts/alert-rule';
import { evaluateRule } from '../../shared/alerts/evaluate-rule';
import { channelRegistry } from '../../shared/channels/channel-registry';
import { CustomerRepository } from '../../shared/customers/customer-repository';
import type { Customer } from '../../shared/domain/customer';
import type { EventOf } from '../../shared/events/contracts';
import { httpAnswerForError } from '../../shared/http/http-error';
import { receiveWebhook } from '../../shared/ingest/receive-webhook';
import { defaultScoringSettings } from '../../shared/scoring/scoring-settings';
import { cachedScoringState } from '../../shared/scoring/scoring-state';
import { ScoringStateRepository } from '../../shared/scoring-store/scoring-state-repository';
import { customerProfileKey, customerSegmentKeys } from '../../shared/store/keys';
import { simulateCustomerBase } from '../helpers/customer-base-simulation';
import { identityWorld } from '../helpers/identity-world';
import { recordingLogger, scoreDepsFor } from '../helpers/receiver-deps';
import { meteredTable } from '../helpers/round-trip-meter';
import { apiEvent, shopifyOrderFor, shopifyRequest } from '../helpers/shopify-requests';
import { createTestTable, type TestTable } from '../helpers/test-table';

const stops: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function world() {
  const table = await createTestTable(inject('dynamoEndpoint'));
  const running = identityWorld(table);
  stops.push(running.stop, () => table.client.destroy());
  const api = async (method: string, path: string, query?: Record<string, string>, body?: unknown) => {
    const response = await serveApi(
      running.api,
      apiEvent(method, path, {
        ...(query ? { query } : {}),
        ...(body === undefined ? {} : { body: Buffer.from(JSON.stringify(body)) }),
      }),
    ).catch(httpAnswerForError);
    return { status: response.statusCode, body: JSON.parse(response.body) };
  };
  const order = (orderId: number, customerId: number, daysAgo: number, total = '50.00') =>
    receiveWebhook(
      running.receiver,
      channelRegistry.shopify,
      shopifyRequest(
        'orders/create',
        shopifyOrderFor(orderId, customerId, (body) => {
          const at = new Date(Date.now() - daysAgo * 86_400_000).toISOString();
          body.created_at = at;
          body.updated_at = at;
          body.total_price = total;
          body.total_price_set = { shop_money: { amount: total, currency_code: 'USD' } };
        }),
      ),
    );
  const customer = async (identity: string) =>
    (await api('GET', '/api/customers', { identity })).body.items[0] as Customer;
  return { ...running, table, api, order, customer };
}

const today = () => new Date().toISOString().slice(0, 10);

/** The churn figures of a customer's scores. */
const pick = (scores: Customer['scores']) => ({
  ...(scores.churnRisk === undefined ? {} : { churnRisk: scores.churnRisk }),
  ...(scores.churnBand === undefined ? {} : { band: scores.churnBand }),
});

describe('scoring in real time', () => {
  it('gives a buyer RFM, segment, engagement, P(alive), expected orders, CLV and churn risk with reasons, and counts segments and the funnel', async () => {
    // Prepare and Act
    const w = await world();
    await w.order(9101, 8101, 100);
    await w.settle();
    const first = await w.customer('shopify:8101');
    await w.order(9102, 8101, 1, '120.00');
    await w.settle();

    // Assess
    const again = await w.customer('shopify:8101');
    expect(first.lifecycleStage).toBe('buyer');
    expect(again.lifecycleStage).toBe('repeat');
    expect(again.scores).toMatchObject({
      rfm: { r: 5, f: 2, m: 4 },
      segment: 'potential_loyalist',
      engagement: expect.any(Number),
      pAlive: expect.any(Number),
      expectedOrders90d: expect.any(Number),
      clv: { amount: expect.any(Number), currency: 'USD' },
      churnRisk: expect.any(Number),
    });
    expect(first.scores).toMatchObject({ rfm: { r: 3, f: 1, m: 2 }, segment: 'about_to_sleep' });
    expect(again.stats).toMatchObject({
      repeatOrders: 1,
      meanRepeatOrderValue: { amount: 12000, currency: 'USD' },
    });
    expect(again.scores.reasons.length).toBeGreaterThanOrEqual(9);
    const segments = (await w.api('GET', '/api/segments')).body.items as Array<{
      segment: string;
      customers: number;
    }>;
    expect(segments.find((item) => item.segment === 'potential_loyalist')?.customers).toBe(1);
    expect(segments.find((item) => item.segment === first.scores.segment)?.customers).toBe(0);
    const funnel = await w.api('GET', '/api/funnel', { from: today(), to: today() });
    expect(funnel.body.stages).toEqual([
      { stage: 'visitor', customers: 1, conversionFromPrevious: null },
      { stage: 'engaged', customers: 1, conversionFromPrevious: 1 },
      { stage: 'shopper', customers: 1, conversionFromPrevious: 1 },
      { stage: 'buyer', customers: 1, conversionFromPrevious: 1 },
      { stage: 'repeat', customers: 1, conversionFromPrevious: 1 },
    ]);
    const scored = w.published.filter((event) => event.type === 'customer.scored');
    expect(scored.length).toBeGreaterThanOrEqual(2);
  });

  it('reads and changes the scoring settings through the API, validated and audited', async () => {
    const w = await world();
    expect((await w.api('GET', '/api/settings/scoring')).body).toEqual(defaultScoringSettings);
    const changed = await w.api('PUT', '/api/settings/scoring', undefined, {
      halfLifeDays: 7,
      weights: { order: 8 },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ halfLifeDays: 7, weights: { message: 1, order: 8 } });
    const refused = await w.api('PUT', '/api/settings/scoring', undefined, { halfLifeDays: -1 });
    expect(refused.status).toBe(400);
    expect((await w.api('GET', '/api/settings/scoring')).body.halfLifeDays).toBe(7);
    const audit = (await w.api('GET', '/api/audit')).body.items as Array<{ action: string }>;
    expect(audit.map((item) => item.action)).toContain('settings.scoring.changed');
  });
});

describe('the purchase model', () => {
  it('is switched through the settings API (audited) and the next scoring uses it: the daily job catches the bands up', async () => {
    // Prepare: a one-time buyer whose order is 400 days old, scored with Pareto/NBD (the default).
    const w = await world();
    await w.order(9401, 8401, 400);
    await w.settle();
    const before = await w.customer('shopify:8401');
    const refresh = () =>
      refreshScores({
        customers: new CustomerRepository(w.table.documentClient, w.table.tableName, 'USD'),
        state: new ScoringStateRepository(w.table.documentClient, w.table.tableName),
        scoring: scoreDepsFor(w.table),
        log: recordingLogger(),
        now: () => new Date(),
      });

    // Act
    const switched = await w.api('PUT', '/api/settings/scoring', undefined, { model: 'bg-nbd' });
    const notYet = await w.customer('shopify:8401');
    const withBgNbd = await refresh();
    const afterBgNbd = await w.customer('shopify:8401');
    const refused = await w.api('PUT', '/api/settings/scoring', undefined, { model: 'mbg-nbd' });
    await w.api('PUT', '/api/settings/scoring', undefined, { model: 'pareto-nbd' });
    const withPareto = await refresh();
    const afterPareto = await w.customer('shopify:8401');

    // Assess
    expect(before.scores).toMatchObject({ churnBand: 'high', pAlive: expect.closeTo(0.215, 2) });
    expect(before.scores.reasons.join('\n')).toContain('P(alive) 0.21: Pareto/NBD with the CDNOW defaults');
    expect(switched).toMatchObject({ status: 200, body: { model: 'bg-nbd' } });
    expect(refused.status).toBe(400);
    expect(notYet.scores.pAlive).toBe(before.scores.pAlive);
    expect(withBgNbd).toMatchObject({ due: 0, bandsBehind: 1, rescored: 1 });
    expect(afterBgNbd.scores).toMatchObject({ pAlive: 1, churnRisk: 0, churnBand: 'low' });
    expect(afterBgNbd.scores.reasons.join('\n')).toContain('P(alive) 1.00: BG/NBD with the CDNOW defaults');
    expect(withPareto).toMatchObject({ bandsBehind: 1, rescored: 1 });
    expect(afterPareto.scores).toMatchObject({ churnBand: 'high', pAlive: before.scores.pAlive });
    const audit = (await w.api('GET', '/api/audit')).body.items as Array<{
      action: string;
      details: { before: { model: string }; after: { model: string } };
    }>;
    expect(
      audit
        .filter((item) => item.action === 'settings.scoring.changed')
        .map((item) => `${item.details.before.model} -> ${item.details.after.model}`)
        .sort(),
    ).toEqual(['bg-nbd -> pareto-nbd', 'pareto-nbd -> bg-nbd']);
  });
});

describe('the daily job', () => {
  let table: TestTable;
  afterEach(() => table?.client.destroy());

  it('rescores only the customers the due-date index names, reading no other customer', async () => {
    // Prepare: one buyer whose last order is 29 days old (R changes at 31 days), one who bought today.
    const w = await world();
    table = w.table;
    await w.order(9201, 8201, 29);
    await w.order(9202, 8202, 0);
    await w.settle();
    const metered = meteredTable(w.table);
    const scoring = { ...scoreDepsFor(metered.table), now: () => new Date(Date.now() + 3 * 86_400_000) };
    const customers = new CustomerRepository(metered.table.documentClient, w.table.tableName, 'USD');

    // Act
    metered.reset();
    const result = await refreshScores({
      customers,
      state: new ScoringStateRepository(metered.table.documentClient, w.table.tableName),
      scoring,
      log: recordingLogger(),
      now: scoring.now,
    });

    // Assess
    expect(result).toMatchObject({ due: 1, rescored: 1 });
    const pkOf = (call: { input: Record<string, unknown> }) => {
      const pk = (call.input.Key as { pk?: unknown } | undefined)?.pk;
      return typeof pk === 'string' ? pk : String((pk as { S?: string } | undefined)?.S);
    };
    const profileReads = metered.calls.filter(
      (call) => /^Get/.test(call.command) && pkOf(call).startsWith('CUSTOMER#'),
    );
    const dueId = (await w.customer('shopify:8201')).id;
    expect(profileReads.map(pkOf)).toEqual([customerProfileKey(dueId).pk]);
    const rescored = await w.customer('shopify:8201');
    expect(rescored.scores.rfm?.r).toBe(4);
  });

  it('raises one-time buyers’ churn risk day by day through the due-date index, and a rule on churnBand changed_to high matches once per crossing', async () => {
    // Prepare: two one-time buyers, with the CDNOW defaults: one ordered 40 days ago (low risk,
    // medium 54.6 days after the order), one 150 days ago (medium, high after 177.5 days); and a
    // rule as a marketer writes it.
    const w = await world();
    table = w.table;
    await w.order(9301, 8301, 40);
    await w.order(9302, 8302, 150);
    await w.settle();
    const start = Date.now();
    const rule = alertRuleSchema.parse({
      name: 'Churn risk turned high',
      on: 'customer.scored',
      if: [{ path: 'customer.scores.churnBand', op: 'changed_to', value: 'high' }],
      enabled: true,
      destinations: ['ops'],
    });
    const customers = new CustomerRepository(w.table.documentClient, w.table.tableName, 'USD');
    const state = new ScoringStateRepository(w.table.documentClient, w.table.tableName);
    const buyers = { recent: 'shopify:8301', older: 'shopify:8302' } as const;
    const seen: Record<keyof typeof buyers, Array<{ day: number; churnRisk?: number; band?: string }>> = {
      recent: [{ day: 0, ...pick((await w.customer(buyers.recent)).scores) }],
      older: [{ day: 0, ...pick((await w.customer(buyers.older)).scores) }],
    };

    // Act: the daily job on each of the next 40 days, on its injected clock.
    const runs: Array<{ due: number; bandsBehind: number; rescored: number }> = [];
    for (let day = 1; day <= 40; day += 1) {
      const clock = () => new Date(start + day * 86_400_000);
      const result = await refreshScores({
        customers,
        state,
        scoring: { ...scoreDepsFor(w.table), now: clock },
        log: recordingLogger(),
        now: clock,
      });
      runs.push(result);
      if (result.rescored === 0) continue;
      // Only a rescoring writes, so only then has the relay something to publish.
      await w.settle();
      for (const name of ['recent', 'older'] as const) {
        const scores = pick((await w.customer(buyers[name])).scores);
        if (scores.churnRisk !== seen[name].at(-1)?.churnRisk) seen[name].push({ day, ...scores });
      }
    }

    // Assess: rescored only when the due-date index said so (R cut points, engagement, the band's
    // dates), never caught up by the band check; each risk only rises; the bands turn on the
    // days the closed form gives.
    expect(runs.every((run) => run.bandsBehind === 0 && run.rescored === run.due)).toBe(true);
    expect(runs.filter((run) => run.rescored > 0).length).toBeLessThan(15);
    for (const name of ['recent', 'older'] as const) {
      const risks = seen[name].map((entry) => entry.churnRisk as number);
      expect(risks).toEqual([...risks].sort((p, q) => p - q));
    }
    const firstDayIn = (name: keyof typeof buyers, band: string) =>
      seen[name].find((entry) => entry.band === band)?.day;
    expect(seen.recent[0]?.band).toBe('low');
    expect(firstDayIn('recent', 'medium')).toBe(15);
    expect(seen.older[0]?.band).toBe('medium');
    expect(firstDayIn('older', 'high')).toBe(28);
    const matches = w.published.filter(
      (event): event is EventOf<'customer.scored'> =>
        event.type === 'customer.scored' &&
        evaluateRule(rule, { event, customer: event.after as unknown as Record<string, unknown> }).matches,
    );
    expect(matches.map((event) => event.customerId)).toEqual([(await w.customer(buyers.older)).id]);
  }, 120_000);
});

describe('the weekly fit', () => {
  it('fits the models on every buyer once there are enough, and scoring then says so', async () => {
    // Prepare: 400 buyers from known parameters, written as the segment index holds them.
    const table = await createTestTable(inject('dynamoEndpoint'));
    stops.push(() => table.client.destroy());
    const now = new Date('2026-11-23T00:00:00.000Z');
    const rows = simulateCustomerBase(
      400,
      { r: 1.5, alpha: 60, a: 0.8, b: 3 },
      { p: 6, q: 4, gamma: 1500 },
      3,
      { min: 180, max: 540 },
      1,
    );
    const buyers = rows.filter((row) => row.x > 0 || row.T > 0);
    await Promise.all(
      buyers.map((row, index) => {
        const id = `B${String(index).padStart(4, '0')}`;
        const first = now.getTime() - row.T * 86_400_000;
        return table.documentClient.send(
          new PutCommand({
            TableName: table.tableName,
            Item: {
              ...customerProfileKey(id),
              ...customerSegmentKeys('loyal', 1, id),
              type: 'customer',
              id,
              stats: {
                orders: row.x + 1,
                revenue: { amount: Math.round(row.mx * (row.x + 1)), currency: 'USD' },
                firstOrderAt: new Date(first).toISOString(),
                lastOrderAt: new Date(first + row.tx * 86_400_000).toISOString(),
                repeatOrders: row.x,
                ...(row.x > 0
                  ? { meanRepeatOrderValue: { amount: Math.round(row.mx), currency: 'USD' } }
                  : {}),
              },
            },
          }),
        );
      }),
    );
    const state = new ScoringStateRepository(table.documentClient, table.tableName);
    const deps = {
      customers: new CustomerRepository(table.documentClient, table.tableName, 'USD'),
      state,
      log: recordingLogger(),
      now: () => now,
    };

    // Act
    const tooFew = await fitCustomerModel({
      ...deps,
      settings: async () => ({ ...defaultScoringSettings, minimumBuyersToFit: 1000 }),
    });
    const fitted = await fitCustomerModel({ ...deps, settings: async () => defaultScoringSettings });

    // Assess
    expect(tooFew).toMatchObject({ kind: 'not_enough_buyers', buyers: buyers.length });
    expect(fitted.kind).toBe('fitted');
    const stored = await state.model();
    expect(stored).toMatchObject({ source: 'fitted', buyers: buyers.length, fittedAt: now.toISOString() });
    expect(stored?.bgNbd.r).toBeGreaterThan(0);
    expect(stored?.bgNbdLogLikelihood).toBeLessThan(0);
    expect(stored?.paretoNbd?.r).toBeGreaterThan(0);
    expect(stored?.paretoNbd?.beta).toBeGreaterThan(0);
    expect(stored?.paretoNbdLogLikelihood).toBeLessThan(0);
    const model = await cachedScoringState(state, 'USD', 0).model();
    expect(model.source).toBe('fitted');
  });
});

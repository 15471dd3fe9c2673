/**
 * BG/NBD or Pareto/NBD? A calibration/holdout study, as in Schmittlein, Morrison & Colombo (1987)
 * and Fader, Hardie & Lee (2005): fit each model on the first 39 weeks of a cohort's purchases,
 * predict each customer's repeat purchases in the next 39, and compare with what happened.
 *
 * (a) On customer bases simulated from each model's own story (CDNOW-like: 2,357 customers who
 *     first bought over 12 weeks, dates to the day), where the truth is known, including whether
 *     a customer was still active at the end of the calibration period.
 * (b) On CDNOW: the calibration sample is test/fixtures/cdnow/cdnow_summary.csv; the holdout
 *     period comes from the public CDNOW transaction log (the 1/10 sample of Fader & Hardie,
 *     shipped as CDNOW_sample.txt with Python lifetimes and as cdnowElog with R BTYD), which the
 *     project keeps as test/fixtures/cdnow/CDNOW_sample.txt (another copy may be given instead);
 *     without it, the published figures are printed instead.
 *
 *   npx tsx test/bench/model-validation.ts [path/to/CDNOW_sample.txt]
 *
 * Prints the figures as Markdown and writes docs/images/model-validation.svg (and .png when
 * Chromium is at hand); without the transaction log, the figure of the simulations alone goes to
 * a scratch folder instead.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type BgNbdParams,
  bgNbdExpectedPurchases,
  bgNbdPAlive,
  fitBgNbd,
  type PurchaseHistory,
} from '../../shared/scoring/clv';
import {
  fitParetoNbd,
  type ParetoNbdParams,
  paretoNbdExpectedPurchases,
  paretoNbdPAlive,
} from '../../shared/scoring/pareto-nbd';
import {
  type CalibrationAndHoldout,
  simulateBgNbd,
  simulateParetoNbd,
  splitAtCalibration,
} from './simulate-purchases';
import { type ChartPanel, chartGrid } from './svg-line-chart';

const calibrationWeeks = 39;
const holdoutWeeks = 39;
const customersPerBase = 2357;
const replications = 20;
const day = 1 / 7;

/** The CDNOW estimates of each model: the worlds the simulations are drawn from. */
const cdnowPareto = { r: 0.5533, alpha: 10.5776, s: 0.6061, beta: 11.665 };
const cdnowBg = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

interface Predictor {
  name: string;
  expected: (t: number, history: PurchaseHistory) => number;
  pAlive: (history: PurchaseHistory) => number;
}

const bgPredictor = (params: Omit<BgNbdParams, 'logLikelihood'>, name = 'BG/NBD'): Predictor => ({
  name,
  expected: (t, history) => bgNbdExpectedPurchases(params, t, history),
  pAlive: (history) => bgNbdPAlive(params, history),
});

const paretoPredictor = (params: Omit<ParetoNbdParams, 'logLikelihood'>, name = 'Pareto/NBD'): Predictor => ({
  name,
  expected: (t, history) => paretoNbdExpectedPurchases(params, t, history),
  pAlive: (history) => paretoNbdPAlive(params, history),
});

/** A customer as the study sees them: calendar times in weeks since the cohort's start. */
interface StudyCustomer {
  calibration: PurchaseHistory;
  /** Holdout repeat purchases, in weeks after the end of the calibration period. */
  holdout: number[];
  first: number;
  /** Repeat purchases in the calibration period, calendar weeks (for the tracking curve). */
  calibrationRepeats?: number[];
  aliveAtCalibrationEnd?: boolean;
}

interface Scores {
  mae: number;
  rmse: number;
  maeOneTimeBuyers: number;
  /** Mean predicted and actual holdout purchases of one-time buyers (x = 0). */
  oneTimePredicted: number;
  oneTimeActual: number;
  predictedTotal: number;
  actualTotal: number;
  /** Mean squared error of P(alive) against the truth, when it is known. */
  brier?: number;
  /** Cumulative holdout repeat purchases, predicted, at the end of each holdout week. */
  curve: number[];
}

function score(customers: ReadonlyArray<StudyCustomer>, predictor: Predictor): Scores {
  let absolute = 0;
  let squared = 0;
  let oneTimeAbsolute = 0;
  let oneTimeBuyers = 0;
  let oneTimePredicted = 0;
  let oneTimeActual = 0;
  let predictedTotal = 0;
  let actualTotal = 0;
  let brier = 0;
  let truthKnown = 0;
  const curve = new Array<number>(holdoutWeeks).fill(0);
  for (const customer of customers) {
    const predicted = predictor.expected(holdoutWeeks, customer.calibration);
    const actual = customer.holdout.length;
    absolute += Math.abs(actual - predicted);
    squared += (actual - predicted) ** 2;
    predictedTotal += predicted;
    actualTotal += actual;
    if (customer.calibration.x === 0) {
      oneTimeAbsolute += Math.abs(actual - predicted);
      oneTimeBuyers += 1;
      oneTimePredicted += predicted;
      oneTimeActual += actual;
    }
    if (customer.aliveAtCalibrationEnd !== undefined) {
      brier += (predictor.pAlive(customer.calibration) - (customer.aliveAtCalibrationEnd ? 1 : 0)) ** 2;
      truthKnown += 1;
    }
    for (let week = 1; week <= holdoutWeeks; week += 1) {
      curve[week - 1] = (curve[week - 1] as number) + predictor.expected(week, customer.calibration);
    }
  }
  const n = customers.length;
  return {
    mae: absolute / n,
    rmse: Math.sqrt(squared / n),
    maeOneTimeBuyers: oneTimeAbsolute / oneTimeBuyers,
    oneTimePredicted: oneTimePredicted / oneTimeBuyers,
    oneTimeActual: oneTimeActual / oneTimeBuyers,
    predictedTotal,
    actualTotal,
    ...(truthKnown > 0 ? { brier: brier / truthKnown } : {}),
    curve,
  };
}

function actualCurve(customers: ReadonlyArray<StudyCustomer>): number[] {
  return Array.from({ length: holdoutWeeks }, (_, index) =>
    customers.reduce((sum, customer) => sum + customer.holdout.filter((time) => time <= index + 1).length, 0),
  );
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const sd = (values: number[]) => {
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, value) => sum + (value - m) ** 2, 0) / (values.length - 1));
};

function studyCustomers(split: CalibrationAndHoldout[]): StudyCustomer[] {
  return split.map((customer) => ({
    calibration: customer.calibration,
    holdout: customer.holdout.map((time) => time - calibrationWeeks),
    first: customer.first,
    aliveAtCalibrationEnd: customer.aliveAtCalibrationEnd,
  }));
}

/** P(alive) reliability: predicted against the share actually alive, in tenths of P(alive). */
function reliability(customers: ReadonlyArray<StudyCustomer>, predictor: Predictor) {
  const bins = Array.from({ length: 10 }, () => ({ predicted: 0, alive: 0, count: 0 }));
  for (const customer of customers) {
    const p = predictor.pAlive(customer.calibration);
    const bin = bins[Math.min(9, Math.floor(p * 10))] as { predicted: number; alive: number; count: number };
    bin.predicted += p;
    bin.alive += customer.aliveAtCalibrationEnd ? 1 : 0;
    bin.count += 1;
  }
  return bins
    .filter((bin) => bin.count >= 50)
    .map((bin) => [bin.predicted / bin.count, bin.alive / bin.count] as [number, number]);
}

/** How many one-time buyers are really alive, and what each model says of them. */
function oneTimeBuyersNote(
  customers: ReadonlyArray<StudyCustomer>,
  fit: { bg: BgNbdParams; pareto: ParetoNbdParams },
): string {
  const oneTime = customers.filter((customer) => customer.calibration.x === 0);
  const alive = mean(oneTime.map((customer) => (customer.aliveAtCalibrationEnd ? 1 : 0)));
  const bg = mean(oneTime.map((customer) => bgNbdPAlive(fit.bg, customer.calibration)));
  const pareto = mean(oneTime.map((customer) => paretoNbdPAlive(fit.pareto, customer.calibration)));
  const share = (value: number) => `${(value * 100).toFixed(0)}%`;
  return `one-time buyers: ${share(alive)} alive; BG/NBD says ${share(bg)}, Pareto/NBD ${share(pareto)}`;
}

interface WorldResult {
  name: string;
  byModel: Record<string, { scores: Scores[] }>;
  actualCurves: number[][];
  pooled: StudyCustomer[];
  fits: { bg: BgNbdParams; pareto: ParetoNbdParams }[];
}

function simulatedWorld(name: string, world: 'pareto' | 'bg'): WorldResult {
  const result: WorldResult = { name, byModel: {}, actualCurves: [], pooled: [], fits: [] };
  const window = { firstFrom: 0, firstTo: 12, end: calibrationWeeks + holdoutWeeks };
  for (let replication = 0; replication < replications; replication += 1) {
    const seed = (world === 'pareto' ? 1000 : 2000) + replication;
    const base =
      world === 'pareto'
        ? simulateParetoNbd(customersPerBase, cdnowPareto, seed, window)
        : simulateBgNbd(customersPerBase, cdnowBg, seed, window);
    const customers = studyCustomers(splitAtCalibration(base, calibrationWeeks, day));
    const rows = customers.map((customer) => customer.calibration);
    const bg = fitBgNbd(rows);
    const pareto = fitParetoNbd(rows);
    result.fits.push({ bg, pareto });
    const truth =
      world === 'pareto'
        ? paretoPredictor(cdnowPareto, 'true Pareto/NBD')
        : bgPredictor(cdnowBg, 'true BG/NBD');
    for (const predictor of [bgPredictor(bg), paretoPredictor(pareto), truth]) {
      result.byModel[predictor.name] ??= { scores: [] };
      result.byModel[predictor.name]?.scores.push(score(customers, predictor));
    }
    result.actualCurves.push(actualCurve(customers));
    if (replication < 5) result.pooled.push(...customers);
  }
  return result;
}

/** CDNOW: the calibration fixture, and the holdout from the transaction log when given. */
function cdnowCustomers(transactionsPath: string | undefined): StudyCustomer[] | undefined {
  const fixture = readFileSync('test/fixtures/cdnow/cdnow_summary.csv', 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').map(Number) as [number, number, number, number, number]);
  if (!transactionsPath || !existsSync(transactionsPath)) return undefined;
  // Days since 1997-01-01; the calibration period ends on 1997-09-30 (day 272), the holdout on
  // 1998-06-30. Several transactions on one day are one purchase, as in the papers.
  const dayOf = (date: string) =>
    (Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6, 8))) -
      Date.UTC(1997, 0, 1)) /
    86_400_000;
  const calibrationEnd = dayOf('19970930');
  const end = dayOf('19980630');
  const days = new Map<number, Set<number>>();
  for (const line of readFileSync(transactionsPath, 'utf8').trim().split('\n')) {
    const [, id, date] = line.trim().split(/\s+/) as [string, string, string];
    const customer = Number(id);
    if (!days.has(customer)) days.set(customer, new Set());
    days.get(customer)?.add(dayOf(date));
  }
  return fixture.map(([id, x, tx, T]) => {
    const purchases = [...(days.get(id) ?? [])].sort((p, q) => p - q);
    const first = purchases[0] as number;
    const calibrationRepeats = purchases.slice(1).filter((d) => d <= calibrationEnd);
    // The log must give back the fixture's calibration figures, or it is not the same sample.
    if (
      calibrationRepeats.length !== x ||
      Math.abs((calibrationEnd - first) / 7 - T) > 0.006 ||
      Math.abs(((calibrationRepeats.at(-1) ?? first) - first) / 7 - tx) > 0.006
    ) {
      throw new Error(`customer ${id}: the transaction log does not match the calibration fixture`);
    }
    return {
      calibration: { x, tx, T },
      first: first / 7,
      calibrationRepeats: calibrationRepeats.map((d) => d / 7),
      holdout: purchases.filter((d) => d > calibrationEnd && d <= end).map((d) => (d - calibrationEnd) / 7),
    };
  });
}

const percent = (value: number) => `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}%`;

async function main() {
  const started = performance.now();
  const print = (line = '') => console.log(line);

  // (a) Simulated worlds.
  const worlds = [simulatedWorld('Pareto/NBD world', 'pareto'), simulatedWorld('BG/NBD world', 'bg')];
  print(`## Simulated customer bases (${replications} replications of ${customersPerBase} customers each)`);
  print();
  print(
    '| world | model | MAE per customer | RMSE | one-time buyers: MAE; mean predicted / actual | holdout total error (mean; mean abs) | P(alive) Brier | lower MAE / lower RMSE than the other model |',
  );
  print('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const world of worlds) {
    const of = (name: string, measure: (scores: Scores) => number) =>
      (world.byModel[name]?.scores ?? []).map(measure);
    for (const [name, entry] of Object.entries(world.byModel)) {
      const s = entry.scores;
      const other = name === 'BG/NBD' ? 'Pareto/NBD' : name === 'Pareto/NBD' ? 'BG/NBD' : undefined;
      const wins = (measure: (scores: Scores) => number) =>
        other
          ? of(name, measure).filter((value, index) => value < (of(other, measure)[index] as number)).length
          : undefined;
      const won = other ? `${wins((x) => x.mae)} / ${wins((x) => x.rmse)} of ${replications}` : '(the floor)';
      const totalError = s.map((x) => x.predictedTotal / x.actualTotal - 1);
      print(
        `| ${world.name} | ${name} | ${mean(s.map((x) => x.mae)).toFixed(4)} ± ${sd(s.map((x) => x.mae)).toFixed(4)} | ` +
          `${mean(s.map((x) => x.rmse)).toFixed(4)} | ${mean(s.map((x) => x.maeOneTimeBuyers)).toFixed(3)}; ` +
          `${mean(s.map((x) => x.oneTimePredicted)).toFixed(3)} / ${mean(s.map((x) => x.oneTimeActual)).toFixed(3)} | ` +
          `${percent(mean(totalError))}; ${(mean(totalError.map(Math.abs)) * 100).toFixed(1)}% | ` +
          `${mean(s.map((x) => x.brier ?? Number.NaN)).toFixed(4)} | ${won} |`,
      );
    }
  }
  print();
  for (const world of worlds) {
    const fits = world.fits;
    print(
      `${world.name}, mean fits: BG/NBD r ${mean(fits.map((f) => f.bg.r)).toFixed(3)}, α ${mean(fits.map((f) => f.bg.alpha)).toFixed(2)}, a ${mean(
        fits.map((f) => f.bg.a),
      ).toFixed(
        3,
      )}, b ${mean(fits.map((f) => f.bg.b)).toFixed(2)}, LL ${mean(fits.map((f) => f.bg.logLikelihood)).toFixed(1)}; ` +
        `Pareto/NBD r ${mean(fits.map((f) => f.pareto.r)).toFixed(3)}, α ${mean(fits.map((f) => f.pareto.alpha)).toFixed(2)}, s ${mean(
          fits.map((f) => f.pareto.s),
        ).toFixed(
          3,
        )}, β ${mean(fits.map((f) => f.pareto.beta)).toFixed(2)}, LL ${mean(fits.map((f) => f.pareto.logLikelihood)).toFixed(1)}.`,
    );
  }
  print();

  // (b) CDNOW.
  const transactionsPath =
    process.argv[2] ?? process.env.CDNOW_TRANSACTIONS ?? 'test/fixtures/cdnow/CDNOW_sample.txt';
  const cdnow = cdnowCustomers(transactionsPath);
  const panels: ChartPanel[] = [];
  const colors = { actual: '#111', bg: '#1f6fd1', pareto: '#e8740c', truth: '#888' };
  if (cdnow) {
    const rows = cdnow.map((customer) => customer.calibration);
    const bg = fitBgNbd(rows);
    const pareto = fitParetoNbd(rows);
    const models = [bgPredictor(bg), paretoPredictor(pareto)];
    const scores = models.map((model) => score(cdnow, model));
    const actualTotal = scores[0]?.actualTotal ?? 0;
    print(`## CDNOW: 39 weeks of calibration, 39 weeks of holdout (${cdnow.length} customers)`);
    print();
    print(
      `Fits: BG/NBD r ${bg.r.toFixed(4)}, α ${bg.alpha.toFixed(4)}, a ${bg.a.toFixed(4)}, b ${bg.b.toFixed(4)}, LL ${bg.logLikelihood.toFixed(2)}; ` +
        `Pareto/NBD r ${pareto.r.toFixed(4)}, α ${pareto.alpha.toFixed(4)}, s ${pareto.s.toFixed(4)}, β ${pareto.beta.toFixed(4)}, LL ${pareto.logLikelihood.toFixed(2)}.`,
    );
    print();
    print(
      '| model | MAE per customer | RMSE | one-time buyers: MAE; mean predicted / actual | Σ abs error / Σ actual | holdout total (actual ' +
        `${actualTotal}) |`,
    );
    print('| --- | --- | --- | --- | --- | --- |');
    scores.forEach((s, index) => {
      print(
        `| ${models[index]?.name} | ${s.mae.toFixed(4)} | ${s.rmse.toFixed(4)} | ${s.maeOneTimeBuyers.toFixed(3)}; ${s.oneTimePredicted.toFixed(3)} / ${s.oneTimeActual.toFixed(3)} | ${(
          (s.mae * cdnow.length) / actualTotal
        ).toFixed(3)} | ${s.predictedTotal.toFixed(0)} (${percent(s.predictedTotal / actualTotal - 1)}) |`,
      );
    });
    print();
    // Mean holdout purchases by calibration frequency (the papers' conditional-expectation check).
    const groups = ['0', '1', '2', '3', '4', '5', '6', '7+'];
    const groupOf = (x: number) => Math.min(x, 7);
    const byGroup = (value: (customer: StudyCustomer) => number) =>
      groups.map((_, group) => {
        const members = cdnow.filter((customer) => groupOf(customer.calibration.x) === group);
        return [group, mean(members.map(value))] as [number, number];
      });
    const actualByX = byGroup((customer) => customer.holdout.length);
    const predictedByX = models.map((model) =>
      byGroup((customer) => model.expected(holdoutWeeks, customer.calibration)),
    );
    print(
      '| calibration repeat purchases x | customers | actual mean holdout purchases | BG/NBD | Pareto/NBD |',
    );
    print('| --- | --- | --- | --- | --- |');
    groups.forEach((label, group) => {
      const count = cdnow.filter((customer) => groupOf(customer.calibration.x) === group).length;
      print(
        `| ${label} | ${count} | ${actualByX[group]?.[1].toFixed(3)} | ${predictedByX[0]?.[group]?.[1].toFixed(3)} | ${predictedByX[1]?.[group]?.[1].toFixed(3)} |`,
      );
    });
    print();
    // One-time buyers by weeks since their only purchase: does their propensity fall with time?
    // (T is also the week they were acquired, so cohorts differ too.)
    print(
      '| one-time buyers, weeks since the purchase | customers | actual mean holdout purchases | BG/NBD | Pareto/NBD | Pareto/NBD mean P(alive) |',
    );
    print('| --- | --- | --- | --- | --- | --- |');
    for (const [from, to] of [
      [27, 30],
      [30, 33],
      [33, 36],
      [36, 39],
    ] as const) {
      const members = cdnow.filter(
        (customer) =>
          customer.calibration.x === 0 && customer.calibration.T >= from && customer.calibration.T < to,
      );
      const average = (value: (customer: StudyCustomer) => number) => mean(members.map(value)).toFixed(3);
      print(
        `| ${from}–${to} | ${members.length} | ${average((customer) => customer.holdout.length)} | ` +
          `${average((customer) => models[0]?.expected(holdoutWeeks, customer.calibration) ?? 0)} | ` +
          `${average((customer) => models[1]?.expected(holdoutWeeks, customer.calibration) ?? 0)} | ` +
          `${average((customer) => models[1]?.pAlive(customer.calibration) ?? 0)} |`,
      );
    }
    print();
    // The tracking curve of the papers: cumulative repeat purchases week by week over 78 weeks,
    // expected from each customer's first purchase on (unconditional), against the actual.
    const weeks = Array.from({ length: calibrationWeeks + holdoutWeeks + 1 }, (_, week) => week);
    const actualTracking = weeks.map(
      (week) =>
        [
          week,
          cdnow.reduce(
            (sum, customer) =>
              sum +
              (customer.calibrationRepeats ?? []).filter((time) => time <= week).length +
              customer.holdout.filter((time) => time + calibrationWeeks <= week).length,
            0,
          ),
        ] as [number, number],
    );
    const fresh = { x: 0, tx: 0, T: 0 };
    const tracking = models.map((model) =>
      weeks.map(
        (week) =>
          [
            week,
            cdnow.reduce(
              (sum, customer) =>
                sum + (week > customer.first ? model.expected(week - customer.first, fresh) : 0),
              0,
            ),
          ] as [number, number],
      ),
    );
    const at78 = tracking.map((curve) => curve.at(-1)?.[1] ?? 0);
    const at39 = tracking.map((curve) => curve[calibrationWeeks]?.[1] ?? 0);
    print(
      `Tracking (unconditional, from each first purchase): actual ${actualTracking[calibrationWeeks]?.[1]} repeat purchases by week 39 and ${actualTracking.at(-1)?.[1]} by week 78; ` +
        `BG/NBD ${at39[0]?.toFixed(0)} and ${at78[0]?.toFixed(0)}; Pareto/NBD ${at39[1]?.toFixed(0)} and ${at78[1]?.toFixed(0)}.`,
    );
    print();
    panels.push(
      {
        title: '(a) CDNOW: cumulative repeat purchases',
        xLabel: 'week since 1 January 1997',
        yLabel: 'repeat purchases',
        series: [
          { name: 'actual', points: actualTracking, color: colors.actual },
          { name: 'BG/NBD', points: tracking[0] ?? [], color: colors.bg, dash: '7 4' },
          { name: 'Pareto/NBD', points: tracking[1] ?? [], color: colors.pareto, dash: '2 3', width: 2.5 },
        ],
        marker: { x: calibrationWeeks, label: 'end of calibration' },
        xRange: [0, 78],
      },
      {
        title: '(b) CDNOW: holdout purchases by calibration purchases',
        xLabel: 'repeat purchases in the 39-week calibration period',
        yLabel: 'mean purchases in the 39-week holdout',
        series: [
          { name: 'actual', points: actualByX, color: colors.actual, dots: true },
          { name: 'BG/NBD', points: predictedByX[0] ?? [], color: colors.bg, dash: '7 4', dots: true },
          {
            name: 'Pareto/NBD',
            points: predictedByX[1] ?? [],
            color: colors.pareto,
            dash: '2 3',
            dots: true,
          },
        ],
        categories: groups,
        xRange: [0, 7],
        notes: scores.map((s, index) => `${models[index]?.name}: MAE ${s.mae.toFixed(3)} per customer`),
      },
    );
  } else {
    print('## CDNOW holdout');
    print();
    print(
      `No CDNOW transaction log at ${transactionsPath}: the holdout period cannot be computed. Pass the ` +
        'transaction log (CDNOW_sample.txt) to compute it. Published reference, BTYDplus demos/cdnow.r ' +
        '(M. Platzer, on the same 2,357 customers, 39 + 39 weeks): Σ|actual − forecast| / Σ actual ' +
        'BG/NBD 0.984, Pareto/NBD 0.945; holdout total BG/NBD −12.1%, Pareto/NBD −11.5%.',
    );
    print();
  }

  // Simulated panels: the holdout curve (mean over replications) and P(alive) reliability.
  for (const world of worlds) {
    const meanCurve = (curves: number[][]) =>
      Array.from({ length: holdoutWeeks + 1 }, (_, week) =>
        week === 0
          ? ([0, 0] as [number, number])
          : ([week, mean(curves.map((c) => c[week - 1] as number))] as [number, number]),
      );
    const names = Object.keys(world.byModel);
    panels.push({
      title: `(${String.fromCharCode(97 + panels.length)}) Simulated ${world.name}: holdout`,
      xLabel: 'week after the end of calibration',
      yLabel: 'cumulative repeat purchases',
      series: [
        { name: 'actual', points: meanCurve(world.actualCurves), color: colors.actual },
        ...names.map((name) => ({
          name,
          points: meanCurve((world.byModel[name]?.scores ?? []).map((s) => s.curve)),
          color: name === 'BG/NBD' ? colors.bg : name === 'Pareto/NBD' ? colors.pareto : colors.truth,
          dash: name === 'BG/NBD' ? '7 4' : name === 'Pareto/NBD' ? '2 3' : '1 0',
          width: name.startsWith('true') ? 1 : 2,
        })),
      ],
      xRange: [0, holdoutWeeks],
      notes: names.map(
        (name) => `${name}: MAE ${mean((world.byModel[name]?.scores ?? []).map((s) => s.mae)).toFixed(3)}`,
      ),
    });
  }
  for (const world of worlds) {
    const fit = world.fits[0];
    if (!fit) continue;
    const sample = world.pooled;
    panels.push({
      title: `(${String.fromCharCode(97 + panels.length)}) Simulated ${world.name}: is P(alive) right?`,
      xLabel: 'predicted P(alive) at the end of calibration (mean of a tenth)',
      yLabel: 'share actually alive',
      series: [
        {
          name: 'perfect',
          points: [
            [0, 0],
            [1, 1],
          ],
          color: colors.truth,
          width: 1,
        },
        {
          name: 'BG/NBD',
          points: reliability(sample, bgPredictor(fit.bg)),
          color: colors.bg,
          dash: '7 4',
          dots: true,
        },
        {
          name: 'Pareto/NBD',
          points: reliability(sample, paretoPredictor(fit.pareto)),
          color: colors.pareto,
          dash: '2 3',
          dots: true,
        },
      ],
      xRange: [0, 1],
      yRange: [0, 1],
      notes: [
        ...['BG/NBD', 'Pareto/NBD'].map(
          (name) =>
            `${name}: Brier ${mean((world.byModel[name]?.scores ?? []).map((s) => s.brier ?? Number.NaN)).toFixed(3)}`,
        ),
        oneTimeBuyersNote(sample, fit),
      ],
    });
  }

  // The docs' figure needs the CDNOW holdout; without it the simulated panels go to a scratch folder.
  const folder = cdnow ? 'docs/images' : mkdtempSync(join(tmpdir(), 'model-validation-'));
  mkdirSync(folder, { recursive: true });
  const svg = chartGrid(
    'BG/NBD or Pareto/NBD? Fit on 39 weeks, predict the next 39',
    panels,
    2,
    'npx tsx test/bench/model-validation.ts: CDNOW calibration fixture + transaction log; simulations 20 × 2,357 customers per world, CDNOW-estimated parameters',
  );
  writeFileSync(join(folder, 'model-validation.svg'), svg);
  print(`Wrote ${folder}/model-validation.svg in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  await renderPng(join(folder, 'model-validation.svg'), join(folder, 'model-validation.png'));
}

/** The figure as a PNG too, through Chromium, for viewers that do not show SVG. */
async function renderPng(svgPath: string, pngPath: string) {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    console.log(`No Chromium at ${executablePath} (set CHROMIUM_PATH): ${pngPath} not written.`);
    return;
  }
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
    await page.goto(pathToFileURL(resolve(svgPath)).href);
    await (await page.$('svg'))?.screenshot({ path: pngPath });
    console.log(`Wrote ${pngPath}.`);
  } finally {
    await browser.close();
  }
}

await main();

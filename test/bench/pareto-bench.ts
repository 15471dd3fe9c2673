import { fileURLToPath } from 'node:url';
import { fitParetoNbd, type ParetoNbdParams } from '../../shared/scoring/pareto-nbd';
import { simulateParetoNbd, splitAtCalibration } from './simulate-purchases';

/** What fitting Pareto/NBD to a simulated customer base took. */
export interface ParetoFitFigures {
  customers: number;
  distinctHistories: number;
  milliseconds: number;
  /** Processor time of this process, which a busy shared machine does not inflate. */
  cpuMilliseconds: number;
  fit: ParetoNbdParams;
}

/**
 * Fits Pareto/NBD to `customers` simulated buyers in days, as the weekly job would: the CDNOW
 * estimates scaled to days (α and β × 7), first purchases spread over a year, observed 180 to 540
 * days, times in whole days.
 *
 * @example
 * const { milliseconds } = measureParetoNbdFit(100_000); // the bench prints fit_ms_pareto_nbd_100000_customers
 */
export function measureParetoNbdFit(customers: number, seed = 11): ParetoFitFigures {
  const base = simulateParetoNbd(customers, { r: 0.5533, alpha: 74.04, s: 0.6061, beta: 81.66 }, seed, {
    firstFrom: 0,
    firstTo: 360,
    end: 540,
  });
  const rows = splitAtCalibration(base, 540, 1).map((customer) => customer.calibration);
  const distinctHistories = new Set(rows.map((row) => `${row.x}|${row.tx}|${row.T}`)).size;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const fit = fitParetoNbd(rows);
  const { user, system } = process.cpuUsage(cpu);
  return {
    customers,
    distinctHistories,
    milliseconds: performance.now() - started,
    cpuMilliseconds: (user + system) / 1000,
    fit,
  };
}

// `npx tsx test/bench/pareto-bench.ts` measures on its own.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const customers of [10_000, 100_000]) {
    const { milliseconds, cpuMilliseconds, distinctHistories, fit } = measureParetoNbdFit(customers);
    console.log(
      `fit_ms_pareto_nbd_${customers}_customers: ${milliseconds.toFixed(0)} (cpu ${cpuMilliseconds.toFixed(0)})`,
    );
    console.log(
      `  ${distinctHistories} distinct histories; r ${fit.r.toFixed(4)}, α ${fit.alpha.toFixed(2)}, s ${fit.s.toFixed(4)}, β ${fit.beta.toFixed(2)}`,
    );
  }
}

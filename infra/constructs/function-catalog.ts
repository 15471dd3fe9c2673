import { Duration } from 'aws-cdk-lib';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { FunctionName } from '../../shared/config/function-bindings';
import { addAlarm } from './alarms';
import { type FunctionResources, RapportFunction } from './rapport-function';

/** How much every function logs. */
export interface FunctionLogLevels {
  /** The functions' own lines: `debug`, `info` (default), `warn` or `error`. */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Lambda's START/END/REPORT lines: `WARN` (default) drops them, `INFO` keeps them. */
  platformLogLevel?: 'DEBUG' | 'INFO' | 'WARN';
}

/**
 * Every function of the stack, defined in its scope with the house log levels, then bound and
 * alarmed all at once when the stack has made everything a binding may ask for (the table, the
 * bus, the secrets, the API's URL). Functions keep the order they were defined in, which is the
 * order of the operations dashboard's error graph.
 *
 * @example
 * const functions = new FunctionCatalog(this, { logLevel: 'info' });
 * const relay = functions.define('relay-events', { timeout: Duration.seconds(60) });
 * // ... everything the bindings need ...
 * functions.bindAll(resources, alarms.topic);
 */
export class FunctionCatalog {
  private readonly byName = new Map<FunctionName, RapportFunction>();

  constructor(
    private readonly scope: Construct,
    private readonly levels: FunctionLogLevels = {},
  ) {}

  /** Defines the function `functions/<name>/handler.ts` with the construct id `<name>`. */
  define(name: FunctionName, options: { timeout?: Duration; memorySize?: number } = {}): RapportFunction {
    const fn = new RapportFunction(this.scope, name, {
      name,
      ...options,
      applicationLogLevel: (this.levels.logLevel ?? 'info').toUpperCase() as 'INFO',
      // Lambda's START/END/REPORT lines are most of the log volume: off unless asked for.
      systemLogLevel: this.levels.platformLogLevel ?? 'WARN',
    });
    this.byName.set(name, fn);
    return fn;
  }

  /** Every function defined so far, in the order they were defined. */
  all(): RapportFunction[] {
    return [...this.byName.values()];
  }

  /**
   * Binds every function (each takes from the resources exactly what its binding declares) and
   * alarms on its errors. Called last, so that what a binding grants comes after what the
   * function's triggers granted.
   */
  bindAll(resources: FunctionResources, alarms: ITopic): void {
    for (const fn of this.byName.values()) {
      fn.bind(resources);
      // A function that throws (a bug, an outage) reaches a person, not only the logs.
      addAlarm(this.scope, `${fn.name}-errors`, alarms, {
        description: `${fn.name} failed invocations in the last 5 minutes (see its log group).`,
        metric: fn.fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      });
    }
  }
}

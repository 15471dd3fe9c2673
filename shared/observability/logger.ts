/** Severity of a log line, lowest first. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** A structured JSON logger; callers pass only masked personal data (see `mask.ts`). */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * Creates a JSON-lines logger writing to stdout, the format CloudWatch Logs indexes.
 *
 * @example
 * const log = createLogger('receive-webhook', 'info');
 * log.info('stored', { channel: 'shopify' });
 */
export function createLogger(service: string, level: LogLevel = 'info'): Logger {
  const write = (lineLevel: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (order[lineLevel] < order[level]) return;
    const line = { level: lineLevel, service, message, time: new Date().toISOString(), ...fields };
    process.stdout.write(`${JSON.stringify(line, errorReplacer)}\n`);
  };
  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message };
  return value;
}

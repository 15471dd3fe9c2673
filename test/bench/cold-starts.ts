import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { bundledFiles, esbuildOptions, functionBundling } from '../../infra/constructs/function-bundling';
import { boundVariables, type FunctionName, functionBindings } from '../../shared/config/function-bindings';

/** One function's bundle and how long a fresh process takes to import it. */
export interface ColdStart {
  name: string;
  bytes: number;
  medianImportMs: number;
  /** Against the bare handler that only imports the DynamoDB client, bundled the same way. */
  ratio: number;
}

const baseline = 'bare-dynamodb-client';

/**
 * Bundles every function exactly as the stack does (`functionBundling`), plus a bare handler
 * that only imports the DynamoDB client, into a folder outside the project; then imports each
 * bundle in `runs` fresh Node processes, interleaved so that drift hits every bundle alike, with
 * the environment the stack sets (including `NODE_OPTIONS=--enable-source-maps`).
 *
 * @example
 * for (const cold of await coldStarts(7)) console.log(cold.name, cold.ratio);
 */
export async function coldStarts(runs = 7): Promise<ColdStart[]> {
  const outdir = mkdtempSync(join(tmpdir(), 'rapport-bench-bundles-'));
  try {
    const entries: Record<string, string> = {
      [baseline]: join(import.meta.dirname, 'bare-dynamodb-handler.ts'),
    };
    for (const name of readdirSync('functions').sort()) {
      if (existsSync(`functions/${name}/handler.ts`)) entries[name] = `functions/${name}/handler.ts`;
    }
    for (const [name, entry] of Object.entries(entries)) {
      await build({
        entryPoints: [entry],
        outfile: join(outdir, name, 'index.mjs'),
        ...esbuildOptions(functionBundling),
      });
      for (const file of bundledFiles) copyFileSync(file.from, join(outdir, name, file.to));
    }
    const samples: Record<string, number[]> = Object.fromEntries(
      Object.keys(entries).map((name) => [name, []]),
    );
    for (let run = 0; run < runs; run += 1) {
      for (const name of Object.keys(entries))
        samples[name]?.push(importMs(join(outdir, name, 'index.mjs'), name));
    }
    const median = (values: number[]) =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    const base = median(samples[baseline] ?? []);
    return Object.keys(entries).map((name) => ({
      name,
      bytes: statSync(join(outdir, name, 'index.mjs')).size,
      medianImportMs: median(samples[name] ?? []),
      ratio: median(samples[name] ?? []) / base,
    }));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function importMs(file: string, name: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: tmpdir(),
    env: { PATH: process.env.PATH ?? '', ...environmentOf(name), NODE_OPTIONS: '--enable-source-maps' },
    encoding: 'utf8',
  });
  const ms = Number(result.stdout);
  if (result.status !== 0 || !Number.isFinite(ms))
    throw new Error(`importing ${name} failed: ${result.stderr}`);
  return ms;
}

/** Values of the settings whose format is checked at cold start; other variables get a placeholder. */
const placeholders: Record<string, string> = {
  RECEIVER_FUNCTIONS: '{}',
  PUBLIC_BASE_URL: 'https://example.execute-api.us-east-1.amazonaws.com',
  BASE_CURRENCY: 'USD',
  LOG_LEVEL: 'info',
  ABANDONED_CHECKOUT_AFTER: 'PT1H',
  CURRENCY_RATES: '',
  SHARED_IDENTITIES: 'phone:+14155550100',
  DEFAULT_PHONE_REGION: 'US',
  ALLOW_LOOPBACK_DESTINATIONS: 'false',
  ALERT_EMAIL_FROM: 'alerts@shop.example',
  SES_CONFIGURATION_SET: '',
  EMAIL_OUTBOX_DIR: '',
  QUARANTINE_RETENTION: 'P30D',
  UNPUBLISHABLE_RECORDS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/relay-unpublishable',
};

/** Placeholder values for every variable the stack sets on the function, so its settings parse. */
function environmentOf(name: string): Record<string, string> {
  const env: Record<string, string> = { AWS_REGION: 'us-east-1' };
  const binding = functionBindings[name as FunctionName];
  if (!binding) return env;
  for (const variable of boundVariables(binding)) {
    env[variable] = placeholders[variable] ?? `bench-${variable.toLowerCase()}`;
  }
  return env;
}

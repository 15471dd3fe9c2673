import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { App } from 'aws-cdk-lib';
import { addRapport } from '../../infra/add-rapport';

const root = join(import.meta.dirname, '..', '..');
// This file too: how it synthesizes is part of what it produces.
const inputs = [
  'infra',
  'functions',
  'shared',
  'package-lock.json',
  'cdk.json',
  'tsconfig.json',
  'test/helpers/synthesized-stack.ts',
  'web/src',
  'web/index.html',
  'web/vite.config.ts',
];

/**
 * Synthesizes the stack (bundling every function as `cdk deploy` uploads it) once per version of
 * the sources: the infra tests and the artifact tests read the same cloud assembly. It is written
 * outside the project, so a bundle that still needed `node_modules` would fail to import.
 *
 * @example
 * const dir = synthesizeOnce(); // /tmp/rapport-cdk-out/<hash>
 */
export function synthesizeOnce(): string {
  const parent = join(tmpdir(), 'rapport-cdk-out');
  const dir = join(parent, sourceHash());
  const done = join(dir, '.complete');
  // The stack uploads the built dashboard (as `npm run deploy` builds it first): a test that
  // synthesizes a stack of its own needs it too, even when this assembly is reused (from a run in
  // another clone of the same sources).
  if (existsSync(done)) {
    if (!existsSync(join(root, 'web', 'dist', 'index.html'))) buildDashboard();
    return dir;
  }
  // Assemblies of other versions of the sources are not needed again.
  if (existsSync(parent))
    for (const old of readdirSync(parent)) rmSync(join(parent, old), { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  buildDashboard();
  // The metadata the cdk CLI enables: each resource's construct path and asset folder.
  const app = new App({
    outdir: dir,
    context: { 'aws:cdk:enable-path-metadata': true, 'aws:cdk:enable-asset-metadata': true },
  });
  // The operator's settings a deployment would be given (the alert sender is verified in SES).
  addRapport(app, { baseCurrency: 'USD', alertEmailFrom: 'alerts@shop.example' });
  app.synth();
  writeFileSync(done, new Date().toISOString());
  return dir;
}

function buildDashboard(): void {
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      join(root, 'web', 'vite.config.ts'),
      '--logLevel',
      'warn',
    ],
    { cwd: root, stdio: 'inherit' },
  );
}

function sourceHash(): string {
  const hash = createHash('sha256');
  const visit = (path: string) => {
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) visit(join(path, name));
      return;
    }
    hash.update(relative(root, path)).update('\0').update(readFileSync(path)).update('\0');
  };
  for (const input of inputs) visit(join(root, input));
  return hash.digest('hex').slice(0, 16);
}

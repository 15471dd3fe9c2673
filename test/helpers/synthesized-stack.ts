import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
// This file too: how it synthesizes is part of what it produces.
const inputs = [
  'infra',
  'functions',
  'shared',
  'package.json',
  'package-lock.json',
  'cdk.json',
  'tsconfig.json',
  'test/helpers/synthesized-stack.ts',
  'web/src',
  'web/index.html',
  'web/vite.config.ts',
];

/**
 * The account the tests' synthesis runs as. The CDK CLI hands a user's app the account of their
 * credentials and their configured region, so the assembly the tests read is synthesized with a
 * concrete account and region too, never environment-agnostic.
 */
export const synthAccount = '123456789012';
/** The region of the assembly the infra and artifact tests read. */
export const synthRegion = 'us-east-1';

/** What one `cdk synth` through the CLI left behind. */
export interface CliSynthesis {
  outdir: string;
  /** 0 when the CLI succeeded. */
  exitCode: number;
  /** What the CLI printed (stdout and stderr): cdk-nag findings, errors. */
  output: string;
}

/**
 * Synthesizes the stack the way a user's `npm run synth` does (the same script: the dashboard
 * build, then the real CDK CLI with `cdk.json`), with a concrete account and region, once per
 * version of the sources; the infra tests and the artifact tests read this cloud assembly. It is
 * written outside the project, so a bundle that still needed `node_modules` would fail to import.
 * Throws with the CLI's output when synthesis fails.
 *
 * @example
 * const dir = synthesizeOnce(); // /tmp/rapport-cdk-out/<hash>/us-east-1
 */
export function synthesizeOnce(): string {
  const parent = join(tmpdir(), 'rapport-cdk-out');
  const versionDir = join(parent, sourceHash());
  const dir = join(versionDir, synthRegion);
  const done = join(dir, '.complete');
  if (existsSync(done)) {
    // A test that runs the CLI itself needs the built dashboard, even when this assembly is
    // reused (from an earlier run in this clone).
    if (!existsSync(join(root, 'web', 'dist', 'index.html'))) npmRun(['run', 'build:web']);
    return dir;
  }
  // Assemblies of other versions of the sources are not needed again.
  if (existsSync(parent))
    for (const old of readdirSync(parent)) rmSync(join(parent, old), { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  try {
    npmRun(['run', 'synth', '--', '--no-notices', '--output', dir], cliEnvironment(synthRegion));
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`npm run synth failed:\n${String(stdout ?? '')}${String(stderr ?? '')}`);
  }
  writeFileSync(done, new Date().toISOString());
  return dir;
}

/**
 * Runs `cdk synth` through the CDK CLI (the second half of `npm run synth`; the dashboard is
 * already built) as a user with credentials for `synthAccount` and `region` configured would.
 *
 * @example
 * const { exitCode, output } = await synthesizeWithCli('eu-west-1');
 */
export function synthesizeWithCli(region: string): Promise<CliSynthesis> {
  const outdir = join(tmpdir(), 'rapport-cdk-out', sourceHash(), region);
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [
        join(root, 'node_modules', 'aws-cdk', 'bin', 'cdk'),
        'synth',
        '--quiet',
        '--no-notices',
        '--output',
        outdir,
      ],
      { cwd: root, env: cliEnvironment(region), maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const exitCode = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ outdir, exitCode, output: `${stdout}${stderr}` });
      },
    );
  });
}

/**
 * The environment of a user's shell with credentials: the CLI resolves the region from
 * `AWS_REGION` into `CDK_DEFAULT_REGION`, and keeps `CDK_DEFAULT_ACCOUNT` when it cannot ask STS
 * (there is no AWS here), as it would set it from the credentials' account.
 */
function cliEnvironment(region: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CDK_DEFAULT_ACCOUNT: synthAccount,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    // No instance metadata service to ask for credentials here.
    AWS_EC2_METADATA_DISABLED: 'true',
    // The operator's settings a deployment would be given (the alert sender is verified in SES).
    ALERT_EMAIL_FROM: 'alerts@shop.example',
    // The sender of customers' emails, verified in SES, and Twilio's account and sender.
    MESSAGE_EMAIL_FROM: 'Shop <care@shop.example>',
    TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000000000',
    TWILIO_FROM: '+14155550100',
    BASE_CURRENCY: 'USD',
  };
  for (const name of [
    'ALARM_EMAIL',
    'CURRENCY_RATES',
    'SHARED_IDENTITIES',
    'DEFAULT_PHONE_REGION',
    'SES_CONFIGURATION_SET',
    'WHATSAPP_PHONE_NUMBER_ID',
    'MESSENGER_HUMAN_AGENT',
  ])
    delete env[name];
  return env;
}

function npmRun(args: string[], env: NodeJS.ProcessEnv = process.env): void {
  execFileSync('npm', args, {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
}

function sourceHash(): string {
  // The clone's own path too: the bundles' source maps name the sources relative to the assembly,
  // so an assembly synthesized in another clone of the same sources has other asset hashes.
  const hash = createHash('sha256').update(root).update('\0');
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

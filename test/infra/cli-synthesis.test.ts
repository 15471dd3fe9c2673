import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
  type CliSynthesis,
  synthAccount,
  synthesizeWithCli,
  synthRegion,
} from '../helpers/synthesized-stack';

// us-east-1 is the assembly every infra and artifact test reads (test/helpers/synth-global-setup.ts,
// through `npm run synth`); two more regions as other users would synthesize it.
const otherRegions = ['eu-west-1', 'ap-northeast-1'] as const;
const synthesized = new Map<string, CliSynthesis>();

const templateOf = (outdir: string) => readFileSync(join(outdir, 'Rapport.template.json'), 'utf8');

/**
 * The assembly's template with the region's name put back to us-east-1, and each asset's hash
 * replaced by the hash of the us-east-1 asset with the same files once the region's name is put
 * back (the dashboard's config.json names the regional Cognito domain, so its hash moves).
 */
function asIfInUsEast1(outdir: string, region: string): string {
  const referenceAssets = assetsByNormalizedContent(inject('cdkOut'), synthRegion);
  let template = templateOf(outdir).replaceAll(region, synthRegion);
  for (const [hash, normalized] of assetsByNormalizedContent(outdir, region)) {
    const reference = [...referenceAssets].find(([, content]) => content === normalized)?.[0];
    if (reference && reference !== hash) template = template.replaceAll(hash, reference);
  }
  return template;
}

function assetsByNormalizedContent(outdir: string, region: string): Map<string, string> {
  const assets = new Map<string, string>();
  for (const name of readdirSync(outdir).filter((entry) => entry.startsWith('asset.'))) {
    const digest = createHash('sha256');
    const visit = (path: string) => {
      if (statSync(path).isDirectory()) {
        for (const child of readdirSync(path).sort()) visit(join(path, child));
        return;
      }
      digest.update(relative(join(outdir, name), path)).update('\0');
      digest.update(readFileSync(path, 'latin1').replaceAll(region, synthRegion)).update('\0');
    };
    visit(join(outdir, name));
    assets.set(name.slice('asset.'.length).replace(/\.[a-z]+$/, ''), digest.digest('hex'));
  }
  return assets;
}

// Two full CLI syntheses side by side, each bundling every function: about 4 minutes on a busy
// 2-core machine, which is the project's default hook timeout, so this hook gets twice that.
beforeAll(async () => {
  const runs = await Promise.all(otherRegions.map((region) => synthesizeWithCli(region)));
  for (const [index, region] of otherRegions.entries()) synthesized.set(region, runs[index] as CliSynthesis);
}, 480_000);

describe('cdk synth through the CDK CLI with a concrete account', () => {
  it.each(otherRegions)('succeeds in %s with no unacknowledged cdk-nag finding', (region) => {
    // Act
    const run = synthesized.get(region) as CliSynthesis;

    // Assess
    expect(run.output).not.toContain('ERROR');
    expect(run.output).not.toContain('Synthesis finished with errors');
    expect(run.exitCode).toBe(0);
    const report = JSON.parse(readFileSync(join(run.outdir, 'validation-report.json'), 'utf8'));
    const nag = report.pluginReports.find(
      (plugin: { pluginName: string }) => plugin.pluginName === 'AwsSolutions',
    );
    expect(nag.violations).toEqual([]);
  });

  it.each(otherRegions)(
    'writes a template for %s that differs from us-east-1 only in the region’s name',
    (region) => {
      // Prepare
      const reference = templateOf(inject('cdkOut'));

      // Act
      const template = templateOf((synthesized.get(region) as CliSynthesis).outdir);

      // Assess: the account and region are concrete (as the CLI gives them), and nothing else moves.
      expect(template).toContain(`${region}:${synthAccount}`);
      expect(template).not.toContain(synthRegion);
      expect(asIfInUsEast1((synthesized.get(region) as CliSynthesis).outdir, region)).toEqual(reference);
    },
  );

  it('refuses at synth a region that lacks a service Rapport needs, naming the service', async () => {
    // Act
    const run = await synthesizeWithCli('mx-central-1');

    // Assess
    expect(run.exitCode).not.toBe(0);
    expect(run.output).toContain(
      'Rapport cannot be deployed in mx-central-1: API Gateway HTTP APIs and Amazon SES v2 are not available there.',
    );
  });
});

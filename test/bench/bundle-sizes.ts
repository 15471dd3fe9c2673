import { existsSync, readdirSync } from 'node:fs';
import { build } from 'esbuild';

/**
 * Bundles every function the way the CDK stack does (minified ESM for Node 24, AWS SDK external)
 * and returns each bundle's size in bytes.
 *
 * @example
 * const sizes = await bundleSizes(); // { 'receive-shopify': 612345, ... }
 */
export async function bundleSizes(): Promise<Record<string, number>> {
  const sizes: Record<string, number> = {};
  for (const name of readdirSync('functions').sort()) {
    if (!existsSync(`functions/${name}/handler.ts`)) continue;
    const entry = `functions/${name}/handler.ts`;
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'node',
      target: 'node24',
      mainFields: ['module', 'main'],
      external: ['@aws-sdk/*'],
      write: false,
      logLevel: 'silent',
    });
    sizes[name] = result.outputFiles.reduce((total, file) => total + file.contents.length, 0);
  }
  return sizes;
}

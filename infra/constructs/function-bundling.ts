import { phoneMetadataFile } from '../../shared/config/phone-metadata';

/**
 * How every function is bundled, in esbuild's terms: the CDK construct passes these to
 * `NodejsFunction`, and `npm run bench` bundles with exactly these to measure sizes and cold starts.
 *
 * The AWS SDK is bundled (no external modules), pinned by package-lock.json: the code the
 * artifact tests run is the code that runs in Lambda, whatever SDK the runtime ships; and a
 * bundled, tree-shaken SDK imported faster than the runtime's copy when measured (README).
 *
 * @example
 * await build({ entryPoints: ['functions/relay-events/handler.ts'], ...esbuildOptions(functionBundling) });
 */
export const functionBundling = {
  format: 'esm',
  minify: true,
  sourceMap: true,
  target: 'node24',
  mainFields: ['module', 'main'],
  externalModules: [] as string[],
  // Stack traces stay readable through the maps (NODE_OPTIONS=--enable-source-maps) without the
  // sources inside them: Node parses a function's map at import, and without sources it is a
  // third of the size.
  sourcesContent: false,
  // ESM bundles of CommonJS dependencies need `require` back.
  // (A name of its own, so that bundled code importing `createRequire` does not clash with it.)
  banner:
    "import { createRequire as __bannerCreateRequire } from 'module'; const require = __bannerCreateRequire(import.meta.url);",
} as const;

/**
 * Data files every bundle carries beside its `index.mjs`, copied from the project.
 *
 * @example
 * for (const file of bundledFiles) copyFileSync(file.from, join(outdir, file.to));
 */
export const bundledFiles = [
  { from: 'node_modules/libphonenumber-js/metadata.max.json', to: phoneMetadataFile },
] as const;

/**
 * The same options as esbuild's own `build` options.
 *
 * @example
 * await build({ entryPoints: [entry], outfile, ...esbuildOptions(functionBundling) });
 */
export function esbuildOptions(bundling: typeof functionBundling) {
  return {
    bundle: true,
    platform: 'node' as const,
    format: bundling.format,
    minify: bundling.minify,
    sourcemap: bundling.sourceMap,
    sourcesContent: bundling.sourcesContent,
    target: bundling.target,
    mainFields: [...bundling.mainFields],
    external: [...bundling.externalModules],
    banner: { js: bundling.banner },
    logLevel: 'silent' as const,
  };
}

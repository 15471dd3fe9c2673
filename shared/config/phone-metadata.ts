import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { MetadataJson } from 'libphonenumber-js/core';

/**
 * The file name of libphonenumber's full ("max") metadata beside a function's bundle. The bundle
 * ships it as a JSON file (see `infra/constructs/function-bundling.ts`) instead of compiling
 * 190 KB of object literal into every receiver at cold start: parsed as JSON on the first phone
 * number, it costs a few milliseconds instead of a third of the receiver's import time.
 *
 * @example
 * `${outputDir}/${phoneMetadataFile}`;
 */
export const phoneMetadataFile = 'libphonenumber-metadata.max.json';

let metadata: MetadataJson | undefined;

/**
 * libphonenumber's full metadata: from the file beside the bundle in Lambda, from the package
 * itself when running from source (`npm start`, tests).
 *
 * @example
 * parsePhoneNumberFromString('+14155550123', phoneMetadata());
 */
export function phoneMetadata(): MetadataJson {
  metadata ??= JSON.parse(readFileSync(metadataLocation(), 'utf8')) as MetadataJson;
  return metadata;
}

function metadataLocation(): URL | string {
  const beside = new URL(`./${phoneMetadataFile}`, import.meta.url);
  if (existsSync(beside)) return beside;
  return createRequire(import.meta.url).resolve('libphonenumber-js/metadata.max.json');
}

import { writeFileSync } from 'node:fs';
import { storefrontEventJsonSchema } from '../shared/http/openapi';

/** `npm run docs`: regenerates the published JSON Schema of the storefront event from its zod schema. */
writeFileSync(
  'docs/storefront-event.schema.json',
  `${JSON.stringify(storefrontEventJsonSchema(), null, 2)}\n`,
);
process.stdout.write('wrote docs/storefront-event.schema.json\n');

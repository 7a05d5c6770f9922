// Regenerates schema/prodrisk.schema.json from the zod config schema (run after `npm run build`).
import { writeFileSync } from 'node:fs';
import { configJsonSchema } from '../dist/src/core/config.js';

const schema = { $id: 'https://github.com/prodrisk/prodrisk/blob/main/schema/prodrisk.schema.json', title: 'prodrisk configuration (.github/prodrisk.yml)', ...configJsonSchema() };
writeFileSync('schema/prodrisk.schema.json', `${JSON.stringify(schema, null, 2)}\n`);

// Writes <outDir>/cli.js, the `prodrisk` bin and the entry the corpus scorer runs (outDir defaults to dist).
import { chmodSync, writeFileSync } from 'node:fs';
const outDir = process.argv[2] ?? 'dist';
writeFileSync(`${outDir}/cli.js`, "#!/usr/bin/env node\nimport './src/cli/main.js';\n");
chmodSync(`${outDir}/cli.js`, 0o755);

// Writes dist/cli.js, the `prodrisk` bin and the entry the corpus scorer runs.
import { chmodSync, writeFileSync } from 'node:fs';
writeFileSync('dist/cli.js', "#!/usr/bin/env node\nimport './src/cli/main.js';\n");
chmodSync('dist/cli.js', 0o755);

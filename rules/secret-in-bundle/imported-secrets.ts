// A browser module that imports a server module which reads a server secret: the import line pulls the secret's
// read into the bundle (undefined there, until someone "fixes" it with a public prefix). Supabase admin clients
// are left to rls-bypass; "use server" modules are the right way to call the server and are fine to import.
import type { RuleContext } from '../../src/core/rule.js';
import { exposedPrefix, secretEnvName } from '../_secrets/secret-names.js';
import { resolveSpecifier } from './client-importers.js';
import { leadingDirective } from '../../src/core/classify.js';
import { envReadsOnLine } from './env-references.js';

export interface ImportedSecret {
  /** The import line in the browser module. */
  line: number;
  module: string;
  name: string;
  reason: string;
  /** Where the imported module reads it. */
  readLine: number;
}

const STATIC_IMPORT = /^\s*(?:import|export)\s+(?!type\s)[^'"]*?from\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]/;
const EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '/index.ts', '/index.tsx', '/index.js'];
const SERVER_MODULE = /^\s*import\s+['"]server-only['"]|from\s+['"]@supabase\//m;

/** Server secrets read by the local modules that changed import lines bring in. */
export async function importedServerSecrets(context: RuleContext<string>, lines: readonly string[], changed: readonly number[]): Promise<ImportedSecret[]> {
  const found: ImportedSecret[] = [];
  let repositoryFiles: ReadonlySet<string> | undefined;
  for (const line of changed) {
    const match = STATIC_IMPORT.exec(lines[line - 1] ?? '');
    const specifier = match?.[1] ?? match?.[2];
    if (!specifier || !/^(\.|@\/|~\/|src\/)/.test(specifier)) continue;
    repositoryFiles ??= await context.fileSet();
    const target = resolveSpecifier(context.file.path, specifier)
      .flatMap((base) => [base, ...EXTENSIONS.map((extension) => base + extension)])
      .find((candidate) => repositoryFiles!.has(candidate) && /\.[cm]?[jt]sx?$/.test(candidate));
    if (!target) continue;
    const text = await context.readFile(target);
    if (text === undefined || SERVER_MODULE.test(text) || leadingDirective(text) === 'server') continue;
    const moduleLines = text.split('\n');
    for (let index = 0; index < moduleLines.length; index++) {
      const read = envReadsOnLine(moduleLines[index]!).find((item) => !exposedPrefix(item.name) && secretEnvName(item.name));
      if (!read) continue;
      found.push({ line, module: target, name: read.name, reason: secretEnvName(read.name)!.reason, readLine: index + 1 });
      break;
    }
  }
  return found;
}

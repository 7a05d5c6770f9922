// Which "use client" module imports a file (directly or through one more module): that makes the file
// browser code too. Looks at the change's own files (already read) and, in a small repository, at every script
// (read once per review, only when a rule asks): reading thousands of blobs through git or the GitHub API
// would cost more than the answer is worth.
import type { RuleContext } from '../../src/core/rule.js';
import type { ChangeSet } from '../../src/core/types.js';
import { leadingDirective } from '../../src/core/classify.js';

interface ModuleInfo {
  path: string;
  useClient: boolean;
  /** Import specifiers with the line they are on. */
  imports: Array<{ specifier: string; line: number }>;
}

/** Above this many scripts, only the change's own files are searched. */
const MAX_REPOSITORY_SCRIPTS = 300;
const SCRIPT = /\.(ts|tsx|js|jsx|mjs|cjs)$/;
const SKIP = /(^|\/)(node_modules|dist|build|\.next|out|coverage)\/|\.d\.ts$|\.(test|spec)\./;
const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;

const cache = new WeakMap<ChangeSet, Promise<ModuleInfo[]>>();

function moduleInfo(path: string, text: string): ModuleInfo {
  const imports: ModuleInfo['imports'] = [];
  for (const match of text.matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2] ?? match[3];
    if (specifier && (specifier.startsWith('.') || specifier.startsWith('@/') || specifier.startsWith('~/') || specifier.startsWith('src/'))) {
      imports.push({ specifier, line: text.slice(0, match.index).split('\n').length });
    }
  }
  return { path, useClient: leadingDirective(text) === 'client', imports };
}

async function repositoryModules(context: RuleContext<string>): Promise<ModuleInfo[]> {
  const known = cache.get(context.changeSet);
  if (known) return known;
  const loading = (async () => {
    const modules = new Map<string, ModuleInfo>();
    for (const changed of context.changeSet.files) {
      if (changed.headText !== undefined && SCRIPT.test(changed.path)) modules.set(changed.path, moduleInfo(changed.path, changed.headText));
    }
    const paths = (await context.listFiles()).filter((path) => SCRIPT.test(path) && !SKIP.test(path));
    if (paths.length <= MAX_REPOSITORY_SCRIPTS) {
      for (const path of paths) {
        if (modules.has(path)) continue;
        const text = await context.readFile(path);
        if (text !== undefined && text.length < 300_000) modules.set(path, moduleInfo(path, text));
      }
    }
    return [...modules.values()];
  })();
  cache.set(context.changeSet, loading);
  return loading;
}

/** The path an import specifier points at, without extension (`@/` and `~/` read as the root or `src/`). */
export function resolveSpecifier(fromPath: string, specifier: string): string[] {
  const stripped = specifier.replace(/\.[cm]?[jt]sx?$/, '');
  if (stripped.startsWith('@/') || stripped.startsWith('~/')) return [stripped.slice(2), `src/${stripped.slice(2)}`];
  if (stripped.startsWith('src/')) return [stripped];
  const parts = fromPath.split('/').slice(0, -1);
  for (const part of stripped.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.') parts.push(part);
  }
  return [parts.join('/')];
}

function importsTarget(module: ModuleInfo, target: string): number | undefined {
  const bare = target.replace(/\.[cm]?[jt]sx?$/, '');
  const asIndex = bare.replace(/\/index$/, '');
  for (const item of module.imports) {
    if (resolveSpecifier(module.path, item.specifier).some((resolved) => resolved === bare || resolved === asIndex)) return item.line;
  }
  return undefined;
}

export interface ClientImporter {
  /** The "use client" module. */
  path: string;
  /** Its import line. */
  line: number;
  /** The module in between, when the import is indirect. */
  through?: string;
}

/** The "use client" module that imports `path` (directly or via one module in between), if any. */
export async function clientImporterOf(context: RuleContext<string>, path: string): Promise<ClientImporter | undefined> {
  const modules = await repositoryModules(context);
  const direct = modules.filter((module) => module.path !== path && importsTarget(module, path) !== undefined);
  const client = direct.find((module) => module.useClient);
  if (client) return { path: client.path, line: importsTarget(client, path)! };
  for (const middle of direct) {
    context.checkBudget();
    const outer = modules.find((module) => module.useClient && importsTarget(module, middle.path) !== undefined);
    if (outer) return { path: outer.path, line: importsTarget(outer, middle.path)!, through: middle.path };
  }
  return undefined;
}

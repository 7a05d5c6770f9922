// Which code ends up in the browser, and which module an import points at. Refines the path-based roles:
// app-router pages and layouts are server components unless they say "use client"; a component without the directive
// is browser code when it uses hooks or event handlers; a Vite/CRA/Expo app ships everything outside server folders.
import picomatch from 'picomatch';
import { ts } from 'ts-morph';
import type { Config } from '../../src/core/config.js';
import { leadingDirective } from '../../src/core/classify.js';
import type { FileRole } from '../../src/core/types.js';

export interface ClientReason {
  line: number;
  note: string;
}

const APP_ROUTER_SERVER_FILE = /(^|\/)app\/(.*\/)?(page|layout|template|default|not-found|loading|route|opengraph-image|sitemap)\.[cm]?[jt]sx?$/;
const PAGES_API = /(^|\/)pages\/api\//;
const PAGES_PAGE = /(^|\/)pages\/(?!api\/)/;
const HOOK_FILE = /(^|\/)(hooks\/[^/]+|use[A-Z]\w*\.[jt]sx?)$/;
const SERVER_DIR = /(^|\/)(api|server|servers|backend|routes|routers|controllers|handlers|services|middlewares?|actions|trpc|supabase\/functions|functions|workers?|jobs|webhooks?|scripts|prisma|db|database|migrations?)\//;
const BROWSER_ONLY_CODE = /\b(useState|useEffect|useReducer|useQuery|useMutation|useSWR|useContext|useRef|useRouter|window\.|document\.|localStorage)\b|\son[A-Z]\w*=\{/;

export interface ProjectShape {
  files: string[];
  packageText: string;
}

function lineOfText(text: string, pattern: RegExp): number {
  const index = text.search(pattern);
  return index === -1 ? 1 : text.slice(0, index).split('\n').length;
}

/** Why this file runs in the browser, or undefined when it does not (or we cannot tell). */
export function clientReason(path: string, text: string, roles: ReadonlySet<FileRole>, config: Config, project: ProjectShape): ClientReason | undefined {
  if (roles.has('test') || /\.(server|test|spec)\.[cm]?[jt]sx?$/.test(path)) return undefined;
  if (/^\s*import\s+['"]server-only['"]/m.test(text)) return undefined;
  const directive = leadingDirective(text);
  if (directive === 'client') return { line: lineOfText(text, /['"]use client['"]/), note: '"use client" module: bundled into the browser' };
  if (directive === 'server') return undefined;
  if (config.serverPaths.length > 0 && picomatch.isMatch(path, config.serverPaths, { dot: true })) return undefined;
  if (config.clientPaths.length > 0 && picomatch.isMatch(path, config.clientPaths, { dot: true })) return { line: 1, note: 'matches config.clientPaths' };
  if (PAGES_API.test(path) || APP_ROUTER_SERVER_FILE.test(path) || SERVER_DIR.test(path)) return undefined;
  if (HOOK_FILE.test(path)) return { line: 1, note: 'React hook module: runs in the browser' };
  if (PAGES_PAGE.test(path) && /\.[jt]sx?$/.test(path)) return { line: 1, note: 'pages-router page: bundled into the browser' };
  const usesBrowser = BROWSER_ONLY_CODE.test(text);
  if (roles.has('client') && usesBrowser) return { line: lineOfText(text, BROWSER_ONLY_CODE), note: 'component using hooks or event handlers: runs in the browser' };
  if (isSinglePageApp(project) && !roles.has('server') && /(^|\/)src\//.test(path)) return { line: 1, note: 'browser app (Vite/CRA/Expo): every module under src/ is bundled' };
  return undefined;
}

function isSinglePageApp(project: ProjectShape): boolean {
  return /"(vite|react-scripts|expo|@vitejs\/[\w-]+)"\s*:/.test(project.packageText) && !/"(next|express|fastify|hono|@nestjs\/core|@remix-run\/node|@sveltejs\/kit|nuxt)"\s*:/.test(project.packageText);
}

/** A pages-router page's getServerSideProps/getStaticProps run on the server only. */
export function insideServerDataFunction(node: ts.Node): boolean {
  for (let current: ts.Node | undefined = node; current; current = current.parent) {
    const name = ts.isFunctionDeclaration(current) ? current.name?.text : ts.isVariableDeclaration(current) && ts.isIdentifier(current.name) ? current.name.text : undefined;
    if (name && /^(getServerSideProps|getStaticProps|getStaticPaths|getInitialProps|loader|action)$/.test(name)) return true;
  }
  return false;
}

/** Every use of `name` in the file (not its import or declaration) is inside a server data function. */
export function usedOnlyOnServer(file: ts.SourceFile, name: string): boolean {
  let uses = 0;
  let serverUses = 0;
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === name && !ts.isImportSpecifier(node.parent) && !ts.isImportClause(node.parent) && !(ts.isVariableDeclaration(node.parent) && node.parent.name === node)) {
      uses++;
      if (insideServerDataFunction(node)) serverUses++;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return uses > 0 && uses === serverUses;
}

const EXTENSIONS = ['', '.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '/index.ts', '/index.tsx', '/index.js', '/index.jsx'];

/** The repository file an import specifier points at (relative, `@/`, `~/`, `src/` aliases), if it exists. */
export function resolveImport(fromPath: string, specifier: string, files: ReadonlySet<string>): string | undefined {
  let bases: string[];
  if (specifier.startsWith('.')) {
    const directory = fromPath.split('/').slice(0, -1);
    bases = [normalise([...directory, ...specifier.split('/')])];
  } else if (/^[@~#]\//.test(specifier)) {
    const rest = specifier.slice(2);
    const root = fromPath.match(/^(.*?\/)?(src|app|apps\/[^/]+\/src|apps\/[^/]+|packages\/[^/]+\/src)\//)?.[1] ?? '';
    bases = [rest, `src/${rest}`, `${root}${rest}`, `${root}src/${rest}`];
  } else if (/^(src|lib|utils|components|hooks)\//.test(specifier)) {
    bases = [specifier];
  } else return undefined;
  for (const base of bases) {
    for (const extension of EXTENSIONS) {
      const candidate = base.replace(/\.js$/, '') + extension;
      if (files.has(candidate)) return candidate;
      if (files.has(base + extension)) return base + extension;
    }
  }
  return undefined;
}

function normalise(parts: string[]): string {
  const out: string[] = [];
  for (const part of parts) {
    if (part === '..') out.pop();
    else if (part !== '.' && part !== '') out.push(part);
  }
  return out.join('/');
}

export interface ImportBinding {
  local: string;
  imported: string;
  specifier: string;
  line: number;
}

export function importBindings(file: ts.SourceFile): ImportBinding[] {
  const bindings: ImportBinding[] = [];
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier) || statement.importClause?.isTypeOnly) continue;
    const specifier = statement.moduleSpecifier.text;
    const line = file.getLineAndCharacterOfPosition(statement.getStart(file)).line + 1;
    const clause = statement.importClause;
    if (clause?.name) bindings.push({ local: clause.name.text, imported: 'default', specifier, line });
    const named = clause?.namedBindings;
    if (named && ts.isNamedImports(named)) {
      for (const element of named.elements) {
        if (element.isTypeOnly) continue;
        bindings.push({ local: element.name.text, imported: (element.propertyName ?? element.name).text, specifier, line });
      }
    } else if (named && ts.isNamespaceImport(named)) bindings.push({ local: named.name.text, imported: '*', specifier, line });
  }
  return bindings;
}

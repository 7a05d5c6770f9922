// Guards that live outside the handler's file: Next.js middleware.ts, the file that mounts an Express router,
// NestJS global guards, the tRPC setup file. Read through the rule context (the ChangeSource), once per review.
import { posix } from 'node:path';
import { ts } from 'ts-morph';
import type { RuleContext } from '../../src/core/rule.js';
import type { Version } from '../../src/core/types.js';
import { calleeName, excerpt, functionArgument, hasDefaultModifier, hasExportModifier, isFunctionLike, lineOf, localFunctions, stringValue, unwrapExpression, walk } from './ast.js';
import { guardsInBody, middlewareGuard, type Guard, type GuardContext } from './guards.js';
import { findHandlers, guardContext } from './handlers.js';
import { isAuthMiddlewareText } from './names.js';
import { prefixCovers } from './routes.js';
import { importSourceOf, procedureLevels, type ProcedureLevel } from './trpc.js';

type Context = RuleContext<string>;

export interface NextMiddleware {
  path: string;
  /** It authenticates (next-auth/Clerk/Auth.js middleware, or a redirect / 401 for callers without a session). */
  auth: boolean;
  authLine: number;
  /** `config.matcher` patterns; undefined = every path. */
  matchers?: string[];
  matcherLine?: number;
}

/** `middleware.ts` at a Next.js app root (the repo root, `src/`, or `apps/web/` in a monorepo). */
export const NEXT_MIDDLEWARE_PATH = /(^|\/)(src\/)?middleware\.[cm]?[jt]s$/;

/** The folder a Next.js app lives in, from one of its files: '' at the repo root, `apps/web/` in a monorepo. */
function nextAppRoot(path: string): string {
  const match = /^(.*?)(src\/)?(app|pages)\//.exec(path);
  return match?.[1] ?? '';
}
const AUTH_MODULE = /next-auth\/middleware|@clerk\/nextjs|@auth\/|^@\/auth$|\/auth$|@kinde-oss|@workos-inc|supabase/;
const AUTH_REDIRECT = /redirect\([^)]*(login|sign-?in|auth|unauthori[sz]ed)|status:\s*40[13]|\b40[13]\b/i;

export async function readNextMiddleware(context: Context, version: Version): Promise<NextMiddleware | undefined> {
  const root = nextAppRoot(context.file.path);
  const path = (await context.listFiles(version))
    .filter((file) => NEXT_MIDDLEWARE_PATH.test(file) && !file.includes('node_modules/'))
    .map((file) => ({ file, root: file.replace(NEXT_MIDDLEWARE_PATH, '$1') }))
    .filter((candidate) => root.startsWith(candidate.root))
    .sort((a, b) => b.root.length - a.root.length)[0]?.file;
  if (!path) return undefined;
  const sourceFile = (await context.parseFile(path, version))?.compilerNode;
  return sourceFile ? describeMiddleware(path, sourceFile, context.config.authGuards) : undefined;
}

export function describeMiddleware(path: string, sourceFile: ts.SourceFile, extra: readonly string[]): NextMiddleware {
  const info: NextMiddleware = { path, auth: false, authLine: 1 };
  const guardContext: GuardContext = { sourceFile, extra, locals: localFunctions(sourceFile) };
  for (const statement of sourceFile.statements) {
    const line = lineOf(statement, sourceFile);
    if (ts.isExportDeclaration(statement) && statement.moduleSpecifier) {
      const from = stringValue(statement.moduleSpecifier) ?? '';
      const text = statement.getText(sourceFile);
      if (/\bdefault\b|\bmiddleware\b/.test(text) && (AUTH_MODULE.test(from) || /\bauth\b/.test(text))) markAuth(info, line);
    } else if (ts.isExportAssignment(statement)) {
      const value = unwrapExpression(statement.expression);
      if (ts.isCallExpression(value) && middlewareIsAuth(value, sourceFile, guardContext)) markAuth(info, line);
      if (ts.isIdentifier(value)) {
        const local = guardContext.locals.get(value.text);
        if (local && functionAuthenticates(local, sourceFile, guardContext)) markAuth(info, line);
      }
    } else if (ts.isFunctionDeclaration(statement) && hasExportModifier(statement) && (statement.name?.text === 'middleware' || hasDefaultModifier(statement))) {
      const guardLine = authenticatingLine(statement, sourceFile, guardContext);
      if (guardLine !== undefined) markAuth(info, guardLine);
    } else if (ts.isVariableStatement(statement) && hasExportModifier(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const name = declaration.name.getText(sourceFile);
        const init = declaration.initializer ? unwrapExpression(declaration.initializer) : undefined;
        if (!init) continue;
        if (name === 'middleware' && ((isFunctionLike(init) && functionAuthenticates(init, sourceFile, guardContext)) || (ts.isCallExpression(init) && middlewareIsAuth(init, sourceFile, guardContext)))) {
          markAuth(info, line);
        }
        if (name === 'config' && ts.isObjectLiteralExpression(init)) readMatcher(info, init, sourceFile);
      }
    }
  }
  return info;
}

function markAuth(info: NextMiddleware, line: number): void {
  if (!info.auth) info.authLine = line;
  info.auth = true;
}

/** The line of the check that stops callers without a session, or undefined when the function has none. */
function authenticatingLine(fn: ts.Node, sourceFile: ts.SourceFile, context: GuardContext): number | undefined {
  if (!isFunctionLike(fn) || !fn.body) return undefined;
  const guard = guardsInBody(fn, context).find((item) => item.auth);
  if (guard) return guard.line;
  let line: number | undefined;
  walk(fn.body, (node) => {
    if (line === undefined && (ts.isIfStatement(node) || ts.isReturnStatement(node)) && AUTH_REDIRECT.test(node.getText(sourceFile))) line = lineOf(node, sourceFile);
  });
  return line;
}

function functionAuthenticates(fn: ts.Node, sourceFile: ts.SourceFile, context: GuardContext): boolean {
  return authenticatingLine(fn, sourceFile, context) !== undefined;
}

function middlewareIsAuth(call: ts.CallExpression, sourceFile: ts.SourceFile, context: GuardContext): boolean {
  const name = calleeName(call) ?? '';
  const text = call.getText(sourceFile);
  if (name === 'clerkMiddleware') return /protect\(/.test(text);
  if (/^(withAuth|auth|authMiddleware|withMiddlewareAuthRequired|withClerkMiddleware|NextAuth)$/.test(name) || isAuthMiddlewareText(name, context.extra)) return true;
  const fn = functionArgument(call.arguments);
  return fn !== undefined && functionAuthenticates(fn, sourceFile, context);
}

function readMatcher(info: NextMiddleware, config: ts.ObjectLiteralExpression, sourceFile: ts.SourceFile): void {
  for (const property of config.properties) {
    if (!ts.isPropertyAssignment(property) || property.name.getText(sourceFile) !== 'matcher') continue;
    info.matcherLine = lineOf(property, sourceFile);
    const value = unwrapExpression(property.initializer);
    const items = ts.isArrayLiteralExpression(value) ? [...value.elements] : [value];
    info.matchers = items.flatMap((item) => {
      const direct = stringValue(item);
      if (direct !== undefined) return [direct];
      if (ts.isObjectLiteralExpression(item)) {
        const source = item.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText(sourceFile) === 'source');
        const text = stringValue(source?.initializer);
        if (text !== undefined) return [text];
      }
      return ['/:path*'];
    });
  }
}

/** A Next.js matcher (`/dashboard/:path*`, `/((?!_next).*)`) as a RegExp; undefined when it is not understood. */
export function matcherRegex(pattern: string): RegExp | undefined {
  const converted = pattern.replace(/\/:(\w+)(\*|\+|\?)?/g, (_whole, _name: string, modifier: string | undefined) =>
    modifier === '*' ? '(?:/.*)?' : modifier === '+' ? '(?:/.+)' : modifier === '?' ? '(?:/[^/]+)?' : '/[^/]+',
  );
  try {
    return new RegExp(`^${converted}/?$`);
  } catch {
    return undefined;
  }
}

/** A concrete URL for a route path with dynamic segments: `/projects/[id]` → `/projects/x1`. */
export function samplePath(routePath: string): string {
  return routePath.replace(/\[\[?\.\.\.\w+\]\]?/g, 'a/b').replace(/\[\w+\]/g, 'x1').replace(/\/:(\w+)[*+?]?/g, '/x1');
}

export function middlewareCovers(middleware: NextMiddleware | undefined, routePath: string | undefined): boolean {
  if (!middleware?.auth || routePath === undefined) return false;
  if (!middleware.matchers) return true;
  const sample = samplePath(routePath);
  return middleware.matchers.some((pattern) => matcherRegex(pattern)?.test(sample) ?? true);
}

/** `routePath`: the handler's own URL path, or for a framework mounted in a Next.js route file, that file's path. */
export function nextMiddlewareGuard(middleware: NextMiddleware | undefined, routePath: string | undefined): Guard | undefined {
  if (!routePath || !middlewareCovers(middleware, routePath)) return undefined;
  const line = middleware!.matcherLine ?? middleware!.authLine;
  return { kind: 'middleware-file', name: middleware!.path, auth: true, role: false, line, endLine: line, text: middleware!.path };
}

const ENTRY_FILE = /(^|\/)(app|server|index|main|routes|router|api|bootstrap|routes\/index|app\.module|[\w-]+\.module)\.[cm]?[jt]s$/;
const MAX_CONTEXT_FILES = 60;

/** Context files matching `pattern`, nearest to the file under review first (same top folder, then shallow). */
async function candidateFiles(context: Context, version: Version, pattern: RegExp): Promise<string[]> {
  const files = await context.listFiles(version);
  const top = context.file.path.split('/')[0];
  const rank = (file: string) => (file.split('/')[0] === top ? 0 : 100) + file.split('/').length;
  return files
    .filter((file) => pattern.test(file) && !/node_modules|(^|\/)(test|tests|__tests__)\//.test(file))
    .sort((a, b) => rank(a) - rank(b))
    .slice(0, MAX_CONTEXT_FILES);
}

/** Guards of the `app.use('/prefix', …, router)` that mounts this file's router, plus earlier app-wide `use(auth)`. */
export async function mountGuards(context: Context, routerPath: string, version: Version): Promise<Guard[]> {
  const target = routerPath.replace(/\.[cm]?[jt]sx?$/, '').replace(/\/index$/, '');
  const guards: Guard[] = [];
  for (const file of await candidateFiles(context, version, ENTRY_FILE)) {
    if (file === routerPath) continue;
    context.checkBudget();
    const text = await context.readFile(file, version);
    const stem = posix.basename(target);
    if (!text?.includes(stem)) continue;
    const sourceFile = (await context.parseFile(file, version))?.compilerNode;
    if (!sourceFile) continue;
    const localName = importedNameOf(sourceFile, file, target);
    if (localName) guards.push(...mountCallGuards(sourceFile, localName, context.config.authGuards));
  }
  return guards;
}

function importedNameOf(sourceFile: ts.SourceFile, file: string, target: string): string | undefined {
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !statement.importClause) continue;
    const spec = stringValue(statement.moduleSpecifier) ?? '';
    const resolved = spec.startsWith('.') ? posix.normalize(posix.join(posix.dirname(file), spec)) : spec.replace(/^[@~]\//, '');
    const stripped = resolved.replace(/\.[cm]?[jt]sx?$/, '').replace(/\/index$/, '');
    if (stripped !== target && !target.endsWith(`/${stripped}`)) continue;
    const clause = statement.importClause;
    if (clause.name) return clause.name.text;
    if (clause.namedBindings && ts.isNamedImports(clause.namedBindings)) return clause.namedBindings.elements[0]?.name.text;
  }
  return undefined;
}

function mountCallGuards(sourceFile: ts.SourceFile, localName: string, extra: readonly string[]): Guard[] {
  const context: GuardContext = { sourceFile, extra, locals: localFunctions(sourceFile) };
  const uses: Array<{ receiver: string; position: number; prefix?: string; args: readonly ts.Expression[]; mounts: boolean }> = [];
  walk(sourceFile, (node) => {
    if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return;
    const name = node.expression.name.text;
    if (name !== 'use' && name !== 'route' && name !== 'register' && name !== 'addHook') return;
    const receiver = node.expression.expression.getText(sourceFile);
    const prefix = stringValue(node.arguments[0]);
    const mounts = node.arguments.some((arg) => ts.isIdentifier(arg) && arg.text === localName);
    const args = name === 'addHook' ? node.arguments.slice(1) : prefix !== undefined ? node.arguments.slice(1) : [...node.arguments];
    uses.push({ receiver, position: node.getStart(sourceFile), prefix, args, mounts });
  });
  const guards: Guard[] = [];
  for (const mount of uses.filter((use) => use.mounts)) {
    for (const use of uses) {
      if (use.receiver !== mount.receiver || use.position > mount.position) continue;
      if (use !== mount && use.prefix !== undefined && mount.prefix !== undefined && !prefixCovers(use.prefix, mount.prefix)) continue;
      for (const arg of use.args) {
        if (ts.isIdentifier(arg) && arg.text === localName) continue;
        const guard = middlewareGuard(arg, 'router-level', context);
        if (guard) guards.push({ ...guard, text: `${excerpt(arg, sourceFile, 40)} (${sourceFile.fileName.replace(/^\/(head|base)\//, '')})` });
      }
    }
  }
  return guards;
}

/**
 * The first app-router layout above a page (in its folder or any parent up to `app/`) whose component checks the
 * session and stops the request: it renders around the page on every full request.
 */
export async function layoutGuard(context: Context, pagePath: string, version: Version): Promise<Guard | undefined> {
  const match = /^(.*?\/?app\/)(.*)$/.exec(posix.dirname(pagePath) + '/');
  if (!match) return undefined;
  const [, appRoot = '', rest = ''] = match;
  const folders = rest.split('/').filter(Boolean);
  const files = await context.fileSet(version);
  for (let depth = folders.length; depth >= 0; depth--) {
    const folder = appRoot + folders.slice(0, depth).map((segment) => `${segment}/`).join('');
    const layout = ['tsx', 'jsx', 'ts', 'js'].map((ext) => `${folder}layout.${ext}`).find((candidate) => candidate !== pagePath && files.has(candidate));
    if (!layout) continue;
    context.checkBudget();
    const sourceFile = (await context.parseFile(layout, version))?.compilerNode;
    const component = sourceFile ? findHandlers(layout, sourceFile, context.config.authGuards)[0]?.fn : undefined;
    if (!sourceFile || !component) continue;
    const guard = guardsInBody(component, guardContext(sourceFile, context.config.authGuards)).find((item) => item.auth);
    if (guard) return { ...guard, kind: 'layout', text: `${guard.text} (${layout})` };
  }
  return undefined;
}

/** NestJS `APP_GUARD` providers or `app.useGlobalGuards(...)` that authenticate every route. */
export async function nestGlobalGuard(context: Context, version: Version): Promise<Guard | undefined> {
  for (const file of await candidateFiles(context, version, /(^|\/)(main|[\w-]+\.module)\.[cm]?[jt]s$/)) {
    context.checkBudget();
    const text = await context.readFile(file, version);
    if (!text) continue;
    const match = /APP_GUARD[\s\S]{0,120}?useClass:\s*(\w+)/.exec(text) ?? /useGlobalGuards\(\s*(?:new\s+)?(\w+)/.exec(text);
    if (match?.[1] && isAuthMiddlewareText(match[1], context.config.authGuards)) {
      return { kind: 'global', name: match[1], auth: true, role: false, line: 1, endLine: 1, text: `${match[1]} (${file})` };
    }
  }
  return undefined;
}

/** Procedure levels from the repo's tRPC setup file (the module the router imports its procedures from). */
export async function trpcLevels(context: Context, sourceFile: ts.SourceFile, baseName: string, version: Version): Promise<Map<string, ProcedureLevel>> {
  const spec = importSourceOf(sourceFile, baseName);
  const files = await context.listFiles(version);
  let setup: string | undefined;
  if (spec) {
    const stem = spec.startsWith('.') ? posix.normalize(posix.join(posix.dirname(context.file.path), spec)) : spec.replace(/^[@~]\//, '');
    setup = files.find((file) => /\.[cm]?[jt]sx?$/.test(file) && (file.replace(/\.[cm]?[jt]sx?$/, '').replace(/\/index$/, '').endsWith(stem)));
  }
  if (!setup) {
    for (const file of files.filter((name) => /trpc/i.test(name) && /\.[cm]?[jt]s$/.test(name)).slice(0, 10)) {
      if ((await context.readFile(file, version))?.includes('initTRPC')) setup = file;
    }
  }
  const parsed = setup ? (await context.parseFile(setup, version))?.compilerNode : undefined;
  const levels = parsed ? procedureLevels(parsed, context.config.authGuards) : new Map<string, ProcedureLevel>();
  // Procedures the router file builds itself: `const authed = publicProcedure.use(isAuthed)`.
  return procedureLevels(sourceFile, context.config.authGuards, levels);
}

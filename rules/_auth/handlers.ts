// Finds the request handlers of one file, per framework, with the guards attached to them outside their body
// (wrappers, route middleware, router-level `use`, hooks, decorators, tRPC procedure bases).
import { ts } from 'ts-morph';
import {
  calleeName,
  excerpt,
  functionArgument,
  hasDefaultModifier,
  hasExportModifier,
  isFunctionLike,
  lineOf,
  localFunctions,
  localInitializers,
  stringValue,
  unwrapExpression,
  type FunctionLike,
} from './ast.js';
import { middlewareGuard, wrapperGuard, type Guard, type GuardContext } from './guards.js';
import { expressHandlers } from './routes.js';
import { nestHandlers } from './nest.js';
import { trpcHandlers } from './trpc.js';

export type Framework = 'next-app' | 'next-pages' | 'next-page' | 'server-action' | 'express' | 'fastify' | 'hono' | 'nest' | 'trpc';

export interface Handler {
  framework: Framework;
  /** What identifies the same handler in the base and the head: `GET`, `default`, `DELETE /:id`, `AdminController.remove`. */
  key: string;
  /** How a message names it: `GET /api/admin/users`, `server action revokeApiKey`. */
  label: string;
  /** The route / export / procedure / method line. */
  line: number;
  /** The handler's function, when it is written in this file. */
  fn?: FunctionLike;
  /** URL path, when the framework has one (for middleware coverage and the public allow-list). */
  routePath?: string;
  /** Guards attached outside the body. */
  attached: Guard[];
  /** Names of wrappers / middleware around the handler that are not auth by name; their definitions may be. */
  delegates?: string[];
  /** NestJS: `@Public()` / `@SkipAuth()` on the method or class. */
  markedPublic?: { line: number; text: string };
  /** tRPC: the procedure base (`protectedProcedure`). */
  procedureBase?: { name: string; line: number };
  /** Line of the export / route statement whose text changed when a wrapper or middleware was dropped. */
  statementLine: number;
  /** NestJS: the controller and its name line. */
  className?: string;
  classLine?: number;
}

const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const APP_ROUTE = /(^|\/)app\/(.+\/)?route\.[cm]?[jt]sx?$/;
const PAGES_API = /(^|\/)pages\/api\/.+\.[cm]?[jt]sx?$/;
/** App-router pages and layouts: server components that often check the session themselves. */
export const APP_PAGE = /(^|\/)app\/(.+\/)?(page|layout)\.[jt]sx?$/;
const PAGES_ROUTER_PAGE = /(^|\/)pages\/(?!api\/).+\.[jt]sx?$/;

export function guardContext(sourceFile: ts.SourceFile, extra: readonly string[]): GuardContext {
  return { sourceFile, extra, locals: localFunctions(sourceFile) };
}

/** Every handler of a file. `path` decides the file-convention frameworks (Next.js routes, pages/api). */
export function findHandlers(path: string, sourceFile: ts.SourceFile, extra: readonly string[]): Handler[] {
  const context = guardContext(sourceFile, extra);
  const handlers: Handler[] = [];
  if (APP_ROUTE.test(path)) handlers.push(...appRouteHandlers(path, context));
  else if (PAGES_API.test(path)) handlers.push(...pagesApiHandlers(path, context));
  else if (APP_PAGE.test(path) && !hasDirective(sourceFile, 'use client')) handlers.push(...appPageHandlers(path, context));
  else if (PAGES_ROUTER_PAGE.test(path)) handlers.push(...serverSidePropsHandlers(path, context));
  if (hasUseServerDirective(sourceFile)) handlers.push(...serverActionHandlers(context));
  handlers.push(...expressHandlers(context), ...nestHandlers(context), ...trpcHandlers(context));
  return dedupeKeys(handlers);
}

function dedupeKeys(handlers: Handler[]): Handler[] {
  const seen = new Map<string, number>();
  return handlers.map((handler) => {
    const count = seen.get(handler.key) ?? 0;
    seen.set(handler.key, count + 1);
    return count === 0 ? handler : { ...handler, key: `${handler.key}#${count + 1}` };
  });
}

export function hasUseServerDirective(sourceFile: ts.SourceFile): boolean {
  return hasDirective(sourceFile, 'use server');
}

function hasDirective(sourceFile: ts.SourceFile, directive: string): boolean {
  const first = sourceFile.statements[0];
  return first !== undefined && ts.isExpressionStatement(first) && stringValue(first.expression) === directive;
}

/** `/api/projects/[id]` from `app/api/projects/[id]/route.ts` or `pages/api/projects/[id].ts`. */
export function routePathOf(path: string): string | undefined {
  const app = /(?:^|\/)app\/(.*?)\/?route\.[cm]?[jt]sx?$/.exec(path) ?? /(?:^|\/)app\/(.*?)\/?page\.[cm]?[jt]sx?$/.exec(path);
  if (app) {
    const segments = (app[1] ?? '').split('/').filter((segment) => segment && !/^\(.*\)$/.test(segment) && !segment.startsWith('@'));
    return `/${segments.join('/')}`;
  }
  const pages = /(?:^|\/)pages\/(.*)\.[cm]?[jt]sx?$/.exec(path);
  if (pages) return `/${(pages[1] ?? '').replace(/(^|\/)index$/, '')}`.replace(/\/$/, '') || '/';
  return undefined;
}

interface Unwrapped {
  fn?: FunctionLike;
  wrappers: Guard[];
  /** Wrapper names not recognised as auth by name (their imported definition may still check the session). */
  others?: string[];
}

/** Peels `withA(withB(async () => …))` or a same-file name down to the function, keeping the auth wrappers. */
function unwrapHandler(expression: ts.Expression, context: GuardContext, depth = 0): Unwrapped {
  const node = unwrapExpression(expression);
  if (isFunctionLike(node)) return { fn: node, wrappers: [] };
  if (ts.isIdentifier(node) && depth < 4) {
    const local = context.locals.get(node.text);
    if (local) return { fn: local, wrappers: [] };
    const value = localInitializers(context.sourceFile).get(node.text);
    if (value) return unwrapHandler(value, context, depth + 1);
    return { wrappers: [] };
  }
  if (ts.isCallExpression(node) && depth < 4) {
    const inner = [...node.arguments].reverse().find((arg) => isFunctionLike(unwrapExpression(arg)) || ts.isIdentifier(unwrapExpression(arg)));
    if (!inner) return { wrappers: [] };
    const result = unwrapHandler(inner, context, depth + 1);
    if (!result.fn) return { wrappers: [] };
    const guard = wrapperGuard(node, context);
    const name = calleeName(node);
    const others = [...(result.others ?? []), ...(!guard && name ? [name] : [])];
    return { fn: result.fn, wrappers: guard ? [guard, ...result.wrappers] : result.wrappers, others };
  }
  return { wrappers: [] };
}

function appRouteHandlers(path: string, context: GuardContext): Handler[] {
  const { sourceFile } = context;
  const routePath = routePathOf(path);
  const handlers: Handler[] = [];
  const add = (method: string, line: number, unwrapped: Unwrapped) => {
    if (!HTTP_METHODS.has(method) || !unwrapped.fn) return;
    handlers.push({
      framework: 'next-app',
      key: method,
      label: `${method} ${routePath ?? path}`,
      line,
      fn: unwrapped.fn,
      routePath,
      attached: unwrapped.wrappers,
      delegates: unwrapped.others,
      statementLine: line,
    });
  };
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name && hasExportModifier(statement)) {
      add(statement.name.text, lineOf(statement, sourceFile), { fn: statement, wrappers: [] });
    } else if (ts.isVariableStatement(statement) && hasExportModifier(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.initializer) {
          add(declaration.name.text, lineOf(declaration, sourceFile), unwrapHandler(declaration.initializer, context));
        }
      }
    } else if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) {
        const local = (element.propertyName ?? element.name).getText(sourceFile);
        add(element.name.text, lineOf(element, sourceFile), unwrapHandler(ts.factory.createIdentifier(local), context));
      }
    }
  }
  return handlers;
}

function pagesApiHandlers(path: string, context: GuardContext): Handler[] {
  const routePath = routePathOf(path);
  const found = defaultExport(context);
  if (!found) return [];
  const { unwrapped, line } = found;
  return [{ framework: 'next-pages', key: 'default', label: routePath ?? path, line, fn: unwrapped.fn, routePath, attached: unwrapped.wrappers, delegates: unwrapped.others, statementLine: line }];
}

/** The default-exported function of a module, unwrapped from its wrappers, and the export's line. */
function defaultExport(context: GuardContext): { unwrapped: Unwrapped & { fn: FunctionLike }; line: number } | undefined {
  const { sourceFile } = context;
  for (const statement of sourceFile.statements) {
    let unwrapped: Unwrapped | undefined;
    if (ts.isFunctionDeclaration(statement) && hasExportModifier(statement) && hasDefaultModifier(statement)) unwrapped = { fn: statement, wrappers: [] };
    else if (ts.isExportAssignment(statement) && !statement.isExportEquals) unwrapped = unwrapHandler(statement.expression, context);
    const fn = unwrapped?.fn;
    if (unwrapped && fn) return { unwrapped: { ...unwrapped, fn }, line: lineOf(statement, sourceFile) };
  }
  return undefined;
}

/** The default-exported component of an app-router `page` / `layout` (a server component: it runs on every request). */
function appPageHandlers(path: string, context: GuardContext): Handler[] {
  const kind = /layout\.[jt]sx?$/.test(path) ? 'layout' : 'page';
  const routePath = routePathOf(path.replace(/layout(\.[jt]sx?)$/, 'page$1'));
  const found = defaultExport(context);
  if (!found) return [];
  const { unwrapped, line } = found;
  const label = `${kind} ${routePath ?? path}`;
  return [{ framework: 'next-page', key: `${kind}:default`, label, line, fn: unwrapped.fn, routePath, attached: unwrapped.wrappers, delegates: unwrapped.others, statementLine: line }];
}

/** A pages-router page's `getServerSideProps`: where such a page checks the session before rendering. */
function serverSidePropsHandlers(path: string, context: GuardContext): Handler[] {
  const { sourceFile } = context;
  const routePath = routePathOf(path);
  for (const statement of sourceFile.statements) {
    if (!hasExportModifier(statement)) continue;
    let unwrapped: Unwrapped | undefined;
    let line = lineOf(statement, sourceFile);
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === 'getServerSideProps') unwrapped = { fn: statement, wrappers: [] };
    else if (ts.isVariableStatement(statement)) {
      const declaration = statement.declarationList.declarations.find((item) => ts.isIdentifier(item.name) && item.name.text === 'getServerSideProps');
      if (declaration?.initializer) {
        unwrapped = unwrapHandler(declaration.initializer, context);
        line = lineOf(declaration, sourceFile);
      }
    }
    if (!unwrapped?.fn) continue;
    const label = `getServerSideProps of ${routePath ?? path}`;
    return [{ framework: 'next-page', key: 'getServerSideProps', label, line, fn: unwrapped.fn, routePath, attached: unwrapped.wrappers, delegates: unwrapped.others, statementLine: line }];
  }
  return [];
}

/** Exported functions of a `"use server"` module; safe-action chains keep their client as a wrapper. */
function serverActionHandlers(context: GuardContext): Handler[] {
  const { sourceFile } = context;
  const handlers: Handler[] = [];
  const add = (name: string, line: number, fn: FunctionLike | undefined, attached: Guard[]) => {
    if (!fn) return;
    handlers.push({ framework: 'server-action', key: `action:${name}`, label: `server action ${name}`, line, fn, attached, statementLine: line });
  };
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name && hasExportModifier(statement)) {
      add(statement.name.text, lineOf(statement, sourceFile), statement, []);
    } else if (ts.isVariableStatement(statement) && hasExportModifier(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name) || !declaration.initializer) continue;
        const line = lineOf(declaration, sourceFile);
        const init = unwrapExpression(declaration.initializer);
        if (isFunctionLike(init)) add(declaration.name.text, line, init, []);
        else if (ts.isCallExpression(init)) {
          const chain = actionChain(init, context);
          add(declaration.name.text, line, chain.fn, chain.guards);
        }
      }
    }
  }
  return handlers;
}

/** `authActionClient.schema(s).action(async () => …)` or `withAuth(async () => …)`. */
function actionChain(call: ts.CallExpression, context: GuardContext): { fn?: FunctionLike; guards: Guard[] } {
  const fnArg = functionArgument(call.arguments);
  const guards: Guard[] = [];
  let current: ts.Expression = call;
  while (ts.isCallExpression(current) || ts.isPropertyAccessExpression(current)) {
    if (ts.isCallExpression(current)) {
      const guard = wrapperGuard(current, context);
      if (guard) guards.push(guard);
      const useArg = calleeName(current) === 'use' ? current.arguments[0] : undefined;
      const used = useArg ? middlewareGuard(useArg, 'middleware', context) : undefined;
      if (used) guards.push(used);
    }
    current = current.expression;
  }
  if (ts.isIdentifier(current)) {
    const root = middlewareGuard(current, 'wrapper', context);
    if (root) guards.push({ ...root, name: current.text, text: excerpt(current, context.sourceFile) });
  }
  return { fn: fnArg, guards };
}

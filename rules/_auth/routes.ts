// Express / Koa / Fastify / Hono routes: `router.get('/x', mw, handler)`, Fastify `{ preHandler }` options and
// `app.route({...})`, plus the router-level `use()` / `addHook()` guards that cover them.
import { ts } from 'ts-morph';
import { calleeName, excerpt, isFunctionLike, lineOf, stringValue, unwrapExpression, walk, type FunctionLike } from './ast.js';
import { middlewareGuard, type Guard, type GuardContext } from './guards.js';
import type { Framework, Handler } from './handlers.js';

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'options', 'head']);
const HOOK_OPTIONS = new Set(['preHandler', 'onRequest', 'preValidation', 'preParsing', 'beforeHandler']);
const HOOK_NAMES = new Set(['onRequest', 'preHandler', 'preValidation', 'preParsing']);
const SERVER_IMPORT = /^(express|fastify|hono|koa|@koa\/router|koa-router|@hono\/[\w-]+|restify|polka|h3|elysia|hyper-express|ultimate-express)$/;
const ROUTER_RECEIVER = /^(app|router|api|server|fastify|instance|routes?|r|v\d+|\w*Router|\w*App|\w*Api|\w*Routes)$/;
const CLIENT_RECEIVER = /(^|\.)(axios|http|https|got|ky|superagent|request|fetch|client|api[A-Z]\w*|cache|redis|map|headers|cookies|searchParams|params|query|store|storage|localStorage|sessionStorage|formData|url)$/i;

export interface UseCall {
  receiver: string;
  position: number;
  line: number;
  prefix?: string;
  guards: Guard[];
  /** Fastify hooks apply to the whole plugin, whatever their position. */
  anyOrder: boolean;
  /** Routers / sub-apps this call mounts (`app.use('/api', auth, apiRouter)`). */
  mounts: string[];
  /** A statement of its own (`app.use(auth)`), not a link of a builder chain (`t.procedure.use(isAuthed)`). */
  standalone: boolean;
}

function frameworkOf(sourceFile: ts.SourceFile): Framework | undefined {
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement)) continue;
    const from = stringValue(statement.moduleSpecifier) ?? '';
    if (!SERVER_IMPORT.test(from)) continue;
    if (from.startsWith('fastify')) return 'fastify';
    if (from.includes('hono')) return 'hono';
    return 'express';
  }
  return undefined;
}

/** Matches an Express / Hono path prefix (`/api`, `/api/*`) against a route path. */
export function prefixCovers(prefix: string | undefined, routePath: string): boolean {
  if (prefix === undefined || prefix === '*' || prefix === '/' || prefix === '/*') return true;
  const base = prefix.replace(/\/?\*$/, '').replace(/\/$/, '');
  return routePath === base || routePath.startsWith(`${base}/`);
}

function receiverText(call: ts.CallExpression, sourceFile: ts.SourceFile): string | undefined {
  const callee = unwrapExpression(call.expression);
  return ts.isPropertyAccessExpression(callee) ? callee.expression.getText(sourceFile).replace(/\s+/g, '') : undefined;
}

function standalone(call: ts.CallExpression): boolean {
  let node: ts.Node = call;
  while (ts.isAwaitExpression(node.parent) || ts.isParenthesizedExpression(node.parent)) node = node.parent;
  return ts.isExpressionStatement(node.parent);
}

/** Every `use()` / `addHook()` call of a file with the auth guards it applies. */
export function collectUses(context: GuardContext): UseCall[] {
  const { sourceFile } = context;
  const uses: UseCall[] = [];
  walk(sourceFile, (node) => {
    if (!ts.isCallExpression(node)) return;
    const name = calleeName(node);
    const receiver = receiverText(node, sourceFile);
    if (!receiver || (name !== 'use' && name !== 'addHook')) return;
    const args = [...node.arguments];
    if (name === 'addHook') {
      const hook = stringValue(args[0]);
      if (!hook || !HOOK_NAMES.has(hook) || !args[1]) return;
      const guard = middlewareGuard(args[1], 'router-level', context);
      uses.push({ receiver, position: node.getStart(sourceFile), line: lineOf(node, sourceFile), guards: guard ? [guard] : [], anyOrder: true, mounts: [], standalone: standalone(node) });
      return;
    }
    const prefix = stringValue(args[0]);
    const middleware = prefix !== undefined ? args.slice(1) : args;
    const guards: Guard[] = [];
    const mounts: string[] = [];
    for (const arg of middleware) {
      const guard = middlewareGuard(arg, 'router-level', context);
      if (guard) guards.push(guard);
      else if (ts.isIdentifier(arg)) mounts.push(arg.text);
    }
    uses.push({ receiver, position: node.getStart(sourceFile), line: lineOf(node, sourceFile), prefix, guards, anyOrder: false, mounts, standalone: standalone(node) });
  });
  return uses;
}

function hookGuards(options: ts.ObjectLiteralExpression, context: GuardContext): Guard[] {
  const guards: Guard[] = [];
  for (const property of options.properties) {
    if (!ts.isPropertyAssignment(property) || !HOOK_OPTIONS.has(property.name.getText(context.sourceFile))) continue;
    const value = unwrapExpression(property.initializer);
    const items = ts.isArrayLiteralExpression(value) ? [...value.elements] : [value];
    for (const item of items) {
      const guard = middlewareGuard(item, 'middleware', context);
      if (guard) guards.push(guard);
    }
  }
  return guards;
}

function resolveHandler(node: ts.Expression | undefined, context: GuardContext): FunctionLike | undefined {
  if (!node) return undefined;
  const value = unwrapExpression(node);
  if (isFunctionLike(value)) return value;
  if (ts.isIdentifier(value)) return context.locals.get(value.text);
  return undefined;
}

export function expressHandlers(context: GuardContext): Handler[] {
  const { sourceFile } = context;
  const imported = frameworkOf(sourceFile);
  const handlers: Handler[] = [];
  let uses: UseCall[] | undefined;
  walk(sourceFile, (node) => {
    if (!ts.isCallExpression(node)) return;
    const method = calleeName(node);
    const chained = method && ROUTE_METHODS.has(method) ? chainedRoute(node, sourceFile) : undefined;
    const receiver = chained?.receiver ?? receiverText(node, sourceFile);
    if (!method || !receiver || CLIENT_RECEIVER.test(receiver)) return;
    if (!imported && !ROUTER_RECEIVER.test(receiver)) return;
    // `router.route('/books').get(requireAuth, list)`: the path sits on `.route()`, every argument is middleware or handler.
    const args = chained ? [ts.factory.createStringLiteral(chained.path), ...node.arguments] : [...node.arguments];
    let routePath: string | undefined;
    let fn: FunctionLike | undefined;
    let attached: Guard[] = [];
    const delegates: string[] = [];
    let httpMethod = method.toUpperCase();
    if (ROUTE_METHODS.has(method) && args.length >= 2) {
      routePath = chained?.path ?? stringValue(args[0]);
      const last = unwrapExpression(args[args.length - 1]!);
      fn = resolveHandler(last, context);
      // `router.delete('/:id', requireAuth, controller.remove)`: the handler lives elsewhere, its middleware is here.
      const reference = ts.isIdentifier(last) || ts.isPropertyAccessExpression(last);
      if (routePath === undefined || (!fn && !(reference && routePath.startsWith('/')))) return;
      // The handler defined in another module (`users.list`): its own checks are looked up there.
      if (!fn) delegates.push(last.getText(sourceFile).replace(/\s+/g, ''));
      for (const middle of args.slice(1, -1)) {
        const value = unwrapExpression(middle);
        const items = ts.isArrayLiteralExpression(value) ? [...value.elements] : [middle];
        if (ts.isObjectLiteralExpression(value)) attached.push(...hookGuards(value, context));
        else {
          for (const item of items) {
            const guard = middlewareGuard(item, 'middleware', context);
            const named = delegateName(item);
            if (guard) attached.push(guard);
            else if (named) delegates.push(named);
          }
        }
      }
    } else if (method === 'route' && args.length === 1 && ts.isObjectLiteralExpression(unwrapExpression(args[0]!))) {
      const options = unwrapExpression(args[0]!) as ts.ObjectLiteralExpression;
      const property = (name: string) =>
        options.properties.find((item): item is ts.PropertyAssignment => ts.isPropertyAssignment(item) && item.name.getText(sourceFile) === name);
      routePath = stringValue(property('url')?.initializer) ?? stringValue(property('path')?.initializer);
      const methodValue = property('method')?.initializer;
      httpMethod = (stringValue(methodValue) ?? (methodValue ? excerpt(methodValue, sourceFile, 30) : 'ALL')).toUpperCase();
      fn = resolveHandler(property('handler')?.initializer, context);
      if (routePath === undefined || !fn) return;
      attached = hookGuards(options, context);
    } else {
      return;
    }
    uses ??= collectUses(context);
    const position = node.getStart(sourceFile);
    for (const use of uses) {
      if (use.receiver !== receiver || (!use.anyOrder && use.position > position) || !prefixCovers(use.prefix, routePath)) continue;
      attached.push(...use.guards);
    }
    const line = chained && ts.isPropertyAccessExpression(node.expression) ? lineOf(node.expression.name, sourceFile) : lineOf(node, sourceFile);
    handlers.push({
      framework: imported ?? 'express',
      key: `${httpMethod} ${routePath}`,
      label: `${httpMethod} ${routePath}`,
      line,
      fn,
      routePath,
      attached,
      delegates,
      statementLine: line,
    });
  });
  return handlers;
}

/** For `router.route('/x').get(h).post(h2)`: the router and the path of the `.route()` call the method hangs on. */
function chainedRoute(call: ts.CallExpression, sourceFile: ts.SourceFile): { receiver: string; path: string } | undefined {
  let current: ts.Expression = call.expression;
  while (ts.isPropertyAccessExpression(current)) {
    const target: ts.Expression = current.expression;
    if (!ts.isCallExpression(target)) return undefined;
    const name = calleeName(target);
    if (name === 'route' && ts.isPropertyAccessExpression(target.expression)) {
      const path = stringValue(target.arguments[0]);
      return path === undefined ? undefined : { receiver: target.expression.expression.getText(sourceFile), path };
    }
    if (!name || !ROUTE_METHODS.has(name)) return undefined;
    current = target.expression;
  }
  return undefined;
}

/** `checkUser` or `checkUser()`: a middleware that may be imported from a module that authenticates. */
function delegateName(node: ts.Expression): string | undefined {
  const value = unwrapExpression(node);
  if (ts.isIdentifier(value)) return value.text;
  if (ts.isCallExpression(value) && ts.isIdentifier(value.expression)) return value.expression.text;
  return undefined;
}

// tRPC: procedures of `createTRPCRouter({...})` / `router({...})`, their procedure base, and what each base of the
// repo's setup file (`t.procedure.use(isAuthed)`) guarantees: public, authenticated, or role-checked.
import { ts } from 'ts-morph';
import { calleeName, functionArgument, isFunctionLike, lineOf, localFunctions, stringValue, unwrapExpression, walk, type FunctionLike } from './ast.js';
import { guardsInBody, middlewareGuard, type Guard, type GuardContext } from './guards.js';
import type { Handler } from './handlers.js';
import { ROLE_CONDITION } from './names.js';

const ROUTER_FACTORY = /^(createTRPCRouter|router|createRouter|createTrpcRouter)$/;
const TERMINAL = new Set(['query', 'mutation', 'subscription']);

export type ProcedureLevel = 'public' | 'auth' | 'role';

interface Chain {
  root?: ts.Identifier;
  uses: ts.Expression[];
  fn?: FunctionLike;
}

/** Walks `base.use(x).input(y).mutation(fn)` down to its root identifier. */
function chainOf(expression: ts.Expression): Chain | undefined {
  const top = unwrapExpression(expression);
  if (!ts.isCallExpression(top) || !TERMINAL.has(calleeName(top) ?? '')) return undefined;
  const fnArg = top.arguments[0] ? unwrapExpression(top.arguments[0]) : undefined;
  const chain: Chain = { uses: [], fn: isFunctionLike(fnArg) ? fnArg : undefined };
  let current: ts.Expression = top.expression;
  for (;;) {
    current = unwrapExpression(current);
    if (ts.isPropertyAccessExpression(current)) current = current.expression;
    else if (ts.isCallExpression(current)) {
      if (calleeName(current) === 'use' && current.arguments[0]) chain.uses.push(current.arguments[0]);
      current = current.expression;
    } else break;
  }
  if (ts.isIdentifier(current)) chain.root = current;
  return chain;
}

export function trpcHandlers(context: GuardContext): Handler[] {
  const { sourceFile } = context;
  const handlers: Handler[] = [];
  walk(sourceFile, (node) => {
    if (!ts.isCallExpression(node) || !ROUTER_FACTORY.test(calleeName(node) ?? '')) return;
    const routes = node.arguments[0] ? unwrapExpression(node.arguments[0]) : undefined;
    if (!routes || !ts.isObjectLiteralExpression(routes)) return;
    const holder = ts.isVariableDeclaration(node.parent) ? node.parent.name.getText(sourceFile) : 'router';
    for (const property of routes.properties) {
      if (!ts.isPropertyAssignment(property)) continue;
      const chain = chainOf(property.initializer);
      if (!chain?.root) continue;
      const name = property.name.getText(sourceFile);
      const line = lineOf(property, sourceFile);
      const attached: Guard[] = chain.uses.flatMap((use) => middlewareGuard(use, 'middleware', context) ?? []);
      handlers.push({
        framework: 'trpc',
        key: `${holder}.${name}`,
        label: `tRPC ${holder}.${name}`,
        line,
        fn: chain.fn,
        attached,
        procedureBase: { name: chain.root.text, line: lineOf(chain.root, sourceFile) },
        statementLine: lineOf(chain.root, sourceFile),
      });
    }
  });
  return handlers;
}

/** A procedure base's guard, from the setup file's levels or, without one, from its name. */
export function procedureGuard(handler: Handler, levels: Map<string, ProcedureLevel>): Guard | undefined {
  const base = handler.procedureBase;
  if (!base) return undefined;
  const level = levels.get(base.name) ?? levelFromName(base.name);
  if (level === 'public') return undefined;
  return { kind: 'procedure', name: base.name, auth: true, role: level === 'role', line: base.line, endLine: base.line, text: base.name };
}

function levelFromName(name: string): ProcedureLevel {
  if (/public|open|anon/i.test(name) || name === 'procedure') return 'public';
  if (/admin|owner|staff|role|superuser|permission/i.test(name)) return 'role';
  if (/protected|auth|private|user|member|org|team|session|logged/i.test(name)) return 'auth';
  return 'public';
}

/** Reads a tRPC setup file: `export const protectedProcedure = t.procedure.use(({ ctx, next }) => { if (!ctx.session) throw … })`. */
export function procedureLevels(sourceFile: ts.SourceFile, extra: readonly string[], known: ReadonlyMap<string, ProcedureLevel> = new Map()): Map<string, ProcedureLevel> {
  const context: GuardContext = { sourceFile, extra, locals: localFunctions(sourceFile) };
  const levels = new Map<string, ProcedureLevel>(known);
  const middlewares = new Map<string, ProcedureLevel>();
  const levelOfMiddleware = (argument: ts.Expression): ProcedureLevel => {
    const node = unwrapExpression(argument);
    if (ts.isIdentifier(node) && middlewares.has(node.text)) return middlewares.get(node.text)!;
    const fn = isFunctionLike(node) ? node : ts.isCallExpression(node) ? functionArgument(node.arguments) : undefined;
    if (fn) {
      const text = fn.getText(sourceFile);
      const guards = guardsInBody(fn, context);
      const stopsOnIdentity = guards.length > 0 || /(UNAUTHORIZED|FORBIDDEN)/.test(text);
      if (!stopsOnIdentity) return 'public';
      return ROLE_CONDITION.test(text) || /FORBIDDEN/.test(text) ? 'role' : 'auth';
    }
    const guard = middlewareGuard(node, 'middleware', context);
    return guard ? (guard.role ? 'role' : 'auth') : 'public';
  };
  const rank: Record<ProcedureLevel, number> = { public: 0, auth: 1, role: 2 };
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name) || !declaration.initializer) continue;
      const name = declaration.name.text;
      const init = unwrapExpression(declaration.initializer);
      if (ts.isCallExpression(init) && calleeName(init) === 'middleware') {
        const fn = init.arguments[0];
        middlewares.set(name, fn ? levelOfMiddleware(fn) : 'public');
        continue;
      }
      let level: ProcedureLevel = 'public';
      let current: ts.Expression = init;
      let isProcedure = false;
      let unreadable = false;
      for (;;) {
        current = unwrapExpression(current);
        if (ts.isCallExpression(current)) {
          if (calleeName(current) === 'use' && current.arguments[0]) {
            const used = levelOfMiddleware(current.arguments[0]);
            // A middleware we cannot read (imported, neutral name): trust the procedure's own name.
            if (used === 'public' && !isFunctionLike(unwrapExpression(current.arguments[0]))) unreadable = true;
            if (rank[used] > rank[level]) level = used;
          }
          current = current.expression;
        } else if (ts.isPropertyAccessExpression(current)) {
          if (current.name.text === 'procedure') isProcedure = true;
          current = current.expression;
        } else break;
      }
      if (ts.isIdentifier(current) && levels.has(current.text)) {
        isProcedure = true;
        const inherited = levels.get(current.text)!;
        if (rank[inherited] > rank[level]) level = inherited;
      }
      if (unreadable && rank[levelFromName(name)] > rank[level]) level = levelFromName(name);
      if (isProcedure) levels.set(name, level);
    }
  }
  return levels;
}

/** The module a procedure base is imported from (`@/server/api/trpc`). */
export function importSourceOf(sourceFile: ts.SourceFile, name: string): string | undefined {
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !statement.importClause?.namedBindings) continue;
    const bindings = statement.importClause.namedBindings;
    if (ts.isNamedImports(bindings) && bindings.elements.some((element) => element.name.text === name)) {
      return stringValue(statement.moduleSpecifier);
    }
  }
  return undefined;
}


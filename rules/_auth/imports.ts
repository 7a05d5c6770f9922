// Guards that live in another module of the repo: `await requireTeamMember(id)` or `export default apiHandler(h)`
// imported from `@/lib/...`, whose definition checks the session. Only read when a handler shows no guard itself.
import { posix } from 'node:path';
import { ts } from 'ts-morph';
import type { RuleContext } from '../../src/core/rule.js';
import type { Version } from '../../src/core/types.js';
import { calleeName, isFunctionLike, lineOf, localFunctions, stringValue, unwrapExpression, walk, type FunctionLike } from './ast.js';
import { guardsInBody, type Guard } from './guards.js';
import type { Handler } from './handlers.js';

const MAX_IMPORTS_PER_HANDLER = 6;
const EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '/index.ts', '/index.tsx', '/index.js'];

interface ImportedName {
  local: string;
  imported: string | 'default';
  spec: string;
}

function importsOf(sourceFile: ts.SourceFile): Map<string, ImportedName> {
  const names = new Map<string, ImportedName>();
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !statement.importClause || statement.importClause.isTypeOnly) continue;
    const spec = stringValue(statement.moduleSpecifier) ?? '';
    if (!/^(\.|@\/|~\/|src\/)/.test(spec)) continue;
    const clause = statement.importClause;
    if (clause.name) names.set(clause.name.text, { local: clause.name.text, imported: 'default', spec });
    // `import * as users from '../controllers/users'` + `users.list`: each export is reachable as `users.<name>`.
    if (clause.namedBindings && ts.isNamespaceImport(clause.namedBindings)) {
      names.set(clause.namedBindings.name.text, { local: clause.namedBindings.name.text, imported: '*', spec });
    }
    if (clause.namedBindings && ts.isNamedImports(clause.namedBindings)) {
      for (const element of clause.namedBindings.elements) {
        names.set(element.name.text, { local: element.name.text, imported: (element.propertyName ?? element.name).getText(sourceFile), spec });
      }
    }
  }
  return names;
}

/** Folders an alias (`@/lib/x`, `~/server/x`) may start from: the importing file's ancestors, nearest first, so an app
 * of a monorepo (`apps/web/lib/x`) resolves before the repository root. */
function aliasRoots(fromPath: string): string[] {
  const roots: string[] = [];
  for (let dir = posix.dirname(fromPath); dir !== '.' && dir !== '/' && dir !== ''; dir = posix.dirname(dir)) roots.push(`${dir}/`);
  roots.push('');
  return roots;
}

export function resolveModule(fromPath: string, spec: string, files: ReadonlySet<string>): string | undefined {
  const bare = spec.replace(/^[@~]\//, '');
  const stems = spec.startsWith('.')
    ? [posix.normalize(posix.join(posix.dirname(fromPath), spec))]
    : aliasRoots(fromPath).flatMap((root) => [`${root}${bare}`, `${root}src/${bare}`]);
  for (const stem of stems) {
    if (files.has(stem)) return stem;
    for (const extension of EXTENSIONS) if (files.has(stem + extension)) return stem + extension;
  }
  return undefined;
}

function ownExport(sourceFile: ts.SourceFile, imported: string): FunctionLike | undefined {
  const locals = localFunctions(sourceFile);
  if (imported !== 'default') return locals.get(imported);
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) return statement;
    if (ts.isExportAssignment(statement) && ts.isIdentifier(unwrapExpression(statement.expression))) {
      return locals.get((unwrapExpression(statement.expression) as ts.Identifier).text);
    }
  }
  return undefined;
}

/** Where a barrel file sends a name: `export * from './session'`, `export { withAuth } from './wrappers'`. */
function reexportsOf(sourceFile: ts.SourceFile, imported: string): Array<{ spec: string; name: string }> {
  const targets: Array<{ spec: string; name: string }> = [];
  for (const statement of sourceFile.statements) {
    if (!ts.isExportDeclaration(statement) || statement.isTypeOnly || !statement.moduleSpecifier) continue;
    const spec = stringValue(statement.moduleSpecifier);
    if (!spec || !/^(\.|@\/|~\/|src\/)/.test(spec)) continue;
    const clause = statement.exportClause;
    if (!clause && imported !== 'default') targets.push({ spec, name: imported });
    if (clause && ts.isNamedExports(clause)) {
      const element = clause.elements.find((item) => item.name.text === imported);
      if (element) targets.push({ spec, name: element.propertyName?.text ?? element.name.text });
    }
  }
  return targets;
}

const MAX_REEXPORT_HOPS = 2;

/** The exported function and the module that defines it, following barrel re-exports a few hops. */
async function exportedFunction(
  context: RuleContext<string>,
  modulePath: string,
  imported: string,
  files: ReadonlySet<string>,
  version: Version,
  hops = 0,
): Promise<{ fn: FunctionLike; module: ts.SourceFile; path: string } | undefined> {
  const module = (await context.parseFile(modulePath, version))?.compilerNode;
  if (!module) return undefined;
  const own = ownExport(module, imported);
  if (own) return { fn: own, module, path: modulePath };
  if (hops >= MAX_REEXPORT_HOPS) return undefined;
  for (const target of reexportsOf(module, imported)) {
    const next = resolveModule(modulePath, target.spec, files);
    const found = next ? await exportedFunction(context, next, target.name, files, version, hops + 1) : undefined;
    if (found) return found;
  }
  return undefined;
}

/** Functions written inside `fn` (callbacks, returned handlers). */
export function innerFunctions(fn: FunctionLike): FunctionLike[] {
  const found: FunctionLike[] = [];
  if (fn.body) {
    walk(fn.body, (node) => {
      if (node !== fn.body && isFunctionLike(node)) found.push(node);
    });
  }
  return found;
}

/** Names the handler calls directly (not in nested callbacks), in order. */
function calledNames(fn: FunctionLike): string[] {
  const names: string[] = [];
  if (!fn.body) return names;
  walk(
    fn.body,
    (node) => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) names.push(calleeName(node)!);
    },
    true,
  );
  return names;
}

/**
 * Guards found in imported helpers: a called helper counts when it stops the request itself (throw / redirect);
 * a wrapper or middleware counts when it checks the session at all.
 */
export async function importedGuards(context: RuleContext<string>, handler: Handler, sourceFile: ts.SourceFile, version: Version): Promise<Guard[]> {
  const extra = context.config.authGuards;
  const guards: Guard[] = [];
  const locals = localFunctions(sourceFile);
  // Same-file wrappers with a neutral name (`export default handle(handler)`).
  for (const name of handler.delegates ?? []) {
    const local = locals.get(name);
    if (!local) continue;
    const inner = [local, ...innerFunctions(local)].flatMap((body) => guardsInBody(body, { sourceFile, extra, locals })).filter((guard) => guard.auth);
    if (inner.length > 0) guards.push(delegateGuard('wrapper', name, inner, handler, sourceFile, 'this file'));
  }
  if (guards.length > 0) return guards;
  const imports = importsOf(sourceFile);
  if (imports.size === 0) return [];
  const candidates: Array<{ name: string; wrapper: boolean }> = [
    ...(handler.delegates ?? []).map((name) => ({ name, wrapper: true })),
    ...(handler.fn ? calledNames(handler.fn) : []).map((name) => ({ name, wrapper: false })),
  ].filter((candidate, index, all) => imports.has(candidate.name.split('.')[0]!) && all.findIndex((other) => other.name === candidate.name) === index);
  if (candidates.length === 0) return [];
  const files = await context.fileSet(version);
  const path = version === 'head' ? context.file.path : (context.file.previousPath ?? context.file.path);
  for (const candidate of candidates.slice(0, MAX_IMPORTS_PER_HANDLER)) {
    context.checkBudget();
    const [head, member] = candidate.name.split('.');
    const imported = imports.get(head!)!;
    const exportName = imported.imported === '*' ? member : member === undefined ? imported.imported : undefined;
    const modulePath = resolveModule(path, imported.spec, files);
    const found = modulePath && exportName ? await exportedFunction(context, modulePath, exportName, files, version) : undefined;
    if (!found) continue;
    const { fn, module } = found;
    const moduleContext = { sourceFile: module, extra, locals: localFunctions(module) };
    // A wrapper checks the session in the function it returns: `return async (req, res) => { … }`.
    const bodies = candidate.wrapper ? [fn, ...innerFunctions(fn)] : [fn];
    const inner = bodies.flatMap((body) => guardsInBody(body, moduleContext)).filter((guard) => guard.auth);
    const stopsCaller = inner.some((guard) => guard.kind === 'self-stopping' || guard.stops === 'throw' || guard.stops === 'redirect');
    if (inner.length === 0 || (!candidate.wrapper && !stopsCaller)) continue;
    guards.push(delegateGuard(candidate.wrapper ? 'wrapper' : 'self-stopping', candidate.name, inner, handler, sourceFile, found.path));
  }
  return guards;
}

function delegateGuard(kind: Guard['kind'], name: string, inner: Guard[], handler: Handler, sourceFile: ts.SourceFile, where: string): Guard {
  const line = handler.fn ? lineOf(handler.fn, sourceFile) : handler.line;
  return { kind, name: `${name}()`, auth: true, role: inner.some((guard) => guard.role), line, endLine: line, text: `${name}() (checks the session in ${where})` };
}

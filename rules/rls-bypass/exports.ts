// What another module exports that is a service-role Supabase client (or a factory returning one).
import { ts } from 'ts-morph';
import { isScript } from '../../src/core/classify.js';
import type { RuleContext } from '../../src/core/rule.js';
import type { ChangeSet } from '../../src/core/types.js';
import { importBindings, resolveImport } from './client.js';
import { findServiceRoleClients, type ServiceRoleClient } from './service-role.js';

export interface ExportedClient {
  path: string;
  line: number;
  label: string;
  /** Created at module level: importing anything from the module runs it. */
  moduleLevel: boolean;
  /** The key reaches the bundle whatever is imported (a literal, or a NEXT_PUBLIC_/VITE_… variable). */
  bundledKey: boolean;
  name?: string;
  /** Set when `name` is not the client but an export of another module that uses it. */
  via?: { path: string; line: number; note: string };
}

const memo = new WeakMap<ChangeSet, Map<string, Promise<ExportedClient[]>>>();

/**
 * The service-role clients a module exports, following `export … from` up to two modules further, and (for the module
 * itself) its exports that use an imported admin client. Memoised per review: every browser file asks about its imports.
 */
export function exportedServiceRoleClients(context: RuleContext<string>, path: string, files: ReadonlySet<string>, depth = 0): Promise<ExportedClient[]> {
  let byPath = memo.get(context.changeSet);
  if (!byPath) {
    byPath = new Map();
    memo.set(context.changeSet, byPath);
  }
  const key = `${depth}\u0000${path}`;
  let result = byPath.get(key);
  if (!result) {
    result = computeExports(context, path, files, depth);
    byPath.set(key, result);
  }
  return result;
}

async function computeExports(context: RuleContext<string>, path: string, files: ReadonlySet<string>, depth: number): Promise<ExportedClient[]> {
  if (depth > 2 || !isScript(path)) return [];
  const sourceFile = await context.parseFile(path, 'head');
  if (!sourceFile) return [];
  const file = sourceFile.compilerNode;
  const text = file.text;
  if (/^\s*import\s+['"]server-only['"]/m.test(text) || /^(?:\s|\/\/[^\n]*\n)*(['"])use server\1/.test(text)) return [];
  const found: ExportedClient[] = findServiceRoleClients(file).map((client) => ({
    path,
    line: client.keyLine,
    label: client.keyLabel,
    moduleLevel: isModuleLevel(client),
    bundledKey: isBundledKey(client),
    name: client.boundTo,
  }));
  for (const statement of file.statements) {
    if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      const target = resolveImport(path, statement.moduleSpecifier.text, files);
      if (target) found.push(...(await exportedServiceRoleClients(context, target, files, depth + 1)));
    }
  }
  // `export async function getMembers() { return supabaseAdmin.from(…) }` over an imported admin client: calling it
  // from the browser runs the service-role client there.
  for (const binding of depth === 0 ? importBindings(file) : []) {
    const target = resolveImport(path, binding.specifier, files);
    if (!target) continue;
    const client = (await exportedServiceRoleClients(context, target, files, depth + 1)).find((item) => item.name === binding.imported);
    if (!client) continue;
    for (const [name, line] of exportsUsing(file, binding.local)) {
      found.push({ ...client, name, moduleLevel: false, via: { path, line, note: `\`${name}\` uses \`${binding.local}\`` } });
    }
  }
  return found;
}

/** The module's exported functions and consts whose code uses `local`, with their lines. */
function exportsUsing(file: ts.SourceFile, local: string): Array<[string, number]> {
  const uses = new RegExp(`\\b${local.replace(/\$/g, '\\$')}\\b`);
  const names: Array<[string, number]> = [];
  for (const statement of file.statements) {
    const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
    if (!exported || !uses.test(statement.getText(file))) continue;
    const line = file.getLineAndCharacterOfPosition(statement.getStart(file)).line + 1;
    if (ts.isFunctionDeclaration(statement) && statement.name) names.push([statement.name.text, line]);
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) if (ts.isIdentifier(declaration.name)) names.push([declaration.name.text, line]);
    }
  }
  return names;
}

/** Frameworks inline these env variables (and literals) into browser bundles. */
export function isBundledKey(client: ServiceRoleClient): boolean {
  return /literal|NEXT_PUBLIC_|VITE_|EXPO_PUBLIC_|REACT_APP_|PUBLIC_|import\.meta\.env/.test(client.keyLabel);
}

export function isModuleLevel(client: ServiceRoleClient): boolean {
  for (let node: ts.Node | undefined = client.call.parent; node; node = node.parent) {
    if (ts.isFunctionLike(node)) return false;
  }
  return true;
}


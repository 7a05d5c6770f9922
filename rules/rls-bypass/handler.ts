// A request handler that reads or writes a user's rows through the service-role client, by a user id taken from the
// request: RLS would have tied the rows to auth.uid(); this client skips it, so any caller can name any user.
// Kept narrow on purpose (user-id columns only, no admin/webhook handlers): ids of other records are client-trusted-id's.
import { ts } from 'ts-morph';
import type { RuleContext } from '../../src/core/rule.js';
import type { FlowStep } from '../../src/core/types.js';
import { clientReason, importBindings, resolveImport } from './client.js';
import { exportedServiceRoleClients } from './exports.js';
import type { Issue } from './issue.js';
import type { ProjectShape } from './client.js';
import { findServiceRoleClients, lineOf } from './service-role.js';

const USER_ID_COLUMN = /^(user|owner|author|profile|customer|member|account|creator)_?id$|^created_by$/i;
const USER_TABLES = /^(profiles?|users?|accounts?|customers?)$/i;
const REQUEST_OBJECT = /^(req|request|ctx|context|c|event)$/;
const REQUEST_PROPERTY = /^(body|query|params|searchParams|formData|json)$/;
const PRIVILEGED_HANDLER = /\b(isAdmin|requireAdmin|assertAdmin|is_admin|role\s*[!=]==?\s*['"](admin|owner)|constructEvent|verifySignature|verifyWebhook)\b/;
const DIRECT_REQUEST_READ = /^(req|request|ctx|c)\.(body|query|params)(\.|\[)/;
const SINK_METHODS = new Set(['eq', 'match', 'update', 'insert', 'upsert', 'in']);

interface Origin {
  line: number;
  note: string;
  path: string;
}

export async function checkServiceRoleHandlers(context: RuleContext<string>, project: ProjectShape): Promise<Issue[]> {
  const { path, roles } = context.file;
  const text = context.file.headText ?? '';
  if (!roles.has('server') || /(^|\/)(admin|webhooks?|cron|jobs?)\//i.test(path)) return [];
  if (clientReason(path, text, roles, context.config, project)) return [];
  const sourceFile = context.sourceFile('head');
  if (!sourceFile) return [];
  const file = sourceFile.compilerNode;
  const clients = await serviceRoleNames(context, file, project);
  if (clients.size === 0) return [];
  const issues: Issue[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body && !PRIVILEGED_HANDLER.test(node.body.getText(file))) {
      issues.push(...checkHandler(node as ts.FunctionLikeDeclaration, file, path, clients));
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return issues;
}

/** Identifiers bound to a service-role client here: created locally, imported, or returned by an imported factory. */
async function serviceRoleNames(context: RuleContext<string>, file: ts.SourceFile, project: ProjectShape): Promise<Map<string, Origin>> {
  const names = new Map<string, Origin>();
  const factories = new Map<string, Origin>();
  for (const client of findServiceRoleClients(file)) {
    if (client.boundTo) names.set(client.boundTo, { path: context.file.path, line: client.keyLine, note: `\`${client.boundTo}\` is built with ${client.keyLabel}` });
  }
  const files = new Set(project.files);
  for (const binding of importBindings(file)) {
    const target = resolveImport(context.file.path, binding.specifier, files);
    if (!target) continue;
    for (const exported of await exportedServiceRoleClients(context, target, files)) {
      if (exported.name !== binding.imported || exported.via) continue;
      const origin = { path: exported.path, line: exported.line, note: `\`${binding.imported}\` is a Supabase client built with ${exported.label}` };
      (exported.moduleLevel ? names : factories).set(binding.local, origin);
    }
  }
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      const call = unwrapAwait(node.initializer);
      if (ts.isCallExpression(call) && ts.isIdentifier(call.expression) && factories.has(call.expression.text)) {
        names.set(node.name.text, factories.get(call.expression.text)!);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return names;
}

function checkHandler(handler: ts.FunctionLikeDeclaration, file: ts.SourceFile, path: string, clients: Map<string, Origin>): Issue[] {
  const tainted = taintedNames(handler, file);
  const firstParameter = handler.parameters[0]?.name.getText(file) ?? '';
  if (tainted.size === 0 && !/^(req|request|ctx|c)$/.test(firstParameter)) return [];
  const issues: Issue[] = [];
  const bodyText = handler.body?.getText(file) ?? '';
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && SINK_METHODS.has(node.expression.name.text)) {
      const chain = chainOf(node);
      const origin = chain.root ? clients.get(chain.root) : undefined;
      const sink = origin ? userIdArgument(node, chain.table, tainted, file) : undefined;
      if (origin && sink && !comparedWithCaller(bodyText, sink.name)) {
        const source = tainted.get(sink.name)!;
        const line = lineOf(file, node.expression.name);
        const flow: FlowStep[] = [
          { path, line: source, note: `\`${sink.name}\` comes from the request` },
          { path: origin.path, line: origin.line, note: origin.note },
          { path, line, note: `${chain.table ?? 'a table'}.${sink.column} = ${sink.name}: no RLS, no ownership check` },
        ];
        issues.push({
          messageId: 'serviceRoleByRequestId',
          line,
          severity: 'high',
          data: { table: chain.table ?? '?', id: sink.name },
          flow,
          fix: 'Use the caller\'s own id (`user.id` from supabase.auth.getUser()) or the cookie-bound client so RLS applies; keep the service role for admin and background work.',
          key: `serviceRoleByRequestId:${chain.table ?? ''}:${sink.column}:${sink.name}`,
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  if (handler.body) visit(handler.body);
  return issues;
}

/** Names read from the request in this handler, with the line they are read on. */
function taintedNames(handler: ts.FunctionLikeDeclaration, file: ts.SourceFile): Map<string, number> {
  const tainted = new Map<string, number>();
  const fromRequest = (expression: ts.Expression): boolean => {
    const node = unwrapAwait(expression);
    const text = node.getText(file);
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      if (['json', 'formData'].includes(method) || (method === 'get' && /searchParams|formData|query/i.test(node.expression.expression.getText(file)))) return true;
      return fromRequest(node.expression.expression);
    }
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      const root = text.split(/[.[]/)[0] ?? '';
      if (tainted.has(root)) return true;
      const parts = text.split('.');
      return REQUEST_OBJECT.test(parts[0] ?? '') && REQUEST_PROPERTY.test(parts[1] ?? '');
    }
    if (ts.isIdentifier(node)) return tainted.has(node.text) || node.text === 'params' || node.text === 'searchParams';
    return false;
  };
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && node.initializer && fromRequest(node.initializer)) {
      const line = lineOf(file, node);
      if (ts.isIdentifier(node.name)) tainted.set(node.name.text, line);
      else for (const element of node.name.elements) if (ts.isBindingElement(element) && ts.isIdentifier(element.name)) tainted.set(element.name.text, line);
    }
    ts.forEachChild(node, visit);
  };
  if (handler.body) visit(handler.body);
  return tainted;
}

function unwrapAwait(expression: ts.Expression): ts.Expression {
  let node = expression;
  while (ts.isAwaitExpression(node) || ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node)) node = node.expression;
  return node;
}

/** `admin.from('profiles').update(…).eq(…)` → root `admin`, table `profiles`. */
function chainOf(call: ts.CallExpression): { root?: string; table?: string } {
  let table: string | undefined;
  let node: ts.Expression = call;
  while (ts.isCallExpression(node) || ts.isPropertyAccessExpression(node)) {
    if (ts.isCallExpression(node)) {
      if (ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'from' && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) table = node.arguments[0].text;
      node = node.expression;
    } else node = node.expression;
  }
  return { root: ts.isIdentifier(node) ? node.text : undefined, table };
}

function userIdArgument(call: ts.CallExpression, table: string | undefined, tainted: Map<string, number>, file: ts.SourceFile): { column: string; name: string } | undefined {
  const isUserColumn = (column: string) => USER_ID_COLUMN.test(column) || (column === 'id' && USER_TABLES.test(table ?? ''));
  const taintedName = (expression: ts.Expression | undefined) => {
    if (!expression) return undefined;
    const text = unwrapAwait(expression).getText(file);
    const root = text.split(/[.[]/)[0] ?? '';
    if (tainted.has(root)) return root;
    // `req.body.userId` read right in the query.
    if (DIRECT_REQUEST_READ.test(text)) {
      tainted.set(text, lineOf(file, expression));
      return text;
    }
    return undefined;
  };
  const [first, second] = call.arguments;
  if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)) && isUserColumn(first.text)) {
    const name = taintedName(second);
    if (name) return { column: first.text, name };
  }
  const objects = first && ts.isArrayLiteralExpression(first) ? first.elements : first ? [first] : [];
  for (const object of objects) {
    if (!ts.isObjectLiteralExpression(object)) continue;
    for (const property of object.properties) {
      const column = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) ? property.name.text : '';
      const value = ts.isPropertyAssignment(property) ? property.initializer : ts.isShorthandPropertyAssignment(property) ? property.name : undefined;
      const name = isUserColumn(column) ? taintedName(value) : undefined;
      if (name) return { column, name };
    }
  }
  return undefined;
}

/** `if (userId !== user.id)` and the like: the id is checked against the signed-in caller. */
function comparedWithCaller(bodyText: string, name: string): boolean {
  const escaped = name.replace(/[$]/g, '\\$');
  return new RegExp(`\\b${escaped}\\b\\s*[!=]==?\\s*[\\w.?]*(user|session|auth|claims|caller|viewer|me)\\b|\\b(user|session|auth|claims|caller|viewer|me)[\\w.?]*\\s*[!=]==?\\s*${escaped}\\b`, 'i').test(bodyText);
}

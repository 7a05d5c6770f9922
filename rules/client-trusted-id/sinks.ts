// Calls whose arguments decide whose rows a query touches or what is written: Prisma, Drizzle, Supabase, Knex,
// SQL (pg, postgres, $queryRaw), Mongoose, TypeORM, Sequelize, Stripe, JWT signing. Pure syntax: no taint here.
import { ts } from 'ts-morph';
import { calleeName, propertyName, skipOuter } from './file-index.js';
import { drizzleConditions, drizzleSink, knexSink, ormSink, stripeSink, supabaseSink } from './builders.js';
import { dataPlacements, label, objectPlacements, stringArgument, wherePlacements, type Link, type LiteralResolver, type Placement, type Sink } from './placements.js';
import { sqlPlacements } from './sql.js';

export type { Library, Operation, Placement, Sink } from './placements.js';

const PRISMA_OPS = new Set(['findMany', 'findFirst', 'findUnique', 'findUniqueOrThrow', 'findFirstOrThrow', 'update', 'updateMany', 'updateManyAndReturn', 'delete', 'deleteMany', 'create', 'createMany', 'createManyAndReturn', 'upsert', 'count', 'aggregate', 'groupBy']);
const PRISMA_DISTINCT = new Set(['findMany', 'findFirst', 'findUnique', 'findUniqueOrThrow', 'findFirstOrThrow', 'updateMany', 'deleteMany', 'upsert', 'groupBy', 'aggregate', 'createMany']);

function chainOf(expression: ts.Expression): { root?: ts.Expression; links: Link[] } {
  const links: Link[] = [];
  let current = skipOuter(expression);
  for (;;) {
    if (ts.isCallExpression(current)) {
      const callee = skipOuter(current.expression);
      if (ts.isPropertyAccessExpression(callee)) {
        links.unshift({ name: callee.name.text, call: current });
        current = skipOuter(callee.expression);
      } else if (ts.isIdentifier(callee)) {
        links.unshift({ name: callee.text, call: current });
        return { root: callee, links };
      } else return { links };
    } else if (ts.isPropertyAccessExpression(current)) {
      links.unshift({ name: current.name.text });
      current = skipOuter(current.expression);
    } else if (ts.isIdentifier(current) || current.kind === ts.SyntaxKind.ThisKeyword) {
      return { root: current, links };
    } else return { links };
  }
}

/** True when a call's result is only the middle of a longer chain (`db.update(t).set(…)` inside `.where(…)`). */
export function isInnerLink(node: ts.CallExpression): boolean {
  const parent = node.parent;
  return ts.isPropertyAccessExpression(parent) && parent.expression === node;
}

export function classifySink(node: ts.CallExpression | ts.TaggedTemplateExpression, resolve: LiteralResolver): Sink | undefined {
  if (ts.isTaggedTemplateExpression(node)) return sqlSink(node);
  const { root, links } = chainOf(node);
  if (links.length === 0) return undefined;
  const rootName = root && ts.isIdentifier(root) ? root.text : links[0]?.name ?? '';
  const first = links[0]!;
  if (/stripe/i.test(rootName) || (root?.kind === ts.SyntaxKind.ThisKeyword && /stripe/i.test(first.name))) return stripeSink(node, root, links);
  if (/^(jwt|jsonwebtoken|jwtService)$/i.test(rootName) || (root?.kind === ts.SyntaxKind.ThisKeyword && /jwt/i.test(first.name))) {
    const last = links[links.length - 1]!;
    if (!/^sign(Async)?$/.test(last.name) || !last.call?.arguments[0]) return undefined;
    return { node, library: 'jwt', label: label(root, links, links.length - 1), op: 'write', filters: [], writes: objectPlacements(last.call.arguments[0], resolve), args: [] };
  }
  const names = links.map((link) => link.name);
  const fromIndex = names.indexOf('from');
  const fromTable = stringArgument(links[fromIndex]?.call);
  if (fromTable !== undefined && names.some((name) => ['eq', 'match', 'in', 'insert', 'update', 'upsert', 'select', 'delete', 'filter', 'neq', 'single'].includes(name)) && !names.includes('where')) {
    return supabaseSink(node, root, links, fromTable, resolve);
  }
  const tableCall = links.find((link) => link.call && ['update', 'insert', 'delete', 'from'].includes(link.name) && link.call.arguments[0] && ts.isIdentifier(skipOuter(link.call.arguments[0])));
  if (tableCall && names.some((name) => ['where', 'set', 'values'].includes(name))) return drizzleSink(node, root, links, tableCall, resolve);
  const knexRoot = /^(knex|db|trx|tx|database|k|qb|query|builder|conn|connection)$/i.test(rootName) || /knex/i.test(rootName);
  const knexTable = !knexRoot ? undefined : (first.call && !ts.isPropertyAccessExpression(skipOuter(first.call.expression)) ? stringArgument(first.call) : undefined) ?? (fromTable ?? stringArgument(links.find((link) => link.name === 'table' || link.name === 'into')?.call));
  if (knexTable !== undefined && names.some((name) => /^(where|andWhere|orWhere|whereIn|insert|update|del|delete)$/.test(name))) return knexSink(node, root, links, knexTable, resolve);
  const raw = sqlCallSink(node, links, rootName);
  if (raw) return raw;
  return prismaSink(node, root, links, resolve) ?? ormSink(node, root, links, resolve);
}

function prismaSink(node: ts.Expression, root: ts.Expression | undefined, links: Link[], resolve: LiteralResolver): Sink | undefined {
  for (let index = 1; index < links.length; index++) {
    const link = links[index]!;
    const model = links[index - 1]!;
    if (!link.call || model.call || !PRISMA_OPS.has(link.name) || model.name.startsWith('$')) continue;
    const argument = link.call.arguments[0];
    const literal = argument ? resolve(argument) : undefined;
    const keys = literal ? literal.properties.map((property) => propertyName(property.name)) : [];
    if (!PRISMA_DISTINCT.has(link.name) && !keys.some((key) => key === 'where' || key === 'data')) continue;
    const filters: Placement[] = [];
    const writes: Placement[] = [];
    for (const property of literal?.properties ?? []) {
      if (!ts.isPropertyAssignment(property) && !ts.isShorthandPropertyAssignment(property)) continue;
      const key = propertyName(property.name);
      const value = ts.isPropertyAssignment(property) ? property.initializer : property.name;
      if (key === 'where') {
        // Drizzle's relational API (`db.query.users.findFirst({ where: eq(users.id, x) })`) takes conditions, not objects.
        const inner = skipOuter(value);
        const conditions = ts.isCallExpression(inner) || ts.isArrowFunction(inner) ? drizzleConditions(inner) : [];
        filters.push(...(conditions.length > 0 ? conditions : wherePlacements(value, resolve)));
      }
      if (key === 'data' || key === 'create' || key === 'update') writes.push(...dataPlacements(value, resolve));
    }
    const op = /delete/i.test(link.name) ? 'delete' : /update|create|upsert/i.test(link.name) ? 'write' : 'read';
    return { node, library: 'prisma', label: label(root, links, index), op, model: model.name, filters, writes, args: [] };
  }
  return undefined;
}

function sqlSink(node: ts.TaggedTemplateExpression): Sink | undefined {
  const tag = calleeName(node.tag) ?? (ts.isCallExpression(node.tag) ? calleeName(node.tag.expression) : undefined);
  if (!tag || !/^(sql|\$queryRaw|\$executeRaw|queryRaw|executeRaw|postgres|query)$/.test(tag)) return undefined;
  const { op, placements } = sqlPlacements(node.template);
  return { node, library: 'sql', label: `${tag}\`…\``, op, filters: op === 'write' ? [] : placements, writes: op === 'write' ? placements : [], args: [] };
}

function sqlCallSink(node: ts.CallExpression | ts.TaggedTemplateExpression, links: Link[], rootName: string): Sink | undefined {
  const last = links[links.length - 1];
  if (!last?.call || !/^(query|execute|\$queryRawUnsafe|\$executeRawUnsafe|raw|one|many|any|none|oneOrNone|manyOrNone)$/.test(last.name)) return undefined;
  if (!/pool|client|db|pg|conn|knex|trx|tx|sql|database|prisma|connection/i.test(rootName)) return undefined;
  const [text, ...rest] = last.call.arguments;
  if (!text || !(ts.isStringLiteralLike(text) || ts.isTemplateExpression(text))) return undefined;
  const params = rest.length === 1 && ts.isArrayLiteralExpression(skipOuter(rest[0]!)) ? (skipOuter(rest[0]!) as ts.ArrayLiteralExpression).elements : rest;
  const { op, placements } = sqlPlacements(text, [...params]);
  return { node, library: 'sql', label: `${rootName}.${last.name}()`, op, filters: op === 'write' ? [] : placements, writes: op === 'write' ? placements : [], args: [] };
}

/** `Object.assign(user, req.body); await user.save()` or `user.set(req.body)`: mass assignment onto a loaded entity. */
export function assignThenSaveSink(node: ts.CallExpression, fn: ts.FunctionLikeDeclaration): Sink | undefined {
  const callee = skipOuter(node.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const isAssign = callee.name.text === 'assign' && callee.expression.getText() === 'Object';
  const target = skipOuter(isAssign ? (node.arguments[0] ?? callee) : callee.expression);
  const payload = isAssign ? node.arguments[1] : callee.name.text === 'set' ? node.arguments[0] : undefined;
  if (!payload || !ts.isIdentifier(target)) return undefined;
  if (!new RegExp(`\\b${target.text}[!?]?\\.save\\(`).test(fn.body?.getText() ?? '')) return undefined;
  const label = isAssign ? `Object.assign(${target.text}, …)` : `${target.text}.set`;
  return { node, library: 'orm', label, op: 'write', filters: [], writes: [{ node: payload, whole: true }], args: [] };
}

// Calls whose arguments decide whose rows a query touches or what is written: Prisma, Drizzle, Supabase, Knex,
// SQL (pg, postgres, $queryRaw), Mongoose, TypeORM, Sequelize, Stripe, JWT signing. Pure syntax: no taint here.
import { ts } from 'ts-morph';
import { calleeName, propertyName, skipOuter } from './file-index.js';
import { sqlPlacements } from './sql.js';

export type Library = 'prisma' | 'drizzle' | 'supabase' | 'knex' | 'sql' | 'mongoose' | 'orm' | 'stripe' | 'jwt';
export type Operation = 'read' | 'write' | 'delete';

export interface Placement {
  /** The column or field the value lands in, when known. */
  readonly key?: string;
  readonly node: ts.Expression;
  /** A whole object written as-is (`data: req.body`, `...body`): mass-assignment candidate. */
  readonly whole?: boolean;
  /** For a spread: keys set next to it (`{ ...body, ownerId: session.user.id }`). */
  readonly siblings?: readonly ts.ObjectLiteralElementLike[];
}

export interface Sink {
  readonly node: ts.Expression;
  readonly library: Library;
  readonly label: string;
  readonly op: Operation;
  readonly model?: string;
  readonly filters: Placement[];
  readonly writes: Placement[];
  /** Positional arguments that name an account (Stripe ids). */
  readonly args: Placement[];
  /** The client a Supabase chain starts from (trust decided elsewhere). */
  readonly root?: ts.Expression;
}

interface Link {
  readonly name: string;
  readonly call?: ts.CallExpression;
}

const PRISMA_OPS = new Set(['findMany', 'findFirst', 'findUnique', 'findUniqueOrThrow', 'findFirstOrThrow', 'update', 'updateMany', 'updateManyAndReturn', 'delete', 'deleteMany', 'create', 'createMany', 'createManyAndReturn', 'upsert', 'count', 'aggregate', 'groupBy']);
const PRISMA_DISTINCT = new Set(['findMany', 'findFirst', 'findUnique', 'findUniqueOrThrow', 'findFirstOrThrow', 'updateMany', 'deleteMany', 'upsert', 'groupBy', 'aggregate', 'createMany']);
const WHERE_OPERATORS = new Set(['AND', 'OR', 'NOT', 'some', 'every', 'none', 'is', 'isNot', 'equals', 'in', 'has', 'hasSome']);
const ORM_READ = new Set(['find', 'findOne', 'findAll', 'findAndCountAll', 'countDocuments', 'exists', 'findOneBy', 'findBy', 'findOneByOrFail', 'findOneOrFail', 'count']);
const ORM_DELETE = new Set(['deleteOne', 'deleteMany', 'destroy', 'findOneAndDelete', 'delete', 'remove']);
const ORM_UPDATE = new Set(['updateOne', 'updateMany', 'findOneAndUpdate', 'replaceOne', 'update']);
const ORM_BY_ID = new Set(['findById', 'findByPk', 'findByIdAndDelete', 'findByIdAndRemove', 'findByIdAndUpdate']);
const ORM_CREATE = new Set(['create', 'insert', 'insertMany', 'bulkCreate', 'save', 'build']);
const NOT_MODELS = /^(Object|Array|Promise|JSON|Math|Date|Number|String|Reflect|Buffer|URL|Intl|Map|Set|WeakMap|Symbol|Error|Response|NextResponse|Headers|z|Z)$/;

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

function label(root: ts.Expression | undefined, links: readonly Link[], upTo: number): string {
  const parts = [root && ts.isIdentifier(root) ? root.text : 'this', ...links.slice(0, upTo + 1).map((link) => link.name)];
  return parts.join('.').replace(/^this\./, 'this.');
}

function stringArgument(call: ts.CallExpression | undefined, index = 0): string | undefined {
  const argument = call?.arguments[index];
  return argument && ts.isStringLiteralLike(argument) ? argument.text : undefined;
}

/** Resolves an argument to an object literal when it is one, or a local constant holding one. */
export type LiteralResolver = (node: ts.Expression) => ts.ObjectLiteralExpression | undefined;

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

/** Flattens a Prisma where: nested AND/OR, composite keys (`userId_teamId`), relation filters. */
export function wherePlacements(value: ts.Expression, resolve: LiteralResolver, parentKey?: string): Placement[] {
  const node = skipOuter(value);
  if (ts.isArrayLiteralExpression(node)) return node.elements.flatMap((element) => wherePlacements(element, resolve, parentKey));
  const literal = ts.isObjectLiteralExpression(node) ? node : ts.isIdentifier(node) ? resolve(node) : undefined;
  if (!literal) return [{ key: parentKey, node }];
  const placements: Placement[] = [];
  for (const property of literal.properties) {
    if (ts.isShorthandPropertyAssignment(property)) placements.push({ key: property.name.text, node: property.name });
    else if (ts.isPropertyAssignment(property)) {
      const key = propertyName(property.name);
      const inner = skipOuter(property.initializer);
      const isNested = ts.isObjectLiteralExpression(inner) || ts.isArrayLiteralExpression(inner);
      if (!isNested) placements.push({ key: key && WHERE_OPERATORS.has(key) ? parentKey : key, node: property.initializer });
      else placements.push(...wherePlacements(inner, resolve, key && WHERE_OPERATORS.has(key) ? parentKey : key));
    }
  }
  return placements;
}

/** The fields a write sets; a whole object or a spread becomes a mass-assignment candidate. */
export function dataPlacements(value: ts.Expression, resolve: LiteralResolver): Placement[] {
  const node = skipOuter(value);
  if (ts.isArrayLiteralExpression(node)) return node.elements.flatMap((element) => dataPlacements(element, resolve));
  if (!ts.isObjectLiteralExpression(node)) return [{ node, whole: true }];
  const placements: Placement[] = [];
  for (const property of node.properties) {
    if (ts.isSpreadAssignment(property)) placements.push({ node: property.expression, whole: true, siblings: node.properties.filter((other) => other !== property) });
    else if (ts.isShorthandPropertyAssignment(property)) placements.push({ key: property.name.text, node: property.name });
    else if (ts.isPropertyAssignment(property)) {
      const key = propertyName(property.name);
      const inner = skipOuter(property.initializer);
      if (ts.isObjectLiteralExpression(inner)) {
        for (const nested of inner.properties) {
          const nestedKey = propertyName(nested.name);
          if ((nestedKey === 'connect' || nestedKey === 'connectOrCreate') && ts.isPropertyAssignment(nested)) {
            for (const target of wherePlacements(nested.initializer, resolve)) placements.push({ key: `${key}.${target.key ?? 'id'}`, node: target.node });
          } else if (nestedKey === 'set' && ts.isPropertyAssignment(nested)) placements.push({ key, node: nested.initializer });
        }
      } else placements.push({ key, node: property.initializer });
    }
  }
  return placements;
}

function objectPlacements(value: ts.Expression, resolve: LiteralResolver): Placement[] {
  const literal = resolve(value);
  return literal ? dataPlacements(literal, resolve) : [{ node: value, whole: true }];
}

function supabaseSink(node: ts.Expression, root: ts.Expression | undefined, links: Link[], table: string, resolve: LiteralResolver): Sink {
  const filters: Placement[] = [];
  const writes: Placement[] = [];
  let op: Operation = 'read';
  for (const link of links) {
    const args = link.call?.arguments ?? ts.factory.createNodeArray<ts.Expression>();
    const column = stringArgument(link.call);
    if ((link.name === 'eq' || link.name === 'in' || link.name === 'contains') && args[1]) filters.push({ key: column, node: args[1] });
    if (link.name === 'filter' && args[2]) filters.push({ key: column, node: args[2] });
    if (link.name === 'match' && args[0]) filters.push(...wherePlacements(args[0], resolve));
    if ((link.name === 'insert' || link.name === 'update' || link.name === 'upsert') && args[0]) {
      writes.push(...objectPlacements(args[0], resolve));
      op = 'write';
    }
    if (link.name === 'delete') op = 'delete';
  }
  return { node, library: 'supabase', label: `from('${table}')`, op, model: table, filters, writes, args: [], root };
}

function drizzleSink(node: ts.Expression, root: ts.Expression | undefined, links: Link[], tableLink: Link, resolve: LiteralResolver): Sink {
  const filters: Placement[] = [];
  const writes: Placement[] = [];
  const table = skipOuter(tableLink.call!.arguments[0]!).getText();
  for (const link of links) {
    const argument = link.call?.arguments[0];
    if (!argument) continue;
    if (link.name === 'where') filters.push(...drizzleConditions(argument));
    if (link.name === 'set' || link.name === 'values') writes.push(...objectPlacements(argument, resolve));
  }
  const op: Operation = tableLink.name === 'delete' ? 'delete' : tableLink.name === 'from' ? 'read' : 'write';
  return { node, library: 'drizzle', label: `db.${tableLink.name}(${table})`, op, model: table, filters, writes, args: [] };
}

/** `and(eq(t.teamId, teamId), eq(t.userId, memberId))` → two placements keyed by column. */
export function drizzleConditions(expression: ts.Expression): Placement[] {
  const placements: Placement[] = [];
  const visit = (current: ts.Node): void => {
    if (ts.isCallExpression(current)) {
      const name = calleeName(current.expression);
      const [column, value] = current.arguments;
      if ((name === 'eq' || name === 'inArray') && column && value) {
        const columnNode = skipOuter(column);
        const key = ts.isPropertyAccessExpression(columnNode) ? columnNode.name.text : ts.isStringLiteralLike(columnNode) ? columnNode.text : undefined;
        placements.push({ key, node: value });
        return;
      }
    }
    ts.forEachChild(current, visit);
  };
  visit(expression);
  return placements;
}

function knexSink(node: ts.Expression, root: ts.Expression | undefined, links: Link[], table: string, resolve: LiteralResolver): Sink {
  const filters: Placement[] = [];
  const writes: Placement[] = [];
  let op: Operation = 'read';
  for (const link of links) {
    const args = link.call?.arguments;
    if (!args?.[0]) continue;
    if (/^(where|andWhere|orWhere|whereIn)$/.test(link.name)) {
      const column = stringArgument(link.call);
      if (column !== undefined) filters.push({ key: column, node: args[args.length - 1]! });
      else filters.push(...wherePlacements(args[0], resolve));
    }
    if (link.name === 'insert' || link.name === 'update') {
      writes.push(...objectPlacements(args[0], resolve));
      op = 'write';
    }
    if (link.name === 'del' || link.name === 'delete') op = 'delete';
  }
  return { node, library: 'knex', label: `knex('${table}')`, op, model: table, filters, writes, args: [] };
}

function stripeSink(node: ts.Expression, root: ts.Expression | undefined, links: Link[]): Sink | undefined {
  const last = links[links.length - 1];
  if (!last?.call) return undefined;
  const args: Placement[] = [];
  for (const argument of last.call.arguments) {
    const inner = skipOuter(argument);
    if (ts.isObjectLiteralExpression(inner)) args.push(...dataPlacements(inner, () => undefined).filter((placement) => !placement.whole));
    else args.push({ node: argument });
  }
  const op: Operation = /^(del|delete|cancel)$/.test(last.name) ? 'delete' : /^(create|update)$/.test(last.name) ? 'write' : 'read';
  return { node, library: 'stripe', label: label(root, links, links.length - 1), op, filters: [], writes: [], args };
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

function ormSink(node: ts.Expression, root: ts.Expression | undefined, links: Link[], resolve: LiteralResolver): Sink | undefined {
  const last = links[links.length - 1];
  if (!last?.call) return undefined;
  const receiver = links.length >= 2 ? links[links.length - 2]! : undefined;
  const receiverName = receiver ? receiver.name : root && ts.isIdentifier(root) ? root.text : '';
  const isModel = (/^[A-Z]/.test(receiverName) && !NOT_MODELS.test(receiverName)) || /(model|repo|repository)$/i.test(receiverName) || receiverName === 'getRepository' || receiverName === 'manager';
  if (!isModel) return undefined;
  const [first, second] = last.call.arguments;
  const mongoose = /Model$/.test(receiverName) || /^[A-Z]/.test(receiverName);
  const library: Library = mongoose && !/repo|repository/i.test(receiverName) ? 'mongoose' : 'orm';
  const where = (value: ts.Expression | undefined): Placement[] => {
    if (!value) return [];
    const literal = resolve(value);
    if (!literal) return [{ key: 'id', node: value }];
    const whereProperty = literal.properties.find((property) => propertyName(property.name) === 'where');
    return whereProperty && ts.isPropertyAssignment(whereProperty) ? wherePlacements(whereProperty.initializer, resolve) : wherePlacements(literal, resolve);
  };
  const update = (value: ts.Expression | undefined): Placement[] => {
    if (!value) return [];
    const literal = resolve(value);
    const set = literal?.properties.find((property) => propertyName(property.name) === '$set');
    return objectPlacements(set && ts.isPropertyAssignment(set) ? set.initializer : value, resolve);
  };
  const name = last.name;
  const base = { node, library, label: `${receiverName}.${name}`, model: receiverName, args: [] as Placement[] };
  if (ORM_BY_ID.has(name)) return { ...base, op: /Delete|Remove/.test(name) ? 'delete' : /Update/.test(name) ? 'write' : 'read', filters: first ? [{ key: 'id', node: first }] : [], writes: update(second) };
  if (ORM_READ.has(name)) return { ...base, op: 'read', filters: where(first), writes: [] };
  if (ORM_DELETE.has(name)) return { ...base, op: 'delete', filters: where(first), writes: [] };
  if (ORM_UPDATE.has(name)) {
    const secondLiteral = second ? resolve(second) : undefined;
    const sequelize = secondLiteral?.properties.some((property) => propertyName(property.name) === 'where');
    return sequelize
      ? { ...base, op: 'write', filters: where(second), writes: update(first) }
      : { ...base, op: 'write', filters: where(first), writes: update(second) };
  }
  if (ORM_CREATE.has(name) && first) return { ...base, op: 'write', filters: [], writes: update(first) };
  return undefined;
}

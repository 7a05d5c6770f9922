// Query builders and SDKs besides Prisma: Supabase, Drizzle, Knex, Mongoose/TypeORM/Sequelize models, Stripe.
import { ts } from 'ts-morph';
import { calleeName, propertyName, skipOuter } from './file-index.js';
import { dataPlacements, label, objectPlacements, stringArgument, wherePlacements, type Library, type Link, type LiteralResolver, type Operation, type Placement, type Sink } from './placements.js';

const ORM_READ = new Set(['find', 'findOne', 'findAll', 'findAndCountAll', 'countDocuments', 'exists', 'findOneBy', 'findBy', 'findOneByOrFail', 'findOneOrFail', 'count']);
const ORM_DELETE = new Set(['deleteOne', 'deleteMany', 'destroy', 'findOneAndDelete', 'delete', 'remove']);
const ORM_UPDATE = new Set(['updateOne', 'updateMany', 'findOneAndUpdate', 'replaceOne', 'update']);
const ORM_BY_ID = new Set(['findById', 'findByPk', 'findByIdAndDelete', 'findByIdAndRemove', 'findByIdAndUpdate']);
const ORM_CREATE = new Set(['create', 'insert', 'insertMany', 'bulkCreate', 'save', 'build']);
const NOT_MODELS = /^(Object|Array|Promise|JSON|Math|Date|Number|String|Reflect|Buffer|URL|Intl|Map|Set|WeakMap|Symbol|Error|Response|NextResponse|Headers|z|Z)$/;

export function supabaseSink(node: ts.Expression, root: ts.Expression | undefined, links: Link[], table: string, resolve: LiteralResolver): Sink {
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

export function drizzleSink(node: ts.Expression, root: ts.Expression | undefined, links: Link[], tableLink: Link, resolve: LiteralResolver): Sink {
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

export function knexSink(node: ts.Expression, root: ts.Expression | undefined, links: Link[], table: string, resolve: LiteralResolver): Sink {
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

export function stripeSink(node: ts.Expression, root: ts.Expression | undefined, links: Link[]): Sink | undefined {
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

export function ormSink(node: ts.Expression, root: ts.Expression | undefined, links: Link[], resolve: LiteralResolver): Sink | undefined {
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

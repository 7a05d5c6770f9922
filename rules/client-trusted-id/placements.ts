// The shapes sinks share: where a value lands (a column, a field, a whole object), and how query chains are read.
import { ts } from 'ts-morph';
import { propertyName, skipOuter } from './file-index.js';

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

export interface Link {
  readonly name: string;
  readonly call?: ts.CallExpression;
}

/** Resolves an argument to an object literal when it is one, or a local constant holding one. */
export type LiteralResolver = (node: ts.Expression) => ts.ObjectLiteralExpression | undefined;

const WHERE_OPERATORS = new Set(['AND', 'OR', 'NOT', 'some', 'every', 'none', 'is', 'isNot', 'equals', 'in', 'has', 'hasSome']);

export function label(root: ts.Expression | undefined, links: readonly Link[], upTo: number): string {
  const parts = [root && ts.isIdentifier(root) ? root.text : 'this', ...links.slice(0, upTo + 1).map((link) => link.name)];
  return parts.join('.').replace(/^this\./, 'this.');
}

export function stringArgument(call: ts.CallExpression | undefined, index = 0): string | undefined {
  const argument = call?.arguments[index];
  return argument && ts.isStringLiteralLike(argument) ? argument.text : undefined;
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

export function objectPlacements(value: ts.Expression, resolve: LiteralResolver): Placement[] {
  const literal = resolve(value);
  return literal ? dataPlacements(literal, resolve) : [{ node: value, whole: true }];
}

// One pass over a file's top level: local functions (helpers a handler may call), top-level constants
// (zod schemas), imports, and the "use server" directive.
import { ts } from 'ts-morph';

export type FunctionLike = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration;

export interface FileIndex {
  readonly sourceFile: ts.SourceFile;
  readonly functions: ReadonlyMap<string, FunctionLike>;
  readonly constants: ReadonlyMap<string, ts.Expression>;
  /** Local name → module specifier. */
  readonly imports: ReadonlyMap<string, string>;
  readonly useServer: boolean;
  /** Class declarations (NestJS DTOs) by name. */
  readonly classes: ReadonlyMap<string, ts.ClassDeclaration>;
}

export function isFunctionLike(node: ts.Node): node is FunctionLike {
  return ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node);
}

export function hasDirective(statements: ts.NodeArray<ts.Statement> | undefined, directive: string): boolean {
  if (!statements) return false;
  for (const statement of statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) return false;
    if (statement.expression.text === directive) return true;
  }
  return false;
}

export function indexFile(sourceFile: ts.SourceFile): FileIndex {
  const functions = new Map<string, FunctionLike>();
  const constants = new Map<string, ts.Expression>();
  const imports = new Map<string, string>();
  const classes = new Map<string, ts.ClassDeclaration>();
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name && statement.body) {
      functions.set(statement.name.text, statement);
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name) || !declaration.initializer) continue;
        const initializer = skipOuter(declaration.initializer);
        if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) functions.set(declaration.name.text, initializer);
        else constants.set(declaration.name.text, initializer);
      }
    } else if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      const from = statement.moduleSpecifier.text;
      if (clause?.name) imports.set(clause.name.text, from);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) imports.set(element.name.text, from);
      if (bindings && ts.isNamespaceImport(bindings)) imports.set(bindings.name.text, from);
    } else if (ts.isClassDeclaration(statement) && statement.name) {
      classes.set(statement.name.text, statement);
    }
  }
  return { sourceFile, functions, constants, imports, classes, useServer: hasDirective(sourceFile.statements, 'use server') };
}

/** Strips parentheses, `as`, `!`, `satisfies` and `await` around an expression. */
export function skipOuter(node: ts.Expression): ts.Expression {
  let current = node;
  for (;;) {
    if (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isNonNullExpression(current) || ts.isAwaitExpression(current) || ts.isTypeAssertionExpression(current) || ts.isSatisfiesExpression(current)) {
      current = current.expression;
    } else {
      return current;
    }
  }
}

/** `a.b.c` → 'c'; `f` → 'f'; the called name of a call's callee. */
export function calleeName(expression: ts.Expression): string | undefined {
  const callee = skipOuter(expression);
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

export function propertyName(name: ts.PropertyName | ts.BindingName | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) return name.expression.text;
  return undefined;
}

/** The keys of a `z.object({...})` (through `.strict()`, `.partial()`…), or undefined when not a literal object schema. */
export function zodObjectKeys(expression: ts.Expression, index: FileIndex, depth = 0): string[] | undefined {
  const node = skipOuter(expression);
  if (depth > 4) return undefined;
  if (ts.isIdentifier(node)) {
    const constant = index.constants.get(node.text);
    return constant ? zodObjectKeys(constant, index, depth + 1) : undefined;
  }
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return undefined;
  const method = node.expression.name.text;
  if (method === 'object' || method === 'strictObject') {
    const literal = node.arguments[0];
    if (!literal || !ts.isObjectLiteralExpression(literal)) return undefined;
    return literal.properties.map((property) => propertyName(property.name)).filter((key): key is string => key !== undefined);
  }
  if (['strict', 'partial', 'required', 'strip', 'passthrough', 'optional', 'nullable', 'describe', 'refine', 'superRefine', 'transform'].includes(method)) {
    return zodObjectKeys(node.expression.expression, index, depth + 1);
  }
  if (method === 'extend' || method === 'merge') {
    const base = zodObjectKeys(node.expression.expression, index, depth + 1);
    const extra = node.arguments[0];
    const more = extra && ts.isObjectLiteralExpression(extra)
      ? extra.properties.map((property) => propertyName(property.name)).filter((key): key is string => key !== undefined)
      : extra ? zodObjectKeys(extra, index, depth + 1) : [];
    return base && more ? [...base, ...more] : undefined;
  }
  return undefined;
}

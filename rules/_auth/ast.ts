// Small TypeScript-compiler helpers shared by the auth rules (raw `ts` nodes: faster than ts-morph wrappers).
import { ts } from 'ts-morph';
import { maskSecret } from '../_secrets/mask.js';

export type FunctionLike = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration;

export function isFunctionLike(node: ts.Node | undefined): node is FunctionLike {
  return (
    node !== undefined &&
    (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node))
  );
}

export function lineOf(node: ts.Node, sourceFile: ts.SourceFile): number {
  return sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
}

export function endLineOf(node: ts.Node, sourceFile: ts.SourceFile): number {
  return sourceFile.getLineAndCharacterOfPosition(node.getEnd()).line + 1;
}

/** Removes parentheses, `await`, `as`, `!` and `satisfies` around an expression. */
export function unwrapExpression(node: ts.Expression): ts.Expression {
  let current = node;
  for (;;) {
    if (ts.isParenthesizedExpression(current) || ts.isAwaitExpression(current) || ts.isNonNullExpression(current)) current = current.expression;
    else if (ts.isAsExpression(current) || ts.isSatisfiesExpression(current) || ts.isTypeAssertionExpression(current)) current = current.expression;
    else return current;
  }
}

/** The called name: `auth` for `auth()`, `getUser` for `supabase.auth.getUser()`. */
export function calleeName(call: ts.CallExpression): string | undefined {
  const callee = unwrapExpression(call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

/** The whole callee as written, without whitespace: `supabase.auth.getUser`. */
export function calleeText(call: ts.CallExpression, sourceFile: ts.SourceFile): string {
  return call.expression.getText(sourceFile).replace(/\s+/g, '');
}

/** Visits `root` and every descendant; `visit` returns false to skip a node's children. Nested functions are entered unless `skipFunctions`. */
export function walk(root: ts.Node, visit: (node: ts.Node) => boolean | void, skipFunctions = false): void {
  const step = (node: ts.Node): void => {
    if (skipFunctions && node !== root && isFunctionLike(node)) return;
    if (visit(node) === false) return;
    ts.forEachChild(node, step);
  };
  step(root);
}

/** Names bound by a declaration name (identifier or destructuring pattern). */
export function boundNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  const names: string[] = [];
  for (const element of name.elements) {
    if (ts.isBindingElement(element)) names.push(...boundNames(element.name));
  }
  return names;
}

/** True when any identifier in `node` has one of `names`. */
export function mentionsAny(node: ts.Node, names: ReadonlySet<string>): boolean {
  if (names.size === 0) return false;
  let found = false;
  const step = (child: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(child) && names.has(child.text)) {
      found = true;
      return;
    }
    ts.forEachChild(child, step);
  };
  step(node);
  return found;
}

export function stringValue(node: ts.Node | undefined): string | undefined {
  if (node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))) return node.text;
  return undefined;
}

/** Top-level function declarations and `const x = () => …` of a file, by name. */
export function localFunctions(sourceFile: ts.SourceFile): Map<string, FunctionLike> {
  const functions = new Map<string, FunctionLike>();
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name) functions.set(statement.name.text, statement);
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer ? unwrapExpression(declaration.initializer) : undefined;
        if (ts.isIdentifier(declaration.name) && isFunctionLike(init)) functions.set(declaration.name.text, init);
      }
    }
  }
  return functions;
}

/** Top-level `const x = <expression>` initializers by name. */
export function localInitializers(sourceFile: ts.SourceFile): Map<string, ts.Expression> {
  const values = new Map<string, ts.Expression>();
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.initializer) values.set(declaration.name.text, declaration.initializer);
    }
  }
  return values;
}

export function hasExportModifier(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
}

export function hasDefaultModifier(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword);
}

/** A token-like string literal (`'Bearer sk_live_…'`) is masked before it reaches a message or a flow note. */
function maskTokens(text: string): string {
  return text.replace(/(['"`])([^'"`\s]{16,})\1/g, (whole, quote: string, value: string) =>
    /[A-Za-z]/.test(value) && /\d/.test(value) && !value.includes('/') ? `${quote}${maskSecret(value)}${quote}` : whole,
  );
}

/** A one-line excerpt of a node, for messages and flow notes. */
export function excerpt(node: ts.Node, sourceFile: ts.SourceFile, max = 80): string {
  const text = maskTokens(node.getText(sourceFile).replace(/\s+/g, ' ').trim());
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The first function written inline among call arguments: `withAuth(async (req) => …)`. */
export function functionArgument(args: readonly ts.Expression[]): FunctionLike | undefined {
  for (const arg of args) {
    const value: ts.Node = unwrapExpression(arg);
    if (isFunctionLike(value)) return value;
  }
  return undefined;
}

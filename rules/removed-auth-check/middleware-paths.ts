// The path checks inside a Next.js middleware: `createRouteMatcher(['/dashboard(.*)'])`, `protectedPaths`,
// `pathname.startsWith('/admin')`, and allow-lists such as `publicRoutes: ['/', '/sign-in']`.
import { ts } from 'ts-morph';
import { calleeName, lineOf, walk } from '../_auth/ast.js';

const PUBLIC_CONTEXT = /public|ignored?|unprotected|anonymous|allow|open|skip|exclude|bypass|guest|unauth/i;
const NOT_A_CHECK = /^(redirect|rewrite|URL|next|json|fetch)$/;
const PROTECTED_CONTEXT = /protect|private|auth|admin|secure|require|guard|member|dashboard|account|restrict/i;
const PATH_TEST = /^(startsWith|includes|match|test|some|createRouteMatcher|matches|isMatch|pathToRegexp)$/;

/** `pathname.startsWith('/admin')`, `pathname === '/admin'`, `['/a', '/b'].some(...)`, `createRouteMatcher([...])`. */
function usedInPathTest(node: ts.Node): boolean {
  let current: ts.Node = node;
  if (ts.isArrayLiteralExpression(current.parent)) current = current.parent;
  const parent = current.parent;
  if (ts.isBinaryExpression(parent) && /^(===|!==|==|!=)$/.test(parent.operatorToken.getText())) return true;
  if (ts.isCallExpression(parent) && parent.arguments.includes(current as ts.Expression)) return PATH_TEST.test(calleeName(parent) ?? '');
  if (ts.isPropertyAccessExpression(parent) && ts.isCallExpression(parent.parent)) return PATH_TEST.test(parent.name.text);
  return false;
}

export interface PathChecks {
  /** Paths the middleware protects, with their line. */
  protectedPaths: Map<string, number>;
  /** Paths the middleware lets through without a session, with their line. */
  publicPaths: Map<string, number>;
}

/** The name of the variable, property or function a literal belongs to: `isPublicRoute`, `publicRoutes`. */
function contextName(node: ts.Node, sourceFile: ts.SourceFile): string {
  for (let current = node.parent; current && !ts.isSourceFile(current); current = current.parent) {
    if (ts.isVariableDeclaration(current) || ts.isPropertyAssignment(current) || ts.isFunctionDeclaration(current)) {
      return current.name?.getText(sourceFile) ?? '';
    }
  }
  return '';
}

function insideIgnoredCall(node: ts.Node): boolean {
  for (let current = node.parent; current && !ts.isSourceFile(current); current = current.parent) {
    if ((ts.isCallExpression(current) || ts.isNewExpression(current)) && NOT_A_CHECK.test(ts.isCallExpression(current) ? (calleeName(current) ?? '') : current.expression.getText())) {
      return true;
    }
    if (ts.isPropertyAssignment(current) && current.name.getText() === 'matcher') return true;
  }
  return false;
}

export function pathChecks(sourceFile: ts.SourceFile): PathChecks {
  const checks: PathChecks = { protectedPaths: new Map(), publicPaths: new Map() };
  walk(sourceFile, (node) => {
    if (!(ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) || !node.text.startsWith('/')) return;
    if (ts.isImportDeclaration(node.parent) || ts.isExportDeclaration(node.parent) || insideIgnoredCall(node)) return;
    const name = contextName(node, sourceFile);
    const target = PUBLIC_CONTEXT.test(name) ? checks.publicPaths : PROTECTED_CONTEXT.test(name) || usedInPathTest(node) ? checks.protectedPaths : undefined;
    if (target && !target.has(node.text)) target.set(node.text, lineOf(node, sourceFile));
  });
  return checks;
}

export interface PathLoss {
  path: string;
  /** Line in the base (a protected path removed) or the head (a path added to an allow-list). */
  line: number;
  side: 'base' | 'head';
}

export function lostPathChecks(base: PathChecks, head: PathChecks): PathLoss[] {
  const losses: PathLoss[] = [];
  for (const [path, line] of base.protectedPaths) {
    if (!head.protectedPaths.has(path)) losses.push({ path, line, side: 'base' });
  }
  for (const [path, line] of head.publicPaths) {
    if (!base.publicPaths.has(path) && base.protectedPaths.has(path) === false) losses.push({ path, line, side: 'head' });
  }
  return losses;
}

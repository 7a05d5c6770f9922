// What makes a client id safe to use: a comparison with the session, a membership/permission check, a lookup
// scoped by the session and then checked, and Supabase clients that carry the user's session (RLS decides).
import { ts } from 'ts-morph';
import type { RuleContext } from '../../src/core/rule.js';
import { calleeName, skipOuter, type FileIndex } from './file-index.js';

const ACCESS_CHECK =
  /^(assert|check|verify|ensure|require|validate|can|has|is|authorize|enforce|guard)\w*(member|membership|access|permission|owner|ownership|role|admin|allowed|belongs|team|org|organization|workspace|tenant|project|account|policy|scope|can|rights)\w*$|^(authorize|can|cannot|ability|enforce|check|permit|allow|checkAccess|hasAccess|canAccess|isAllowed)$|^assert(Can|Owns|Is)\w*$|^throwIf(No|Not|Cannot|Cant)?\w*(Permission|Access|Member|Owner|Admin|Role|Allowed|Authori[sz]ed)\w*$/i;
/** `userCanEditDocument`, `hasPermission`, `isOwner`: a check word (capitalised when not first) before what it checks. */
const ACCESS_CHECK_CAMEL =
  /(^(can|has|is|assert|check|verify|ensure|require|authorize|validate|guard)|(Can|Has|Is|Assert|Check|Verify|Ensure|Require|Authorize|Validate|Guard))(Access|Member|Permission|Owner|Role|Admin|Edit|View|Read|Write|Manage|Delete|Update|Modify|Belong|Allowed|Authorized)/;

export function accessCheckMatcher(extra: readonly string[]): (name: string) => boolean {
  const names = new Set(extra);
  return (name) => names.has(name) || ACCESS_CHECK.test(name) || ACCESS_CHECK_CAMEL.test(name);
}

/** Middleware, guards and procedures whose names say they check the caller's right to the route's ids. */
const ACCESS_MIDDLEWARE =
  /^(require|ensure|check|verify|assert|is|can|has|authori[sz]e|guard|only|with)\w*(Self|Owner|Member|Admin|Permission|Role|Access|Tenant|Org|Team|Workspace|Project|Polic)|(Self|Owner|Member|Admin|Permission|Role|Access|Tenant|Org|Team|Workspace|Project|Polic)\w*(Guard|Procedure|Middleware|Only|Check)$|^(authorize|ability|can|permit)$/i;

/** The names a middleware expression is known by: `requireSelf`, `requireRole('admin')` → requireRole, `guards.owner`. */
export function isAccessMiddleware(expression: ts.Expression): boolean {
  const names: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) names.push(node.text);
    else if (ts.isPropertyAccessExpression(node) || ts.isCallExpression(node) || ts.isArrayLiteralExpression(node) || ts.isObjectLiteralExpression(node) || ts.isPropertyAssignment(node)) ts.forEachChild(node, visit);
  };
  visit(expression);
  return names.some((name) => ACCESS_MIDDLEWARE.test(name));
}

export const EQUALITY = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken]);

/** True when a branch only rejects: `return res.status(403)…`, `throw …`, `redirect(…)`, `notFound()`. */
export function isRejection(statement: ts.Statement | undefined): boolean {
  if (!statement) return false;
  const body = ts.isBlock(statement) ? statement.statements : [statement];
  const last = body[body.length - 1];
  if (!last) return false;
  if (ts.isThrowStatement(last)) return true;
  if (ts.isReturnStatement(last)) return /\b(40[0-9]|Unauthorized|Forbidden|forbidden|unauthorized|error|Error|notFound|redirect)\b/.test(last.getText());
  if (ts.isExpressionStatement(last) && ts.isCallExpression(skipOuter(last.expression))) {
    const name = calleeName((skipOuter(last.expression) as ts.CallExpression).expression);
    return name === 'redirect' || name === 'notFound' || name === 'forbidden' || name === 'unauthorized';
  }
  return false;
}

export type ClientTrust = 'admin' | 'user';

const USER_CLIENT_FACTORIES = /^(createServerClient|createRouteHandlerClient|createServerComponentClient|createServerActionClient|createPagesServerClient|createMiddlewareClient|createBrowserClient|createServerSupabaseClient|createSupabaseServerClient)$/;

function trustOfText(text: string): ClientTrust | undefined {
  if (/service_?role|serviceRole|SERVICE_KEY|SUPABASE_SECRET|sb_secret_/i.test(text)) return 'admin';
  if (/supabase/i.test(text)) return 'user';
  return undefined;
}

function candidatesFor(specifier: string, fromPath: string): string[] {
  let base: string;
  if (specifier.startsWith('.')) {
    const parts = fromPath.split('/').slice(0, -1);
    for (const part of specifier.split('/')) {
      if (part === '..') parts.pop();
      else if (part !== '.') parts.push(part);
    }
    base = parts.join('/');
  } else if (/^[@~#]\//.test(specifier)) base = specifier.slice(2);
  else if (specifier.startsWith('src/') || specifier.startsWith('lib/')) base = specifier;
  else return [];
  const roots = /^[@~#]\//.test(specifier) ? [base, `src/${base}`, `app/${base}`] : [base];
  return roots.flatMap((root) => ['', '.ts', '.tsx', '.js', '.mjs', '/index.ts', '/index.js'].map((ext) => `${root}${ext}`));
}

/**
 * For every imported name that looks like a Supabase client or client factory, whether its module uses the
 * service-role key ('admin', RLS bypassed) or the anon key with the user's session ('user').
 */
export async function resolveSupabaseClients(context: RuleContext<string>, index: FileIndex): Promise<Map<string, ClientTrust>> {
  const trust = new Map<string, ClientTrust>();
  if (!/supabase/i.test(index.sourceFile.text)) return trust;
  let files: ReadonlySet<string> | undefined;
  for (const [local, specifier] of index.imports) {
    if (!/supabase|client|admin|service|^sb|^db/i.test(local) && !/supabase/i.test(specifier)) continue;
    if (specifier.startsWith('@supabase/')) continue;
    files ??= await context.fileSet('head');
    const path = candidatesFor(specifier, context.file.path).find((candidate) => files!.has(candidate));
    const text = path ? await context.readFile(path, 'head') : undefined;
    let decided = text ? trustOfText(text) : undefined;
    // A module with both clients: the anon one is the default, the admin one says so in its name.
    if (decided === 'admin' && text && /anon/i.test(text) && !/admin|service/i.test(local)) decided = 'user';
    if (decided) trust.set(local, decided);
    else if (/admin|service/i.test(local)) trust.set(local, 'admin');
  }
  return trust;
}

/** Decides a Supabase chain's client from how its root variable was made. */
export function clientTrust(rootName: string, creator: ts.CallExpression | undefined, imported: ReadonlyMap<string, ClientTrust>): ClientTrust {
  const direct = imported.get(rootName);
  if (direct) return direct;
  if (creator) {
    const factory = calleeName(creator.expression) ?? '';
    const fromModule = imported.get(factory);
    if (fromModule) return fromModule;
    if (USER_CLIENT_FACTORIES.test(factory)) return 'user';
    const argumentsText = creator.arguments.map((argument) => argument.getText()).join(' ');
    if (/service_?role|serviceRole|SERVICE_KEY|SECRET/i.test(argumentsText)) return 'admin';
    if (/admin|service/i.test(factory)) return 'admin';
    return 'user';
  }
  return /admin|service/i.test(rootName) ? 'admin' : 'user';
}

export function isLiteral(node: ts.Expression): boolean {
  return ts.isStringLiteralLike(node) || node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword;
}

export function enclosingIf(node: ts.Node): ts.IfStatement | undefined {
  let current: ts.Node | undefined = node.parent;
  while (current && (ts.isBinaryExpression(current) || ts.isParenthesizedExpression(current) || ts.isPrefixUnaryExpression(current))) current = current.parent;
  return current && ts.isIfStatement(current) ? current : undefined;
}

/** Whether a statement calls something `matches` accepts (an access check inside an if-branch). */
export function containsCall(statement: ts.Statement, matches: (name: string) => boolean): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node)) {
      const name = calleeName(node.expression);
      if (name && matches(name)) found = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(statement);
  return found;
}

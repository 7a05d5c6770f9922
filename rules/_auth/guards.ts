// Recognises the guards of a request handler: an auth call together with the branch that stops the request,
// calls that stop the request themselves, identity / role / shared-secret checks, and attached middleware.
import { ts } from 'ts-morph';
import {
  boundNames,
  calleeName,
  excerpt,
  isFunctionLike,
  lineOf,
  endLineOf,
  mentionsAny,
  unwrapExpression,
  walk,
  type FunctionLike,
} from './ast.js';
import { isAuthCallName, isAuthMiddlewareText, isAuthWrapperName, isRoleText, isSelfStoppingCallName, ROLE_CONDITION } from './names.js';

export type GuardKind =
  | 'inline'
  | 'self-stopping'
  | 'wrapper'
  | 'middleware'
  | 'router-level'
  | 'decorator'
  | 'procedure'
  | 'middleware-file'
  | 'global'
  | 'layout';

export interface Guard {
  kind: GuardKind;
  /** How it reads in a message: `getServerSession()`, `requireAuth`, `@UseGuards(JwtAuthGuard)`. */
  name: string;
  /** Establishes who the caller is. */
  auth: boolean;
  /** Checks a role or permission. */
  role: boolean;
  line: number;
  endLine: number;
  /** One-line excerpt of the guard. */
  text: string;
  /** How the guard stops the request (for helpers: only throw / redirect stop their caller). */
  stops?: 'return' | 'throw' | 'redirect';
  /** NestJS: declared on the controller class rather than the method. */
  scope?: 'class';
}

export interface GuardContext {
  sourceFile: ts.SourceFile;
  /** config.authGuards. */
  extra: readonly string[];
  /** Same-file functions, so a helper that checks the session counts as a guard. */
  locals: Map<string, FunctionLike>;
}

const STOP_CALL = /^(redirect|permanentRedirect|notFound|unauthorized|forbidden|abort|error)$/;
const IDENTITY_READ = /\b(req|request|ctx|context|c|event|locals)\s*[.?!]*\s*(user|auth|session|state\s*\.\s*user|locals\s*\.\s*user|get\s*\(\s*['"](user|jwtPayload|session|auth|userId)['"])/;
const SECRET_CONDITION = /authorization|x-[\w-]*key|api[-_]?key|secret|signature|bearer|CRON_SECRET|timingSafeEqual/i;
/** The secret is compared with something the caller sent (not a config check like `if (!process.env.SECRET) throw`). */
const CALLER_INPUT = /\b(req|request|headers|ctx|c\.req|event|signature|sig|authorization|auth(Header)?|bearer|token|provided|given|incoming)\b/i;
const CHECK_CALL_WORDS = /signature|hmac|auth|admin|permission|member|owner/i;
/** An initializer that reads what the caller sent: `req.headers.get('authorization')`, `searchParams.get('apiKey')`. */
const CALLER_SOURCE = /\b(req|request|headers|searchParams|nextUrl|query|cookies|ctx\.req|c\.req|event)\b/;
/** `receiver.verify({ signature, body })`: a generic `verify` that checks a signature or token the caller sent. */
const SIGNED_ARGUMENTS = /signature|hmac|\btoken\b/i;
/** Checks whose result is thrown away only make sense when they throw: `await verifyCronSignature(req)`. */
const THROWING_CHECK_PREFIX = /^(verify|validate|check|assert|ensure|authenticate|authori[sz]e)[A-Z]?/;
const CHECK_CALL_PREFIX =
  /^(verif(y|ied)\w*(Signature|Token|Request|Webhook|Hmac|Key|Session|Auth|Jwt|User)|isValid\w*(Signature|Token|Key|Session|Hmac|Request)|can[A-Z]\w*|can|has(Role|Permission|Access|Scope|Membership)\w*|is(Admin|Owner|Member|Staff|Authori[sz]ed|Authenticated|SignedIn|LoggedIn)\w*)$/;

/** How a statement stops the request, if it does: a return, a throw, or a redirect/notFound call. */
export function stopsRequest(statement: ts.Node): Guard['stops'] | undefined {
  let result: Guard['stops'] | undefined;
  walk(
    statement,
    (node) => {
      if (result === 'throw') return false;
      if (ts.isThrowStatement(node)) result = 'throw';
      else if (ts.isCallExpression(node) && STOP_CALL.test(calleeName(node) ?? '') && !ts.isPropertyAccessExpression(node.expression)) result ??= 'redirect';
      else if (ts.isReturnStatement(node)) result ??= 'return';
    },
    true,
  );
  // `else { res.status(401).end() }` at the end of the handler stops it without a return.
  if (!result && /\b(401|403)\b|Unauthori[sz]ed|Forbidden|UNAUTHORIZED|FORBIDDEN/.test(statement.getText())) result = 'return';
  return result;
}

function receiverOf(call: ts.CallExpression, sourceFile: ts.SourceFile): string {
  const callee = unwrapExpression(call.expression);
  return ts.isPropertyAccessExpression(callee) ? callee.expression.getText(sourceFile).replace(/\s+/g, '') : '';
}

/** The variable(s) an auth call's result lands in: `const session = await auth()`, `const { data: { user } } = …`. */
function bindingOf(call: ts.CallExpression): string[] {
  let node: ts.Node = call;
  while (
    node.parent &&
    (ts.isAwaitExpression(node.parent) ||
      ts.isParenthesizedExpression(node.parent) ||
      ts.isNonNullExpression(node.parent) ||
      ts.isAsExpression(node.parent) ||
      (ts.isPropertyAccessExpression(node.parent) && node.parent.expression === node) ||
      (ts.isCallExpression(node.parent) && node.parent.expression === node))
  ) {
    node = node.parent;
  }
  if (node.parent && ts.isVariableDeclaration(node.parent)) return boundNames(node.parent.name);
  if (node.parent && ts.isBinaryExpression(node.parent) && node.parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(node.parent.left)) {
    return [node.parent.left.text];
  }
  return [];
}

/** The call is what the function answers: `return helper(req)`, `return await helper(req)`, `(req) => helper(req)`. */
function returned(call: ts.CallExpression): boolean {
  let node: ts.Node = call;
  while (ts.isAwaitExpression(node.parent) || ts.isParenthesizedExpression(node.parent)) node = node.parent;
  return ts.isReturnStatement(node.parent) || (ts.isArrowFunction(node.parent) && node.parent.body === node);
}

/** The call's result is discarded: `verifyX(req);` or `await verifyX(req);` as a statement of its own. */
function discarded(call: ts.CallExpression): boolean {
  let node: ts.Node = call;
  while (ts.isAwaitExpression(node.parent) || ts.isParenthesizedExpression(node.parent)) node = node.parent;
  return ts.isExpressionStatement(node.parent);
}

/** Local names holding caller input (`const apiKey = req.headers.get('authorization')`), so comparing a secret with them is a guard. */
function callerInputNames(body: ts.Node, sourceFile: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  walk(
    body,
    (node) => {
      if (ts.isVariableDeclaration(node) && node.initializer && CALLER_SOURCE.test(node.initializer.getText(sourceFile))) boundNames(node.name).forEach((name) => names.add(name));
    },
    true,
  );
  return names;
}

function statementOf(node: ts.Node): ts.Node {
  let current = node;
  while (current.parent && !ts.isBlock(current.parent) && !ts.isSourceFile(current.parent)) current = current.parent;
  return current;
}

interface AuthCall {
  call: ts.CallExpression;
  name: string;
  selfStopping: boolean;
}

/** Guards written inside a handler's body. `depth` limits how far same-file helpers are followed. */
export function guardsInBody(fn: FunctionLike, context: GuardContext, depth = 0): Guard[] {
  const body = fn.body;
  if (!body) return [];
  const { sourceFile, extra, locals } = context;
  const guards: Guard[] = [];
  const authCalls: AuthCall[] = [];
  const bound = new Set<string>();

  walk(
    body,
    (node) => {
      if (!ts.isCallExpression(node)) return;
      const name = calleeName(node);
      if (!name) return;
      const receiver = receiverOf(node, sourceFile);
      let isAuth = isAuthCallName(name, receiver, extra) || (/^verify/.test(name) && node.arguments.some((arg) => SIGNED_ARGUMENTS.test(arg.getText(sourceFile))));
      let selfStopping = isAuth && (isSelfStoppingCallName(name, receiver, extra) || (THROWING_CHECK_PREFIX.test(name) && discarded(node)));
      const helper = receiver === '' ? locals.get(name) : undefined;
      if (!isAuth && helper && helper !== fn && depth < 2) {
        const inner = guardsInBody(helper, context, depth + 1);
        if (inner.some((guard) => guard.auth)) {
          isAuth = true;
          // `return handleCreate(req)`: the helper's own `return 401` is the handler's answer too.
          selfStopping = returned(node) || inner.some((guard) => guard.kind === 'self-stopping' || guard.stops === 'throw' || guard.stops === 'redirect');
        }
      }
      if (!isAuth) return;
      authCalls.push({ call: node, name, selfStopping });
      bindingOf(node).forEach((bindingName) => bound.add(bindingName));
    },
    true,
  );

  // Names derived from the session (`const userId = session?.user?.id`) count as the session.
  for (let pass = 0; pass < 2 && bound.size > 0; pass++) {
    walk(
      body,
      (node) => {
        if (ts.isVariableDeclaration(node) && node.initializer && mentionsAny(node.initializer, bound)) {
          boundNames(node.name).forEach((name) => bound.add(name));
        }
      },
      true,
    );
  }

  const callerInputs = callerInputNames(body, sourceFile);

  for (const authCall of authCalls) {
    if (!authCall.selfStopping) continue;
    const statement = statementOf(authCall.call);
    guards.push({
      kind: 'self-stopping',
      name: `${authCall.name}()`,
      auth: true,
      role: isRoleText(authCall.name),
      line: lineOf(statement, sourceFile),
      endLine: endLineOf(statement, sourceFile),
      text: excerpt(statement, sourceFile),
      stops: 'throw',
    });
  }

  walk(
    body,
    (node) => {
      if (!ts.isIfStatement(node)) return;
      // `if (!session) return 401` or `if (session) { … } else return 401`.
      const stops = stopsRequest(node.thenStatement) ?? (node.elseStatement ? stopsRequest(node.elseStatement) : undefined);
      if (!stops) return;
      const condition = node.expression;
      const conditionText = condition.getText(sourceFile);
      const direct = authCalls.find((authCall) => authCall.call.pos >= condition.pos && authCall.call.end <= condition.end);
      const viaBinding = mentionsAny(condition, bound) ? authCalls.find((authCall) => bindingOf(authCall.call).length > 0) : undefined;
      const source = direct ?? viaBinding;
      const role = ROLE_CONDITION.test(conditionText);
      let name: string | undefined;
      if (source) name = `${source.name}()`;
      else if (IDENTITY_READ.test(conditionText)) name = excerpt(condition, sourceFile, 50);
      else if (SECRET_CONDITION.test(conditionText) && (CALLER_INPUT.test(conditionText) || mentionsAny(condition, callerInputs))) name = excerpt(condition, sourceFile, 50);
      else if (conditionCallsCheck(condition)) name = excerpt(condition, sourceFile, 50);
      else if (role && (bound.size > 0 || /\b403\b|forbidden/i.test(node.thenStatement.getText(sourceFile)))) name = excerpt(condition, sourceFile, 50);
      if (!name) return;
      const callStatement = source && !direct ? statementOf(source.call) : undefined;
      guards.push({
        kind: 'inline',
        name,
        auth: true,
        role,
        line: lineOf(node, sourceFile),
        endLine: endLineOf(node, sourceFile),
        text: callStatement ? `${excerpt(callStatement, sourceFile, 60)} … if (${excerpt(condition, sourceFile, 60)})` : excerpt(node, sourceFile),
        stops,
      });
    },
    true,
  );
  return guards;
}

function conditionCallsCheck(condition: ts.Expression): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node)) {
      const name = calleeName(node) ?? '';
      if (CHECK_CALL_WORDS.test(name) || CHECK_CALL_PREFIX.test(name)) found = true;
    }
    if (!found) ts.forEachChild(node, visit);
  };
  visit(condition);
  return found;
}

/** True when a handler reads the caller identity that an upstream middleware set (`req.user!.id`). */
export function readsIdentity(fn: FunctionLike, sourceFile: ts.SourceFile): boolean {
  return fn.body !== undefined && IDENTITY_READ.test(fn.body.getText(sourceFile));
}

/** Classifies one middleware / hook argument of a route or `use()` call. */
export function middlewareGuard(argument: ts.Expression, kind: GuardKind, context: GuardContext): Guard | undefined {
  const { sourceFile, extra } = context;
  const node = unwrapExpression(argument);
  const text = node.getText(sourceFile).replace(/\s+/g, ' ');
  let auth: boolean;
  if (isFunctionLike(node)) {
    auth = guardsInBody(node, context).some((guard) => guard.auth) || /\b(jwt|bearerAuth|basicAuth|clerkMiddleware|requireAuth|authenticate|verifyToken)\w*\s*\(/.test(text);
  } else {
    auth = isAuthMiddlewareText(text, extra);
    if (!auth && ts.isIdentifier(node)) {
      const local = context.locals.get(node.text);
      if (local) auth = guardsInBody(local, context).some((guard) => guard.auth);
    }
  }
  if (!auth) return undefined;
  const line = lineOf(node, sourceFile);
  const shortName = isFunctionLike(node) ? 'inline middleware' : excerpt(node, sourceFile, 60);
  return { kind, name: shortName, auth: true, role: isRoleText(text), line, endLine: endLineOf(node, sourceFile), text: excerpt(node, sourceFile) };
}

/** A wrapper call around a handler: `withAuth(handler)`. */
export function wrapperGuard(call: ts.CallExpression, context: GuardContext): Guard | undefined {
  const name = calleeName(call);
  if (!name || !isAuthWrapperName(name, context.extra)) return undefined;
  const { sourceFile } = context;
  return {
    kind: 'wrapper',
    name: `${name}()`,
    auth: true,
    role: isRoleText(name),
    line: lineOf(call, sourceFile),
    endLine: lineOf(call, sourceFile),
    text: excerpt(call, sourceFile),
  };
}

// The value of an expression: client input (with its path and flow), the authenticated identity, or a request handle.
import { ts } from 'ts-morph';
import { calleeName, propertyName, skipOuter, zodObjectKeys, type FileIndex } from './file-index.js';
import type { IdentityNames } from './identity.js';
import { child, describeOrigin, isTaint, isTrusted, SAFE_ACTION_INPUTS, source, step, TRUSTED, withStep, type Handle, type Origin, type Taint, type Value } from './values.js';

export interface Env {
  readonly path: string;
  readonly index: FileIndex;
  readonly names: IdentityNames;
  /** True for calls that return the authenticated user or session (getServerSession, auth(), config.authGuards…). */
  readonly isAuthCall: (name: string) => boolean;
  readonly vars: Map<string, Value>;
  /** Local `const where = {...}` initializers, so sinks can read object shapes through a variable. */
  readonly literals: Map<string, ts.Expression>;
  helperReturn(call: ts.CallExpression): Value | undefined;
  /** Query calls scoped by the session: what they return belongs to the caller. */
  readonly trustedResults: ReadonlySet<ts.Node>;
  /** Request headers the app's own middleware sets (overwriting what the client sent), lower-cased. */
  readonly serverHeaders: ReadonlySet<string>;
}

function isServerHeader(origin: Origin, key: string, env: Env): boolean {
  return origin === 'headers' && env.serverHeaders.has(key.toLowerCase());
}

const AUTH_CALLS =
  /^(auth|getServerSession|getServerAuthSession|unstable_getServerSession|getSession|getUser|currentUser|getCurrentUser|getAuth|requireAuth|requireUser|requireSession|requireSignedIn|requireAdmin|getUserOrThrow|getSessionUser|getAuthUser|getAuthenticatedUser|getViewer|validateRequest|validateSession|verifySession|verifyToken|verifyIdToken|verifyAccessToken|jwtVerify|verify|getToken|getClaims|getKindeServerSession|getLoggedInUser|getSignedInUser)$/;

/** `getIronSession`, `requireViewer`, `loadCurrentAccount`: names that say they return who is calling (not `getUserById`). */
const AUTH_CALL_SHAPE = /^(get|require|verify|validate|load|fetch|ensure|read)(Current|Signed|Logged|Authed|Authenticated|Iron|Server|Request)?(User|Session|Auth|Claims|Viewer|Principal|Identity|Me)(OrThrow|FromRequest|FromCookies?|FromHeaders?|FromToken)?$/;

export function defaultAuthCall(extra: readonly string[]): (name: string) => boolean {
  const names = new Set(extra);
  return (name) => AUTH_CALLS.test(name) || names.has(name) || AUTH_CALL_SHAPE.test(name);
}

/** An auth call given client input (`getUser(body.userId)`) looks a user up; it does not say who is calling. */
function authResult(callNode: ts.CallExpression, env: Env): Value | undefined {
  if (callNode.arguments.some((argument) => isTaint(evaluate(argument, env)))) return undefined;
  return TRUSTED(callNode.getText(env.index.sourceFile));
}

/** Segments after a request/context root that hold what auth middleware set, never client input. */
const TRUSTED_MEMBERS = new Set(['user', 'auth', 'session', 'userId', 'currentUser', 'state', 'locals', 'principal', 'identity', 'claims', 'viewer', 'me']);
const STRING_METHODS = new Set(['trim', 'toString', 'toLowerCase', 'toUpperCase', 'valueOf', 'normalize', 'slice', 'substring', 'at', 'trimStart', 'trimEnd', 'replace', 'replaceAll', 'padStart']);
const CONVERSIONS = new Set(['String', 'Number', 'parseInt', 'parseFloat', 'BigInt', 'decodeURIComponent', 'decodeURI', 'Object.fromEntries', 'fromEntries', 'structuredClone']);
const SCHEMA_METHODS = new Set(['parse', 'parseAsync', 'safeParse', 'safeParseAsync', 'validate', 'validateSync', 'validateAsync', 'cast']);

export function evaluate(node: ts.Expression, env: Env): Value | undefined {
  const expression = skipOuter(node);
  if (ts.isIdentifier(expression)) {
    const bound = env.vars.get(expression.text);
    if (bound) return bound;
    return expression.text === 'session' ? TRUSTED('session') : undefined;
  }
  if (ts.isPropertyAccessExpression(expression)) return member(expression, expression.expression, expression.name.text, env);
  if (ts.isElementAccessExpression(expression)) {
    const argument = skipOuter(expression.argumentExpression);
    if (ts.isStringLiteralLike(argument)) return member(expression, expression.expression, argument.text, env);
    const object = evaluate(expression.expression, env);
    // `rows[0]` of a taint is still the client's; of a row read through the session, still the caller's.
    return isTaint(object) || isTrusted(object) ? object : undefined;
  }
  if (ts.isCallExpression(expression)) return call(expression, env);
  if (ts.isNewExpression(expression)) {
    const name = calleeName(expression.expression);
    if ((name === 'URL' || name === 'URLSearchParams') && expression.arguments?.[0]) return evaluate(expression.arguments[0], env);
    return undefined;
  }
  if (ts.isBinaryExpression(expression)) {
    const operator = expression.operatorToken.kind;
    if (operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.PlusToken) {
      return preferTaint(evaluate(expression.left, env), evaluate(expression.right, env));
    }
    if (operator === ts.SyntaxKind.EqualsToken) return evaluate(expression.right, env);
    if (operator === ts.SyntaxKind.EqualsEqualsEqualsToken || operator === ts.SyntaxKind.EqualsEqualsToken) {
      const literalRight = ts.isStringLiteralLike(skipOuter(expression.right));
      const other = literalRight ? evaluate(expression.left, env) : ts.isStringLiteralLike(skipOuter(expression.left)) ? evaluate(expression.right, env) : undefined;
      if (isTaint(other) && env.names.kindOfPath(other.path) === 'privilege') return { ...other, compared: true };
    }
    return undefined;
  }
  if (ts.isConditionalExpression(expression)) return preferTaint(evaluate(expression.whenTrue, env), evaluate(expression.whenFalse, env));
  if (ts.isTemplateExpression(expression)) {
    let found: Value | undefined;
    for (const span of expression.templateSpans) found = preferTaint(found, evaluate(span.expression, env));
    return isTaint(found) ? found : undefined;
  }
  if (ts.isObjectLiteralExpression(expression)) return objectValue(expression, env);
  if (ts.isArrayLiteralExpression(expression)) {
    let found: Value | undefined;
    for (const element of expression.elements) found = preferTaint(found, evaluate(ts.isSpreadElement(element) ? element.expression : element, env));
    return found;
  }
  return undefined;
}

function preferTaint(a: Value | undefined, b: Value | undefined): Value | undefined {
  if (isTaint(a)) return a;
  if (isTaint(b)) return b;
  return a ?? b;
}

function member(node: ts.Expression, objectNode: ts.Expression, name: string, env: Env): Value | undefined {
  const object = evaluate(objectNode, env);
  if (object) return memberValue(object, name, node, env);
  return trustedChain(node, env) ? TRUSTED(node.getText(env.index.sourceFile)) : undefined;
}

/** The value of `object[name]`, also for destructuring (`const { orgId } = body`). */
export function memberValue(object: Value, name: string, node: ts.Node, env: Env): Value | undefined {
  const sourceFile = env.index.sourceFile;
  if (object.t !== 'taint' && object.t !== 'trusted') return handleMember(object, name, node, env);
  if (isTaint(object)) {
    if (object.wrapper) return name === 'data' ? { ...object, wrapper: false } : undefined;
    if (name === 'length') return undefined;
    if (name === 'value' && object.path.length > 0) return object;
    if (object.path.length === 0 && isServerHeader(object.origin, name, env)) return TRUSTED(name);
    return child(object, name, step(env.path, node, sourceFile, `\`${name}\` read from ${describeOrigin(object.origin)}`));
  }
  return TRUSTED(`${object.text}.${name}`);
}

/** Whether `object.key` is something auth set (`ctx.user` when destructuring `const { user } = ctx`). */
export function isTrustedMember(object: ts.Expression, key: string, env: Env): boolean {
  return trustedChain(object, env, key);
}

/** `ctx.session.user.id`, `req.user.id`, `res.locals.user`: what auth set on the request or context. */
function trustedChain(node: ts.Expression, env: Env, then?: string): boolean {
  const segments: string[] = then === undefined ? [] : [then];
  let current: ts.Expression = skipOuter(node);
  while (ts.isPropertyAccessExpression(current) || ts.isCallExpression(current)) {
    if (ts.isPropertyAccessExpression(current)) {
      segments.unshift(current.name.text);
      current = skipOuter(current.expression);
    } else {
      const name = calleeName(current.expression);
      if (name && env.isAuthCall(name)) return true;
      current = skipOuter(current.expression);
    }
  }
  if (!ts.isIdentifier(current)) return false;
  const root = current.text;
  if (root === 'session' || root === 'locals' || segments.includes('session')) return true;
  const first = segments[0];
  if (first !== undefined && TRUSTED_MEMBERS.has(first) && /^(req|request|ctx|context|c|res|event|opts|options|reply|socket|locals)$/.test(root)) return true;
  return first === 'locals' && root === 'res';
}

function source_(origin: Origin, path: string[], node: ts.Node, env: Env, note: string): Taint {
  return source(origin, path, path[path.length - 1], step(env.path, node, env.index.sourceFile, note));
}

function handleMember(handle: Handle, name: string, node: ts.Node, env: Env): Value | undefined {
  const origins: Record<string, Origin> = { body: 'body', query: 'query', params: 'path', headers: 'headers', header: 'headers', cookies: 'cookies', searchParams: 'query' };
  switch (handle.t) {
    case 'request':
      if (name === 'nextUrl') return { t: 'nextUrl' };
      if (name === 'url') return source_('query', [], node, env, 'the request URL (its query string) is client input');
      if (TRUSTED_MEMBERS.has(name)) return TRUSTED(node.getText(env.index.sourceFile));
      return origins[name] && name !== 'searchParams' ? source_(origins[name], [], node, env, `\`${node.getText(env.index.sourceFile)}\` is client input`) : undefined;
    case 'nextUrl':
      return name === 'searchParams' ? source_('query', [], node, env, 'the query string is client input') : undefined;
    case 'honoContext':
      if (name === 'req') return { t: 'honoRequest' };
      return name === 'var' || name === 'get' ? TRUSTED(node.getText(env.index.sourceFile)) : undefined;
    case 'koaContext':
      if (name === 'request') return { t: 'request' };
      if (name === 'state') return TRUSTED(node.getText(env.index.sourceFile));
      return origins[name] && name !== 'searchParams' ? source_(origins[name], [], node, env, `\`${node.getText(env.index.sourceFile)}\` is client input`) : undefined;
    case 'routeContext':
      return name === 'params' ? source_('path', [], node, env, 'the route params are client input') : undefined;
    case 'lambdaEvent': {
      const lambdaOrigins: Record<string, Origin> = { body: 'body', pathParameters: 'path', queryStringParameters: 'query', multiValueQueryStringParameters: 'query', headers: 'headers', cookies: 'cookies' };
      if (name === 'requestContext') return TRUSTED(node.getText(env.index.sourceFile));
      return lambdaOrigins[name] ? source_(lambdaOrigins[name], [], node, env, `\`event.${name}\` is client input`) : undefined;
    }
    case 'loaderContext':
      if (name === 'request') return { t: 'request' };
      if (name === 'url') return { t: 'nextUrl' };
      if (name === 'params') return source_('path', [], node, env, 'the route `params` are client input');
      if (name === 'query') return source_('query', [], node, env, 'the query string is client input');
      if (name === 'cookies') return source_('cookies', [], node, env, 'the request cookies are client input');
      if (name === 'req') return { t: 'request' };
      return name === 'locals' || name === 'context' ? TRUSTED(node.getText(env.index.sourceFile)) : undefined;
    case 'trpcOptions':
      return name === 'input' ? source_('input', [], node, env, 'the tRPC input is client input') : undefined;
    case 'actionOptions':
      return SAFE_ACTION_INPUTS.has(name) ? source_('action', [], node, env, `\`${name}\` is the action's input: the client sends it`) : TRUSTED(node.getText(env.index.sourceFile));
    default:
      return undefined;
  }
}

function literalArgument(callNode: ts.CallExpression, index = 0): string | undefined {
  const argument = callNode.arguments[index];
  return argument && ts.isStringLiteralLike(argument) ? argument.text : undefined;
}

function handleCall(handle: Handle, method: string, callNode: ts.CallExpression, env: Env): Value | undefined {
  const key = literalArgument(callNode);
  const text = `\`${callNode.getText(env.index.sourceFile).slice(0, 60)}\` is client input`;
  switch (handle.t) {
    case 'request':
      if (method === 'json' || method === 'text') return source_('body', [], callNode, env, 'the request body is client input');
      if (method === 'formData') return source_('form', [], callNode, env, 'the submitted form is client input');
      return undefined;
    case 'honoRequest':
      if (['json', 'parseBody', 'text', 'formData'].includes(method)) return source_('body', [], callNode, env, 'the request body is client input');
      if (method === 'valid') return source_(key === 'param' ? 'path' : key === 'query' ? 'query' : key === 'header' ? 'headers' : key === 'cookie' ? 'cookies' : 'body', [], callNode, env, text);
      if (method === 'param') return source_('path', key ? [key] : [], callNode, env, text);
      if (method === 'query' || method === 'queries') return source_('query', key ? [key] : [], callNode, env, text);
      if (method === 'header') return source_('headers', key ? [key] : [], callNode, env, text);
      return undefined;
    case 'honoContext':
      return method === 'get' ? TRUSTED(callNode.getText(env.index.sourceFile)) : undefined;
    case 'nextCookies':
      if (method !== 'get' || !key || /session|token|auth|sb-|jwt/i.test(key)) return undefined;
      return source_('cookies', [key], callNode, env, text);
    case 'nextHeaders':
      if (method !== 'get' || !key || /^authorization$/i.test(key)) return undefined;
      return isServerHeader('headers', key, env) ? TRUSTED(key) : source_('headers', [key], callNode, env, text);
    default:
      return undefined;
  }
}

function call(callNode: ts.CallExpression, env: Env): Value | undefined {
  if (env.trustedResults.has(callNode)) return TRUSTED(callNode.getText(env.index.sourceFile).slice(0, 60));
  const callee = skipOuter(callNode.expression);
  const sourceFile = env.index.sourceFile;
  const name = calleeName(callee);
  if (ts.isPropertyAccessExpression(callee)) {
    const method = callee.name.text;
    const receiverNode = skipOuter(callee.expression);
    const receiver = evaluate(receiverNode, env);
    if (receiver && receiver.t !== 'taint' && receiver.t !== 'trusted') return handleCall(receiver, method, callNode, env);
    if (isTaint(receiver)) {
      if ((method === 'get' || method === 'getAll') && literalArgument(callNode) !== undefined) {
        const key = literalArgument(callNode)!;
        if (receiver.path.length === 0 && isServerHeader(receiver.origin, key, env)) return TRUSTED(key);
        return child(receiver, key, step(env.path, callNode, sourceFile, `\`${key}\` read from ${describeOrigin(receiver.origin)}`));
      }
      if (STRING_METHODS.has(method) || method === 'split' || method === 'filter' || method === 'map') return receiver;
      return undefined;
    }
    const argument = callNode.arguments[0];
    if (method === 'parse' && receiverNode.getText(sourceFile) === 'JSON' && argument) return evaluate(argument, env);
    if (SCHEMA_METHODS.has(method) && argument) {
      const input = evaluate(argument, env);
      if (isTaint(input)) {
        const note = `\`${receiverNode.getText(sourceFile).slice(0, 40)}.${method}()\` checks the shape, not who may use the ids`;
        const parsed = step(env.path, callNode, sourceFile, note);
        const fields = input.fields && new Map([...input.fields].map(([key, field]) => [key, isTaint(field) ? withStep(field, parsed) : field] as const));
        return withStep({ ...input, fields, schemaKeys: zodObjectKeys(receiverNode, env.index) ?? 'unknown', wrapper: method.startsWith('safe') }, parsed);
      }
    }
    if (name === 'fromEntries' && argument) return evaluate(argument, env);
    if (env.isAuthCall(method)) return authResult(callNode, env);
    if (isTrusted(receiver)) return TRUSTED(callNode.getText(sourceFile));
    return undefined;
  }
  if (!name) return undefined;
  if (CONVERSIONS.has(name) && callNode.arguments[0]) {
    const value = evaluate(callNode.arguments[0], env);
    return isTaint(value) ? value : undefined;
  }
  if (env.isAuthCall(name)) return authResult(callNode, env);
  if ((name === 'cookies' || name === 'headers') && env.index.imports.get(name) === 'next/headers') return { t: name === 'cookies' ? 'nextCookies' : 'nextHeaders' };
  if (env.index.functions.has(name)) return env.helperReturn(callNode);
  return undefined;
}

function objectValue(literal: ts.ObjectLiteralExpression, env: Env): Value | undefined {
  const fields = new Map<string, Value | null>();
  let base: Taint | undefined;
  let first: Taint | undefined;
  for (const property of literal.properties) {
    if (ts.isSpreadAssignment(property)) {
      const spread = evaluate(property.expression, env);
      if (isTaint(spread)) {
        base = spread;
        first ??= spread;
      }
      continue;
    }
    const key = propertyName(property.name);
    if (!key) continue;
    let value: Value | undefined;
    if (ts.isPropertyAssignment(property)) value = evaluate(property.initializer, env);
    else if (ts.isShorthandPropertyAssignment(property)) value = evaluate(property.name, env);
    if (isTaint(value)) {
      fields.set(key, value);
      first ??= value;
    } else if (isTrusted(value)) {
      fields.set(key, null);
    } else if (base) {
      fields.set(key, null);
    }
  }
  if (!first) return undefined;
  const root = base ?? first;
  return { ...root, path: base ? base.path : [], names: base ? base.names : [], fields, open: base !== undefined, key: base ? base.key : `object@${literal.pos}`, wrapper: false };
}

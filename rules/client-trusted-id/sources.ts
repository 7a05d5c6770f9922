// Which functions receive client input, and which of their parameters carry it: Express/Koa/Fastify/Hono
// requests, Next.js route handlers and server actions, tRPC resolvers, NestJS decorated parameters, edge functions.
import { ts } from 'ts-morph';
import { calleeName, hasDirective, propertyName, zodObjectKeys, type FileIndex, type FunctionLike } from './file-index.js';
import { SAFE_ACTION_INPUTS, source, step, TRUSTED, type Origin, type Taint, type Value } from './values.js';

export type Framework = 'express' | 'koa' | 'hono' | 'next-route' | 'next-pages' | 'server-action' | 'trpc' | 'nest' | 'edge' | 'loader' | 'lambda' | 'graphql';

export interface Handler {
  readonly fn: FunctionLike;
  readonly framework: Framework;
  /** Parameter bindings seeded before the walk. */
  readonly seeds: Map<string, Value>;
}

const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const ROUTER_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'use', 'route', 'options', 'head']);
const REQUEST_TYPE = /\b(NextRequest|NextApiRequest|FastifyRequest|Request|IncomingMessage|HonoRequest)\b/;
const NEST_DECORATORS: Record<string, Origin> = { Body: 'body', Param: 'path', Params: 'path', Query: 'query', Headers: 'headers', Cookies: 'cookies' };
const TRPC_RESOLVERS = new Set(['query', 'mutation', 'subscription']);

/** Finds every handler in the file (nested ones included). */
export function findHandlers(index: FileIndex, path: string): Handler[] {
  const handlers: Handler[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node)) {
      const handler = classify(node, index, path);
      if (handler) handlers.push(handler);
    }
    ts.forEachChild(node, visit);
  };
  visit(index.sourceFile);
  return handlers;
}

function exportedName(fn: FunctionLike): string | undefined {
  const isExported = (node: ts.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  if (ts.isFunctionDeclaration(fn)) {
    if (!isExported(fn)) return undefined;
    const isDefault = (ts.getModifiers(fn) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
    return isDefault ? 'default' : fn.name?.text;
  }
  let parent = fn.parent;
  while (parent && (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isCallExpression(parent))) parent = parent.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) {
    const statement = parent.parent?.parent;
    return statement && isExported(statement) ? parent.name.text : undefined;
  }
  if (parent && ts.isExportAssignment(parent)) return 'default';
  return undefined;
}

function paramType(parameter: ts.ParameterDeclaration, sourceFile: ts.SourceFile): string {
  return parameter.type ? parameter.type.getText(sourceFile) : '';
}

/** Parameters an auth wrapper injects (`withAuth(async (req, ctx, session) => …)`): the authenticated identity. */
const INJECTED_IDENTITY = /^(session|user|currentUser|me|viewer|authUser|auth|principal)$/;

function classify(fn: FunctionLike, index: FileIndex, path: string): Handler | undefined {
  const handler = classifyInput(fn, index, path);
  if (handler && ts.isCallExpression(fn.parent) && fn.parent.arguments.includes(fn as ts.Expression)) {
    for (const parameter of fn.parameters.slice(1)) {
      if (ts.isIdentifier(parameter.name) && INJECTED_IDENTITY.test(parameter.name.text) && !handler.seeds.has(parameter.name.text)) {
        handler.seeds.set(parameter.name.text, TRUSTED(parameter.name.text));
      }
    }
  }
  return handler;
}

function classifyInput(fn: FunctionLike, index: FileIndex, path: string): Handler | undefined {
  const sourceFile = index.sourceFile;
  const seeds = new Map<string, Value>();
  const parameters = fn.parameters;
  const name = exportedName(fn);
  const isRouteFile = /(^|\/)route\.[cm]?[jt]sx?$/.test(path);
  const isPagesApi = /(^|\/)pages\/api\//.test(path);

  // Safe-action builders (next-safe-action, zsa): only the parsed input comes from the client; `ctx` is what the
  // client's middleware built on the server (the session, the workspace it checked).
  const actionBuilder = safeActionBuilder(fn, sourceFile);
  if (actionBuilder) {
    seedSafeAction(fn.parameters[0], actionBuilder, seeds, path, index);
    return seeds.size > 0 ? { fn, framework: 'server-action', seeds } : undefined;
  }

  // Server actions: every argument of an exported function in a "use server" module, or of a "use server" function.
  const body = fn.body && ts.isBlock(fn.body) ? fn.body : undefined;
  if ((index.useServer && name !== undefined) || hasDirective(body?.statements, 'use server')) {
    for (const parameter of parameters) seedAction(parameter, seeds, path, sourceFile);
    return seeds.size > 0 ? { fn, framework: 'server-action', seeds } : undefined;
  }

  // NestJS: @Body() dto, @Param('id') id, @Query('x') x, @Req() req.
  if (ts.isMethodDeclaration(fn)) {
    for (const parameter of parameters) {
      for (const decorator of ts.canHaveDecorators(parameter) ? (ts.getDecorators(parameter) ?? []) : []) {
        if (!ts.isCallExpression(decorator.expression)) continue;
        const decoratorName = calleeName(decorator.expression.expression) ?? '';
        const key = decorator.expression.arguments[0];
        const keyText = key && ts.isStringLiteralLike(key) ? key.text : undefined;
        if (!ts.isIdentifier(parameter.name)) continue;
        const bound = parameter.name.text;
        if (decoratorName === 'Req' || decoratorName === 'Request') seeds.set(bound, { t: 'request' });
        const origin = NEST_DECORATORS[decoratorName];
        if (origin) {
          const taint = source(origin === 'body' && !keyText ? 'dto' : origin, keyText ? [keyText] : [], keyText ?? bound, step(path, parameter, sourceFile, `\`${bound}\` comes from @${decoratorName}()`));
          seeds.set(bound, keyText || origin !== 'body' ? { ...taint, names: [bound] } : { ...taint, names: [bound], schemaKeys: dtoKeys(parameter, index) });
        }
      }
    }
    if (seeds.size > 0) return { fn, framework: 'nest', seeds };
  }

  // tRPC: .query(({ ctx, input }) => …) after .input(schema).
  const parent = fn.parent;
  if (parent && ts.isCallExpression(parent) && ts.isPropertyAccessExpression(parent.expression) && TRPC_RESOLVERS.has(parent.expression.name.text) && parent.arguments[0] === fn) {
    const chain = parent.expression.expression.getText(sourceFile);
    if (/\.input\(|[pP]rocedure\b/.test(chain)) {
      const first = parameters[0];
      const schemaKeys = trpcInputKeys(parent.expression.expression, index);
      if (first && ts.isObjectBindingPattern(first.name)) {
        for (const element of first.name.elements) {
          const key = propertyName(element.propertyName ?? element.name);
          if (key === 'input' && ts.isIdentifier(element.name)) {
            const taint = source('input', [], undefined, step(path, element, sourceFile, 'the tRPC `input` is client input'));
            seeds.set(element.name.text, { ...taint, schemaKeys });
          } else if (key === 'input' && ts.isObjectBindingPattern(element.name)) {
            for (const inner of element.name.elements) {
              const innerKey = propertyName(inner.propertyName ?? inner.name);
              if (innerKey && ts.isIdentifier(inner.name)) seeds.set(inner.name.text, source('input', [innerKey], innerKey, step(path, inner, sourceFile, `\`${innerKey}\` comes from the tRPC input`)));
            }
          }
        }
      } else if (first && ts.isIdentifier(first.name)) {
        seeds.set(first.name.text, { t: 'trpcOptions' });
      }
      return seeds.size > 0 ? { fn, framework: 'trpc', seeds } : undefined;
    }
  }

  // Next.js app-router route handlers: export async function GET(req, { params }).
  if (isRouteFile && name && HTTP_METHODS.has(name)) {
    const [request, context] = parameters;
    if (request && ts.isIdentifier(request.name)) seeds.set(request.name.text, { t: 'request' });
    if (context) seedRouteContext(context, seeds, path, sourceFile);
    return { fn, framework: 'next-route', seeds };
  }

  // Remix/React Router loaders and actions, SvelteKit and Astro endpoints, getServerSideProps: ({ request, params, url }).
  const first = parameters[0];
  const isLoader = name !== undefined && (/^(loader|action|load|getServerSideProps|clientLoader)$/.test(name) || (HTTP_METHODS.has(name) && /(\+server|\/pages\/api\/|\.astro|src\/pages\/)/.test(path)));
  if (isLoader && first) {
    if (ts.isObjectBindingPattern(first.name)) {
      for (const element of first.name.elements) {
        const key = propertyName(element.propertyName ?? element.name);
        const value = key ? loaderMember(key, element, path, sourceFile) : undefined;
        if (value && ts.isIdentifier(element.name)) seeds.set(element.name.text, value);
      }
    } else if (ts.isIdentifier(first.name)) seeds.set(first.name.text, { t: 'loaderContext' });
    if (seeds.size > 0) return { fn, framework: 'loader', seeds };
  }

  // AWS Lambda behind API Gateway: export const handler = async (event) => …
  if (name !== undefined && /^(handler|main|lambdaHandler)$/.test(name) && first && ts.isIdentifier(first.name) && /^(event|evt|e)$/.test(first.name.text)) {
    seeds.set(first.name.text, { t: 'lambdaEvent' });
    return { fn, framework: 'lambda', seeds };
  }

  // GraphQL resolvers: (parent, args, context) inside `Query: { … }` / `Mutation: { … }` / a `resolvers` object.
  const argsParameter = parameters[1];
  if (argsParameter && isResolver(fn)) {
    if (ts.isIdentifier(argsParameter.name)) seeds.set(argsParameter.name.text, source('args', [], undefined, step(path, argsParameter, sourceFile, 'the GraphQL arguments are client input')));
    else if (ts.isObjectBindingPattern(argsParameter.name)) {
      for (const element of argsParameter.name.elements) {
        const key = propertyName(element.propertyName ?? element.name);
        if (key && ts.isIdentifier(element.name)) seeds.set(element.name.text, source('args', [key], key, step(path, element, sourceFile, `\`${key}\` is a GraphQL argument: the client sends it`)));
      }
    }
    if (seeds.size > 0) return { fn, framework: 'graphql', seeds };
  }

  // Koa (ctx), Hono (c), Express/Fastify/pages API/edge functions (req).
  const isRouterCallback = parent !== undefined && ts.isCallExpression(parent) && ROUTER_METHODS.has(calleeName(parent.expression) ?? '') && parent.arguments.includes(fn as ts.Expression);
  const text = body ? body.getText(sourceFile) : fn.body?.getText(sourceFile) ?? '';
  for (const parameter of parameters) {
    if (!ts.isIdentifier(parameter.name)) continue;
    const bound = parameter.name.text;
    const type = paramType(parameter, sourceFile);
    if (new RegExp(`\\b${bound}\\.req\\.`).test(text) || /\bContext\b/.test(type) && /^c$/.test(bound)) {
      seeds.set(bound, { t: 'honoContext' });
    } else if ((bound === 'ctx' || bound === 'context') && !type && isRouterCallback && /\bctx\.(request|params|query)\b/.test(text)) {
      seeds.set(bound, { t: 'koaContext' });
    } else if (/^(req|request)$/.test(bound) || REQUEST_TYPE.test(type)) {
      seeds.set(bound, { t: 'request' });
    } else if (bound === 'session' || bound === 'currentUser') {
      seeds.set(bound, TRUSTED(bound));
    }
  }
  const hasInput = [...seeds.values()].some((value) => value.t !== 'trusted');
  if (!hasInput) return undefined;
  const framework: Framework = isPagesApi ? 'next-pages' : [...seeds.values()].some((v) => v.t === 'honoContext') ? 'hono' : [...seeds.values()].some((v) => v.t === 'koaContext') ? 'koa' : /supabase\/functions\//.test(path) ? 'edge' : 'express';
  return { fn, framework, seeds };
}

/** One destructured member of a loader's argument: `{ request, params, url, locals }`. */
function loaderMember(key: string, at: ts.Node, path: string, sourceFile: ts.SourceFile): Value | undefined {
  if (key === 'request' || key === 'req') return { t: 'request' };
  if (key === 'url') return { t: 'nextUrl' };
  if (key === 'params') return source('path', [], undefined, step(path, at, sourceFile, 'the route `params` are client input'));
  if (key === 'query') return source('query', [], undefined, step(path, at, sourceFile, 'the query string is client input'));
  if (key === 'cookies') return source('cookies', [], undefined, step(path, at, sourceFile, 'the request cookies are client input'));
  if (key === 'locals' || key === 'context') return TRUSTED(key);
  return undefined;
}

function isResolver(fn: FunctionLike): boolean {
  let current: ts.Node | undefined = fn.parent;
  if (current && (ts.isPropertyAssignment(current) || ts.isMethodDeclaration(fn))) {
    for (let depth = 0; current && depth < 4; depth++, current = current.parent) {
      if (ts.isPropertyAssignment(current) && /^(Query|Mutation|Subscription)$/.test(propertyName(current.name) ?? '')) return true;
      if (ts.isVariableDeclaration(current) && ts.isIdentifier(current.name) && /resolvers?$/i.test(current.name.text)) return true;
    }
  }
  return false;
}

const SAFE_ACTION_RESOLVERS = new Set(['action', 'stateAction', 'handler']);
const SAFE_ACTION_CHAIN = /\.(schema|inputSchema|bindArgsSchemas|metadata|outputSchema)\(|\b\w*[aA]ctionClient\b|\bcreateServerAction\(|\bcreateSafeAction(Client)?\(|\bServerActionProcedure\b/;

/** `actionClient.schema(s).action(async ({ parsedInput, ctx }) => …)`: the chain's input schema, when in reach. */
function safeActionBuilder(fn: FunctionLike, sourceFile: ts.SourceFile): ts.Expression | undefined {
  const parent = fn.parent;
  if (!parent || !ts.isCallExpression(parent) || parent.arguments[0] !== fn || !ts.isPropertyAccessExpression(parent.expression)) return undefined;
  if (!SAFE_ACTION_RESOLVERS.has(parent.expression.name.text)) return undefined;
  const chain = parent.expression.expression;
  return SAFE_ACTION_CHAIN.test(chain.getText(sourceFile)) ? chain : undefined;
}

function safeActionSchemaKeys(chain: ts.Expression, index: FileIndex): readonly string[] | 'unknown' {
  let current: ts.Expression = chain;
  while (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression)) {
    if (/^(schema|inputSchema|input)$/.test(current.expression.name.text) && current.arguments[0]) return zodObjectKeys(current.arguments[0], index) ?? 'unknown';
    current = current.expression.expression;
  }
  return 'unknown';
}

function seedSafeAction(parameter: ts.ParameterDeclaration | undefined, chain: ts.Expression, seeds: Map<string, Value>, path: string, index: FileIndex): void {
  if (!parameter) return;
  const sourceFile = index.sourceFile;
  if (ts.isIdentifier(parameter.name)) {
    seeds.set(parameter.name.text, { t: 'actionOptions' });
    return;
  }
  if (!ts.isObjectBindingPattern(parameter.name)) return;
  for (const element of parameter.name.elements) {
    const key = propertyName(element.propertyName ?? element.name);
    if (!key) continue;
    if (SAFE_ACTION_INPUTS.has(key)) {
      if (ts.isIdentifier(element.name)) {
        const taint = source('action', [], undefined, step(path, element, sourceFile, `\`${key}\` is the action's input: the client sends it`));
        seeds.set(element.name.text, { ...taint, schemaKeys: safeActionSchemaKeys(chain, index) });
      } else if (ts.isObjectBindingPattern(element.name)) {
        for (const inner of element.name.elements) {
          const innerKey = propertyName(inner.propertyName ?? inner.name);
          if (innerKey && ts.isIdentifier(inner.name)) seeds.set(inner.name.text, source('action', [innerKey], innerKey, step(path, inner, sourceFile, `\`${innerKey}\` comes from the action's input: the client sends it`)));
        }
      }
    } else if (ts.isIdentifier(element.name)) {
      seeds.set(element.name.text, TRUSTED(element.name.text));
    }
  }
}

function seedAction(parameter: ts.ParameterDeclaration, seeds: Map<string, Value>, path: string, sourceFile: ts.SourceFile): void {
  const type = paramType(parameter, sourceFile);
  if (ts.isIdentifier(parameter.name)) {
    const bound = parameter.name.text;
    const isForm = /FormData/.test(type) || /^form(data)?$/i.test(bound);
    const scalar = /^(string|number|bigint|boolean|'[^']*'(\s*\|\s*'[^']*')*|"[^"]*"(\s*\|\s*"[^"]*")*)$/.test(type.trim());
    const taint: Taint = source(isForm ? 'form' : 'action', [], bound, step(path, parameter, sourceFile, `\`${bound}\` is a server action argument: the client sends it`));
    seeds.set(bound, isForm || !scalar ? { ...taint, open: true, names: isForm ? [] : [bound] } : taint);
    return;
  }
  if (ts.isObjectBindingPattern(parameter.name)) {
    for (const element of parameter.name.elements) {
      const key = propertyName(element.propertyName ?? element.name);
      if (!key || !ts.isIdentifier(element.name)) continue;
      seeds.set(element.name.text, source('action', [key], key, step(path, element, sourceFile, `\`${key}\` is a server action argument: the client sends it`)));
    }
  }
}

function seedRouteContext(context: ts.ParameterDeclaration, seeds: Map<string, Value>, path: string, sourceFile: ts.SourceFile): void {
  if (ts.isIdentifier(context.name)) {
    seeds.set(context.name.text, { t: 'routeContext' });
    return;
  }
  if (!ts.isObjectBindingPattern(context.name)) return;
  for (const element of context.name.elements) {
    const key = propertyName(element.propertyName ?? element.name);
    if (key !== 'params') continue;
    const taint = source('path', [], undefined, step(path, element, sourceFile, 'the route `params` are client input'));
    if (ts.isIdentifier(element.name)) seeds.set(element.name.text, taint);
    else if (ts.isObjectBindingPattern(element.name)) {
      for (const inner of element.name.elements) {
        const innerKey = propertyName(inner.propertyName ?? inner.name);
        if (innerKey && ts.isIdentifier(inner.name)) seeds.set(inner.name.text, source('path', [innerKey], innerKey, step(path, inner, sourceFile, `\`${innerKey}\` comes from the URL path`)));
      }
    }
  }
}

function trpcInputKeys(chain: ts.Expression, index: FileIndex): readonly string[] | 'unknown' {
  let current: ts.Expression = chain;
  while (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression)) {
    if (current.expression.name.text === 'input' && current.arguments[0]) return zodObjectKeys(current.arguments[0], index) ?? 'unknown';
    current = current.expression.expression;
  }
  return 'unknown';
}

function dtoKeys(parameter: ts.ParameterDeclaration, index: FileIndex): readonly string[] | 'unknown' {
  const typeName = parameter.type && ts.isTypeReferenceNode(parameter.type) && ts.isIdentifier(parameter.type.typeName) ? parameter.type.typeName.text : undefined;
  const declaration = typeName ? index.classes.get(typeName) : undefined;
  if (!declaration) return 'unknown';
  return declaration.members.map((memberNode) => propertyName(memberNode.name)).filter((key): key is string => key !== undefined);
}

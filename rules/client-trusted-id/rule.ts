// client-trusted-id: a handler takes a user, tenant or role id from the request and uses it to choose whose data
// is read or written, or what privilege applies, instead of the identity the server authenticated.
import { ts } from 'ts-morph';
import { createRule, type RuleContext } from '../../src/core/rule.js';
import type { ChangeSet } from '../../src/core/types.js';
import { defaultAuthCall } from './evaluate.js';
import { calleeName, indexFile, propertyName, type FunctionLike } from './file-index.js';
import { FunctionAnalysis } from './flow.js';
import { IdentityNames } from './identity.js';
import { kindOfTaint, type AnalysisContext, type Candidate } from './judge.js';
import { MESSAGES, toReports } from './report.js';
import { accessCheckMatcher, isAccessMiddleware, resolveSupabaseClients } from './sanitizers.js';
import { findHandlers, type Framework, type Handler } from './sources.js';

const QUICK_FILTER = /\b(req|request|input|formData|params|searchParams|ctx|cookies|headers|event|url|query|args)\b|\bc\.req\b|use server|@(Body|Param|Query|Headers|Req|Request)\(/;
const AUTH_IN_HANDLER =
  /getServerSession|getServerAuthSession|\bauth\(\)|currentUser\(|\.getUser\(|getSession\(|requireAuth|requireUser|getCurrentUser|validateRequest|ctx\.session|ctx\.user|ctx\.state\.user|req\.user|request\.user|req\.auth|locals\.user|c\.get\(['"]user|getAuth\(|withAuth|\b(get|require|verify|validate|load|fetch|ensure)\w*(User|Session|Auth|Token|Claims|Viewer|Principal)\w*\(|jwt\.verify|jwtVerify|requestContext\.authorizer|locals\.(user|session)|context\.(user|session)/;
const AUTH_MIDDLEWARE = /auth|protect|require|session|guard|verify|logged|jwt/i;

const modelCache = new WeakMap<ChangeSet, Promise<Map<string, string[]>>>();
const headerCache = new WeakMap<ChangeSet, Promise<Set<string>>>();

/** Header names the Next.js/edge middleware sets on the request before handlers read them. */
function middlewareHeaders(context: RuleContext<string>): Promise<Set<string>> {
  let cached = headerCache.get(context.changeSet);
  if (!cached) {
    cached = (async () => {
      const names = new Set<string>();
      for (const path of ['middleware.ts', 'middleware.js', 'src/middleware.ts', 'src/middleware.js']) {
        const text = await context.readFile(path, 'head');
        for (const match of text?.matchAll(/\.set\(\s*['"]([\w-]+)['"]/g) ?? []) names.add(match[1]!.toLowerCase());
      }
      return names;
    })();
    headerCache.set(context.changeSet, cached);
  }
  return cached;
}

async function loadPrismaModels(context: RuleContext<string>): Promise<Map<string, string[]>> {
  const models = new Map<string, string[]>();
  const files = (await context.listFiles('head')).filter((file) => file.endsWith('.prisma'));
  for (const file of files) {
    const text = (await context.readFile(file, 'head')) ?? '';
    for (const match of text.matchAll(/model\s+(\w+)\s*\{([^}]*)\}/g)) {
      const fields = match[2]!.split('\n').map((line) => /^\s*(\w+)\s+\w/.exec(line)?.[1]).filter((field): field is string => field !== undefined);
      models.set(match[1]!.toLowerCase(), fields);
    }
  }
  return models;
}

function handlerName(fn: FunctionLike, sourceFile: ts.SourceFile): string {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name) return fn.name.getText(sourceFile);
  const parent = fn.parent;
  if (ts.isVariableDeclaration(parent)) return parent.name.getText(sourceFile);
  if (ts.isPropertyAssignment(parent)) return propertyName(parent.name) ?? 'handler';
  if (ts.isCallExpression(parent)) {
    const method = calleeName(parent.expression) ?? 'handler';
    const route = parent.arguments[0];
    if (route && ts.isStringLiteralLike(route)) return `${method.toUpperCase()} ${route.text}`;
    let current: ts.Node = parent;
    while (current.parent && !ts.isPropertyAssignment(current.parent) && !ts.isSourceFile(current.parent)) current = current.parent;
    if (current.parent && ts.isPropertyAssignment(current.parent)) return propertyName(current.parent.name) ?? method;
    return method;
  }
  return 'handler';
}

function authenticatedMatcher(sourceFile: ts.SourceFile, authGuards: readonly string[]): (fn: FunctionLike) => boolean {
  const fileText = sourceFile.text;
  const fileLevel =
    /\b(router|app|server|fastify|api)\.(use|addHook|register)\(\s*(['"][^'"]*['"]\s*,\s*)?[\w.]*(auth|protect|require|session|guard|verify|jwt|clerk|passport)/i.test(fileText) ||
    /@UseGuards\(|export\s+default\s+with\w*(Auth|Session|User)|with(Api)?Auth\w*\(|withApiAuthRequired|withIronSession/.test(fileText);
  const extra = authGuards.length > 0 ? new RegExp(`\\b(${authGuards.map((name) => name.replace(/[^\w$]/g, '')).join('|')})\\b`) : undefined;
  const cache = new Map<FunctionLike, boolean>();
  return (fn) => {
    if (fileLevel) return true;
    const known = cache.get(fn);
    if (known !== undefined) return known;
    const decided = decide(fn);
    cache.set(fn, decided);
    return decided;
  };
  function decide(fn: FunctionLike): boolean {
    const text = fn.getText(sourceFile);
    if (AUTH_IN_HANDLER.test(text) || extra?.test(text)) return true;
    const parent = fn.parent;
    if (ts.isCallExpression(parent)) {
      if (parent.arguments.some((argument) => argument !== fn && !ts.isStringLiteralLike(argument) && AUTH_MIDDLEWARE.test(argument.getText(sourceFile)))) return true;
      if (/protected|authed|admin|private/i.test(parent.expression.getText(sourceFile))) return true;
      if (ts.isCallExpression(parent.parent) || ts.isVariableDeclaration(parent.parent)) return AUTH_MIDDLEWARE.test(calleeName(parent.expression) ?? '');
    }
    return false;
  }
}

const ADMIN_GUARD =
  /requireAdmin|requireRole|assertAdmin|ensureAdmin|isAdmin\(|adminProcedure|superAdminProcedure|@Roles\(|(session|user|ctx\.session\.user|req\.user|request\.user)\??\.role\s*[!=]==?\s*['"](admin|ADMIN|Admin|owner|OWNER|superadmin|SUPERADMIN|staff|STAFF)|(session|user|ctx\.session\.user|req\.user|request\.user|locals\.user)\??\.(isAdmin|is_admin|isSuperAdmin|isStaff)\b/;
const MACHINE_INPUT = /constructEvent|verifyWebhook|svix|Webhook\(|stripe-signature|x-hub-signature|createHmac|verifySignature/;

/**
 * Admin handlers act on other users by design, and webhooks receive a third party's payload: neither is a
 * signed-in user choosing someone else's id (missing-auth-check and missing-webhook-signature cover their risks).
 */
function isPrivilegedOrMachine(fn: FunctionLike, sourceFile: ts.SourceFile, path: string): boolean {
  if (/(^|\/)(admin|webhooks?|internal|cron)(\/|\.|-|\[)/i.test(path)) return true;
  const text = fn.getText(sourceFile);
  if (ADMIN_GUARD.test(text) || MACHINE_INPUT.test(text)) return true;
  const parent = fn.parent;
  if (ts.isCallExpression(parent)) {
    const route = parent.arguments[0];
    if (route && ts.isStringLiteralLike(route) && /(^|\/)(admin|webhooks?|internal|cron)(\/|$)/i.test(route.text)) return true;
    // Route middleware or a tRPC procedure that already checks the caller's right to the ids (requireSelf, orgProcedure).
    const middleware = parent.arguments.filter((argument) => argument !== fn && !ts.isStringLiteralLike(argument));
    if (middleware.some((argument) => ADMIN_GUARD.test(argument.getText(sourceFile)) || isAccessMiddleware(argument))) return true;
    if (ts.isPropertyAccessExpression(parent.expression) && isAccessMiddleware(parent.expression.expression)) return true;
  }
  // NestJS guards on the method or its class that check more than authentication.
  if (ts.isMethodDeclaration(fn)) {
    const decorators = [...(ts.getDecorators(fn) ?? []), ...(ts.isClassDeclaration(fn.parent) ? (ts.getDecorators(fn.parent) ?? []) : [])];
    if (decorators.some((decorator) => /^(Roles|Permissions|CheckPolicies|RequirePermissions)\(/.test(decorator.expression.getText(sourceFile)) || (/^UseGuards\(/.test(decorator.expression.getText(sourceFile)) && isAccessMiddleware(decorator.expression)))) return true;
  }
  return false;
}

export default createRule({
  meta: {
    id: 'client-trusted-id',
    description:
      'A handler uses a user, tenant, org or role id taken from the request to choose whose data it reads or writes, or what privilege applies, instead of the identity the server authenticated.',
    severity: 'high',
    messages: MESSAGES,
  },
  appliesTo: (file) =>
    /\.[cm]?[jt]sx?$/.test(file.path) &&
    !file.roles.has('test') &&
    !file.roles.has('migration') &&
    file.status !== 'removed' &&
    // Browser code has no server-side sink; a pages-router page still runs getServerSideProps on the server.
    (!file.roles.has('client') || /\bgetServerSideProps\b|\bexport\s+(async\s+)?function\s+(loader|action)\b/.test(file.headText ?? '')),
  async check(context) {
    const text = context.file.headText;
    if (!text || !QUICK_FILTER.test(text)) return;
    const sourceFile = context.sourceFile('head')?.compilerNode;
    if (!sourceFile) return;
    const index = indexFile(sourceFile);
    const handlers = findHandlers(index, context.file.path);
    if (handlers.length === 0) return;
    const names = new IdentityNames(context.config);
    let models = modelCache.get(context.changeSet);
    if (!models) {
      models = loadPrismaModels(context);
      modelCache.set(context.changeSet, models);
    }
    const prismaModels = await models;
    const candidates: Candidate[] = [];
    const analysisContext: AnalysisContext = {
      path: context.file.path,
      index,
      names,
      isAuthCall: defaultAuthCall(context.config.authGuards),
      isAccessCheck: accessCheckMatcher(context.config.accessChecks),
      supabaseClients: await resolveSupabaseClients(context, index),
      serverHeaders: await middlewareHeaders(context),
      handlerFunctions: new Set(handlers.map((handler) => handler.fn)),
      modelFields: (model) => (model ? prismaModels.get(model.toLowerCase()) : undefined),
      isAuthenticated: authenticatedMatcher(sourceFile, context.config.authGuards),
      candidates,
      checkBudget: () => context.checkBudget(),
      kindOfTaint: (taint) => kindOfTaint(names, taint),
      decision: (analysis, taint, node) => {
        // A plan picks a price, not a permission: only roles, admin flags and permissions decide access here.
        if (analysis.isSanitized(taint) || /^plan$/i.test(taint.path[taint.path.length - 1] ?? taint.names[0] ?? '')) return;
        candidates.push({ messageId: 'decision', severity: 'high', group: node, priority: 1, node, taint, idName: taint.path[taint.path.length - 1] ?? taint.names[0] ?? 'role', handlerName: analysis.handlerName, analysis });
      },
      rowChecked: (analysis, variable) => {
        for (const candidate of candidates) if (candidate.rowVariable === variable && candidate.analysis === analysis) candidate.dropped = true;
      },
    };
    const frameworks = new Map<FunctionAnalysis, Framework>();
    const byFunction = new Map<FunctionLike, Handler>();
    for (const handler of handlers) {
      byFunction.set(handler.fn, handler);
      if (isPrivilegedOrMachine(handler.fn, sourceFile, context.file.path)) continue;
      const analysis = new FunctionAnalysis(analysisContext, handler.fn, handlerName(handler.fn, sourceFile), 0);
      for (const [name, value] of handler.seeds) analysis.env.vars.set(name, value);
      frameworks.set(analysis, handler.framework);
      analysis.run();
    }
    const frameworkOf = (candidate: Candidate): Framework => {
      let fn: ts.Node | undefined = candidate.analysis.root;
      while (fn && !byFunction.has(fn as FunctionLike)) fn = fn.parent;
      return (fn && byFunction.get(fn as FunctionLike)?.framework) ?? frameworks.get(candidate.analysis) ?? 'express';
    };
    for (const report of toReports(candidates, context.file.path, sourceFile, frameworkOf)) {
      context.report({ messageId: report.messageId, data: report.data, line: report.line, flow: report.flow, fix: report.fix, severity: report.severity, key: report.key });
    }
  },
});

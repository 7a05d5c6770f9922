// missing-auth-check: a handler the change adds (or turns from read-only to writing) reaches user data or side
// effects with no authentication on any path: none in the body, none attached, none in the repo's middleware.
import { isScript } from '../../src/core/classify.js';
import { createRule } from '../../src/core/rule.js';
import { endLineOf, lineOf } from '../_auth/ast.js';
import { NEXT_MIDDLEWARE_PATH } from '../_auth/coverage.js';
import { readsIdentity } from '../_auth/guards.js';
import { guardContext } from '../_auth/handlers.js';
import { GuardResolver, matchHandlers } from '../_auth/matching.js';
import { sinksOf } from '../_auth/sinks.js';
import { publicReason } from './public.js';

type Messages = 'missingWrite' | 'missingRead' | 'turnedWriting';

const COVERAGE_HINT: Record<string, string> = {
  'next-app': 'call `auth()` / `getServerSession()` and return 401 when there is no session, or cover the path in `middleware.ts`',
  'next-pages': 'wrap the handler in your auth wrapper or check `getServerSession(req, res, authOptions)` and return 401',
  'server-action': 'call `auth()` at the top of the action and throw (or redirect) when there is no session',
  express: 'add your auth middleware to the route (`requireAuth`) or `router.use(requireAuth)` above it',
  fastify: 'add `preHandler: [app.authenticate]` (or an `onRequest` hook) to the route',
  hono: 'add your auth middleware (`jwt()`, `bearerAuth()`) to the route or `app.use()` its path',
  nest: 'add `@UseGuards(JwtAuthGuard)` to the method or controller, or register a global guard',
  trpc: 'build the procedure on `protectedProcedure` instead of `publicProcedure`',
};

/** A cookie-bound Supabase client (no service-role key): row-level security decides what the caller reaches. */
function scopedByRls(text: string): boolean {
  return /\b(createServerClient|createRouteHandlerClient|createServerComponentClient|createServerActionClient|createClient)\(\s*(cookies\(\)|\{\s*cookies\s*\})?\s*\)/.test(text) && !/admin|service_?role|SERVICE_ROLE/i.test(text);
}

export default createRule<Messages>({
  meta: {
    id: 'missing-auth-check',
    description: 'Reports a new or newly writing request handler that reaches user data or side effects without any authentication.',
    severity: 'high',
    messages: {
      missingWrite: '{{handler}} writes (`{{sink}}`) with no authentication on any path: anyone who finds the URL can call it.',
      missingRead: '{{handler}} reads user data (`{{sink}}`) with no authentication on any path: anyone who finds the URL can read it.',
      turnedWriting: '{{handler}} now writes (`{{sink}}`) but still has no authentication on any path: anyone can trigger the write.',
    },
  },
  appliesTo: (file) => file.status !== 'removed' && isScript(file.path) && !file.roles.has('test') && !file.roles.has('client'),
  async check(context) {
    if (NEXT_MIDDLEWARE_PATH.test(context.file.path)) return;
    const resolver = new GuardResolver(context);
    const head = resolver.handlers('head');
    if (!head.sourceFile || head.handlers.length === 0) return;
    const base = context.file.status === 'added' ? { handlers: [] } : resolver.handlers('base');
    const baseOf = new Map(matchHandlers(base.handlers, head.handlers).map((pair) => [pair.head, pair.base]));
    const locals = guardContext(head.sourceFile, []).locals;
    const baseLocals = base.sourceFile ? guardContext(base.sourceFile, []).locals : new Map();
    const path = context.file.path;

    for (const handler of head.handlers) {
      context.checkBudget();
      // Pages render data that is often public by design; a page losing its check is removed-auth-check's.
      if (!handler.fn || handler.framework === 'next-page') continue;
      // The export line may come after the function (`export default withX(handler)`): cover both.
      const start = Math.min(handler.line, lineOf(handler.fn, head.sourceFile));
      const end = Math.max(handler.line, endLineOf(handler.fn, head.sourceFile));
      if (!context.isRangeChanged(start, end)) continue;
      const sinks = sinksOf(handler.fn, head.sourceFile, locals);
      if (sinks.length === 0) continue;
      const write = sinks.find((sink) => sink.write);
      const before = baseOf.get(handler);
      if (before) {
        // An existing handler counts only when the change makes it write; losing a guard is removed-auth-check's.
        if (!write || !base.sourceFile || sinksOf(before.fn, base.sourceFile, baseLocals).some((sink) => sink.write)) continue;
        if ((await resolver.guards(before, base.sourceFile, 'base')).some((guard) => guard.auth)) continue;
      }
      if (publicReason(handler, path, sinks, context.config, head.sourceFile)) continue;
      // A read on a procedure / route the author explicitly declared public is a decision, not an oversight.
      if (!write && (handler.markedPublic || /public/i.test(handler.procedureBase?.name ?? ''))) continue;
      if (readsIdentity(handler.fn, head.sourceFile) || scopedByRls(handler.fn.getText(head.sourceFile))) continue;
      const guards = await resolver.guards(handler, head.sourceFile, 'head');
      if (guards.some((guard) => guard.auth)) continue;

      const sink = write ?? sinks[0]!;
      const middleware = handler.routePath && handler.framework.startsWith('next') ? await resolver.nextMiddleware('head') : undefined;
      const middlewareStep = middleware
        ? [{ path: middleware.path, line: middleware.matcherLine ?? middleware.authLine, note: middleware.auth ? `does not cover \`${handler.routePath}\`` : 'runs no session check' }]
        : [];
      context.report({
        messageId: before ? 'turnedWriting' : write ? 'missingWrite' : 'missingRead',
        data: { handler: `\`${handler.label}\``, sink: sink.text },
        line: handler.line,
        flow: [
          { path, line: handler.line, note: `\`${handler.label}\` is reachable without a session: no guard in the body, no auth middleware, wrapper or procedure covers it` },
          ...middlewareStep,
          { path, line: sink.line, note: `${sink.write ? 'writes' : 'reads'}: \`${sink.text}\`` },
        ],
        fix: `Authenticate before \`${sink.text}\`: ${COVERAGE_HINT[handler.framework] ?? 'check the session and stop with 401'}. If it is public by design, add its path to \`publicRoutes\` in .github/prodrisk.yml.`,
        severity: write ? 'high' : 'medium',
        key: `${handler.key}`,
      });
    }
  },
});

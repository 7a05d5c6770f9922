// removed-auth-check: a handler the base protected (session check, wrapper, middleware, guard decorator, tRPC
// procedure, Next.js middleware) runs without that protection in the head.
import picomatch from 'picomatch';
import { ts } from 'ts-morph';
import { isScript } from '../../src/core/classify.js';
import { createRule, type RuleContext } from '../../src/core/rule.js';
import type { FlowStep } from '../../src/core/types.js';
import { endLineOf, lineOf } from '../_auth/ast.js';
import type { Guard } from '../_auth/guards.js';
import { guardContext, type Handler } from '../_auth/handlers.js';
import { GuardResolver, matchHandlers, type HandlerPair } from '../_auth/matching.js';
import { sinksOf, type Sink } from '../_auth/sinks.js';
import { anchorFor } from './anchor.js';
import { checkMiddlewareChange, isNextMiddlewareFile } from './middleware-change.js';
import { checkGuardDefinitions } from './guard-definition-change.js';
import { checkGlobalGuardChange, checkMountChange } from './mount-change.js';
import { checkTrpcSetupChange } from './trpc-setup-change.js';

type Messages = 'authRemoved' | 'markedPublic' | 'roleRemoved' | 'middlewareAuthRemoved' | 'matcherNarrowed' | 'pathCheckRemoved' | 'mountAuthRemoved' | 'procedureWeakened' | 'guardGutted' | 'globalGuardRemoved';
type Context = RuleContext<Messages>;

interface Loss {
  guard: Guard;
  role: boolean;
  pairs: HandlerPair[];
  sinks: Sink[];
  /** NestJS: the `@Public()` the change added, which is what switched the guard off. */
  marker?: { line: number; text: string };
}

const KIND_ORDER: Guard['kind'][] = ['inline', 'self-stopping', 'wrapper', 'middleware', 'decorator', 'procedure', 'router-level', 'global', 'layout', 'middleware-file'];

const KIND_WORDS: Record<Guard['kind'], string> = {
  inline: 'auth check',
  'self-stopping': 'guard call',
  wrapper: 'auth wrapper',
  middleware: 'route middleware',
  'router-level': 'router-level middleware',
  decorator: 'guard decorator',
  procedure: 'tRPC procedure',
  'middleware-file': 'Next.js middleware',
  global: 'global guard',
  layout: 'layout check',
};

/** The guard of the base that the head no longer has (the one to name), or undefined when the head kept one like it. */
function lostGuard(baseGuards: Guard[], headGuards: Guard[], role: boolean): Guard | undefined {
  const relevant = baseGuards.filter((guard) => (role ? guard.role : guard.auth));
  const gone = relevant.filter((guard) => !headGuards.some((kept) => kept.kind === guard.kind && kept.name === guard.name));
  const pick = (gone.length > 0 ? gone : relevant).sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
  return pick[0];
}

/** The head line that names where the guard used to be: body start, export, route, decorator or procedure line. */
function preferredLine(context: Context, guard: Guard, head: Handler, sourceFile: ts.SourceFile): number | undefined {
  switch (guard.kind) {
    case 'inline':
    case 'self-stopping': {
      const body = head.fn?.body;
      const statements = body && ts.isBlock(body) ? body.statements : undefined;
      const first = statements?.[0];
      if (!first || !body) return head.line;
      // The session call stayed and only its check went (deleted or commented out): point at where the check stood.
      const callKept = guard.kind === 'inline' && body.getText(sourceFile).includes(guard.name.replace(/\(\)$/, '('));
      const mapped = context.headLineForBaseLine(guard.line);
      if (callKept && context.isChanged(mapped) && mapped >= lineOf(first, sourceFile) && mapped <= endLineOf(body, sourceFile)) return mapped;
      return lineOf(first, sourceFile);
    }
    case 'wrapper':
      return head.statementLine;
    case 'decorator':
      return guard.scope === 'class' ? (head.classLine ?? head.line) : head.line;
    case 'procedure':
      return head.procedureBase?.line ?? head.line;
    case 'global':
      return head.markedPublic?.line ?? head.line;
    case 'middleware':
      return head.line;
    default:
      return undefined;
  }
}

async function checkHandlers(context: Context): Promise<void> {
  const resolver = new GuardResolver(context);
  const base = resolver.handlers('base');
  const head = resolver.handlers('head');
  if (!base.sourceFile || !head.sourceFile) return;
  const losses = new Map<string, Loss>();
  const declaredPublic = context.config.publicRoutes;
  for (const pair of matchHandlers(base.handlers, head.handlers)) {
    context.checkBudget();
    // A route the team declared public (config.publicRoutes) may drop its guard on purpose.
    if (declaredPublic.length > 0 && pair.head.routePath && picomatch.isMatch(pair.head.routePath, declaredPublic, { dot: true })) continue;
    const baseGuards = await resolver.guards(pair.base, base.sourceFile, 'base');
    if (!baseGuards.some((guard) => guard.auth || guard.role)) continue;
    const headGuards = await resolver.guards(pair.head, head.sourceFile, 'head');
    const sinks = pair.head.fn ? sinksOf(pair.head.fn, head.sourceFile, guardContext(head.sourceFile, []).locals) : [];
    // A handler that now does nothing (no data, no awaited work) lost nothing worth reporting.
    if (pair.head.fn && sinks.length === 0 && !/\bawait\b/.test(pair.head.fn.getText(head.sourceFile))) continue;
    let guard: Guard | undefined;
    let role = false;
    if (baseGuards.some((item) => item.auth) && !headGuards.some((item) => item.auth)) {
      guard = lostGuard(baseGuards, headGuards, false);
    } else if (baseGuards.some((item) => item.role) && !headGuards.some((item) => item.role) && sinks.some((sink) => sink.write)) {
      guard = lostGuard(baseGuards, headGuards, true);
      role = true;
    }
    // A lost Next.js middleware coverage is reported on middleware.ts itself.
    if (!guard || guard.kind === 'middleware-file') continue;
    // The head handler lives in another module we could not read: a check inside it may have moved there.
    if (!pair.head.fn && (guard.kind === 'inline' || guard.kind === 'self-stopping')) continue;
    const marker = pair.head.markedPublic && !pair.base.markedPublic ? pair.head.markedPublic : undefined;
    const key = `${role}:${guard.kind}:${guard.name}:${guard.line}:${marker?.line ?? ''}`;
    const loss = losses.get(key) ?? { guard, role, pairs: [], sinks: [], marker };
    loss.pairs.push(pair);
    loss.sinks.push(...sinks);
    losses.set(key, loss);
  }
  for (const loss of losses.values()) report(context, loss, head.sourceFile);
  checkMountChange(context, new Set([...losses.values()].filter((loss) => loss.guard.kind === 'router-level').map((loss) => loss.guard.line)));
}

function report(context: Context, loss: Loss, headFile: ts.SourceFile): void {
  const { guard } = loss;
  const first = loss.pairs[0]!;
  const path = context.file.path;
  const handlers = loss.pairs.map((pair) => `\`${pair.head.label}\``);
  const handlerText = handlers.length > 3 ? `${handlers.slice(0, 3).join(', ')} and ${handlers.length - 3} more` : handlers.join(', ');
  const baseRange = guard.endLine > guard.line ? `${guard.line}–${guard.endLine}` : `${guard.line}`;
  const preferred = loss.marker?.line ?? preferredLine(context, guard, first.head, headFile);
  const anchor = anchorFor(context, preferred, guard.line, `the ${KIND_WORDS[guard.kind]} \`${guard.name}\` stood here in the base`);
  const handlerLine = anchor.line ?? context.headLineForBaseLine(guard.line);
  const write = loss.sinks.find((sink) => sink.write);
  const sink = write ?? loss.sinks[0];
  const flow: FlowStep[] = [
    ...(anchor.hunkStep ? [anchor.hunkStep] : []),
    { path, line: handlerLine, note: `base line ${baseRange}: \`${guard.text}\` (${KIND_WORDS[guard.kind]}); the head has no equivalent` },
  ];
  if (sink) flow.push({ path, line: sink.line, note: `reached without it: \`${sink.text}\`` });
  const reach = loss.role
    ? ` run \`${(write ?? sink)?.text ?? 'the handler'}\``
    : sink
      ? ` to \`${sink.text}\``
      : '';
  context.report({
    messageId: loss.marker ? 'markedPublic' : loss.role ? 'roleRemoved' : 'authRemoved',
    data: { marker: loss.marker?.text ?? '', handlers: handlerText, guard: guard.name, kind: guard.role && !loss.role ? `${KIND_WORDS[guard.kind]} (with its role check)` : KIND_WORDS[guard.kind], baseLine: baseRange, reach },
    line: anchor.line,
    baseLine: anchor.line === undefined ? guard.line : undefined,
    flow,
    fix: loss.role
      ? `Restore the role check (\`${guard.name}\`) before the write, or move it into middleware that still covers this route.`
      : `Restore \`${guard.name}\` (or an equivalent check that stops callers without a session), or cover the route with middleware that still runs.`,
    severity: 'high',
    key: `${loss.role ? 'role' : 'auth'}:${loss.pairs.map((pair) => pair.head.key).join(',')}:${guard.name}`,
  });
}

export default createRule<Messages>({
  meta: {
    id: 'removed-auth-check',
    description: 'Reports a request handler that had an authentication or authorization guard in the base and runs without it in the head.',
    severity: 'high',
    messages: {
      authRemoved: '{{handlers}}: the {{kind}} `{{guard}}` of the base (line {{baseLine}}) is gone, so requests without a session now get through{{reach}}.',
      markedPublic: '{{handlers}} is now marked `{{marker}}`, which switches off the {{kind}} `{{guard}}`: requests without a session now get through{{reach}}.',
      roleRemoved: '{{handlers}}: the role check `{{guard}}` of the base (line {{baseLine}}) is gone, so any signed-in user can now{{reach}}.',
      middlewareAuthRemoved: '`{{path}}` no longer stops unauthenticated requests: every route it matched now runs without a session check.',
      matcherNarrowed: '`{{path}}` no longer matches {{patterns}}: {{routes}} now run without the session check this middleware did.',
      pathCheckRemoved: '`{{path}}` no longer protects {{paths}}: requests there now skip its session check.',
      procedureWeakened: '`{{name}}` now runs {{after}} instead of {{before}}: every tRPC procedure built on it is open to callers it used to stop.',
      guardGutted: '`{{name}}` no longer stops callers without a session (base line {{baseLine}}: `{{check}}`): every route it guards is now open.',
      globalGuardRemoved: 'The global guard `{{name}}` (base line {{baseLine}}) is no longer registered: every controller route that relied on it is now open.',
      mountAuthRemoved: 'The auth middleware `{{guard}}` of the base (line {{baseLine}}) no longer runs in front of {{scope}}: requests without a session now reach them.',
    },
  },
  appliesTo: (file) =>
    (file.status === 'modified' || file.status === 'renamed') &&
    isScript(file.path) &&
    !file.roles.has('test') &&
    // A pages-router page is browser code, but its getServerSideProps runs on the server per request.
    (!file.roles.has('client') || /\bgetServerSideProps\b/.test(file.baseText ?? '')),
  async check(context) {
    if (isNextMiddlewareFile(context.file.path, context.file.baseText)) {
      await checkMiddlewareChange(context);
      return;
    }
    checkTrpcSetupChange(context);
    checkGuardDefinitions(context);
    checkGlobalGuardChange(context);
    await checkHandlers(context);
  },
});

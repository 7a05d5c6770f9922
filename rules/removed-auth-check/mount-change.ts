// App-level middleware: `app.use('/api', requireAuth)`, `app.use('/admin', auth, adminRouter)` or a Fastify
// `addHook('onRequest', app.authenticate)` that the base had and the head dropped. The routes it protected usually
// live in other files, so this is checked on the file that mounts them.
import type { RuleContext } from '../../src/core/rule.js';
import { guardContext } from '../_auth/handlers.js';
import { isAuthMiddlewareText } from '../_auth/names.js';
import { collectUses, prefixCovers, type UseCall } from '../_auth/routes.js';
import { anchorFor } from './anchor.js';

type Messages = 'mountAuthRemoved';

function coveredInHead(lost: UseCall, head: UseCall[]): boolean {
  return head.some(
    (use) =>
      use.receiver === lost.receiver &&
      use.guards.some((guard) => guard.auth) &&
      (use.anyOrder || lost.anyOrder || prefixCovers(use.prefix, lost.prefix ?? '/')),
  );
}

/** Reports app-level auth middleware removed; `reportedBaseLines` are guards already reported per handler. */
export function checkMountChange(context: RuleContext<Messages>, reportedBaseLines: ReadonlySet<number>): void {
  const baseFile = context.sourceFile('base')?.compilerNode;
  const headFile = context.sourceFile('head')?.compilerNode;
  if (!baseFile || !headFile) return;
  const extra = context.config.authGuards;
  const baseUses = collectUses(guardContext(baseFile, extra)).filter((use) => use.standalone && use.guards.some((guard) => guard.auth));
  if (baseUses.length === 0) return;
  const headUses = collectUses(guardContext(headFile, extra));
  const path = context.file.path;
  for (const lost of baseUses) {
    if (reportedBaseLines.has(lost.line) || coveredInHead(lost, headUses)) continue;
    const guard = lost.guards.find((item) => item.auth)!;
    const scope = lost.mounts.length > 0 ? `\`${lost.mounts.join('`, `')}\`` : lost.prefix ? `every route under \`${lost.prefix}\`` : `every route of \`${lost.receiver}\``;
    // The same mount kept without its middleware: anchor on it.
    const kept = headUses.find((use) => use.receiver === lost.receiver && use.prefix === lost.prefix && use.mounts.some((name) => lost.mounts.includes(name)));
    const anchor = anchorFor(context, kept?.line, lost.line, `\`${guard.name}\` was applied here in the base`);
    context.report({
      messageId: 'mountAuthRemoved',
      data: { guard: guard.name, scope, baseLine: lost.line },
      line: anchor.line,
      baseLine: anchor.line === undefined ? lost.line : undefined,
      flow: [
        ...(anchor.hunkStep ? [anchor.hunkStep] : []),
        { path, line: anchor.line ?? context.headLineForBaseLine(lost.line), note: `base line ${lost.line}: \`${guard.text}\` authenticated ${scope}; the head applies no auth middleware there` },
      ],
      fix: `Keep \`${guard.name}\` in front of ${scope}, or add it to each router it protected.`,
      severity: 'high',
      key: `mount:${lost.receiver}:${lost.prefix ?? ''}:${guard.name}`,
    });
  }
}

const GLOBAL_GUARD = /APP_GUARD[\s\S]{0,120}?useClass:\s*(\w+)|useGlobalGuards\(\s*(?:new\s+)?(\w+)/g;

function globalGuards(text: string | undefined, extra: readonly string[]): Map<string, number> {
  const found = new Map<string, number>();
  for (const match of (text ?? '').matchAll(GLOBAL_GUARD)) {
    const name = match[1] ?? match[2];
    if (name && isAuthMiddlewareText(name, extra) && !found.has(name)) found.set(name, (text ?? '').slice(0, match.index).split('\n').length);
  }
  return found;
}

/** NestJS: an `APP_GUARD` provider or `app.useGlobalGuards(...)` that authenticated every controller, removed. */
export function checkGlobalGuardChange(context: RuleContext<'globalGuardRemoved'>): void {
  const extra = context.config.authGuards;
  const before = globalGuards(context.file.baseText, extra);
  if (before.size === 0) return;
  const after = globalGuards(context.file.headText, extra);
  const path = context.file.path;
  for (const [name, baseLine] of before) {
    if (after.has(name)) continue;
    context.report({
      messageId: 'globalGuardRemoved',
      data: { name, baseLine },
      baseLine,
      flow: [{ path, line: context.headLineForBaseLine(baseLine), note: `base line ${baseLine}: \`${name}\` ran before every controller route` }],
      fix: `Keep \`${name}\` registered globally, or put \`@UseGuards(${name})\` on every controller that relied on it.`,
      severity: 'high',
      key: `global-guard:${name}`,
    });
  }
}

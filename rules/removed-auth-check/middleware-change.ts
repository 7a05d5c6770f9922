// Next.js middleware.ts: the auth middleware stops authenticating, or its matcher stops covering paths it covered.
import type { ts } from 'ts-morph';
import type { RuleContext } from '../../src/core/rule.js';
import { describeMiddleware, matcherRegex, middlewareCovers, NEXT_MIDDLEWARE_PATH, samplePath, type NextMiddleware } from '../_auth/coverage.js';
import { routePathOf } from '../_auth/handlers.js';
import { anchorFor } from './anchor.js';
import { lostPathChecks, pathChecks } from './middleware-paths.js';

/** A Next.js middleware file (not an Express `middleware.ts` of helpers). */
export function isNextMiddlewareFile(path: string, text: string | undefined): boolean {
  return NEXT_MIDDLEWARE_PATH.test(path) && /next\/server|next-auth|@clerk\/nextjs|@auth\/|@supabase\/ssr|\bmatcher\b|NextResponse|NextRequest|as middleware\b/.test(text ?? '');
}

type Messages = 'middlewareAuthRemoved' | 'matcherNarrowed' | 'pathCheckRemoved';

/** A concrete path a matcher pattern covers, or undefined for regex-style patterns we cannot sample. */
function patternSample(pattern: string): string | undefined {
  if (/[()[\]\\]/.test(pattern)) return undefined;
  return samplePath(pattern.replace(/\/:(\w+)[*+?]?/g, '/x1'));
}

async function affectedRoutes(context: RuleContext<Messages>, before: NextMiddleware, after: NextMiddleware): Promise<string[]> {
  const files = await context.listFiles('head');
  const routes = new Set<string>();
  for (const file of files) {
    if (!/(^|\/)(app\/(.+\/)?(route|page)\.[cm]?[jt]sx?|pages\/.+\.[cm]?[jt]sx?)$/.test(file)) continue;
    const routePath = routePathOf(file);
    if (routePath && middlewareCovers(before, routePath) && !middlewareCovers(after, routePath)) routes.add(file);
  }
  return [...routes].sort();
}

export async function checkMiddlewareChange(context: RuleContext<Messages>): Promise<void> {
  const baseFile = context.sourceFile('base')?.compilerNode;
  const headFile = context.sourceFile('head')?.compilerNode;
  if (!baseFile || !headFile) return;
  const extra = context.config.authGuards;
  const before = describeMiddleware(context.file.path, baseFile, extra);
  const after = describeMiddleware(context.file.path, headFile, extra);
  if (!before.auth) return;
  const path = context.file.path;

  if (!after.auth) {
    const anchor = anchorFor(context, after.authLine, before.authLine, 'the session check of the middleware was removed here');
    context.report({
      messageId: 'middlewareAuthRemoved',
      data: { path },
      line: anchor.line,
      baseLine: anchor.line === undefined ? anchor.baseLine : undefined,
      flow: [
        ...(anchor.hunkStep ? [anchor.hunkStep] : []),
        { path, line: anchor.line ?? context.headLineForBaseLine(before.authLine), note: `base line ${before.authLine} authenticated every matched request; the head no longer does` },
      ],
      fix: 'Restore the session check (redirect to the login page or answer 401) or move it into every route it covered.',
      key: 'middleware-auth-removed',
    });
    return;
  }

  reportPathChecks(context, baseFile, headFile);

  const sampled = (before.matchers ?? ['/:path*']).filter((pattern) => {
    const sample = patternSample(pattern);
    if (sample === undefined) return false;
    return !(after.matchers ?? ['/:path*']).some((next) => matcherRegex(next)?.test(sample) ?? true);
  });
  const matcherChanged = JSON.stringify(before.matchers) !== JSON.stringify(after.matchers);
  // Regex-style matchers cannot be sampled: the repo's own routes tell whether coverage was lost.
  const routes = sampled.length > 0 || matcherChanged ? await affectedRoutes(context, before, after) : [];
  const lost = sampled.length > 0 ? sampled : routes.length > 0 ? (before.matchers ?? ['/:path*']) : [];
  if (lost.length === 0) return;
  const baseLine = before.matcherLine ?? before.authLine;
  const anchor = anchorFor(context, after.matcherLine, baseLine, 'the matcher lost these paths here');
  const patterns = lost.map((pattern) => `\`${pattern}\``).join(', ');
  const routeList = routes.length > 0 ? routes.slice(0, 3).join(', ') + (routes.length > 3 ? ` and ${routes.length - 3} more` : '') : 'the routes under them';
  context.report({
    messageId: 'matcherNarrowed',
    data: { path, patterns, routes: routeList },
    line: anchor.line,
    baseLine: anchor.line === undefined ? anchor.baseLine : undefined,
    flow: [
      ...(anchor.hunkStep ? [anchor.hunkStep] : []),
      { path, line: anchor.line ?? context.headLineForBaseLine(baseLine), note: `base line ${baseLine}: the matcher covered ${patterns}` },
      ...routes.slice(0, 3).map((route) => ({ path: route, line: 1, note: 'no longer passes through the auth middleware' })),
    ],
    fix: `Keep ${patterns} in \`config.matcher\`, or add a session check to each route it covered before narrowing it.`,
    key: `matcher-narrowed:${lost.join(',')}`,
  });
}

/** Paths the middleware body protected that it no longer does (removed from a protected list, added to a public one). */
function reportPathChecks(context: RuleContext<Messages>, baseFile: ts.SourceFile, headFile: ts.SourceFile): void {
  const losses = lostPathChecks(pathChecks(baseFile), pathChecks(headFile));
  if (losses.length === 0) return;
  const path = context.file.path;
  const paths = losses.map((loss) => `\`${loss.path}\``).join(', ');
  const first = losses[0]!;
  const anchor = first.side === 'head' ? { line: first.line } : anchorFor(context, undefined, first.line, 'the path check was removed here');
  context.report({
    messageId: 'pathCheckRemoved',
    data: { path, paths },
    line: anchor.line,
    baseLine: anchor.line === undefined ? first.line : undefined,
    flow: losses.slice(0, 5).map((loss) => ({
      path,
      line: loss.side === 'head' ? loss.line : context.headLineForBaseLine(loss.line),
      note: loss.side === 'head' ? `\`${loss.path}\` added to the paths that skip the session check` : `base line ${loss.line}: \`${loss.path}\` was a protected path`,
    })),
    fix: `Keep ${paths} behind the session check, or add a check to the routes under them.`,
    severity: 'high',
    key: `path-checks:${losses.map((loss) => loss.path).join(',')}`,
  });
}

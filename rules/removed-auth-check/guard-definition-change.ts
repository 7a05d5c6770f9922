// The guard itself gutted: `requireAuth`, `withAuth`, `requireUser` still exist and are still used, but their body no
// longer stops callers without a session (`next()` unconditionally, the 401 branch gone, verify swapped for decode).
import type { RuleContext } from '../../src/core/rule.js';
import { lineOf, localFunctions, type FunctionLike } from '../_auth/ast.js';
import { guardsInBody, type Guard, type GuardContext } from '../_auth/guards.js';
import { innerFunctions } from '../_auth/imports.js';
import { isAuthMiddlewareText, isAuthWrapperName, isSelfStoppingCallName } from '../_auth/names.js';
import { anchorFor } from './anchor.js';

type Messages = 'guardGutted';

function authGuards(fn: FunctionLike, context: GuardContext): Guard[] {
  return [fn, ...innerFunctions(fn)].flatMap((body) => guardsInBody(body, context)).filter((guard) => guard.auth);
}

export function checkGuardDefinitions(context: RuleContext<Messages>): void {
  const baseFile = context.sourceFile('base')?.compilerNode;
  const headFile = context.sourceFile('head')?.compilerNode;
  if (!baseFile || !headFile) return;
  const extra = context.config.authGuards;
  const baseContext: GuardContext = { sourceFile: baseFile, extra, locals: localFunctions(baseFile) };
  const headContext: GuardContext = { sourceFile: headFile, extra, locals: localFunctions(headFile) };
  const path = context.file.path;
  for (const [name, baseFn] of baseContext.locals) {
    const named = isAuthMiddlewareText(name, extra) || isAuthWrapperName(name, extra) || isSelfStoppingCallName(name, '', extra);
    const headFn = headContext.locals.get(name);
    if (!named || !headFn) continue;
    const before = authGuards(baseFn, baseContext);
    if (before.length === 0 || authGuards(headFn, headContext).length > 0) continue;
    const guard = before[0]!;
    const headLine = lineOf(headFn, headFile);
    const anchor = anchorFor(context, context.isRangeChanged(headLine, headLine) ? headLine : undefined, guard.line, `\`${name}\` stopped unauthenticated callers here in the base`);
    context.report({
      messageId: 'guardGutted',
      data: { name, check: guard.text, baseLine: guard.line },
      line: anchor.line,
      baseLine: anchor.line === undefined ? guard.line : undefined,
      flow: [
        ...(anchor.hunkStep ? [anchor.hunkStep] : []),
        { path, line: anchor.line ?? context.headLineForBaseLine(guard.line), note: `base line ${guard.line}: \`${guard.text}\`; the head body lets every caller through` },
        { path, line: headLine, note: `\`${name}\` is still defined, so every route that uses it still looks protected` },
      ],
      fix: `Restore the check in \`${name}\` (verify the session or token and answer 401 / throw when it is missing or invalid).`,
      severity: 'high',
      key: `guard-gutted:${name}`,
    });
  }
}

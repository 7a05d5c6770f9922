// The tRPC setup file: a procedure base (`protectedProcedure`, `adminProcedure`) that checked the caller in the base
// and no longer does in the head weakens every procedure built on it, in every router.
import { ts } from 'ts-morph';
import type { RuleContext } from '../../src/core/rule.js';
import { lineOf } from '../_auth/ast.js';
import { procedureLevels, type ProcedureLevel } from '../_auth/trpc.js';
import { anchorFor } from './anchor.js';

type Messages = 'procedureWeakened';

const RANK: Record<ProcedureLevel, number> = { public: 0, auth: 1, role: 2 };
const WORDS: Record<ProcedureLevel, string> = { public: 'no check', auth: 'a session check', role: 'a role check' };

function declarationLines(sourceFile: ts.SourceFile): Map<string, number> {
  const lines = new Map<string, number>();
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name)) lines.set(declaration.name.text, lineOf(declaration, sourceFile));
    }
  }
  return lines;
}

export function checkTrpcSetupChange(context: RuleContext<Messages>): void {
  const baseFile = context.sourceFile('base')?.compilerNode;
  const headFile = context.sourceFile('head')?.compilerNode;
  if (!baseFile || !headFile || !/initTRPC|\.procedure\b/.test(context.file.baseText ?? '')) return;
  const extra = context.config.authGuards;
  const before = procedureLevels(baseFile, extra);
  const after = procedureLevels(headFile, extra);
  const baseLines = declarationLines(baseFile);
  const headLines = declarationLines(headFile);
  const path = context.file.path;
  for (const [name, level] of before) {
    const now = after.get(name);
    if (now === undefined || RANK[now] >= RANK[level]) continue;
    const baseLine = baseLines.get(name) ?? 1;
    const anchor = anchorFor(context, headLines.get(name), baseLine, `\`${name}\` was built with ${WORDS[level]} here in the base`);
    context.report({
      messageId: 'procedureWeakened',
      data: { name, before: WORDS[level], after: WORDS[now] },
      line: anchor.line,
      baseLine: anchor.line === undefined ? baseLine : undefined,
      flow: [
        ...(anchor.hunkStep ? [anchor.hunkStep] : []),
        { path, line: anchor.line ?? context.headLineForBaseLine(baseLine), note: `base line ${baseLine}: \`${name}\` ran ${WORDS[level]}; the head runs ${WORDS[now]}` },
      ],
      fix: `Keep the middleware that throws \`UNAUTHORIZED\`${level === 'role' ? ' / `FORBIDDEN`' : ''} in \`${name}\`; every procedure built on it relies on it.`,
      severity: 'high',
      key: `procedure-weakened:${name}`,
    });
  }
}

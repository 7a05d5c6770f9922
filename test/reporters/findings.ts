// Findings and results for reporter tests.
import type { AnalysisResult, Finding } from '../../src/core/types.js';

export function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'client-trusted-id',
    messageId: 'bodyId',
    severity: 'high',
    path: 'src/api/invoices.ts',
    line: 12,
    endLine: 12,
    message: '`userId` comes from the request body and selects whose invoices are returned.',
    flow: [
      { path: 'src/api/invoices.ts', line: 10, note: '`userId` read from `req.body`' },
      { path: 'src/api/invoices.ts', line: 12, note: 'reaches `prisma.invoice.findMany({ where })`' },
    ],
    fix: 'Take the user from the session: `const userId = session.user.id`.',
    docsUrl: 'https://github.com/prodrisk/prodrisk/blob/main/rules/client-trusted-id/README.md',
    fingerprint: 'f1a2b3c4d5e6f7a8b9c0d1e2',
    ...overrides,
  };
}

export function result(findings: Finding[], overrides: Partial<AnalysisResult['stats']> = {}, verdict?: AnalysisResult['verdict']): AnalysisResult {
  return {
    findings,
    suppressed: [],
    verdict: verdict ?? (findings.some((item) => item.severity === 'high' || item.severity === 'critical') ? 'fail' : 'pass'),
    stats: { files: 3, changedLines: 40, durationMs: 120, skipped: [], errors: [], ...overrides },
  };
}

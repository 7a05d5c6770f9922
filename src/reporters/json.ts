// The stable JSON report (`--format json`). Its shape is documented in README.md; add fields, never rename.
import type { AnalysisResult } from '../core/types.js';

export interface ReportContext {
  toolVersion: string;
  base: string;
  head: string;
}

export const JSON_REPORT_VERSION = 1;

export function renderJson(result: AnalysisResult, context: ReportContext): string {
  const report = {
    version: JSON_REPORT_VERSION,
    tool: { name: 'prodrisk', version: context.toolVersion },
    base: context.base,
    head: context.head,
    verdict: result.verdict,
    findings: result.findings,
    suppressed: result.suppressed.map(({ finding, reason }) => ({ ruleId: finding.ruleId, path: finding.path, line: finding.line, fingerprint: finding.fingerprint, reason })),
    stats: result.stats,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

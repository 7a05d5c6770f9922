// The stable JSON report (`--format json`). Its shape is documented in README.md; add fields, never rename.
// Every field is picked by name, so a field the engine adds for its own use never leaks into the public shape.
import type { AnalysisResult, Finding } from '../core/types.js';

export interface ReportContext {
  toolVersion: string;
  base: string;
  head: string;
}

/** The version of this shape (not of the tool, which is `tool.version`). */
export const JSON_REPORT_VERSION = 1;

export function renderJson(result: AnalysisResult, context: ReportContext): string {
  const report = {
    version: JSON_REPORT_VERSION,
    tool: { name: 'prodrisk', version: context.toolVersion },
    base: context.base,
    head: context.head,
    verdict: result.verdict,
    findings: result.findings.map(publicFinding),
    suppressed: result.suppressed.map(({ finding, reason }) => ({ ruleId: finding.ruleId, path: finding.path, line: finding.line, fingerprint: finding.fingerprint, reason })),
    stats: {
      files: result.stats.files,
      changedLines: result.stats.changedLines,
      durationMs: result.stats.durationMs,
      skipped: result.stats.skipped.map(({ path, reason, detail }) => ({ path, reason, ...(detail !== undefined ? { detail } : {}) })),
      errors: result.stats.errors.map(({ path, ruleId, message }) => ({ ...(path !== undefined ? { path } : {}), ...(ruleId !== undefined ? { ruleId } : {}), message })),
    },
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

function publicFinding(finding: Finding) {
  return {
    ruleId: finding.ruleId,
    ...(finding.messageId !== undefined ? { messageId: finding.messageId } : {}),
    severity: finding.severity,
    path: finding.path,
    line: finding.line,
    endLine: finding.endLine,
    message: finding.message,
    ...(finding.fix !== undefined ? { fix: finding.fix } : {}),
    flow: finding.flow.map(({ path, line, note }) => ({ path, line, note })),
    ...(finding.suggestion !== undefined
      ? { suggestion: { line: finding.suggestion.line, endLine: finding.suggestion.endLine, replacement: finding.suggestion.replacement } }
      : {}),
    docsUrl: finding.docsUrl,
    fingerprint: finding.fingerprint,
  };
}

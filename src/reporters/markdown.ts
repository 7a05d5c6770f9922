// The markdown report: what GitHub shows as the check run's summary and what `prodrisk review --format markdown`
// prints. Pure: data in, text out. Always fits `maxLength` (GitHub's 65,535), dropping rows with a note.
import { SEVERITIES, SEVERITY_RANK, type AnalysisResult, type Finding, type Severity } from '../core/types.js';
import { lineLink, tableCell, type LineLinks } from './links.js';

export const GITHUB_TEXT_LIMIT = 65_535;

export interface MarkdownOptions {
  /** Link findings to their lines at this commit; plain `path:line` without it. */
  links?: LineLinks;
  /** The lowest severity that fails the verdict, named in the verdict line. */
  failOn?: Severity;
  /** Where the config came from, e.g. "`.github/prodrisk.yml` on `main` (base branch)". */
  configSource?: string;
  /** Hard limit on the output length; default GitHub's 65,535 characters. */
  maxLength?: number;
  /** Heading level of the title (default 2); 0 leaves the title out (the check run shows its own). */
  headingLevel?: number;
}

export const SEVERITY_ICON: Record<Severity, string> = { critical: '🟥', high: '🟧', medium: '🟨', low: '🟦' };

export function renderMarkdownReport(result: AnalysisResult, options: MarkdownOptions = {}): string {
  const maxLength = options.maxLength ?? GITHUB_TEXT_LIMIT;
  // Try the whole report first; if too long, show fewer rows until it fits, and say how many were left out.
  const full = compose(result, options, result.findings.length, result.stats.skipped.length);
  if (full.length <= maxLength) return full;
  let shownFindings = result.findings.length;
  let shownSkipped = result.stats.skipped.length;
  let text = full;
  while (text.length > maxLength && (shownFindings > 0 || shownSkipped > 0)) {
    // Drop skipped rows first (less important), then findings; shrink geometrically so this stays fast.
    if (shownSkipped > 0) shownSkipped = Math.floor(shownSkipped / 2);
    else shownFindings = Math.floor(shownFindings * 0.8);
    text = compose(result, options, shownFindings, shownSkipped);
  }
  return text.length <= maxLength ? text : hardTruncate(text, maxLength);
}

/** Cuts text to `maxLength` with a note; the last resort when even the shortest report is too long. */
export function hardTruncate(text: string, maxLength: number): string {
  const note = '\n\n_… truncated to fit GitHub’s length limit._\n';
  if (text.length <= maxLength) return text;
  return text.slice(0, Math.max(maxLength - note.length, 0)) + note.slice(0, maxLength);
}

function compose(result: AnalysisResult, options: MarkdownOptions, shownFindings: number, shownSkipped: number): string {
  const parts: string[] = [];
  const headingLevel = options.headingLevel ?? 2;
  if (headingLevel > 0) parts.push(`${'#'.repeat(headingLevel)} prodrisk: ${verdictLine(result, options.failOn)}`);
  else parts.push(`**${verdictLine(result, options.failOn)}**`);
  parts.push(countsSection(result));
  if (result.findings.length > 0) parts.push(findingsSection(result.findings, options.links, shownFindings));
  if (result.suppressed.length > 0) parts.push(suppressedSection(result, options.links));
  if (result.stats.skipped.length > 0) parts.push(skippedSection(result, shownSkipped));
  if (result.stats.errors.length > 0) parts.push(errorsSection(result));
  parts.push(footer(result, options));
  return `${parts.join('\n\n')}\n`;
}

export function verdictLine(result: AnalysisResult, failOn?: Severity): string {
  const total = result.findings.length;
  if (result.verdict === 'fail') {
    const blocking = failOn ? result.findings.filter((finding) => SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[failOn]).length : total;
    const threshold = failOn ? ` at or above ${failOn}` : '';
    return `❌ ${plural(blocking, 'finding')}${threshold} block${blocking === 1 ? 's' : ''} this merge`;
  }
  if (total === 0) return '✅ no production risks found in this change';
  return `✅ nothing blocks this merge (${plural(total, 'finding')}${failOn ? ` below ${failOn}` : ''})`;
}

function countsSection(result: AnalysisResult): string {
  const bySeverity = SEVERITIES.map((severity) => `${SEVERITY_ICON[severity]} ${severity}: **${count(result.findings, (finding) => finding.severity === severity)}**`);
  const lines = [bySeverity.join(' · ')];
  const byRule = new Map<string, number>();
  for (const finding of result.findings) byRule.set(finding.ruleId, (byRule.get(finding.ruleId) ?? 0) + 1);
  if (byRule.size > 0) {
    lines.push('', '| Rule | Findings |', '| --- | ---: |');
    for (const [ruleId, total] of [...byRule].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
      lines.push(`| \`${ruleId}\` | ${total} |`);
    }
  }
  return lines.join('\n');
}

function findingsSection(findings: Finding[], links: LineLinks | undefined, shown: number): string {
  const ordered = [...findings].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.path.localeCompare(b.path) || a.line - b.line);
  const lines = ['### Findings', '', '| Severity | Rule | Where | What |', '| --- | --- | --- | --- |'];
  for (const finding of ordered.slice(0, shown)) {
    lines.push(
      `| ${SEVERITY_ICON[finding.severity]} ${finding.severity} | [\`${finding.ruleId}\`](${finding.docsUrl}) | ${lineLink(links, finding.path, finding.line, finding.endLine)} | ${tableCell(firstSentence(finding.message))} |`,
    );
  }
  if (shown < findings.length) {
    lines.push('', `_… ${plural(findings.length - shown, 'more finding')} not shown here to stay under GitHub’s 65,535-character limit; every finding is an annotation on the changed files._`);
  }
  return lines.join('\n');
}

function suppressedSection(result: AnalysisResult, links: LineLinks | undefined): string {
  const lines = [`<details><summary>${plural(result.suppressed.length, 'suppressed finding')}</summary>`, ''];
  for (const { finding, reason } of result.suppressed.slice(0, 200)) {
    lines.push(`- \`${finding.ruleId}\` at ${lineLink(links, finding.path, finding.line)}: ${tableCell(reason)}`);
  }
  if (result.suppressed.length > 200) lines.push(`- … and ${result.suppressed.length - 200} more`);
  lines.push('', '</details>');
  return lines.join('\n');
}

const SKIP_EXPLANATION: Record<string, string> = {
  binary: 'binary file',
  vendored: 'vendored code',
  generated: 'generated code',
  minified: 'minified code',
  'too-large': 'too large to analyse',
  'ignored-by-config': 'ignored by `paths.ignore`',
  lockfile: 'lockfile',
};

function skippedSection(result: AnalysisResult, shown: number): string {
  const skipped = result.stats.skipped;
  const lines = [`<details><summary>${plural(skipped.length, 'file')} not analysed</summary>`, ''];
  for (const file of skipped.slice(0, shown)) {
    const why = SKIP_EXPLANATION[file.reason] ?? file.reason;
    lines.push(`- \`${file.path}\`: ${why}${file.detail ? ` (${tableCell(file.detail)})` : ''}`);
  }
  if (shown < skipped.length) lines.push(`- … and ${skipped.length - shown} more not listed (length limit)`);
  lines.push('', '</details>');
  return lines.join('\n');
}

function errorsSection(result: AnalysisResult): string {
  const lines = ['### Not fully reviewed', ''];
  for (const error of result.stats.errors.slice(0, 50)) {
    const where = [error.path && `\`${error.path}\``, error.ruleId && `\`${error.ruleId}\``].filter(Boolean).join(' ');
    lines.push(`- ${where ? `${where}: ` : ''}${tableCell(error.message)}`);
  }
  if (result.stats.errors.length > 50) lines.push(`- … and ${result.stats.errors.length - 50} more`);
  return lines.join('\n');
}

function footer(result: AnalysisResult, options: MarkdownOptions): string {
  const parts = [`${plural(result.stats.files, 'file')} changed`, `${plural(result.stats.changedLines, 'changed line')} analysed`, `${result.stats.durationMs} ms`];
  const config = options.configSource ? `Config: ${options.configSource}.` : 'Config: defaults (no `.github/prodrisk.yml`).';
  return `<sub>${parts.join(' · ')}. ${config}</sub>`;
}

function firstSentence(message: string): string {
  const text = message.trim();
  return text.length > 300 ? `${text.slice(0, 297)}…` : text;
}

function count<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  return items.reduce((total, item) => total + (predicate(item) ? 1 : 0), 0);
}

export function plural(total: number, noun: string): string {
  return `${total} ${noun}${total === 1 ? '' : 's'}`;
}

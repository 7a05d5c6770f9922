// The terminal report: file:line, rule, severity, message, the flow. Colour only when asked (a TTY).
import { SEVERITY_RANK, type AnalysisResult, type Finding, type Severity } from '../core/types.js';
import type { ReportContext } from './json.js';
import { plural } from './markdown.js';
import { separateFix } from './fix.js';

export interface TextOptions {
  colour: boolean;
}

const CODES = { red: 31, yellow: 33, blue: 34, magenta: 35, grey: 90, bold: 1, green: 32 } as const;
type Style = keyof typeof CODES;

const SEVERITY_STYLE: Record<Severity, Style> = { critical: 'magenta', high: 'red', medium: 'yellow', low: 'blue' };

/**
 * Paths, messages and notes quote the repository (file names, code); a control character there would reach the
 * terminal as an escape sequence the pull request's author chose. Shown as `\xNN` instead.
 */
export function terminalSafe(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (character) => `\\x${character.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function renderText(result: AnalysisResult, context: ReportContext, options: TextOptions): string {
  const plain = (style: Style, text: string) => (options.colour ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text);
  const paint = (style: Style, text: string) => plain(style, terminalSafe(text));
  const lines: string[] = [];
  for (const finding of result.findings) lines.push(...renderFinding(finding, paint), '');
  for (const { finding, reason } of result.suppressed) {
    lines.push(paint('grey', `${finding.path}:${finding.line}  ${finding.ruleId} suppressed: ${reason}`));
  }
  for (const skipped of result.stats.skipped) {
    lines.push(paint('grey', `skipped ${skipped.path}: ${skipped.reason}${skipped.detail ? ` (${skipped.detail})` : ''}`));
  }
  for (const error of result.stats.errors) {
    lines.push(paint('yellow', `error ${[error.path, error.ruleId].filter(Boolean).join(' ')}: ${error.message}`));
  }
  if (result.suppressed.length + result.stats.skipped.length + result.stats.errors.length > 0) lines.push('');
  lines.push(summaryLine(result, context, paint));
  return `${lines.join('\n')}\n`;
}

function renderFinding(finding: Finding, paint: (style: Style, text: string) => string): string[] {
  const where = finding.endLine > finding.line ? `${finding.path}:${finding.line}-${finding.endLine}` : `${finding.path}:${finding.line}`;
  const lines = [`${paint('bold', where)}  ${paint(SEVERITY_STYLE[finding.severity], finding.severity)}  ${paint('grey', finding.ruleId)}`, `  ${terminalSafe(finding.message)}`];
  if (finding.flow.length > 0) {
    lines.push(paint('grey', '  flow:'));
    finding.flow.forEach((step, index) => lines.push(terminalSafe(`    ${index + 1}. ${step.path}:${step.line}  ${step.note}`)));
  }
  const fix = separateFix(finding);
  if (fix) lines.push(`  ${paint('green', 'fix:')} ${terminalSafe(fix)}`);
  return lines;
}

function summaryLine(result: AnalysisResult, context: ReportContext, paint: (style: Style, text: string) => string): string {
  const counts = (Object.keys(SEVERITY_RANK) as Severity[])
    .map((severity) => [severity, result.findings.filter((finding) => finding.severity === severity).length] as const)
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${severity}`);
  const verdict = result.verdict === 'fail' ? paint('red', 'FAIL') : paint('green', 'PASS');
  const found = counts.length > 0 ? counts.join(', ') : 'no findings';
  return `${verdict}  ${found} · ${plural(result.stats.files, 'file')}, ${plural(result.stats.changedLines, 'changed line')} · ${context.base.slice(0, 7)}..${context.head.slice(0, 7)} · ${result.stats.durationMs} ms`;
}

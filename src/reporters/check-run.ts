// The check run's verdict and output, built from a result: conclusion, title, markdown summary, details text and
// annotations in batches of at most 50 (GitHub's limit per request). Pure data, no I/O.
import { SEVERITY_RANK, type AnalysisResult, type Finding, type Severity } from '../core/types.js';
import { GITHUB_TEXT_LIMIT, hardTruncate, plural, renderMarkdownReport } from './markdown.js';
import type { LineLinks } from './links.js';
import { separateFix } from './fix.js';

export const ANNOTATIONS_PER_REQUEST = 50;
const TITLE_LIMIT = 255;
const ANNOTATION_TEXT_LIMIT = 64_000;

export type AnnotationLevel = 'failure' | 'warning' | 'notice';

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: AnnotationLevel;
  title: string;
  message: string;
  raw_details?: string;
}

export interface CheckRunOutput {
  title: string;
  summary: string;
  text?: string;
}

export interface CheckRunReport {
  /** `failure` blocks a required check; `neutral` or `skipped` would let the merge through. */
  conclusion: 'success' | 'failure';
  output: CheckRunOutput;
  /** Every finding as an annotation, 50 per request; later requests append. */
  annotationBatches: Annotation[][];
}

export interface CheckRunOptions {
  failOn: Severity;
  links?: LineLinks;
  configSource?: string;
  /** Files the PR deletes: GitHub rejects annotations on paths missing at the head, so they stay in the summary. */
  removedPaths?: ReadonlySet<string>;
  /** A sentence appended to the title, e.g. that the review comments could not be posted. */
  titleNote?: string;
}

export function buildCheckRunReport(result: AnalysisResult, options: CheckRunOptions): CheckRunReport {
  const annotations = result.findings
    .filter((finding) => !options.removedPaths?.has(finding.path))
    .map((finding) => toAnnotation(finding, options.failOn));
  return {
    conclusion: result.verdict === 'fail' ? 'failure' : 'success',
    output: {
      title: limitTitle(checkRunTitle(result, options.failOn) + (options.titleNote ? ` (${options.titleNote})` : '')),
      summary: renderMarkdownReport(result, { links: options.links, failOn: options.failOn, configSource: options.configSource, headingLevel: 0 }),
      ...(result.findings.length > 0 ? { text: findingDetails(result.findings) } : {}),
    },
    annotationBatches: batches(annotations, ANNOTATIONS_PER_REQUEST),
  };
}

export function checkRunTitle(result: AnalysisResult, failOn: Severity): string {
  const blocking = result.findings.filter((finding) => SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[failOn]).length;
  if (blocking > 0) return `${plural(blocking, `${failOn === 'critical' ? 'critical' : `${failOn}+`} finding`)} block${blocking === 1 ? 's' : ''} this merge`;
  // A clean verdict with errors must say so: "no risks found" would overstate what was checked.
  const incomplete = result.stats.errors.length > 0 ? `; ${plural(result.stats.errors.length, 'check')} could not run, see the summary` : '';
  if (result.findings.length > 0) return `No blocking findings (${plural(result.findings.length, 'finding')} below ${failOn}${incomplete})`;
  return incomplete ? `No production risks found${incomplete.replace(/^; /, ' (')})` : 'No production risks found';
}

function toAnnotation(finding: Finding, failOn: Severity): Annotation {
  const level: AnnotationLevel = SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[failOn] ? 'failure' : finding.severity === 'low' ? 'notice' : 'warning';
  const details = [
    ...finding.flow.map((step, index) => `${index + 1}. ${step.path}:${step.line}  ${step.note}`),
    ...(separateFix(finding) ? [`Fix: ${separateFix(finding)}`] : []),
    `Docs: ${finding.docsUrl}`,
  ].join('\n');
  return {
    path: finding.path,
    start_line: finding.line,
    end_line: Math.max(finding.endLine, finding.line),
    annotation_level: level,
    title: limitTitle(`${finding.ruleId} (${finding.severity})`),
    message: hardTruncate(finding.message, ANNOTATION_TEXT_LIMIT),
    raw_details: hardTruncate(details, ANNOTATION_TEXT_LIMIT),
  };
}

/** The `text` of the check run: each finding's flow and fix, dropping the tail with a note past the limit. */
function findingDetails(findings: Finding[]): string {
  const blocks: string[] = [];
  let length = 0;
  for (const [index, finding] of findings.entries()) {
    const block = [
      `#### \`${finding.ruleId}\` (${finding.severity}) at \`${finding.path}:${finding.line}\``,
      finding.message,
      ...finding.flow.map((step, stepIndex) => `${stepIndex + 1}. \`${step.path}:${step.line}\` ${step.note}`),
      ...(separateFix(finding) ? ['', `**Fix:** ${separateFix(finding)}`] : []),
    ].join('\n');
    if (length + block.length + 200 > GITHUB_TEXT_LIMIT) {
      blocks.push(`_… ${plural(findings.length - index, 'more finding')} not detailed here (GitHub’s 65,535-character limit); see the annotations._`);
      break;
    }
    blocks.push(block);
    length += block.length + 2;
  }
  return hardTruncate(blocks.join('\n\n'), GITHUB_TEXT_LIMIT);
}

function limitTitle(title: string): string {
  return title.length <= TITLE_LIMIT ? title : `${title.slice(0, TITLE_LIMIT - 1)}…`;
}

export function batches<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

/**
 * The check run's page as one markdown document, for `prodrisk review --format markdown`: the same summary and the
 * same per-finding details (flow and fix) GitHub shows, under a heading since no check-run title frames it.
 */
export function renderCheckRunMarkdown(result: AnalysisResult, options: CheckRunOptions): string {
  const summary = renderMarkdownReport(result, { links: options.links, failOn: options.failOn, configSource: options.configSource });
  if (result.findings.length === 0) return summary;
  return `${summary}\n### Details\n\n${findingDetails(result.findings)}\n`;
}

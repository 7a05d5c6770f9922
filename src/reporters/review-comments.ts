// Inline review comments: which findings can sit on a line of the diff, and what each comment says.
// Pure: findings and parsed patches in, comment payloads out. GitHub rejects a whole review when one comment is
// anchored outside the diff, so every anchor is checked against the patch hunks; the rest go to the review body.
import { parseUnifiedDiff } from '../core/diff.js';
import type { Finding, Hunk } from '../core/types.js';
import { hardTruncate, plural, SEVERITY_ICON } from './markdown.js';
import { lineLink, type LineLinks } from './links.js';
import { separateFix } from './fix.js';

export const MAX_INLINE_COMMENTS = 30;
/** GitHub's limit on one comment or review body. */
const COMMENT_LIMIT = 65_000;
/** Room kept for the line that says how many findings did not fit. */
const BODY_OVERFLOW_ROOM = 200;

export interface InlineComment {
  path: string;
  /** The last (or only) head line of the comment. */
  line: number;
  side: 'RIGHT';
  start_line?: number;
  start_side?: 'RIGHT';
  body: string;
}

export type OutsideReason = 'outside-diff' | 'no-patch' | 'over-cap';

export interface ReviewPlan {
  inline: Array<{ finding: Finding; comment: InlineComment }>;
  /** Findings told in the review body instead, with why. */
  inBody: Array<{ finding: Finding; reason: OutsideReason }>;
}

export interface ReviewCommentOptions {
  links?: LineLinks;
  maxInline?: number;
}

const MARKER = /<!-- prodrisk:fingerprint=([0-9a-zA-Z_-]+) -->/g;

export function fingerprintMarker(fingerprint: string): string {
  return `<!-- prodrisk:fingerprint=${fingerprint} -->`;
}

/** Every fingerprint marker in a comment or review body. */
export function readFingerprints(body: string | null | undefined): string[] {
  return body ? [...body.matchAll(MARKER)].map((match) => match[1]!) : [];
}

/** The hunks of each file's patch as GitHub sent it; files without a patch cannot carry inline comments. */
export function diffAnchors(patches: ReadonlyMap<string, string | undefined>): Map<string, Hunk[]> {
  const anchors = new Map<string, Hunk[]>();
  for (const [path, patch] of patches) if (patch !== undefined) anchors.set(path, parseUnifiedDiff(patch));
  return anchors;
}

/** The hunk whose head side (added and context lines) holds every line of [start, end], if any. */
function hunkHolding(hunks: readonly Hunk[], start: number, end: number): Hunk | undefined {
  return hunks.find((hunk) => hunk.headLines > 0 && start >= hunk.headStart && end <= hunk.headStart + hunk.headLines - 1);
}

/** Where a finding's comment can be anchored: its whole range, else its first line, else its last line. */
export function anchorFor(finding: Finding, hunks: readonly Hunk[] | undefined): { line: number; startLine?: number } | undefined {
  if (!hunks) return undefined;
  const suggestion = finding.suggestion;
  if (suggestion && hunkHolding(hunks, suggestion.line, suggestion.endLine)) {
    return suggestion.endLine > suggestion.line ? { startLine: suggestion.line, line: suggestion.endLine } : { line: suggestion.line };
  }
  if (finding.endLine > finding.line && hunkHolding(hunks, finding.line, finding.endLine)) return { startLine: finding.line, line: finding.endLine };
  if (hunkHolding(hunks, finding.line, finding.line)) return { line: finding.line };
  if (hunkHolding(hunks, finding.endLine, finding.endLine)) return { line: finding.endLine };
  return undefined;
}

export function planReview(findings: readonly Finding[], anchors: ReadonlyMap<string, Hunk[]>, options: ReviewCommentOptions = {}): ReviewPlan {
  const maxInline = options.maxInline ?? MAX_INLINE_COMMENTS;
  const plan: ReviewPlan = { inline: [], inBody: [] };
  for (const finding of findings) {
    const hunks = anchors.get(finding.path);
    const anchor = anchorFor(finding, hunks);
    if (!anchor) {
      plan.inBody.push({ finding, reason: hunks ? 'outside-diff' : 'no-patch' });
      continue;
    }
    if (plan.inline.length >= maxInline) {
      plan.inBody.push({ finding, reason: 'over-cap' });
      continue;
    }
    const comment: InlineComment = { path: finding.path, line: anchor.line, side: 'RIGHT', body: '' };
    if (anchor.startLine !== undefined) {
      comment.start_line = anchor.startLine;
      comment.start_side = 'RIGHT';
    }
    const suggestionFits = finding.suggestion !== undefined && finding.suggestion.line === (anchor.startLine ?? anchor.line) && finding.suggestion.endLine === anchor.line;
    comment.body = renderCommentBody(finding, { links: options.links, suggestionBlock: suggestionFits });
    plan.inline.push({ finding, comment });
  }
  return plan;
}

/** The syntax of a line comment in this file, for the suppression hint. */
function lineCommentPrefix(path: string): string {
  if (/\.(ya?ml|toml|py|rb|sh|env)$|(^|\/)\.env(\.[\w.-]+)?$|(^|\/)Dockerfile$/.test(path)) return '#';
  if (/\.sql$/.test(path)) return '--';
  return '//';
}

export function suppressionHint(finding: Finding): string {
  return `${lineCommentPrefix(finding.path)} prodrisk-ignore ${finding.ruleId}: <why this is safe>`;
}

export function renderCommentBody(finding: Finding, options: { links?: LineLinks; suggestionBlock?: boolean }): string {
  const lines = [`**${SEVERITY_ICON[finding.severity]} ${finding.severity} · [\`${finding.ruleId}\`](${finding.docsUrl})**`, '', finding.message];
  if (finding.flow.length > 0) {
    lines.push('', '**How it reaches production**');
    finding.flow.slice(0, 20).forEach((step, index) => lines.push(`${index + 1}. ${lineLink(options.links, step.path, step.line)}: ${step.note}`));
    if (finding.flow.length > 20) lines.push(`${finding.flow.length - 20} more steps…`);
  }
  const fix = separateFix(finding);
  if (fix) lines.push('', `**Fix:** ${fix}`);
  if (finding.suggestion) {
    // A ```suggestion block replaces exactly the commented lines; anywhere else it would rewrite the wrong code.
    const fence = finding.suggestion.replacement.includes('```') ? '````' : '```';
    if (options.suggestionBlock) lines.push('', `${fence}suggestion`, finding.suggestion.replacement.replace(/\n$/, ''), fence);
    else lines.push('', `Suggested replacement for lines ${finding.suggestion.line}–${finding.suggestion.endLine}:`, fence, finding.suggestion.replacement.replace(/\n$/, ''), fence);
  }
  lines.push(
    '',
    `<sub>[Rule docs](${finding.docsUrl}) · Not a risk here? Suppress it with a reason on the line above: \`${suppressionHint(finding)}\`</sub>`,
  );
  const marker = fingerprintMarker(finding.fingerprint);
  return `${hardTruncate(lines.join('\n'), COMMENT_LIMIT - marker.length - 1)}\n${marker}`;
}

const BODY_REASON: Record<OutsideReason, string> = {
  'outside-diff': 'not on a line of the diff',
  'no-patch': 'GitHub shows no diff for this file',
  'over-cap': `over the ${MAX_INLINE_COMMENTS} inline comments of one review`,
};

export interface ReviewBodyOptions {
  links?: LineLinks;
  /** Findings already commented on in earlier reviews (not repeated). */
  alreadyReported?: number;
}

/** The review body: a one-line overview, then every finding that could not be an inline comment. */
export function renderReviewBody(plan: ReviewPlan, options: ReviewBodyOptions = {}): string {
  const total = plan.inline.length + plan.inBody.length;
  const intro = [`**prodrisk** found ${plural(total, 'new finding')} in this push`];
  if (plan.inline.length > 0) intro.push(`${plan.inline.length} inline below`);
  if (options.alreadyReported) intro.push(`${plural(options.alreadyReported, 'earlier finding')} still open`);
  const lines = [`${intro.join(' · ')}. The check run has the full report.`];
  if (plan.inBody.length > 0) lines.push('', '### Not on a line of the diff', '');
  const marker = (finding: Finding) => fingerprintMarker(finding.fingerprint);
  // Whole entries only: a cut entry would lose its fingerprint marker and be posted again on the next push.
  let length = lines.join('\n').length;
  for (const [index, { finding, reason }] of plan.inBody.entries()) {
    const fix = separateFix(finding);
    const entry = `- ${SEVERITY_ICON[finding.severity]} **${finding.severity}** [\`${finding.ruleId}\`](${finding.docsUrl}) at ${lineLink(options.links, finding.path, finding.line, finding.endLine)} (${BODY_REASON[reason]}): ${finding.message}${fix ? ` **Fix:** ${fix}` : ''} ${marker(finding)}`;
    if (length + entry.length + 1 > COMMENT_LIMIT - BODY_OVERFLOW_ROOM) {
      lines.push(`- … and ${plural(plan.inBody.length - index, 'more finding')}: see the check run.`);
      break;
    }
    lines.push(entry);
    length += entry.length + 1;
  }
  return hardTruncate(lines.join('\n'), COMMENT_LIMIT);
}

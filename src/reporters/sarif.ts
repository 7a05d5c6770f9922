// SARIF 2.1.0 for GitHub code scanning: rules with help text, results with locations, code flows and
// partialFingerprints (so code scanning tracks a finding across pushes as the review comments do).
import { ruleSetting, type Config } from '../core/config.js';
import type { RuleMeta } from '../core/rule.js';
import { docsUrl } from '../core/rule.js';
import { SEVERITY_RANK, type AnalysisResult, type Finding, type Severity } from '../core/types.js';
import type { ReportContext } from './json.js';
import { separateFix } from './fix.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
// GitHub maps security-severity scores to its own critical/high/medium/low bands.
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };
// Code scanning rejects a run with more results than this; the most severe are kept.
export const MAX_SARIF_RESULTS = 25_000;

/** `config` makes a rule's code-scanning severity the one its findings have in this repository. */
export function renderSarif(result: AnalysisResult, context: ReportContext, rules: ReadonlyArray<{ meta: RuleMeta<string> }>, config?: Config): string {
  const ruleIds = [...new Set([...rules.map((rule) => rule.meta.id), ...result.findings.map((finding) => finding.ruleId)])];
  const metaById = new Map(rules.map((rule) => [rule.meta.id, rule.meta]));
  const severityOf = (id: string) => (config && ruleSetting(config, id).severity) || metaById.get(id)?.severity || 'low';
  const findings =
    result.findings.length <= MAX_SARIF_RESULTS
      ? result.findings
      : [...result.findings].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]).slice(0, MAX_SARIF_RESULTS);
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'prodrisk',
            version: context.toolVersion,
            informationUri: 'https://github.com/prodrisk/prodrisk',
            rules: ruleIds.map((id) => describeRule(id, metaById.get(id), severityOf(id))),
          },
        },
        results: findings.map((finding) => toResult(finding, ruleIds.indexOf(finding.ruleId))),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function describeRule(id: string, meta: RuleMeta<string> | undefined, severity: Severity) {
  const description = meta?.description ?? 'A pull request risk reported by prodrisk.';
  return {
    id,
    name: id.replace(/(^|-)(\w)/g, (_, __, letter: string) => letter.toUpperCase()),
    shortDescription: { text: description },
    fullDescription: { text: description },
    helpUri: docsUrl(id),
    help: { text: `${description} See ${docsUrl(id)}`, markdown: `${description}\n\n[Rule documentation](${docsUrl(id)})` },
    defaultConfiguration: { level: LEVEL[severity] },
    properties: { tags: ['security'], 'security-severity': SECURITY_SEVERITY[severity], precision: 'high' },
  };
}

/** A repository path as the relative URI reference SARIF requires: `my file.ts` → `my%20file.ts`, `#` kept in the name. */
export function pathUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function location(path: string, line: number, endLine: number, message?: string) {
  return {
    physicalLocation: { artifactLocation: { uri: pathUri(path), uriBaseId: '%SRCROOT%' }, region: { startLine: Math.max(line, 1), endLine: Math.max(endLine, line, 1) } },
    ...(message ? { message: { text: message } } : {}),
  };
}

function toResult(finding: Finding, ruleIndex: number) {
  // Some messages already end with their fix; saying it twice reads as a glitch in code scanning's alert title.
  const fix = separateFix(finding);
  const text = fix ? `${finding.message} Fix: ${fix}` : finding.message;
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: LEVEL[finding.severity],
    message: { text },
    locations: [location(finding.path, finding.line, finding.endLine)],
    partialFingerprints: { 'prodriskFingerprint/v1': finding.fingerprint },
    properties: { severity: finding.severity },
    ...(finding.flow.length > 0
      ? { codeFlows: [{ threadFlows: [{ locations: finding.flow.map((step) => ({ location: location(step.path, step.line, step.line, step.note) })) }] }] }
      : {}),
  };
}

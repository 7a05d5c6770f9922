// typescript-eslint-style table tests for prodrisk rules: each case is a small PR (head files, optional base
// files), run through the real engine with only the rule under test enabled.
import { analyze, buildChangeSet, validateConfig, type AnalysisResult, type ConfigInput, type Finding, type Rule, type Severity } from '../src/core/index.js';
import { MemorySource, type Tree } from '../src/core/memory-source.js';

export interface RuleCase {
  name?: string;
  /** The file under review at the head. */
  filename: string;
  code: string;
  /** The same file before the PR; absent means the PR adds it. */
  baseCode?: string;
  /** Other files of the repository at the head (unchanged unless also in `baseFiles` with other text). */
  files?: Tree;
  /** Other files at the base; defaults to `files` (so they count as unchanged). */
  baseFiles?: Tree;
  config?: ConfigInput;
}

export interface ExpectedFinding {
  line: number;
  messageId?: string;
  severity?: Severity;
  path?: string;
  /** Substring the message must contain. */
  message?: string;
}

export interface InvalidCase extends RuleCase {
  errors: ExpectedFinding[];
}

/** Strips the first newline and the common indentation, so a case's line 1 is the template's first line. */
export function code(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((text, part, index) => text + part + (index < values.length ? String(values[index]) : ''), '');
  const lines = raw.replace(/^\n/, '').replace(/\n[ \t]*$/, '\n').split('\n');
  const indent = Math.min(...lines.filter((line) => line.trim()).map((line) => /^[ \t]*/.exec(line)![0].length));
  return lines.map((line) => line.slice(indent)).join('\n');
}

export async function runRule(rule: Rule, testCase: RuleCase): Promise<AnalysisResult> {
  const head: Tree = { ...testCase.files, [testCase.filename]: testCase.code };
  const base: Tree = { ...(testCase.baseFiles ?? testCase.files) };
  if (testCase.baseCode !== undefined) base[testCase.filename] = testCase.baseCode;
  const config = validateConfig({ ...testCase.config, rules: { ...testCase.config?.rules } });
  const changeSet = await buildChangeSet(new MemorySource(base, head), config);
  return analyze(changeSet, config, { rules: [rule] });
}

function describeFindings(findings: Finding[]): string {
  return findings.map((finding) => `${finding.path}:${finding.line} ${finding.messageId ?? ''} ${finding.message}`).join('\n') || '(none)';
}

export class RuleTester {
  run(rule: Rule, cases: { valid: RuleCase[]; invalid: InvalidCase[] }): void {
    describe(rule.meta.id, () => {
      describe('valid', () => {
        for (const testCase of cases.valid) {
          it(testCase.name ?? testCase.code.slice(0, 60), async () => {
            const result = await runRule(rule, testCase);
            const own = result.findings.filter((finding) => finding.ruleId === rule.meta.id);
            if (own.length > 0) throw new Error(`expected no finding, got:\n${describeFindings(own)}`);
            expect(result.stats.errors).toEqual([]);
          });
        }
      });
      describe('invalid', () => {
        for (const testCase of cases.invalid) {
          it(testCase.name ?? testCase.code.slice(0, 60), async () => {
            const result = await runRule(rule, testCase);
            expect(result.stats.errors).toEqual([]);
            const own = result.findings.filter((finding) => finding.ruleId === rule.meta.id);
            const actual = own.map((finding, index) => pick(finding, testCase.errors[index]));
            const expected = testCase.errors.map((error) => ({ path: testCase.filename, ...error }));
            if (actual.length !== expected.length) {
              throw new Error(`expected ${expected.length} finding(s), got ${own.length}:\n${describeFindings(own)}`);
            }
            expect(actual).toEqual(expected);
          });
        }
      });
    });
  }
}

/** The fields of a finding that the expectation names, so a row asserts only what it states. */
function pick(finding: Finding, expected: ExpectedFinding | undefined): Record<string, unknown> {
  const picked: Record<string, unknown> = { path: finding.path, line: finding.line };
  if (!expected) return picked;
  if (expected.messageId !== undefined) picked.messageId = finding.messageId;
  if (expected.severity !== undefined) picked.severity = finding.severity;
  if (expected.message !== undefined) picked.message = finding.message.includes(expected.message) ? expected.message : finding.message;
  return picked;
}

// What GitHub code scanning needs beyond the SARIF schema (validated in test/cli/review.test.ts).
import { validateConfig } from '../../src/core/config.js';
import { MAX_SARIF_RESULTS, pathUri, renderSarif } from '../../src/reporters/sarif.js';
import { allRules } from '../../rules/index.js';
import { finding, result } from './findings.js';

const context = { toolVersion: '1.2.3', base: 'a'.repeat(40), head: 'b'.repeat(40) };

function sarifOf(...args: Parameters<typeof renderSarif>) {
  return JSON.parse(renderSarif(...args)).runs[0];
}

describe('renderSarif', () => {
  it('writes repository-relative URIs that are valid URI references', () => {
    expect(pathUri('src/api/invoices.ts')).toBe('src/api/invoices.ts');
    expect(pathUri('app/(shop)/my page/#1%.ts')).toBe('app/(shop)/my%20page/%231%25.ts');
    const run = sarifOf(result([finding({ path: 'app/my page.ts', flow: [{ path: 'app/my page.ts', line: 3, note: 'read' }] })]), context, allRules);
    const location = run.results[0].locations[0].physicalLocation;
    expect(location.artifactLocation).toEqual({ uri: 'app/my%20page.ts', uriBaseId: '%SRCROOT%' });
    expect(run.results[0].codeFlows[0].threadFlows[0].locations[0].location.physicalLocation.artifactLocation.uri).toBe('app/my%20page.ts');
  });

  it('never writes a region before line 1 or ending before it starts', () => {
    const run = sarifOf(result([finding({ line: 0, endLine: 0 })]), context, allRules);
    expect(run.results[0].locations[0].physicalLocation.region).toEqual({ startLine: 1, endLine: 1 });
  });

  it('describes every rule with help, a security tag and a security-severity code scanning ranks by', () => {
    const run = sarifOf(result([]), context, allRules);
    expect(run.tool.driver.rules.map((rule: { id: string }) => rule.id)).toEqual(allRules.map((rule) => rule.meta.id));
    for (const rule of run.tool.driver.rules) {
      // Code scanning truncates descriptions past 1,024 characters.
      expect(rule.shortDescription.text.length).toBeLessThanOrEqual(1024);
      expect(rule.help.text).toContain(rule.helpUri);
      expect(rule.properties.tags).toContain('security');
      expect(Number(rule.properties['security-severity'])).toBeGreaterThan(0);
      expect(Number(rule.properties['security-severity'])).toBeLessThanOrEqual(10);
    }
    const secretRule = run.tool.driver.rules.find((rule: { id: string }) => rule.id === 'hardcoded-secret');
    expect(secretRule.properties['security-severity']).toBe('9.5');
    expect(secretRule.defaultConfiguration.level).toBe('error');
  });

  it('ranks a rule by the severity the repository’s config gives it', () => {
    const config = validateConfig({ rules: { 'hardcoded-secret': 'low', 'rls-bypass': { severity: 'medium' } } });
    const rules = sarifOf(result([]), context, allRules, config).tool.driver.rules;
    const byId = (id: string) => rules.find((rule: { id: string }) => rule.id === id);
    expect(byId('hardcoded-secret').properties['security-severity']).toBe('3.0');
    expect(byId('hardcoded-secret').defaultConfiguration.level).toBe('note');
    expect(byId('rls-bypass').properties['security-severity']).toBe('5.5');
  });

  it('points each result at its rule and keeps the fingerprint that survives moved lines', () => {
    const run = sarifOf(result([finding(), finding({ ruleId: 'rls-bypass', severity: 'medium', fingerprint: 'c'.repeat(24) })]), context, allRules);
    for (const item of run.results) expect(run.tool.driver.rules[item.ruleIndex].id).toBe(item.ruleId);
    expect(run.results[1]).toMatchObject({ level: 'warning', partialFingerprints: { 'prodriskFingerprint/v1': 'c'.repeat(24) } });
  });

  it('adds the fix to the message once', () => {
    const run = sarifOf(result([finding({ message: 'Bad.', fix: 'Do X.' }), finding({ message: 'Bad. Fix: Do X.', fix: 'Do X.' })]), context, allRules);
    expect(run.results.map((item: { message: { text: string } }) => item.message.text)).toEqual(['Bad. Fix: Do X.', 'Bad. Fix: Do X.']);
  });

  it('keeps the most severe results when there are more than code scanning accepts', () => {
    const lows = Array.from({ length: MAX_SARIF_RESULTS }, (_, index) => finding({ severity: 'low', line: index + 1, endLine: index + 1 }));
    const run = sarifOf(result([...lows, finding({ severity: 'critical', path: 'keep.ts' })]), context, allRules);
    expect(run.results).toHaveLength(MAX_SARIF_RESULTS);
    expect(run.results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('keep.ts');
  });
});

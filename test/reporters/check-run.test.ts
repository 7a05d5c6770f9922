import { buildCheckRunReport } from '../../src/reporters/check-run.js';
import { finding, result } from './findings.js';

describe('buildCheckRunReport', () => {
  it('fails on findings at or above failOn, with annotation levels by severity', () => {
    const report = buildCheckRunReport(result([finding(), finding({ severity: 'medium', line: 20, endLine: 22 }), finding({ severity: 'low', line: 30, endLine: 30 })]), { failOn: 'high' });
    expect(report.conclusion).toBe('failure');
    expect(report.output.title).toBe('1 high+ finding blocks this merge');
    expect(report.annotationBatches).toHaveLength(1);
    expect(report.annotationBatches[0]!.map((annotation) => [annotation.start_line, annotation.end_line, annotation.annotation_level])).toEqual([
      [12, 12, 'failure'],
      [20, 22, 'warning'],
      [30, 30, 'notice'],
    ]);
    expect(report.annotationBatches[0]![0]!.raw_details).toContain('1. src/api/invoices.ts:10  `userId` read from `req.body`');
    expect(report.output.text).toContain('#### `client-trusted-id` (high) at `src/api/invoices.ts:12`');
  });

  it('succeeds below failOn and with no findings', () => {
    expect(buildCheckRunReport(result([finding({ severity: 'medium' })]), { failOn: 'high' })).toMatchObject({ conclusion: 'success', output: { title: 'No blocking findings (1 finding below high)' } });
    const clean = buildCheckRunReport(result([]), { failOn: 'high' });
    expect(clean).toMatchObject({ conclusion: 'success', output: { title: 'No production risks found' }, annotationBatches: [] });
    expect(clean.output.text).toBeUndefined();
  });

  it('splits annotations into batches of 50 and leaves out files the PR deletes', () => {
    const findings = Array.from({ length: 123 }, (_, index) => finding({ line: index + 1, endLine: index + 1, fingerprint: `f${index}` }));
    findings.push(finding({ path: 'src/deleted.ts', fingerprint: 'gone' }));
    const report = buildCheckRunReport(result(findings), { failOn: 'high', removedPaths: new Set(['src/deleted.ts']) });
    expect(report.annotationBatches.map((batch) => batch.length)).toEqual([50, 50, 23]);
    expect(report.output.summary).toContain('src/deleted.ts');
  });

  it('keeps summary and text under 65,535 characters and the title under 255', () => {
    const findings = Array.from({ length: 2000 }, (_, index) => finding({ line: index + 1, endLine: index + 1, fingerprint: `f${index}`, message: 'm'.repeat(200) }));
    const report = buildCheckRunReport(result(findings), { failOn: 'high', titleNote: 'n'.repeat(400) });
    expect(report.output.summary.length).toBeLessThanOrEqual(65_535);
    expect(report.output.text!.length).toBeLessThanOrEqual(65_535);
    expect(report.output.text).toContain('not detailed here');
    expect(report.output.title.length).toBeLessThanOrEqual(255);
  });
});

describe('checkRunTitle', () => {
  it('says when some checks could not run', () => {
    const report = buildCheckRunReport(result([], { errors: [{ path: 'a.ts', ruleId: 'x', message: 'rule failed: boom' }] }), { failOn: 'high' });
    expect(report.output.title).toBe('No production risks found (1 check could not run, see the summary)');
  });
});

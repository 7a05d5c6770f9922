import { renderJson } from '../../src/reporters/json.js';
import { finding, result } from './findings.js';

const context = { toolVersion: '1.2.3', base: 'a'.repeat(40), head: 'b'.repeat(40) };

describe('renderJson', () => {
  it('writes the documented shape, field by field', () => {
    const input = result([finding({ suggestion: { line: 12, endLine: 12, replacement: 'const userId = session.user.id;' } })], {
      skipped: [{ path: 'public/app.min.js', reason: 'minified', detail: 'average line 4,000 characters' }],
      errors: [{ path: 'src/a.ts', ruleId: 'rls-bypass', message: 'ran past the 10000 ms per-file time budget' }],
    });
    input.suppressed = [{ finding: finding({ line: 30, endLine: 30, fingerprint: 'f'.repeat(24) }), reason: 'admin-only tool' }];
    const report = JSON.parse(renderJson(input, context));
    expect(Object.keys(report)).toEqual(['version', 'tool', 'base', 'head', 'verdict', 'findings', 'suppressed', 'stats']);
    expect(report).toMatchObject({ version: 1, tool: { name: 'prodrisk', version: '1.2.3' }, base: context.base, head: context.head, verdict: 'fail' });
    expect(Object.keys(report.findings[0])).toEqual(['ruleId', 'messageId', 'severity', 'path', 'line', 'endLine', 'message', 'fix', 'flow', 'suggestion', 'docsUrl', 'fingerprint']);
    expect(report.suppressed).toEqual([{ ruleId: 'client-trusted-id', path: 'src/api/invoices.ts', line: 30, fingerprint: 'f'.repeat(24), reason: 'admin-only tool' }]);
    expect(report.stats).toEqual({
      files: 3,
      changedLines: 40,
      durationMs: 120,
      skipped: [{ path: 'public/app.min.js', reason: 'minified', detail: 'average line 4,000 characters' }],
      errors: [{ path: 'src/a.ts', ruleId: 'rls-bypass', message: 'ran past the 10000 ms per-file time budget' }],
    });
  });

  it('leaves optional fields out rather than null, and keeps engine-internal fields out of the shape', () => {
    const bare = finding({ messageId: undefined, fix: undefined });
    Object.assign(bare, { internalScore: 0.7 });
    const [written] = JSON.parse(renderJson(result([bare]), context)).findings;
    expect(written).not.toHaveProperty('messageId');
    expect(written).not.toHaveProperty('fix');
    expect(written).not.toHaveProperty('suggestion');
    expect(written).not.toHaveProperty('internalScore');
  });
});

import { renderMarkdownReport } from '../../src/reporters/markdown.js';
import { finding, result } from './findings.js';

const links = { repoUrl: 'https://github.com/acme/shop', ref: 'abc123' };

describe('renderMarkdownReport', () => {
  it('gives the verdict, counts per severity and rule, a linked findings table, skipped files and the config source', () => {
    const text = renderMarkdownReport(
      result([finding(), finding({ severity: 'medium', ruleId: 'rls-bypass', path: 'db/001.sql', line: 4, endLine: 6, message: 'RLS | off' })], {
        skipped: [{ path: 'package-lock.json', reason: 'lockfile' }, { path: 'dist/app.js', reason: 'generated', detail: 'build output' }],
      }),
      { links, failOn: 'high', configSource: '`.github/prodrisk.yml` on `main` (base branch)' },
    );
    expect(text).toContain('## prodrisk: ❌ 1 finding at or above high blocks this merge');
    expect(text).toContain('🟥 critical: **0** · 🟧 high: **1** · 🟨 medium: **1** · 🟦 low: **0**');
    expect(text).toContain('| `client-trusted-id` | 1 |');
    expect(text).toContain('[src/api/invoices.ts:12](https://github.com/acme/shop/blob/abc123/src/api/invoices.ts#L12)');
    expect(text).toContain('[db/001.sql:4-6](https://github.com/acme/shop/blob/abc123/db/001.sql#L4-L6)');
    expect(text).toContain('RLS \\| off');
    expect(text).toContain('- `package-lock.json`: lockfile');
    expect(text).toContain('- `dist/app.js`: generated code (build output)');
    expect(text).toContain('Config: `.github/prodrisk.yml` on `main` (base branch).');
    // Findings table: most severe first.
    expect(text.indexOf('src/api/invoices.ts:12')).toBeLessThan(text.indexOf('db/001.sql:4-6'));
  });

  it('writes plain locations without links, and a pass verdict', () => {
    const text = renderMarkdownReport(result([finding({ severity: 'low' })]), { failOn: 'high' });
    expect(text).toContain('✅ nothing blocks this merge (1 finding below high)');
    expect(text).toContain('`src/api/invoices.ts:12`');
    expect(text).not.toContain('](https://github.com/acme');
    expect(renderMarkdownReport(result([]))).toContain('✅ no production risks found in this change');
  });

  it('stays under GitHub’s 65,535 characters, dropping rows with a note', () => {
    const many = Array.from({ length: 3000 }, (_, index) => finding({ line: index + 1, endLine: index + 1, fingerprint: `fp${index}`, message: 'x'.repeat(120) }));
    const skipped = Array.from({ length: 2000 }, (_, index) => ({ path: `vendor/lib${index}.js`, reason: 'vendored' as const }));
    const text = renderMarkdownReport(result(many, { skipped }), { links, failOn: 'high' });
    expect(text.length).toBeLessThanOrEqual(65_535);
    expect(text).toMatch(/… \d+ more findings not shown here to stay under GitHub’s 65,535-character limit/);
    expect(text).toContain('2000 files not analysed');
    expect(renderMarkdownReport(result(many), { maxLength: 500 }).length).toBeLessThanOrEqual(500);
  });
});

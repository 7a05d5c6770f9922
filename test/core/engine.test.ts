import { analyze, buildChangeSet, createRule, validateConfig, type Rule } from '../../src/core/index.js';
import { MemorySource } from '../../src/core/memory-source.js';
import { code } from '../rule-tester.js';

const flagsTodo: Rule = createRule({
  meta: { id: 'flags-todo', description: 'Flags TODO comments.', severity: 'high', messages: { todo: 'TODO left in `{{name}}`' } },
  appliesTo: () => true,
  check(context) {
    context.file.headText?.split('\n').forEach((text, index) => {
      if (text.includes('TODO')) context.report({ messageId: 'todo', line: index + 1, data: { name: context.file.path } });
    });
  },
});

const throws: Rule = createRule({
  meta: { id: 'throws', description: 'Always throws.', severity: 'low', messages: { never: 'never' } },
  appliesTo: () => true,
  check() {
    throw new Error('boom');
  },
});

async function review(base: Record<string, string>, head: Record<string, string>, rules: Rule[], config = {}) {
  const parsed = validateConfig(config);
  return analyze(await buildChangeSet(new MemorySource(base, head), parsed), parsed, { rules });
}

describe('analyze', () => {
  it('reports only on lines the change added', async () => {
    const base = { 'a.ts': 'const a = 1; // TODO old\nconst b = 2;\n' };
    const head = { 'a.ts': 'const a = 1; // TODO old\nconst b = 2; // TODO new\n' };
    const result = await review(base, head, [flagsTodo]);
    expect(result.findings.map((finding) => [finding.path, finding.line])).toEqual([['a.ts', 2]]);
    expect(result.verdict).toBe('fail');
  });

  it('keeps other rules running when one throws, and lists the failure', async () => {
    const result = await review({}, { 'a.ts': '// TODO\n' }, [throws, flagsTodo]);
    expect(result.findings).toHaveLength(1);
    expect(result.stats.errors).toEqual([{ path: 'a.ts', ruleId: 'throws', message: 'rule failed: boom' }]);
  });

  it('honours a suppression with a reason and reports one without', async () => {
    const head = {
      'a.ts': code`
        // prodrisk-ignore flags-todo: tracked in JIRA-12
        const a = 1; // TODO one
        const b = 2; // TODO two prodrisk-ignore flags-todo
      `,
    };
    const result = await review({}, head, [flagsTodo]);
    expect(result.suppressed.map((item) => [item.finding.line, item.reason])).toEqual([[2, 'tracked in JIRA-12']]);
    expect(result.findings.map((finding) => [finding.ruleId, finding.line])).toEqual([
      ['flags-todo', 3],
      ['suppression-without-reason', 3],
    ]);
  });

  it('keeps a fingerprint when unrelated lines move', async () => {
    const first = await review({}, { 'a.ts': 'x();\n// TODO\n' }, [flagsTodo]);
    const second = await review({}, { 'a.ts': 'x();\ny();\nz();\n// TODO\n' }, [flagsTodo]);
    expect(first.findings[0]!.line).not.toBe(second.findings[0]!.line);
    expect(first.findings[0]!.fingerprint).toBe(second.findings[0]!.fingerprint);
  });

  it('skips minified and vendored files with a reason', async () => {
    const minified = `var a=${'1+'.repeat(6000)}1;`;
    const result = await review({}, { 'public/app.js': minified, 'node_modules/x/index.js': '// TODO', 'b.ts': '// TODO\n' }, [flagsTodo]);
    expect(result.stats.skipped).toEqual([
      { path: 'public/app.js', reason: 'minified', detail: 'very long lines' },
      { path: 'node_modules/x/index.js', reason: 'vendored' },
    ]);
    expect(result.findings.map((finding) => finding.path)).toEqual(['b.ts']);
  });

  it('passes when findings are below failOn', async () => {
    const result = await review({}, { 'a.ts': '// TODO\n' }, [flagsTodo], { failOn: 'critical' });
    expect(result.verdict).toBe('pass');
  });
});

describe('reportError', () => {
  it('lists a problem without dropping the rule or its findings', async () => {
    const partial: Rule = createRule({
      meta: { id: 'partial', description: 'Reports and notes an error.', severity: 'low', messages: { found: 'found' } },
      appliesTo: () => true,
      check(context) {
        context.reportError('could not parse statement 2');
        context.report({ messageId: 'found', line: 1 });
      },
    });
    const result = await review({}, { 'a.sql': 'select 1;\n' }, [partial]);
    expect(result.stats.errors).toEqual([{ path: 'a.sql', ruleId: 'partial', message: 'could not parse statement 2' }]);
    expect(result.findings).toHaveLength(1);
  });
});

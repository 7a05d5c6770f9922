// Every rule has a docs page that agrees with its metadata, as typescript-eslint checks its own docs.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { ts } from 'ts-morph';
import { allRules } from '../../rules/index.js';

const REQUIRED_SECTIONS = ['## Why this hurts in production', '## ❌ Incorrect', '## ✅ Correct', '## Options', '## How to suppress', '## When to disable'];

function readme(id: string): string {
  return readFileSync(new URL(`../../rules/${id}/README.md`, import.meta.url), 'utf8');
}

function codeBlocks(markdown: string): Array<{ language: string; code: string }> {
  return [...markdown.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((match) => ({ language: match[1]!, code: match[2]! }));
}

describe('rule docs', () => {
  it('every rule folder is registered, and every registered rule has a folder', () => {
    const folders = readdirSync(new URL('../../rules/', import.meta.url), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('_'))
      .map((entry) => entry.name)
      .sort();
    expect(allRules.map((rule) => rule.meta.id).sort()).toEqual(folders);
  });

  describe.each(allRules.map((rule) => [rule.meta.id, rule] as const))('%s', (id, rule) => {
    it('has a README whose title and description match the metadata', () => {
      expect(existsSync(new URL(`../../rules/${id}/README.md`, import.meta.url))).toBe(true);
      const text = readme(id);
      expect(text.split('\n')[0]).toBe(`# ${id}`);
      expect(text).toContain(`> ${rule.meta.description}\n`);
      expect(text).toContain(`**Severity:** ${rule.meta.severity}`);
    });

    it('has every section of the rule-docs format', () => {
      const text = readme(id);
      for (const section of REQUIRED_SECTIONS) expect(text).toContain(section);
      expect(text).toContain(`prodrisk-ignore ${id}:`);
    });

    it('has examples that parse', () => {
      const blocks = codeBlocks(readme(id)).filter((block) => ['ts', 'tsx', 'js', 'jsx', 'typescript'].includes(block.language));
      for (const block of blocks) {
        const kind = block.language.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
        const file = ts.createSourceFile(`example.${block.language}`, block.code, ts.ScriptTarget.Latest, true, kind);
        const diagnostics = (file as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
        expect(diagnostics.map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))).toEqual([]);
      }
    });

    it('has a one-sentence description and messages', () => {
      expect(rule.meta.description).toMatch(/^[A-Z`].*\.$/);
      expect(Object.keys(rule.meta.messages).length).toBeGreaterThan(0);
    });
  });
});

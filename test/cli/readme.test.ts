// README.md stays the reference: the newcomer's commands, every CLI option, every config key, the JSON shape,
// suppression, and a page per rule. Each check reads the code's own list, so a new option or key fails here first.
import { existsSync, readFileSync } from 'node:fs';
import { OPTIONS } from '../../src/cli/args.js';
import { configSchema } from '../../src/core/config.js';
import { renderJson } from '../../src/reporters/json.js';
import { allRules } from '../../rules/index.js';
import { finding, result } from '../reporters/findings.js';

const root = new URL('../../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');
const packageJson = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));

/** The text under a heading up to the next heading of the same or a higher level (`#` lines in code blocks do not count). */
function section(heading: string): string {
  const lines = readme.split('\n');
  const start = lines.indexOf(heading);
  expect(start).toBeGreaterThanOrEqual(0);
  const level = heading.split(' ')[0]!.length;
  let inCode = false;
  for (let index = start + 1; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.startsWith('```')) inCode = !inCode;
    const hashes = /^(#+) /.exec(line)?.[1]?.length;
    if (!inCode && hashes !== undefined && hashes <= level) return lines.slice(start, index).join('\n');
  }
  return lines.slice(start).join('\n');
}

describe('README', () => {
  it('opens with the install-and-review command and the test command, both real scripts', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)![1]!;
    expect(readme.indexOf('```sh')).toBeLessThan(readme.indexOf('\n## '));
    expect(firstBlock).toContain('npm ci && npm run demo');
    expect(firstBlock).toMatch(/^npm test\b/m);
    expect(packageJson.scripts.demo).toContain('scripts/demo.mjs');
    expect(existsSync(new URL('scripts/demo.mjs', root))).toBe(true);
    expect(packageJson.bin.prodrisk).toBe('dist/cli.js');
  });

  it('documents every CLI option', () => {
    const cli = section('## The CLI');
    for (const [name, option] of Object.entries(OPTIONS)) {
      expect(cli).toContain(`--${name}`);
      if ('short' in option) expect(cli).toContain(`-${option.short}`);
    }
  });

  it('documents every config key, in the example and in the table', () => {
    const config = section('## Configuration: `.github/prodrisk.yml`');
    for (const key of Object.keys(configSchema.shape)) {
      expect(config).toMatch(new RegExp(`^${key}:`, 'm'));
      expect(config).toContain(`\`${key}`);
    }
    expect(config).toContain('paths:\n  ignore:');
  });

  it('documents every field of the JSON report', () => {
    const shape = section('### JSON output (`--format json`)');
    const sample = result([finding({ suggestion: { line: 1, endLine: 1, replacement: 'x' } })], { skipped: [{ path: 'a', reason: 'binary', detail: 'd' }], errors: [{ path: 'a', ruleId: 'r', message: 'm' }] });
    sample.suppressed = [{ finding: finding(), reason: 'why' }];
    const report = JSON.parse(renderJson(sample, { toolVersion: '1.0.0', base: 'a', head: 'b' }));
    const keys = (value: unknown): string[] =>
      value && typeof value === 'object' ? Object.entries(value).flatMap(([key, inner]) => [key, ...keys(Array.isArray(inner) ? inner[0] : inner)]) : [];
    for (const key of new Set(keys(report))) expect(shape).toContain(`"${key}"`);
  });

  it('explains suppression with a reason', () => {
    const suppression = section('### Suppressing a finding');
    expect(suppression).toMatch(/prodrisk-ignore [a-z-]+: \S/);
    for (const syntax of ['`//`', '`#`', '`--`', '`/* */`']) expect(suppression).toContain(syntax);
  });

  it('links a page for every rule, and each page exists', () => {
    for (const rule of allRules) {
      expect(readme).toContain(`](rules/${rule.meta.id}/README.md)`);
      expect(existsSync(new URL(`rules/${rule.meta.id}/README.md`, root))).toBe(true);
    }
  });
});

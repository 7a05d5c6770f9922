import ajvDraft04 from 'ajv-draft-04';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { TempRepo } from '../helpers/git-repo.js';
import { cli as runCli } from './run-cli.js';

// Fake AWS key id in the documented example shape, split so no scanner flags this test file itself.
const AWS_KEY_ID = ['AKIA', 'QX7RZ4WB2HNE5KTY'].join('');

const cli = (...argv: string[]) => runCli(argv);

describe('prodrisk review', () => {
  let repo: TempRepo;
  let base: string;
  let head: string;

  beforeAll(() => {
    repo = new TempRepo();
    base = repo.write({ 'src/config.ts': 'export const region = "eu-west-1";\n' }).commit('base');
    head = repo.write({ 'src/config.ts': `export const region = "eu-west-1";\nexport const awsKeyId = "${AWS_KEY_ID}";\n` }).commit('head');
  });
  afterAll(() => repo.cleanup());

  it('exits 1 with findings at or above the threshold, naming file and line', async () => {
    const result = await cli('review', '--repo', repo.dir, '--base', base, '--head', head);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('src/config.ts:2');
    expect(result.stdout).toContain('hardcoded-secret');
    expect(result.stdout).not.toContain(AWS_KEY_ID);
    expect(result.stdout).not.toContain("\u001b[");
  });

  it('exits 0 when the threshold is above every finding', async () => {
    // The AWS key is critical by default; the config lowers the rule so the critical threshold passes it.
    const configPath = join(repo.dir, 'untracked-prodrisk.yml');
    writeFileSync(configPath, 'rules:\n  hardcoded-secret: high\n');
    const result = await cli('review', '--repo', repo.dir, '--base', base, '--head', head, '--config', configPath, '--fail-on', 'critical', '--format', 'json');
    const report = JSON.parse(result.stdout);
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings.every((finding: { severity: string }) => finding.severity !== 'critical')).toBe(true);
    expect(result.code).toBe(0);
    expect(report.verdict).toBe('pass');
  });

  it('prints the documented JSON shape', async () => {
    const report = JSON.parse((await cli('review', '--repo', repo.dir, '--base', base, '--head', head, '--format', 'json')).stdout);
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['version', 'base', 'head', 'verdict', 'findings', 'stats']));
    expect(report.base).toBe(base);
    expect(report.head).toBe(head);
    expect(Object.keys(report.stats)).toEqual(expect.arrayContaining(['files', 'changedLines', 'durationMs', 'skipped', 'errors']));
    expect(report.findings[0]).toMatchObject({ ruleId: 'hardcoded-secret', path: 'src/config.ts', line: 2 });
    expect(report.findings[0].fingerprint).toMatch(/^[0-9a-f]{24}$/);
    expect(JSON.stringify(report)).not.toContain(AWS_KEY_ID);
  });

  it('prints SARIF 2.1.0 that validates against the official schema', async () => {
    const result = await cli('review', '--repo', repo.dir, '--base', base, '--head', head, '--format', 'sarif');
    const sarif = JSON.parse(result.stdout);
    const require = createRequire(import.meta.url);
    const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
    // ajv-draft-04 is CommonJS: under NodeNext its class is the default export's `default`.
    // The schema's language-tag pattern is not valid with the `u` flag, so ajv compiles patterns without it.
    // validateFormats off: the schema's `uri` format is not built into ajv and would only print a warning.
    const validate = new ajvDraft04.default({ strict: false, allErrors: true, unicodeRegExp: false, validateFormats: false }).compile(schema);
    validate(sarif);
    expect(validate.errors ?? []).toEqual([]);
    const run = sarif.runs[0];
    expect(run.results[0]).toMatchObject({ ruleId: 'hardcoded-secret', level: 'error' });
    expect(run.results[0].partialFingerprints['prodriskFingerprint/v1']).toMatch(/^[0-9a-f]{24}$/);
    expect(run.tool.driver.rules.find((rule: { id: string }) => rule.id === 'hardcoded-secret').help.text).toContain('hardcoded-secret');
  });

  it('prints a markdown report', async () => {
    const result = await cli('review', '--repo', repo.dir, '--base', base, '--head', head, '--format', 'markdown');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('hardcoded-secret');
    expect(result.stdout).toMatch(/^#/m);
  });

  it('defaults --base to the merge base with main and --head to HEAD', async () => {
    const feature = new TempRepo();
    try {
      feature.write({ 'a.ts': 'export {};\n' }).commit('main');
      feature.git('checkout', '-q', '-b', 'feature');
      feature.write({ 'b.ts': `export const key = "${AWS_KEY_ID}";\n` }).commit('feature');
      const report = JSON.parse((await cli('review', '--repo', feature.dir, '--format', 'json')).stdout);
      expect(report.findings.map((finding: { path: string }) => finding.path)).toEqual(['b.ts']);
    } finally {
      feature.cleanup();
    }
  });

  it('colours the text report only on a TTY, and honours NO_COLOR and --no-color', async () => {
    const argv = ['review', '--repo', repo.dir, '--base', base, '--head', head];
    expect((await runCli(argv, { tty: true })).stdout).toContain('\u001b[');
    expect((await runCli(argv, { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\u001b[');
    expect((await runCli([...argv, '--no-color'], { tty: true })).stdout).not.toContain('\u001b[');
    expect((await runCli([...argv, '--color'], { tty: false })).stdout).toContain('\u001b[');
  });

  it('shows a progress line on a TTY stderr once the review runs long, erased before the report', async () => {
    const argv = ['review', '--repo', repo.dir, '--base', base, '--head', head];
    const onTty = await runCli(argv, { tty: true, progressDelayMs: 0 });
    expect(onTty.stderr).toBe('\r\u001b[2K[1/1] src/config.ts\r\u001b[2K');
    expect((await runCli(argv, { tty: false, progressDelayMs: 0 })).stderr).toBe('');
  });

  it('prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    expect(await cli('--version')).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    const report = JSON.parse((await cli('review', '--repo', repo.dir, '--base', base, '--head', head, '--format', 'json')).stdout);
    expect(report.tool).toEqual({ name: 'prodrisk', version });
  });

  it('lists skipped files with their reason in every report', async () => {
    const bundled = new TempRepo();
    try {
      const bundledBase = bundled.write({ 'a.ts': 'export {};\n' }).commit('base');
      bundled.write({ 'public/app.min.js': `!function(){${'var a=1;'.repeat(2000)}}();\n` }).commit('bundle');
      const argv = ['review', '--repo', bundled.dir, '--base', bundledBase];
      const report = JSON.parse((await cli(...argv, '--format', 'json')).stdout);
      expect(report.stats.skipped).toEqual([expect.objectContaining({ path: 'public/app.min.js', reason: 'minified' })]);
      expect((await cli(...argv)).stdout).toContain('skipped public/app.min.js: minified');
      expect((await cli(...argv, '--format', 'markdown')).stdout).toContain('- `public/app.min.js`: minified code');
    } finally {
      bundled.cleanup();
    }
  });

  it('prints in markdown the check run’s summary and each finding’s flow and fix', async () => {
    const text = (await cli('review', '--repo', repo.dir, '--base', base, '--head', head, '--format', 'markdown')).stdout;
    expect(text).toMatch(/^## prodrisk: ❌ 1 finding at or above high blocks this merge$/m);
    expect(text).toContain('### Details');
    expect(text).toMatch(/^#### `hardcoded-secret` \(critical\) at `src\/config\.ts:2`$/m);
    expect(text).toMatch(/^1\. `src\/config\.ts:2` /m);
    expect(text).toContain('**Fix:**');
  });

  it('defaults --base to the merge base with origin/HEAD when the clone has one', async () => {
    const upstream = new TempRepo();
    const clone = new TempRepo();
    try {
      // The remote's default branch is `trunk`; a local `main` that has moved on must not be used.
      upstream.git('checkout', '-q', '-b', 'trunk');
      upstream.write({ 'a.ts': 'export {};\n' }).commit('trunk');
      clone.git('remote', 'add', 'origin', upstream.dir);
      clone.git('fetch', '-q', 'origin');
      clone.git('remote', 'set-head', 'origin', 'trunk');
      clone.git('checkout', '-q', '-b', 'feature', 'origin/trunk');
      clone.write({ 'b.ts': `export const key = "${AWS_KEY_ID}";\n` }).commit('feature');
      clone.git('branch', '-f', 'main', 'HEAD');
      const report = JSON.parse((await cli('review', '--repo', clone.dir, '--format', 'json')).stdout);
      expect(report.base).toBe(upstream.git('rev-parse', 'HEAD'));
      expect(report.findings.map((finding: { path: string }) => finding.path)).toEqual(['b.ts']);
    } finally {
      upstream.cleanup();
      clone.cleanup();
    }
  });

  it('exits 2 with one line when no default branch is found and --base is missing', async () => {
    const lonely = new TempRepo();
    try {
      lonely.git('checkout', '-q', '-b', 'trunk');
      lonely.write({ 'a.ts': 'export {};\n' }).commit('only');
      const result = await cli('review', '--repo', lonely.dir);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe('prodrisk: no default branch to compare with (tried origin/HEAD, main, master): pass --base REF\n');
    } finally {
      lonely.cleanup();
    }
  });

  it('exits 2 with one line for an unknown ref', async () => {
    const result = await cli('review', '--repo', repo.dir, '--base', 'no-such-branch');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('prodrisk: unknown ref: no-such-branch\n');
  });

  it('exits 2 with one line outside a git repository', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(`${tmpdir()}/prodrisk-nogit-`);
    const result = await cli('review', '--repo', dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^prodrisk: not a git repository: .*\n$/);
  });

  it('exits 2 naming every bad field of an invalid config', async () => {
    const bad = new TempRepo();
    try {
      const badBase = bad.write({ '.github/prodrisk.yml': 'failOn: urgent\nrules:\n  hardcoded-secret: loud\nunknownKey: 1\n' }).commit('config');
      bad.write({ 'a.ts': 'export {};\n' }).commit('change');
      const result = await cli('review', '--repo', bad.dir, '--base', badBase);
      expect(result.code).toBe(2);
      expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
      expect(result.stderr).toContain('failOn');
      expect(result.stderr).toContain('rules.hardcoded-secret');
      expect(result.stderr).toContain('"unknownKey"');
    } finally {
      bad.cleanup();
    }
  });

  it('reads the config from the base commit, so the change cannot switch its own checks off', async () => {
    const sneaky = new TempRepo();
    try {
      const sneakyBase = sneaky.write({ 'a.ts': 'export {};\n' }).commit('base');
      sneaky.write({ '.github/prodrisk.yml': 'rules:\n  hardcoded-secret: off\n', 'b.ts': `export const k = "${AWS_KEY_ID}";\n` }).commit('pr');
      const result = await cli('review', '--repo', sneaky.dir, '--base', sneakyBase, '--format', 'json');
      expect(JSON.parse(result.stdout).findings.map((finding: { ruleId: string }) => finding.ruleId)).toContain('hardcoded-secret');
    } finally {
      sneaky.cleanup();
    }
  });

  it('honours --config FILE and exits 2 on a usage error', async () => {
    const { writeFileSync } = await import('node:fs');
    const configPath = `${repo.dir}/../prodrisk-off-${process.pid}.yml`;
    writeFileSync(configPath, 'rules:\n  hardcoded-secret: off\n');
    const off = await cli('review', '--repo', repo.dir, '--base', base, '--head', head, '--config', configPath, '--format', 'json');
    expect(JSON.parse(off.stdout).findings.filter((finding: { ruleId: string }) => finding.ruleId === 'hardcoded-secret')).toEqual([]);
    expect((await cli('review', '--format', 'xml')).code).toBe(2);
    expect((await cli('frobnicate')).code).toBe(2);
  });
});

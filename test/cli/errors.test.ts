// Exit code 2 is always one line on stderr naming the problem, never a stack trace.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../src/cli/args.js';
import { GitError } from '../../src/cli/git-source.js';
import { failureMessage } from '../../src/cli/run.js';
import { ConfigError } from '../../src/core/config.js';
import { TempRepo } from '../helpers/git-repo.js';
import { cli } from './run-cli.js';

const STACK_FRAME = /^\s+at /m;

describe('exit code 2', () => {
  it.each([
    [['review', '--format', 'xml'], /^prodrisk: unknown format: xml \(expected text, json, sarif, markdown\) \(see prodrisk --help\)\n$/],
    [['review', '--fail-on', 'urgent'], /^prodrisk: unknown severity for --fail-on: urgent .*\n$/],
    [['review', '--no-such-flag'], /^prodrisk: Unknown option '--no-such-flag'.*\n$/],
    [['frobnicate'], /^prodrisk: unknown command: frobnicate \(see prodrisk --help\)\n$/],
    [[], /^prodrisk: missing command.*\n$/],
  ])('a usage error %j is one line', async (argv, expected) => {
    const result = await cli(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(expected);
    expect(result.stdout).toBe('');
  });

  it('a git failure while reading the diff is one line with git’s own complaint', async () => {
    const repo = new TempRepo();
    try {
      const base = repo.write({ 'a.ts': 'export {};\n' }).commit('base');
      repo.write({ 'b.ts': 'export const b = 1;\n' }).commit('head');
      // A missing blob (a damaged clone) makes `git diff` fail after the refs resolved.
      const blob = repo.git('rev-parse', 'HEAD:b.ts');
      rmSync(join(repo.dir, '.git', 'objects', blob.slice(0, 2), blob.slice(2)));
      const result = await cli(['review', '--repo', repo.dir, '--base', base]);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(`prodrisk: git diff failed: fatal: unable to read ${blob}\n`);
    } finally {
      repo.cleanup();
    }
  });

  it('words every kind of failure as one line without a stack', () => {
    const internal = new TypeError("Cannot read properties of undefined (reading 'path')\n    at analyze (engine.js:1:1)");
    expect(failureMessage(internal)).toBe("unexpected error: Cannot read properties of undefined (reading 'path')");
    expect(failureMessage(new Error(''))).toBe('unexpected error: Error');
    expect(failureMessage('thrown string')).toBe('unexpected error: thrown string');
    expect(failureMessage(new GitError('unknown ref: x'))).toBe('unknown ref: x');
    expect(failureMessage(new UsageError('missing command'))).toBe('missing command (see prodrisk --help)');
    // Every bad field stays in the line, even if a problem spans lines.
    const config = failureMessage(new ConfigError('.github/prodrisk.yml', ['failOn: expected one of critical|high', 'rules.x:\nexpected on']));
    expect(config).toBe('invalid config .github/prodrisk.yml: failOn: expected one of critical|high; rules.x: expected on');
    for (const message of [failureMessage(internal), config]) {
      expect(message).not.toContain('\n');
      expect(message).not.toMatch(STACK_FRAME);
    }
  });
});

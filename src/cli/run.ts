// The CLI as a function of arguments and streams, so tests run it in-process. Exit codes: 0 pass, 1 findings at
// or above the threshold, 2 usage, config or git errors (one line, never a stack trace).
import { readFile } from 'node:fs/promises';
import { allRules } from '../../rules/index.js';
import { ConfigError, configJsonSchema, parseConfig, type Config } from '../core/config.js';
import { review } from '../review.js';
import { renderJson } from '../reporters/json.js';
import { renderCheckRunMarkdown } from '../reporters/check-run.js';
import { renderSarif } from '../reporters/sarif.js';
import { renderText } from '../reporters/text.js';
import { USAGE, UsageError, parseCliArgs, type ReviewArgs } from './args.js';
import { GitError, GitSource, assertGitRepo, defaultBase, resolveCommit } from './git-source.js';
import { progressLine } from './progress.js';
import { toolVersion } from './version.js';

export interface CliIO {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
  /** How long a review runs before the progress line appears on a TTY (default one second). */
  progressDelayMs?: number;
}

export const CONFIG_PATHS = ['.github/prodrisk.yml', '.github/prodrisk.yaml'];

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  try {
    const args = parseCliArgs(argv);
    switch (args.command) {
      case 'help':
        io.stdout.write(`${USAGE}\n`);
        return 0;
      case 'version':
        io.stdout.write(`${toolVersion()}\n`);
        return 0;
      case 'schema':
        io.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
        return 0;
      case 'rules':
        for (const rule of allRules) io.stdout.write(`${rule.meta.id.padEnd(28)} ${rule.meta.severity.padEnd(9)} ${rule.meta.description}\n`);
        return 0;
      case 'review':
        return await runReview(args, io);
    }
  } catch (error) {
    io.stderr.write(`prodrisk: ${failureMessage(error)}\n`);
    return 2;
  }
}

/**
 * The one line exit code 2 prints: usage, config and git errors name the problem themselves; anything else is an
 * internal failure, still one line (its first), never a stack trace.
 */
export function failureMessage(error: unknown): string {
  const firstLine = (text: string) => text.split('\n').find((line) => line.trim().length > 0)?.trim() ?? '';
  if (error instanceof UsageError) return `${firstLine(error.message)} (see prodrisk --help)`;
  // A config error lists every bad field: join its lines rather than drop any.
  if (error instanceof ConfigError || error instanceof GitError) return error.message.trim().replace(/\s*\n\s*/g, ' ');
  const message = error instanceof Error ? firstLine(error.message) : firstLine(String(error));
  return `unexpected error: ${message || (error instanceof Error ? error.name : 'unknown')}`;
}

async function runReview(args: ReviewArgs, io: CliIO): Promise<number> {
  const repo = await assertGitRepo(args.repo);
  const head = await resolveCommit(repo, args.head);
  const base = args.base !== undefined ? await resolveCommit(repo, args.base) : (await defaultBase(repo, head)).sha;
  const source = new GitSource(repo, base, head);
  try {
    return await reviewSource(args, io, source, base, head);
  } finally {
    source.close();
  }
}

async function reviewSource(args: ReviewArgs, io: CliIO, source: GitSource, base: string, head: string): Promise<number> {
  const loaded = await loadConfig(args, source);
  const config: Config = args.failOn ? { ...loaded, failOn: args.failOn } : loaded;

  const progress = progressLine(io.stderr, { delayMs: io.progressDelayMs });
  const result = await review(source, config, { onFileDone: progress.update });
  progress.clear();

  const context = { toolVersion: toolVersion(), base, head };
  const colour = args.colour ?? (Boolean(io.stdout.isTTY) && io.env.NO_COLOR === undefined);
  const output =
    args.format === 'json'
      ? renderJson(result, context)
      : args.format === 'sarif'
        ? renderSarif(result, context, allRules, config)
        : args.format === 'markdown'
          ? renderCheckRunMarkdown(result, { failOn: config.failOn, configSource: configSourceLabel(args) })
          : renderText(result, context, { colour });
  io.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
  return result.verdict === 'fail' ? 1 : 0;
}

function configSourceLabel(args: ReviewArgs): string {
  return args.config !== undefined ? `\`${args.config}\`` : `\`${CONFIG_PATHS[0]}\` at the base commit (defaults where absent)`;
}

/** `--config FILE` from disk; otherwise the base commit's `.github/prodrisk.yml`, as the app does. */
async function loadConfig(args: ReviewArgs, source: GitSource): Promise<Config> {
  if (args.config !== undefined) {
    let text: string;
    try {
      text = await readFile(args.config, 'utf8');
    } catch {
      throw new ConfigError(args.config, ['cannot read the file']);
    }
    return parseConfig(text, args.config);
  }
  for (const path of CONFIG_PATHS) {
    const text = await source.readFile(path, 'base');
    if (text !== undefined) return parseConfig(text, path);
  }
  return parseConfig('', 'defaults');
}

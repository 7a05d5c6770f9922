// A ChangeSource over a local git repository: the diff between two commits, blobs read through git.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { ChangeSource, FileStatus, RawFileChange, Version } from '../core/types.js';
import { BlobReader } from './blob-reader.js';

const run = promisify(execFile);
const MAX_BUFFER = 256 * 1024 * 1024;

/** A problem with the repository or its refs, worded for a one-line CLI message. */
export class GitError extends Error {
  override name = 'GitError';
}

async function git(repo: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run('git', ['-C', repo, ...args], { maxBuffer: MAX_BUFFER, encoding: 'utf8' });
    return stdout;
  } catch (error) {
    // execFile's message repeats the whole command line and then git's stderr; the CLI prints one line, so keep
    // git's own last complaint (e.g. "fatal: unable to read 1a2b…"), which names the problem.
    const stderr = String((error as { stderr?: unknown }).stderr ?? '');
    const complaint = stderr.trim().split('\n').pop()?.trim() || (error as Error).message.split('\n')[0];
    throw new GitError(`git ${args[0]} failed: ${complaint}`);
  }
}

async function succeeds(repo: string, args: string[]): Promise<string | undefined> {
  try {
    return (await git(repo, args)).trim();
  } catch {
    return undefined;
  }
}

export async function assertGitRepo(repo: string): Promise<string> {
  const top = await succeeds(repo, ['rev-parse', '--show-toplevel']);
  if (top === undefined) throw new GitError(`not a git repository: ${resolve(repo)}`);
  return top;
}

export async function resolveCommit(repo: string, ref: string): Promise<string> {
  const sha = await succeeds(repo, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (!sha) throw new GitError(`unknown ref: ${ref}`);
  return sha;
}

/** The merge base of `head` with the default branch: origin/HEAD, else main, else master. */
export async function defaultBase(repo: string, head: string): Promise<{ ref: string; sha: string }> {
  for (const candidate of ['origin/HEAD', 'main', 'master', 'origin/main', 'origin/master']) {
    const branch = await succeeds(repo, ['rev-parse', '--verify', '--quiet', `${candidate}^{commit}`]);
    if (!branch) continue;
    const base = await succeeds(repo, ['merge-base', branch, head]);
    if (base) return { ref: candidate, sha: base };
  }
  throw new GitError('no default branch to compare with (tried origin/HEAD, main, master): pass --base REF');
}

const STATUS: Record<string, FileStatus> = { A: 'added', M: 'modified', D: 'removed', R: 'renamed', C: 'added', T: 'modified' };

export class GitSource implements ChangeSource {
  private treeCache = new Map<Version, Promise<string[]>>();
  private blobs: BlobReader;

  constructor(
    readonly repo: string,
    readonly baseSha: string,
    readonly headSha: string,
  ) {
    this.blobs = new BlobReader(repo);
  }

  /** Ends the blob reader's git process; reads after this start a new one. */
  close(): void {
    this.blobs.close();
  }

  async listChanges(): Promise<RawFileChange[]> {
    const range = [this.baseSha, this.headSha];
    const [nameStatus, patch] = await Promise.all([
      git(this.repo, ['diff', '--no-color', '--no-ext-diff', '--find-renames', '--name-status', '-z', ...range]),
      git(this.repo, ['diff', '--no-color', '--no-ext-diff', '--find-renames', '--unified=3', '--src-prefix=a/', '--dst-prefix=b/', ...range]),
    ]);
    const entries = parseNameStatus(nameStatus);
    // git prints file patches in the same order as --name-status for the same options.
    const patches = patch.split(/^(?=diff --git )/m).filter((chunk) => chunk.startsWith('diff --git '));
    return entries.map((entry, index) => {
      const chunk = patches[index] ?? '';
      const binary = /^(Binary files .* differ|GIT binary patch)$/m.test(chunk);
      const hunkStart = chunk.indexOf('\n@@');
      return { ...entry, binary, patch: binary ? undefined : hunkStart >= 0 ? chunk.slice(hunkStart + 1) : '' };
    });
  }

  readFile(path: string, version: Version): Promise<string | undefined> {
    const sha = version === 'head' ? this.headSha : this.baseSha;
    // The batch protocol is line-based: a file name with a newline takes its own process.
    if (path.includes('\n')) return git(this.repo, ['cat-file', 'blob', `${sha}:${path}`]).catch(() => undefined);
    // A missing path reads as undefined; a reader that broke is an error, not a repository of empty files.
    return this.blobs.read(sha, path).catch((error: Error) => {
      throw new GitError(`git cat-file failed: ${error.message}`);
    });
  }

  listFiles(version: Version): Promise<string[]> {
    let files = this.treeCache.get(version);
    if (!files) {
      const sha = version === 'head' ? this.headSha : this.baseSha;
      files = git(this.repo, ['ls-tree', '-r', '--name-only', '-z', sha]).then((out) => out.split('\0').filter(Boolean));
      this.treeCache.set(version, files);
    }
    return files;
  }
}

function parseNameStatus(output: string): RawFileChange[] {
  const fields = output.split('\0').filter((field) => field.length > 0);
  const changes: RawFileChange[] = [];
  for (let index = 0; index < fields.length; ) {
    const code = fields[index++]!;
    const status = STATUS[code[0]!] ?? 'modified';
    if (code[0] === 'R' || code[0] === 'C') {
      const previousPath = fields[index++]!;
      const path = fields[index++]!;
      changes.push(code[0] === 'R' ? { path, previousPath, status } : { path, status });
    } else {
      changes.push({ path: fields[index++]!, status });
    }
  }
  return changes;
}

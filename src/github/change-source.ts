// A pull request read through the GitHub API, as the core's ChangeSource. Everything is read from the base
// repository by commit SHA: a fork's commits are reachable there through refs/pull/N/head, so forks need no
// access to the fork. Contents are fetched lazily (only files the rules read) with a concurrency cap.
import type { ChangeSource, FileStatus, RawFileChange, Version } from '../core/types.js';
import { httpStatus, type GitHubClient, type RepoRef } from './client.js';

/** GitHub's pulls.listFiles stops at 3,000 files. */
export const MAX_PULL_FILES = 3000;

export interface PullRequestRef extends RepoRef {
  pullNumber: number;
  baseSha: string;
  headSha: string;
}

export interface GitHubSourceOptions {
  /** How many blob or tree requests run at once. */
  concurrency?: number;
  maxFiles?: number;
}

interface TreeEntry {
  sha: string;
  size?: number;
}

interface Tree {
  commitSha: string;
  entries: Map<string, TreeEntry>;
  /** GitHub cut the recursive listing short (very large repositories): a missing path may still exist. */
  truncated: boolean;
}

const STATUS: Record<string, FileStatus> = {
  added: 'added',
  removed: 'removed',
  modified: 'modified',
  renamed: 'renamed',
  copied: 'added',
  changed: 'modified',
  unchanged: 'modified',
};

export class GitHubChangeSource implements ChangeSource {
  private changes?: Promise<RawFileChange[]>;
  private readonly headBlobs = new Map<string, string>();
  private readonly patchesByPath = new Map<string, string | undefined>();
  private readonly trees = new Map<string, Promise<Tree>>();
  private readonly blobs = new Map<string, Promise<string>>();
  private mergeBaseSha?: Promise<string>;
  private readonly limit: <T>(task: () => Promise<T>) => Promise<T>;
  private truncated = false;

  constructor(
    private readonly octokit: GitHubClient,
    private readonly pull: PullRequestRef,
    private readonly options: GitHubSourceOptions = {},
  ) {
    this.limit = concurrencyLimit(options.concurrency ?? 8);
  }

  listChanges(): Promise<RawFileChange[]> {
    this.changes ??= this.fetchChanges();
    return this.changes;
  }

  /** Each changed file's patch as GitHub sent it (undefined when GitHub omitted it), after listChanges. */
  get patches(): ReadonlyMap<string, string | undefined> {
    return this.patchesByPath;
  }

  /** True when the pull request has more files than GitHub lists. */
  get isTruncated(): boolean {
    return this.truncated;
  }

  async readFile(path: string, version: Version): Promise<string | undefined> {
    if (version === 'head') {
      await this.listChanges();
      const changedBlob = this.headBlobs.get(path);
      if (changedBlob) return this.blob(changedBlob);
    }
    const tree = await this.tree(version);
    const entry = tree.entries.get(path);
    if (entry) return this.blob(entry.sha);
    return tree.truncated ? this.contents(path, tree.commitSha) : undefined;
  }

  async listFiles(version: Version): Promise<string[]> {
    return [...(await this.tree(version)).entries.keys()].sort();
  }

  private async fetchChanges(): Promise<RawFileChange[]> {
    const maxFiles = this.options.maxFiles ?? MAX_PULL_FILES;
    const changes: RawFileChange[] = [];
    const pages = this.octokit.paginate.iterator(this.octokit.rest.pulls.listFiles, {
      owner: this.pull.owner,
      repo: this.pull.repo,
      pull_number: this.pull.pullNumber,
      per_page: 100,
    });
    for await (const page of pages) {
      for (const file of page.data) {
        if (changes.length >= maxFiles) {
          this.truncated = true;
          break;
        }
        const status = STATUS[file.status] ?? 'modified';
        if (status !== 'removed' && file.sha) this.headBlobs.set(file.filename, file.sha);
        this.patchesByPath.set(file.filename, file.patch);
        changes.push({
          path: file.filename,
          ...(file.previous_filename ? { previousPath: file.previous_filename } : {}),
          status,
          ...(file.patch !== undefined ? { patch: file.patch } : {}),
        });
      }
      if (changes.length >= maxFiles) break;
    }
    return changes;
  }

  /** The base side is the merge base, as in GitHub's diff: its line numbers are the ones the patches use. */
  private mergeBase(): Promise<string> {
    this.mergeBaseSha ??= this.octokit.rest.repos
      .compareCommitsWithBasehead({ owner: this.pull.owner, repo: this.pull.repo, basehead: `${this.pull.baseSha}...${this.pull.headSha}`, per_page: 1 })
      .then((response) => response.data.merge_base_commit.sha)
      .catch(() => this.pull.baseSha);
    return this.mergeBaseSha;
  }

  private tree(version: Version): Promise<Tree> {
    const cached = this.trees.get(version);
    if (cached) return cached;
    const loading = (version === 'head' ? Promise.resolve(this.pull.headSha) : this.mergeBase()).then((sha) =>
      this.limit(async () => {
        const response = await this.octokit.rest.git.getTree({ owner: this.pull.owner, repo: this.pull.repo, tree_sha: sha, recursive: 'true' });
        const entries = new Map<string, TreeEntry>();
        for (const item of response.data.tree) {
          if (item.type === 'blob' && item.path && item.sha) entries.set(item.path, { sha: item.sha, size: item.size });
        }
        return { commitSha: sha, entries, truncated: response.data.truncated };
      }),
    );
    this.trees.set(version, loading);
    return loading;
  }

  /** One file through the contents API, when a truncated tree does not list it. */
  private async contents(path: string, ref: string): Promise<string | undefined> {
    try {
      const response = await this.limit(() => this.octokit.rest.repos.getContent({ owner: this.pull.owner, repo: this.pull.repo, path, ref, mediaType: { format: 'raw' } }));
      return typeof response.data === 'string' ? response.data : undefined;
    } catch (error) {
      if (httpStatus(error) === 404) return undefined;
      throw error;
    }
  }

  private blob(sha: string): Promise<string> {
    let loading = this.blobs.get(sha);
    if (!loading) {
      loading = this.limit(async () => {
        const response = await this.octokit.rest.git.getBlob({ owner: this.pull.owner, repo: this.pull.repo, file_sha: sha });
        return Buffer.from(response.data.content, response.data.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
      });
      this.blobs.set(sha, loading);
    }
    return loading;
  }
}

/** Runs at most `limit` tasks at once, in order of arrival. */
export function concurrencyLimit(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const queue: Array<() => void> = [];
  const next = () => {
    if (running >= limit) return;
    const start = queue.shift();
    if (start) {
      running += 1;
      start();
    }
  };
  return <T>(task: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      queue.push(() => {
        task()
          .then(resolve, reject)
          .finally(() => {
            running -= 1;
            next();
          });
      });
      next();
    });
}

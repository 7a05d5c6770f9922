// The GitHub ChangeSource: paginated file list capped at 3,000, lazy blob reads with a concurrency cap, patches
// GitHub omitted, and every read from the base repository by SHA (so fork pull requests need no fork access).
import nock from 'nock';
import { defaultConfig } from '../../src/core/config.js';
import { buildChangeSet } from '../../src/core/changeset.js';
import { GitHubChangeSource, concurrencyLimit } from '../../src/github/change-source.js';
import { API, blobSha, installationClient } from './harness.js';

const repo = '/repos/acme/shop';
const pull = { owner: 'acme', repo: 'shop', pullNumber: 5, baseSha: 'b'.repeat(40), headSha: 'h'.repeat(40) };

function page(from: number, count: number) {
  return Array.from({ length: count }, (_, index) => ({ filename: `src/f${from + index}.ts`, status: 'modified', sha: `${from + index}`.padStart(40, '0'), patch: '@@ -1 +1 @@\n-a\n+b' }));
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('GitHubChangeSource', () => {
  it('pages through pulls.listFiles and stops at the cap', async () => {
    const octokit = await installationClient();
    const link = (next: number) => ({ link: `<https://api.github.com${repo}/pulls/5/files?per_page=100&page=${next}>; rel="next"` });
    const scope = nock(API)
      .get(`${repo}/pulls/5/files`)
      .query({ per_page: 100 })
      .reply(200, page(0, 100), link(2))
      .get(`${repo}/pulls/5/files`)
      .query({ per_page: 100, page: 2 })
      .reply(200, page(100, 100), link(3));
    const source = new GitHubChangeSource(octokit, pull, { maxFiles: 150 });
    const changes = await source.listChanges();
    expect(changes).toHaveLength(150);
    expect(source.isTruncated).toBe(true);
    expect(changes[149]).toEqual({ path: 'src/f149.ts', status: 'modified', patch: '@@ -1 +1 @@\n-a\n+b' });
    expect(scope.isDone()).toBe(true);
  });

  it('analyses a file whose patch GitHub omitted from its contents, and reads both sides by SHA in the base repository', async () => {
    const octokit = await installationClient();
    const baseText = 'const a = 1;\nconst b = 2;\n';
    const headText = 'const a = 1;\nconst b = 3;\n';
    const scope = nock(API)
      .get(`${repo}/pulls/5/files`)
      .query(true)
      .reply(200, [
        { filename: 'src/big.ts', status: 'modified', sha: blobSha(headText) },
        { filename: 'yarn.lock', status: 'modified', sha: 'c'.repeat(40), patch: '@@ -1 +1 @@\n-a\n+b' },
      ])
      .get(`${repo}/git/blobs/${blobSha(headText)}`)
      .reply(200, { encoding: 'base64', content: Buffer.from(headText).toString('base64') })
      .get(`${repo}/compare/${pull.baseSha}...${pull.headSha}`)
      .query({ per_page: 1 })
      .reply(200, { merge_base_commit: { sha: 'm'.repeat(40) } })
      .get(`${repo}/git/trees/${'m'.repeat(40)}`)
      .query({ recursive: 'true' })
      .reply(200, { tree: [{ path: 'src/big.ts', type: 'blob', sha: blobSha(baseText) }, { path: 'src', type: 'tree', sha: 'x' }] })
      .get(`${repo}/git/blobs/${blobSha(baseText)}`)
      .reply(200, { encoding: 'base64', content: Buffer.from(baseText).toString('base64') });
    const source = new GitHubChangeSource(octokit, pull);
    const changeSet = await buildChangeSet(source, defaultConfig);
    const big = changeSet.files.find((file) => file.path === 'src/big.ts')!;
    expect(big.skipped).toBeUndefined();
    expect([...big.changedLines]).toEqual([2]);
    // The lockfile is skipped by its path: its contents are never fetched.
    expect(changeSet.files.find((file) => file.path === 'yarn.lock')!.skipped).toEqual({ reason: 'lockfile' });
    expect(source.patches.get('src/big.ts')).toBeUndefined();
    expect(await source.listFiles('base')).toEqual(['src/big.ts']);
    expect(scope.isDone()).toBe(true);
  });
});

describe('GitHubChangeSource on a very large repository', () => {
  it('asks the contents API for a path a truncated tree does not list', async () => {
    const octokit = await installationClient();
    const scope = nock(API)
      .get(`${repo}/pulls/5/files`)
      .query(true)
      .reply(200, [])
      .get(`${repo}/git/trees/${pull.headSha}`)
      .query({ recursive: 'true' })
      .reply(200, { truncated: true, tree: [{ path: 'a.ts', type: 'blob', sha: blobSha('a\n') }] })
      .get(`${repo}/contents/middleware.ts`)
      .query({ ref: pull.headSha })
      .reply(200, 'export default auth;\n', { 'content-type': 'text/plain; charset=utf-8' })
      .get(`${repo}/contents/missing.ts`)
      .query({ ref: pull.headSha })
      .reply(404, { message: 'Not Found' });
    const source = new GitHubChangeSource(octokit, pull);
    expect(await source.readFile('middleware.ts', 'head')).toBe('export default auth;\n');
    expect(await source.readFile('missing.ts', 'head')).toBeUndefined();
    expect(scope.isDone()).toBe(true);
  });
});

describe('concurrencyLimit', () => {
  it('never runs more than the limit at once', async () => {
    const limit = concurrencyLimit(3);
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        limit(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 2));
          running -= 1;
        }),
      ),
    );
    expect(peak).toBe(3);
  });
});

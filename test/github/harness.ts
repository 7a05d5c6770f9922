// Test harness for the GitHub App: real webhook payloads from @octokit/webhooks-examples, a Probot with retry
// and throttling off, a throwaway key, nock for every GitHub request, and a captured pino log.
import { createHash, generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import { structuredPatch } from 'diff';
import nock from 'nock';
import { pino } from 'pino';
import { Probot, ProbotOctokit } from 'probot';
import { createRule, type Rule } from '../../src/core/rule.js';
import { review } from '../../src/review.js';
import configWeakened from '../../rules/config-weakened/rule.js';
import { createApp, type ProdriskApp } from '../../src/github/index.js';
import type { GitHubClient } from '../../src/github/client.js';
import type { RunnerDependencies } from '../../src/github/runner.js';

const require = createRequire(import.meta.url);
const examples = require('@octokit/webhooks-examples') as Array<{ name: string; examples: Array<Record<string, unknown>> }>;

export const API = 'https://api.github.com';
export const APP_ID = 123;
export const BOT = 'prodrisk[bot]';
export const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();

/** A real example payload of `event` with `action` that has an installation (so the app authenticates). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- example payloads are arbitrary JSON the tests adjust
export function examplePayload<T = any>(event: string, action: string): T {
  const group = examples.find((entry) => entry.name === event);
  const payload = group?.examples.find((example) => example.action === action && example.installation);
  if (!payload) throw new Error(`no ${event}.${action} example with an installation`);
  return structuredClone(payload) as T;
}

/**
 * A test rule: `RISK(name)` on a line is a finding there; `SINK(name)` is a finding at that line whose flow starts
 * at the line with `SOURCE(name)` (so it counts when only the source changed).
 */
export const riskRule: Rule = createRule({
  meta: { id: 'test-risk', description: 'Flags RISK markers.', severity: 'high', messages: { risk: '`{{name}}` is risky in production.', sink: '`{{name}}` reaches a sink.' } },
  appliesTo: (file) => file.path.endsWith('.ts'),
  check(context) {
    const lines = context.file.headText?.split('\n') ?? [];
    lines.forEach((text, index) => {
      const risk = /RISK\((\w+)\)/.exec(text);
      if (risk) {
        context.report({ messageId: 'risk', data: { name: risk[1]! }, line: index + 1, key: `risk:${risk[1]}`, fix: 'Remove the risk.', flow: [{ path: context.file.path, line: index + 1, note: 'the risk' }] });
      }
      const sink = /SINK\((\w+)\)/.exec(text);
      if (sink) {
        const sourceIndex = lines.findIndex((line) => line.includes(`SOURCE(${sink[1]})`));
        context.report({
          messageId: 'sink',
          data: { name: sink[1]! },
          line: index + 1,
          key: `sink:${sink[1]}`,
          flow: [
            { path: context.file.path, line: sourceIndex + 1, note: 'value from the request' },
            { path: context.file.path, line: index + 1, note: 'reaches the sink' },
          ],
        });
      }
    });
  },
});

export interface TestApp extends ProdriskApp {
  probot: Probot;
  logs: Array<Record<string, unknown>>;
}

export async function createTestApp(overrides: Partial<RunnerDependencies> = {}): Promise<TestApp> {
  const logs: Array<Record<string, unknown>> = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
  const probot = new Probot({
    appId: APP_ID,
    privateKey,
    log,
    Octokit: ProbotOctokit.defaults({ retry: { enabled: false }, throttle: { enabled: false } }),
  });
  const app = createApp({
    review: (source, config, options) => review(source, config, { ...options, rules: [riskRule, configWeakened] }),
    ...overrides,
  });
  await probot.load(app.appFn);
  return { ...app, probot, logs };
}

/** Installation token and the app's identity: the requests every event starts with. */
export function nockAuth(installationId = 1): nock.Scope {
  return nock(API)
    .post(`/app/installations/${installationId}/access_tokens`)
    .reply(201, { token: 'ghs_test', expires_at: '2099-01-01T00:00:00Z', permissions: { checks: 'write', pull_requests: 'write', contents: 'read' } })
    .get('/app')
    .reply(200, { id: APP_ID, slug: 'prodrisk', name: 'prodrisk' });
}

/** An installation client of a Probot with retry and throttling off (for testing one GitHub module alone). */
export async function installationClient(installationId = 9): Promise<GitHubClient> {
  const probot = new Probot({ appId: APP_ID, privateKey, log: pino({ level: 'silent' }), Octokit: ProbotOctokit.defaults({ retry: { enabled: false }, throttle: { enabled: false } }) });
  nock(API).post(`/app/installations/${installationId}/access_tokens`).reply(201, { token: 't', expires_at: '2099-01-01T00:00:00Z' });
  return (await probot.auth(installationId)) as GitHubClient;
}

export function blobSha(text: string): string {
  return createHash('sha1').update(`blob ${Buffer.byteLength(text)}\0${text}`).digest('hex');
}

/** GitHub's `patch` for a file: hunks only, no headers. */
export function githubPatch(base: string, head: string): string {
  const patch = structuredPatch('a', 'b', base, head, undefined, undefined, { context: 3 });
  return patch.hunks.map((hunk) => [`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`, ...hunk.lines].join('\n')).join('\n');
}

export interface FileChange {
  path: string;
  base?: string;
  head?: string;
  /** Leave GitHub's patch out, as it does for very large diffs. */
  omitPatch?: boolean;
}

export interface PullRequestFixture {
  owner: string;
  repo: string;
  number: number;
  baseSha: string;
  headSha: string;
  files: FileChange[];
}

/** The reads of the change: listFiles, then the blobs and the merge-base tree the rules need. */
export function nockPullRequestFiles(fixture: PullRequestFixture, options: { readBase?: boolean } = {}): nock.Scope {
  const repoPath = `/repos/${fixture.owner}/${fixture.repo}`;
  const scope = nock(API)
    .get(`${repoPath}/pulls/${fixture.number}/files`)
    .query({ per_page: 100 })
    .reply(
      200,
      fixture.files.map((file) => ({
        filename: file.path,
        status: file.base === undefined ? 'added' : file.head === undefined ? 'removed' : 'modified',
        sha: file.head !== undefined ? blobSha(file.head) : blobSha(file.base ?? ''),
        ...(file.omitPatch ? {} : { patch: githubPatch(file.base ?? '', file.head ?? '') }),
      })),
    );
  for (const file of fixture.files) {
    if (file.head !== undefined) scope.get(`${repoPath}/git/blobs/${blobSha(file.head)}`).reply(200, blob(file.head));
  }
  const baseFiles = fixture.files.filter((file) => file.base !== undefined);
  if (options.readBase !== false && baseFiles.length > 0) {
    scope
      .get(`${repoPath}/compare/${fixture.baseSha}...${fixture.headSha}`)
      .query({ per_page: 1 })
      .reply(200, { merge_base_commit: { sha: 'mergebase0000000000000000000000000000000' } })
      .get(`${repoPath}/git/trees/mergebase0000000000000000000000000000000`)
      .query({ recursive: 'true' })
      .reply(200, { sha: 'mergebase', truncated: false, tree: baseFiles.map((file) => ({ path: file.path, type: 'blob', sha: blobSha(file.base!), size: file.base!.length })) });
    for (const file of baseFiles) {
      if (file.head === undefined || blobSha(file.head) !== blobSha(file.base!)) scope.get(`${repoPath}/git/blobs/${blobSha(file.base!)}`).reply(200, blob(file.base!));
    }
  }
  return scope;
}

function blob(text: string): Record<string, unknown> {
  return { sha: blobSha(text), encoding: 'base64', content: Buffer.from(text).toString('base64'), size: Buffer.byteLength(text) };
}

/** The base branch's config: `text`, or none (404 in the repository and in the org's `.github`). */
export function nockConfig(owner: string, repo: string, baseRef: string, text?: string): nock.Scope {
  const scope = nock(API).get(`/repos/${owner}/${repo}/contents/.github%2Fprodrisk.yml`).query({ ref: baseRef });
  if (text !== undefined) return scope.reply(200, text, { 'content-type': 'text/plain; charset=utf-8' });
  return scope.reply(404, { message: 'Not Found' }).get(`/repos/${owner}/.github/contents/.github%2Fprodrisk.yml`).reply(404, { message: 'Not Found' });
}

/** A file of `total` lines where line n reads `const line{n} = {n};` unless `lines` says otherwise. */
export function fileWith(total: number, lines: Record<number, string> = {}): string {
  return `${Array.from({ length: total }, (_, index) => lines[index + 1] ?? `const line${index + 1} = ${index + 1};`).join('\n')}\n`;
}

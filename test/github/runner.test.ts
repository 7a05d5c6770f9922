// The review runner with its collaborators replaced: supersede, onError, drafts, and the one log line.
import { pino } from 'pino';
import { MemorySource } from '../../src/core/memory-source.js';
import { validateConfig, type ConfigInput } from '../../src/core/config.js';
import type { AnalysisResult } from '../../src/core/types.js';
import type { GitHubClient } from '../../src/github/client.js';
import type { Publisher } from '../../src/github/publish.js';
import { ReviewRunner, type PullRequestTrigger, type RunnerDependencies } from '../../src/github/runner.js';

const octokit = { hook: { before: () => undefined } } as unknown as GitHubClient;

function trigger(overrides: Partial<PullRequestTrigger> = {}): PullRequestTrigger {
  return {
    deliveryId: `d-${Math.random()}`,
    event: 'pull_request.synchronize',
    owner: 'acme',
    repo: 'shop',
    repoUrl: 'https://github.com/acme/shop',
    pullNumber: 7,
    headSha: 'a'.repeat(40),
    baseRef: 'main',
    baseSha: 'b'.repeat(40),
    draft: false,
    rerun: false,
    ...overrides,
  };
}

const emptyResult: AnalysisResult = { findings: [], suppressed: [], verdict: 'pass', stats: { files: 0, changedLines: 0, durationMs: 1, skipped: [], errors: [] } };

function harness(config: ConfigInput = {}, dependencies: Partial<RunnerDependencies> = {}, findCheckRun: Publisher['findCheckRun'] = async () => undefined) {
  const events: string[] = [];
  let nextId = 100;
  const publisher = {
    findCheckRun,
    createCheckRun: async (sha: string) => {
      events.push(`create ${sha.slice(0, 1)}`);
      return nextId++;
    },
    finishCheckRun: async (id: number, conclusion: string, output: { title: string }) => void events.push(`finish ${id} ${conclusion}: ${output.title}`),
    completeCheckRun: async (id: number, report: { conclusion: string }) => void events.push(`complete ${id} ${report.conclusion}`),
    publishReview: async (input: { headSha: string }) => {
      events.push(`review ${input.headSha.slice(0, 1)}`);
      return { posted: false, inline: 0, inBody: 0, alreadyReported: 0, resolved: 0 };
    },
  } as unknown as Publisher;
  const logs: Array<Record<string, unknown>> = [];
  const log = pino({}, { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
  const runner = new ReviewRunner({
    identity: async () => ({ login: 'prodrisk[bot]', appId: 1 }),
    loadConfig: async () => ({ config: validateConfig(config), source: 'test' }),
    createSource: () => Object.assign(new MemorySource({}, {}), { patches: new Map<string, string | undefined>(), isTruncated: false }),
    review: async () => emptyResult,
    createPublisher: () => publisher,
    ...dependencies,
  });
  return { runner, events, logs, log };
}

describe('ReviewRunner', () => {
  it('completes an older run still in flight as superseded when a newer push arrives, and posts nothing for it', async () => {
    let releaseFirst!: () => void;
    const firstBlocked = new Promise<void>((resolve) => (releaseFirst = resolve));
    let calls = 0;
    const { runner, events, log } = harness({}, {
      review: async () => {
        if (calls++ === 0) await firstBlocked;
        return emptyResult;
      },
    });
    await runner.handle(trigger({ headSha: '1'.repeat(40) }), octokit, log);
    await runner.handle(trigger({ headSha: '2'.repeat(40) }), octokit, log);
    releaseFirst();
    await runner.idle();
    expect(events.slice(0, 2)).toEqual(['create 1', 'create 2']);
    expect(events.slice(2).sort()).toEqual(['complete 101 success', 'finish 100 cancelled: Superseded by a newer push (2222222)', 'review 2']);
  });

  it('lets a re-run that took over the same in-progress check run complete it alone, even when the older run finishes last', async () => {
    let releaseFirst!: () => void;
    const firstBlocked = new Promise<void>((resolve) => (releaseFirst = resolve));
    let calls = 0;
    let checkRunsSeen = 0;
    const { runner, events, log, logs } = harness(
      {},
      {
        review: async () => {
          if (calls++ === 0) await firstBlocked;
          return emptyResult;
        },
      },
      // The first run finds none and creates 100; the re-run finds 100 still in progress and reuses it.
      async () => (checkRunsSeen++ === 0 ? undefined : { id: 100, status: 'in_progress', conclusion: null }),
    );
    await runner.handle(trigger(), octokit, log);
    await runner.handle(trigger({ rerun: true, event: 'check_run.rerequested' }), octokit, log);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(events).toEqual(['create a', 'review a', 'complete 100 success']);
    releaseFirst();
    await runner.idle();
    // The older run must not overwrite the verdict with `cancelled`.
    expect(events).toEqual(['create a', 'review a', 'complete 100 success']);
    expect(logs.some((entry) => entry.msg === 'review superseded by a re-run that completes the same check run')).toBe(true);
  });

  it('leaves the older run to finish its verdict when the run that would supersede it cannot start', async () => {
    let releaseFirst!: () => void;
    const firstBlocked = new Promise<void>((resolve) => (releaseFirst = resolve));
    let calls = 0;
    let lookups = 0;
    const { runner, events, log } = harness(
      {},
      {
        review: async () => {
          if (calls++ === 0) await firstBlocked;
          return emptyResult;
        },
      },
      async () => {
        if (lookups++ === 0) return undefined;
        throw new Error('GitHub is down');
      },
    );
    await runner.handle(trigger(), octokit, log);
    await expect(runner.handle(trigger({ rerun: true, event: 'check_run.rerequested' }), octokit, log)).rejects.toThrow('GitHub is down');
    // Still tracked as running: a redelivered push of the same commit is not reviewed a second time meanwhile.
    await runner.handle(trigger(), octokit, log);
    releaseFirst();
    await runner.idle();
    expect(events).toEqual(['create a', 'review a', 'complete 100 success']);
  });

  it('completes the check run with the config’s onError conclusion and says what failed', async () => {
    const { runner, events, log, logs } = harness({ onError: 'failure' }, {
      review: async () => {
        throw new Error('blob fetch failed: 502');
      },
    });
    await runner.handle(trigger(), octokit, log);
    await runner.idle();
    expect(events).toEqual(['create a', 'finish 100 failure: prodrisk could not finish: reading and analysing the change failed']);
    expect(logs.find((entry) => entry.msg === 'review failed')).toMatchObject({ stage: 'reading and analysing the change', err: 'blob fetch failed: 502' });
  });

  it('defaults to neutral when the review fails', async () => {
    const failing = harness({}, { review: async () => Promise.reject(new Error('boom')) });
    await failing.runner.handle(trigger(), octokit, failing.log);
    await failing.runner.idle();
    expect(failing.events.at(-1)).toBe('finish 100 neutral: prodrisk could not finish: reading and analysing the change failed');
  });

  it('skips drafts when the config says so, then reviews the same head when it is marked ready', async () => {
    const { runner, events, log } = harness({ drafts: 'skip' });
    await runner.handle(trigger({ draft: true, event: 'pull_request.opened' }), octokit, log);
    await runner.idle();
    await runner.handle(trigger({ draft: false, event: 'pull_request.ready_for_review', readyForReview: true }), octokit, log);
    await runner.idle();
    expect(events).toEqual(['create a', 'finish 100 skipped: Draft pull request: not reviewed', 'create a', 'review a', 'complete 101 success']);
  });

  it('reviews a re-requested head SHA again', async () => {
    const { runner, events, log } = harness();
    await runner.handle(trigger(), octokit, log);
    await runner.idle();
    await runner.handle(trigger({ rerun: true, event: 'check_run.rerequested' }), octokit, log);
    await runner.idle();
    expect(events.filter((event) => event.startsWith('complete'))).toHaveLength(2);
  });
});

// The review of one pull request head, from trigger to published verdict. Collaborators (config loading, the
// change source, the core review, the publisher) are injected so tests can swap any of them.
// Guarantees: a check run shows pending at once and always completes; a redelivered webhook or an already
// reviewed head SHA makes no second check run or review; a newer push supersedes an older run still in flight.
import type { Logger } from 'pino';
import { ConfigError, type Config } from '../core/config.js';
import { SEVERITIES, type AnalysisResult, type ChangeSource, type Severity } from '../core/types.js';
import { buildCheckRunReport } from '../reporters/check-run.js';
import { diffAnchors } from '../reporters/review-comments.js';
import type { ReviewOptions } from '../review.js';
import { countRequests, errorMessage, type GitHubClient, type RepoRef } from './client.js';
import type { GitHubChangeSource, PullRequestRef } from './change-source.js';
import type { LoadedConfig } from './config-loader.js';
import type { AppIdentity, Publisher } from './publish.js';

export interface PullRequestTrigger extends RepoRef {
  /** X-GitHub-Delivery of the webhook. */
  deliveryId: string;
  /** `pull_request.synchronize`, `check_run.rerequested`… */
  event: string;
  /** The repository's web address, for links to lines. */
  repoUrl: string;
  pullNumber: number;
  headSha: string;
  baseRef: string;
  baseSha: string;
  draft: boolean;
  /** Someone asked for a re-run: review again even though this head SHA was reviewed. */
  rerun: boolean;
  /** ready_for_review: a draft skipped earlier must now be reviewed. */
  readyForReview?: boolean;
}

export interface RunnerDependencies {
  identity(octokit: GitHubClient): Promise<AppIdentity>;
  loadConfig(octokit: GitHubClient, repository: RepoRef, baseRef: string): Promise<LoadedConfig>;
  createSource(octokit: GitHubClient, pull: PullRequestRef): ChangeSource & Pick<GitHubChangeSource, 'patches' | 'isTruncated'>;
  review(source: ChangeSource, config: Config, options: ReviewOptions): Promise<AnalysisResult>;
  createPublisher(octokit: GitHubClient, repository: RepoRef, identity: AppIdentity): Publisher;
  /** How many files are read at once. */
  concurrency?: number;
}

interface Run {
  headSha: string;
  /** Its review finished (the check run completed, or could not be). */
  done: boolean;
  checkRunId?: number;
  superseded: boolean;
  supersededBy?: string;
  /** The newer run took over this run's check run (a re-run of the same commit): this one must not touch it. */
  handedOver?: boolean;
}

/** A set that forgets its oldest entries past a size, so a long-running process does not grow without end. */
class RecentSet {
  private readonly items = new Set<string>();
  constructor(private readonly capacity: number) {}
  has(item: string): boolean {
    return this.items.has(item);
  }
  add(item: string): void {
    this.items.delete(item);
    this.items.add(item);
    if (this.items.size > this.capacity) this.items.delete(this.items.values().next().value!);
  }
  delete(item: string): void {
    this.items.delete(item);
  }
}

export class ReviewRunner {
  private readonly deliveries = new RecentSet(10_000);
  private readonly reviewedHeads = new RecentSet(10_000);
  private readonly inFlight = new Map<string, Run>();
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly dependencies: RunnerDependencies) {}

  /** Resolves when every review started so far has finished (for tests and graceful shutdown). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /**
   * Creates (or reuses) the check run at once, then reviews in the background so the webhook is answered
   * within GitHub's 10 seconds. Returns after the check run exists.
   */
  async handle(trigger: PullRequestTrigger, octokit: GitHubClient, log: Logger): Promise<void> {
    const repoName = `${trigger.owner}/${trigger.repo}`;
    const headKey = `${repoName}@${trigger.headSha}`;
    const pullKey = `${repoName}#${trigger.pullNumber}`;
    const context = { deliveryId: trigger.deliveryId, repo: repoName, pr: trigger.pullNumber, headSha: trigger.headSha, event: trigger.event };
    // One delivery may name several pull requests (a re-requested check suite): dedupe per pull request.
    const deliveryKey = `${trigger.deliveryId}:${pullKey}`;
    if (this.deliveries.has(deliveryKey)) {
      log.info(context, 'redelivered webhook ignored');
      return;
    }
    this.deliveries.add(deliveryKey);
    if (!trigger.rerun && this.reviewedHeads.has(headKey) && !trigger.readyForReview) {
      log.info(context, 'head SHA already reviewed; nothing to do');
      return;
    }
    const running = this.inFlight.get(pullKey);
    if (running && running.headSha === trigger.headSha && !trigger.rerun) {
      log.info(context, 'a review of this head SHA is already running');
      return;
    }
    const run: Run = { headSha: trigger.headSha, superseded: false, done: false };
    this.inFlight.set(pullKey, run);

    const started = Date.now();
    const requests = countRequests(octokit);
    let publisher: Publisher;
    let checkRunId: number;
    try {
      const identity = await this.dependencies.identity(octokit);
      publisher = this.dependencies.createPublisher(octokit, trigger, identity);
      const existing = await publisher.findCheckRun(trigger.headSha);
      const reviewedBefore = existing?.status === 'completed' && existing.conclusion !== 'skipped' && existing.conclusion !== 'cancelled';
      if (reviewedBefore && !trigger.rerun) {
        this.reviewedHeads.add(headKey);
        this.giveBack(pullKey, run, running);
        log.info(context, 'head SHA already has a completed prodrisk check run; nothing to do');
        return;
      }
      checkRunId = existing && existing.status !== 'completed' ? existing.id : await publisher.createCheckRun(trigger.headSha);
      run.checkRunId = checkRunId;
      if (running) {
        // A newer push, or a re-run of the same commit: the older run completes as superseded and posts nothing.
        // Only now, so that a newer run that cannot start leaves the older one to finish its verdict.
        running.superseded = true;
        running.supersededBy = trigger.headSha;
        if (running.checkRunId === checkRunId) running.handedOver = true;
      }
    } catch (error) {
      this.giveBack(pullKey, run, running);
      // Without a check run there is nothing to complete: the caller logs the failure, and a redelivery retries.
      this.deliveries.delete(deliveryKey);
      throw error;
    }
    const work = this.review(trigger, octokit, publisher, checkRunId, run, log, { ...context, started, requests })
      .catch((error: unknown) => log.error({ ...context, err: errorMessage(error) }, 'review failed and its check run could not be completed'))
      .finally(() => {
        run.done = true;
        this.release(pullKey, run);
        this.pending.delete(work);
      });
    this.pending.add(work);
  }

  private release(pullKey: string, run: Run): void {
    if (this.inFlight.get(pullKey) === run) this.inFlight.delete(pullKey);
  }

  /** A run that did not start hands the pull request back to the one it would have superseded, if still running. */
  private giveBack(pullKey: string, run: Run, previous: Run | undefined): void {
    this.release(pullKey, run);
    if (previous && !previous.done && !this.inFlight.has(pullKey)) this.inFlight.set(pullKey, previous);
  }

  private async review(
    trigger: PullRequestTrigger,
    octokit: GitHubClient,
    publisher: Publisher,
    checkRunId: number,
    run: Run,
    log: Logger,
    context: Record<string, unknown> & { started: number; requests: { readonly count: number } },
  ): Promise<void> {
    const { started, requests, ...logContext } = context;
    let stage = 'loading the config';
    let onError: Config['onError'] = 'neutral';
    try {
      let loaded: LoadedConfig;
      try {
        loaded = await this.dependencies.loadConfig(octokit, trigger, trigger.baseRef);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        await publisher.finishCheckRun(checkRunId, 'neutral', {
          title: `Invalid config: ${error.problems.length} problem${error.problems.length === 1 ? '' : 's'} in ${error.source.replace(/`/g, '')}`,
          summary: [`prodrisk did not review this change because its config is invalid (${error.source}):`, '', ...error.problems.map((problem) => `- ${problem}`), '', 'Fix the config on the base branch; the pull request’s own copy is never used.'].join('\n'),
        });
        log.warn({ ...logContext, problems: error.problems, durationMs: Date.now() - started, githubCalls: requests.count }, 'invalid config');
        return;
      }
      onError = loaded.config.onError;
      if (trigger.draft && loaded.config.drafts === 'skip') {
        await publisher.finishCheckRun(checkRunId, 'skipped', { title: 'Draft pull request: not reviewed', summary: 'The config says `drafts: skip`. prodrisk reviews this pull request when it is marked ready for review.' });
        log.info({ ...logContext, durationMs: Date.now() - started, githubCalls: requests.count }, 'draft skipped');
        return;
      }

      stage = 'reading and analysing the change';
      const source = this.dependencies.createSource(octokit, { owner: trigger.owner, repo: trigger.repo, pullNumber: trigger.pullNumber, baseSha: trigger.baseSha, headSha: trigger.headSha });
      const result = await this.dependencies.review(source, loaded.config, { concurrency: this.dependencies.concurrency ?? 8 });
      if (source.isTruncated) result.stats.errors.push({ message: 'GitHub lists only the first 3,000 files of a pull request; later files were not reviewed.' });

      if (run.handedOver) {
        log.info({ ...logContext, durationMs: Date.now() - started, githubCalls: requests.count }, 'review superseded by a re-run that completes the same check run');
        return;
      }
      if (run.superseded) {
        stage = 'completing a superseded run';
        const title = run.supersededBy === run.headSha ? 'Superseded by a re-run of this commit' : `Superseded by a newer push (${run.supersededBy?.slice(0, 7)})`;
        await publisher.finishCheckRun(checkRunId, 'cancelled', { title, summary: 'A newer review started while this one was running; its check run has the verdict.' });
        log.info({ ...logContext, supersededBy: run.supersededBy, durationMs: Date.now() - started, githubCalls: requests.count }, 'review superseded');
        return;
      }

      stage = 'publishing the review';
      const links = { repoUrl: trigger.repoUrl, ref: trigger.headSha };
      const changes = await source.listChanges();
      const unsettledPaths = new Set([...result.stats.skipped.map((file) => file.path), ...result.stats.errors.flatMap((error) => (error.path ? [error.path] : []))]);
      const outcome = await publisher.publishReview({
        pullNumber: trigger.pullNumber,
        headSha: trigger.headSha,
        findings: result.findings,
        anchors: diffAnchors(source.patches),
        links,
        unsettledPaths,
        resolveFixed: !source.isTruncated,
      });
      const report = buildCheckRunReport(result, {
        failOn: loaded.config.failOn,
        links,
        configSource: loaded.source,
        removedPaths: new Set(changes.filter((change) => change.status === 'removed').map((change) => change.path)),
        titleNote: outcome.problem,
      });
      stage = 'completing the check run';
      await publisher.completeCheckRun(checkRunId, report);
      this.reviewedHeads.add(`${trigger.owner}/${trigger.repo}@${trigger.headSha}`);
      log.info(
        {
          ...logContext,
          files: result.stats.files,
          skippedFiles: result.stats.skipped.length,
          findings: countBySeverity(result),
          conclusion: report.conclusion,
          inlineComments: outcome.inline,
          bodyFindings: outcome.inBody,
          resolved: outcome.resolved,
          reviewPosted: outcome.posted,
          ...(outcome.problem ? { publishProblem: outcome.problem } : {}),
          durationMs: Date.now() - started,
          githubCalls: requests.count,
        },
        'review published',
      );
    } catch (error) {
      // Never leave a check spinning: say what failed and conclude as the config's onError says.
      log.error({ ...logContext, stage, err: errorMessage(error), durationMs: Date.now() - started, githubCalls: requests.count }, 'review failed');
      if (run.handedOver) return; // the re-run that took over the check run completes it
      await publisher.finishCheckRun(checkRunId, onError, {
        title: `prodrisk could not finish: ${stage} failed`,
        summary: [
          `The review stopped while ${stage}: ${errorMessage(error).slice(0, 2000)}`,
          '',
          `Conclusion \`${onError}\` comes from the config's \`onError\` (${onError === 'neutral' ? 'a failure of prodrisk does not block merges' : 'merges stay blocked until a review succeeds'}). Re-run the check to try again.`,
        ].join('\n'),
      });
    }
  }
}

function countBySeverity(result: AnalysisResult): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  for (const finding of result.findings) counts[finding.severity] += 1;
  return counts;
}

// All of the app's writes to GitHub: the check run, the review with its inline comments, and resolving the
// threads of findings a later push fixed. The app only ever touches its own comments: the author must be the
// app's bot and the body must carry a prodrisk fingerprint marker.
import type { Finding, Hunk } from '../core/types.js';
import type { Annotation, CheckRunOutput, CheckRunReport } from '../reporters/check-run.js';
import { GITHUB_TEXT_LIMIT, hardTruncate } from '../reporters/markdown.js';
import type { LineLinks } from '../reporters/links.js';
import { planReview, readFingerprints, renderReviewBody, type ReviewPlan } from '../reporters/review-comments.js';
import { errorMessage, httpStatus, type GitHubClient, type RepoRef } from './client.js';
import { resolveFixedThreads, type OwnComment } from './review-threads.js';

export const CHECK_NAME = 'prodrisk';

export interface AppIdentity {
  /** The bot's login as the REST API shows it, e.g. `prodrisk[bot]`. */
  login: string;
  appId: number;
}

export interface ExistingCheckRun {
  id: number;
  status: string;
  conclusion: string | null;
}

export type FinalConclusion = 'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped';

export interface ReviewInput {
  pullNumber: number;
  headSha: string;
  findings: readonly Finding[];
  /** Parsed hunks of each file's patch, to verify anchors. */
  anchors: ReadonlyMap<string, Hunk[]>;
  links?: LineLinks;
  /** Files this run could not fully analyse: their earlier findings are not treated as fixed. */
  unsettledPaths: ReadonlySet<string>;
  /** False when the change was only partly read (over 3,000 files): nothing is marked fixed then. */
  resolveFixed: boolean;
}

export interface ReviewOutcome {
  /** Whether a review was created (false: nothing new, or this head SHA already has one). */
  posted: boolean;
  inline: number;
  inBody: number;
  /** Findings already commented on in earlier pushes. */
  alreadyReported: number;
  resolved: number;
  /** What went wrong posting, when something did; the check run still completes. */
  problem?: string;
}


export class Publisher {
  constructor(
    private readonly octokit: GitHubClient,
    private readonly repository: RepoRef,
    private readonly identity: AppIdentity,
  ) {}

  /** The app's latest `prodrisk` check run on a commit (another process may have made it). */
  async findCheckRun(headSha: string): Promise<ExistingCheckRun | undefined> {
    const response = await this.octokit.rest.checks.listForRef({
      ...this.repository,
      ref: headSha,
      check_name: CHECK_NAME,
      app_id: this.identity.appId,
      filter: 'latest',
      per_page: 10,
    });
    const own = response.data.check_runs.find((run) => run.app?.id === this.identity.appId && run.name === CHECK_NAME);
    return own ? { id: own.id, status: own.status, conclusion: own.conclusion } : undefined;
  }

  async createCheckRun(headSha: string): Promise<number> {
    const response = await this.octokit.rest.checks.create({
      ...this.repository,
      name: CHECK_NAME,
      head_sha: headSha,
      status: 'in_progress',
      started_at: new Date().toISOString(),
      output: { title: 'Reviewing this change for production risk…', summary: 'prodrisk is reading the changed files.' },
    });
    return response.data.id;
  }

  /**
   * Completes the check run with the review's verdict; annotations go 50 per request, later ones append. If
   * GitHub refuses the annotations, the verdict is still set without them: a `failure` must not turn into the
   * runner's `onError` conclusion (which may let the merge through) because of an annotation.
   */
  async completeCheckRun(checkRunId: number, report: CheckRunReport): Promise<void> {
    try {
      const batches = report.annotationBatches;
      for (const batch of batches.slice(0, -1)) {
        await this.octokit.rest.checks.update({ ...this.repository, check_run_id: checkRunId, output: { ...report.output, annotations: batch } });
      }
      const last = batches.at(-1);
      await this.finishCheckRun(checkRunId, report.conclusion, last ? { ...report.output, annotations: last } : report.output);
    } catch (error) {
      if (report.annotationBatches.length === 0) throw error;
      const note = ` (annotations could not be added: ${errorMessage(error)})`;
      await this.finishCheckRun(checkRunId, report.conclusion, { ...report.output, title: report.output.title + note }).catch(() => {
        throw error;
      });
    }
  }

  /** Completes the check run, also without a review: an error, an invalid config, a skipped draft, a superseded run. */
  async finishCheckRun(checkRunId: number, conclusion: FinalConclusion, output: CheckRunOutput & { annotations?: Annotation[] }): Promise<void> {
    await this.octokit.rest.checks.update({
      ...this.repository,
      check_run_id: checkRunId,
      status: 'completed',
      conclusion,
      completed_at: new Date().toISOString(),
      output: withinLimits(output),
    });
  }

  /**
   * One review per head SHA with only the findings not commented on before, then the threads of fixed
   * findings resolved. A 422 (an anchor GitHub refuses) is retried once with every finding in the body.
   */
  async publishReview(input: ReviewInput): Promise<ReviewOutcome> {
    const [comments, reviews] = await Promise.all([
      this.octokit.paginate(this.octokit.rest.pulls.listReviewComments, { ...this.repository, pull_number: input.pullNumber, per_page: 100 }),
      this.octokit.paginate(this.octokit.rest.pulls.listReviews, { ...this.repository, pull_number: input.pullNumber, per_page: 100 }),
    ]);
    const ownComments: OwnComment[] = comments
      .filter((comment) => comment.user?.login === this.identity.login)
      .map((comment) => ({ id: comment.id, nodeId: comment.node_id, path: comment.path, fingerprints: readFingerprints(comment.body) }))
      .filter((comment) => comment.fingerprints.length > 0);
    const ownReviews = reviews.filter((review) => review.user?.login === this.identity.login);
    const known = new Set([...ownComments.flatMap((comment) => comment.fingerprints), ...ownReviews.flatMap((review) => readFingerprints(review.body))]);
    const fresh = input.findings.filter((finding) => !known.has(finding.fingerprint));
    const outcome: ReviewOutcome = { posted: false, inline: 0, inBody: 0, alreadyReported: input.findings.length - fresh.length, resolved: 0 };

    const alreadyReviewed = ownReviews.some((review) => review.commit_id === input.headSha);
    if (fresh.length > 0 && !alreadyReviewed) {
      const plan = planReview(fresh, input.anchors, { links: input.links });
      try {
        await this.createReview(input, plan, outcome.alreadyReported);
        Object.assign(outcome, { posted: true, inline: plan.inline.length, inBody: plan.inBody.length });
      } catch (error) {
        if (httpStatus(error) !== 422) return { ...outcome, problem: `the review could not be posted: ${errorMessage(error)}` };
        const bodyOnly: ReviewPlan = { inline: [], inBody: fresh.map((finding) => ({ finding, reason: 'outside-diff' as const })) };
        try {
          await this.createReview(input, bodyOnly, outcome.alreadyReported);
          Object.assign(outcome, { posted: true, inline: 0, inBody: fresh.length, problem: 'GitHub refused the inline comments (422); every finding is in the review body' });
        } catch (retryError) {
          return { ...outcome, problem: `the review could not be posted: ${errorMessage(retryError)}` };
        }
      }
    }

    const current = new Set(input.findings.map((finding) => finding.fingerprint));
    const fixed = ownComments.filter((comment) => !input.unsettledPaths.has(comment.path) && comment.fingerprints.every((fingerprint) => !current.has(fingerprint)));
    if (input.resolveFixed && fixed.length > 0) {
      try {
        outcome.resolved = await resolveFixedThreads(this.octokit, { ...this.repository, pullNumber: input.pullNumber }, fixed);
      } catch (error) {
        outcome.problem = `fixed findings could not be resolved: ${errorMessage(error)}`;
      }
    }
    return outcome;
  }

  private async createReview(input: ReviewInput, plan: ReviewPlan, alreadyReported: number): Promise<void> {
    await this.octokit.rest.pulls.createReview({
      ...this.repository,
      pull_number: input.pullNumber,
      commit_id: input.headSha,
      event: 'COMMENT',
      body: renderReviewBody(plan, { links: input.links, alreadyReported }),
      comments: plan.inline.map(({ comment }) => comment),
    });
  }
}

/** GitHub refuses a check run whose title, summary or text is too long; an error message can be any length. */
function withinLimits<T extends CheckRunOutput>(output: T): T {
  const title = output.title.length <= TITLE_LIMIT ? output.title : `${output.title.slice(0, TITLE_LIMIT - 1)}…`;
  const limited = { ...output, title, summary: hardTruncate(output.summary, GITHUB_TEXT_LIMIT) };
  if (output.text !== undefined) limited.text = hardTruncate(output.text, GITHUB_TEXT_LIMIT);
  return limited;
}

const TITLE_LIMIT = 255;

// The Probot app: routes webhook events to the review runner and does nothing else. Events it ignores return
// early with a log line.
import type { ApplicationFunction, Probot } from 'probot';
import { realDependencies } from './dependencies.js';
import { CHECK_NAME } from './publish.js';
import { ReviewRunner, type RunnerDependencies } from './runner.js';
import { openPullRequestsAt, triggerFor } from './triggers.js';

export const PULL_REQUEST_EVENTS = ['pull_request.opened', 'pull_request.synchronize', 'pull_request.reopened', 'pull_request.ready_for_review'] as const;

export interface ProdriskApp {
  appFn: ApplicationFunction;
  runner: ReviewRunner;
}

/** The app with its runner; pass collaborators to replace the real ones (tests). */
export function createApp(overrides: Partial<RunnerDependencies> = {}): ProdriskApp {
  let probot: Probot | undefined;
  const runner = new ReviewRunner({ ...realDependencies(() => probot), ...overrides });

  const appFn: ApplicationFunction = (app) => {
    probot = app;
    app.on([...PULL_REQUEST_EVENTS], async (context) => {
      const { payload } = context;
      const trigger = triggerFor(context.id, `${context.name}.${payload.action}`, payload.repository, payload.pull_request, {
        rerun: false,
        readyForReview: payload.action === 'ready_for_review',
      });
      await runner.handle(trigger, context.octokit, context.log);
    });

    app.on('check_run.rerequested', async (context) => {
      const { check_run: checkRun, repository } = context.payload;
      if (checkRun.name !== CHECK_NAME) {
        context.log.info({ checkRun: checkRun.name }, 'rerequested check run is not prodrisk; ignored');
        return;
      }
      const pulls = await openPullRequestsAt(context.octokit, context.repo(), checkRun.head_sha, checkRun.pull_requests.map((pull) => pull.number));
      if (pulls.length === 0) context.log.info({ headSha: checkRun.head_sha }, 'no open pull request at this commit; nothing to re-run');
      for (const pull of pulls) {
        await runner.handle(triggerFor(context.id, 'check_run.rerequested', repository, pull, { rerun: true }), context.octokit, context.log);
      }
    });

    app.on('check_suite.rerequested', async (context) => {
      const { check_suite: checkSuite, repository } = context.payload;
      const pulls = await openPullRequestsAt(context.octokit, context.repo(), checkSuite.head_sha, checkSuite.pull_requests.map((pull) => pull.number));
      if (pulls.length === 0) context.log.info({ headSha: checkSuite.head_sha }, 'no open pull request at this commit; nothing to re-run');
      for (const pull of pulls) {
        await runner.handle(triggerFor(context.id, 'check_suite.rerequested', repository, pull, { rerun: true }), context.octokit, context.log);
      }
    });
  };
  return { appFn, runner };
}

/** The app as Probot loads it (`probot run`, the setup flow). */
const defaultApp: ApplicationFunction = (app, options) => createApp().appFn(app, options);
export default defaultApp;

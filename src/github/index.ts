// The Probot app: routes webhook events to the review runner and does nothing else. Events it ignores return
// early with a log line.
import type { ApplicationFunction, Context, Probot } from 'probot';
import { errorMessage, httpStatus } from './client.js';
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
    app.on([...PULL_REQUEST_EVENTS], guarded(async (context) => {
      const { payload } = context;
      const trigger = triggerFor(context.id, `${context.name}.${payload.action}`, payload.repository, payload.pull_request, {
        rerun: false,
        readyForReview: payload.action === 'ready_for_review',
      });
      await runner.handle(trigger, context.octokit, context.log);
    }));

    app.on('check_run.rerequested', guarded(async (context) => {
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
    }));

    app.on('check_suite.rerequested', guarded(async (context) => {
      const { check_suite: checkSuite, repository } = context.payload;
      const pulls = await openPullRequestsAt(context.octokit, context.repo(), checkSuite.head_sha, checkSuite.pull_requests.map((pull) => pull.number));
      if (pulls.length === 0) context.log.info({ headSha: checkSuite.head_sha }, 'no open pull request at this commit; nothing to re-run');
      for (const pull of pulls) {
        await runner.handle(triggerFor(context.id, 'check_suite.rerequested', repository, pull, { rerun: true }), context.octokit, context.log);
      }
    }));
  };
  return { appFn, runner };
}

/**
 * A handler whose failure is logged here, in one line, and not thrown to Probot: Probot logs a thrown error with
 * the whole webhook payload attached (PR text, user data), twice. No check run exists at this point (the runner
 * completes every one it creates), and a redelivery of the same webhook is handled again.
 */
function guarded<C extends Context>(handler: (context: C) => Promise<void>): (context: C) => Promise<void> {
  return async (context) => {
    try {
      await handler(context);
    } catch (error) {
      const payload = context.payload as { action?: string; repository?: { full_name?: string } };
      context.log.error(
        { deliveryId: context.id, event: `${context.name}.${payload.action ?? ''}`, repo: payload.repository?.full_name, status: httpStatus(error), err: errorMessage(error) },
        'webhook could not be handled',
      );
    }
  };
}

/** The app as Probot loads it (`probot run`, the setup flow). */
const defaultApp: ApplicationFunction = (app, options) => createApp().appFn(app, options);
export default defaultApp;

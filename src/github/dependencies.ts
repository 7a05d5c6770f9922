// The runner's real collaborators: GitHub reads and writes through the event's installation client, the app's
// identity (its bot login and id, to recognise its own check runs and comments) fetched once.
import type { Probot } from 'probot';
import { review } from '../review.js';
import { GitHubChangeSource } from './change-source.js';
import { loadBaseConfig } from './config-loader.js';
import { Publisher, type AppIdentity } from './publish.js';
import type { RunnerDependencies } from './runner.js';

export function realDependencies(probot: () => Probot | undefined): RunnerDependencies {
  let identity: Promise<AppIdentity> | undefined;
  const resolveIdentity = (): Promise<AppIdentity> => {
    identity ??= (async () => {
      const app = probot();
      if (!app) throw new Error('the app is not loaded yet');
      const appOctokit = await app.auth();
      const { data } = await appOctokit.rest.apps.getAuthenticated();
      if (!data) throw new Error('GET /app returned no app');
      return { login: `${data.slug}[bot]`, appId: data.id };
    })().catch((error: unknown) => {
      identity = undefined; // a failed lookup is retried by the next event
      throw error;
    });
    return identity;
  };
  return {
    identity: resolveIdentity,
    loadConfig: loadBaseConfig,
    createSource: (octokit, pull) => new GitHubChangeSource(octokit, pull),
    review,
    createPublisher: (octokit, repository, appIdentity) => new Publisher(octokit, { owner: repository.owner, repo: repository.repo }, appIdentity),
  };
}

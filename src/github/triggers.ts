// Webhook payloads to review triggers. A re-requested check names a commit, not always a pull request (GitHub
// leaves `pull_requests` empty for forks), so the open pull requests whose head is that commit are looked up.
import type { GitHubClient, RepoRef } from './client.js';
import type { PullRequestTrigger } from './runner.js';

interface PullRequestLike {
  number: number;
  state?: string;
  draft?: boolean;
  head: { sha: string };
  base: { ref: string; sha: string };
}

interface RepositoryLike {
  name: string;
  owner: { login: string };
  html_url: string;
}

export function triggerFor(
  deliveryId: string,
  event: string,
  repository: RepositoryLike,
  pull: PullRequestLike,
  flags: { rerun: boolean; readyForReview?: boolean },
): PullRequestTrigger {
  return {
    deliveryId,
    event,
    owner: repository.owner.login,
    repo: repository.name,
    repoUrl: repository.html_url,
    pullNumber: pull.number,
    headSha: pull.head.sha,
    baseRef: pull.base.ref,
    baseSha: pull.base.sha,
    draft: pull.draft ?? false,
    rerun: flags.rerun,
    ...(flags.readyForReview ? { readyForReview: true } : {}),
  };
}

/** Open pull requests whose head is `headSha`: those the payload names, else those GitHub associates, else a scan. */
export async function openPullRequestsAt(
  octokit: GitHubClient,
  repository: RepoRef,
  headSha: string,
  listedNumbers: readonly number[],
): Promise<PullRequestLike[]> {
  if (listedNumbers.length > 0) {
    const pulls = await Promise.all(listedNumbers.map(async (pullNumber) => (await octokit.rest.pulls.get({ ...repository, pull_number: pullNumber })).data));
    return pulls.filter((pull) => pull.state === 'open' && pull.head.sha === headSha);
  }
  const associated = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ ...repository, commit_sha: headSha });
  const matching = associated.data.filter((pull) => pull.state === 'open' && pull.head.sha === headSha);
  if (matching.length > 0) return matching;
  const open = await octokit.paginate(octokit.rest.pulls.list, { ...repository, state: 'open', per_page: 100 });
  return open.filter((pull) => pull.head.sha === headSha);
}

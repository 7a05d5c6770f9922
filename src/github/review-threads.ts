// Closing the threads of findings a later push fixed, through GraphQL (REST cannot resolve or minimize). The
// publisher passes only comments it has checked to be the app's own (its bot author and a fingerprint marker).
import type { GitHubClient, RepoRef } from './client.js';

export interface OwnComment {
  id: number;
  nodeId: string;
  path: string;
  fingerprints: string[];
}

interface ThreadState {
  id: string;
  isResolved: boolean;
}

/**
 * Resolves each fixed finding's thread; a comment with no thread found (a reply in another thread, or past the
 * pages read) is minimized as outdated instead. Returns how many were closed.
 */
export async function resolveFixedThreads(octokit: GitHubClient, pull: RepoRef & { pullNumber: number }, fixed: readonly OwnComment[]): Promise<number> {
  const threads = await reviewThreads(octokit, pull);
  let resolved = 0;
  for (const comment of fixed) {
    const thread = threads.get(comment.id);
    if (thread?.isResolved) continue;
    if (thread) {
      await octokit.graphql(RESOLVE_THREAD, { threadId: thread.id });
    } else {
      await octokit.graphql(MINIMIZE_COMMENT, { subjectId: comment.nodeId });
    }
    resolved += 1;
  }
  return resolved;
}

/** Review threads of the pull request by the database id of their first comment (at most 20 pages of 100). */
async function reviewThreads(octokit: GitHubClient, pull: RepoRef & { pullNumber: number }): Promise<Map<number, ThreadState>> {
  const threads = new Map<number, ThreadState>();
  let cursor: string | null = null;
  for (let page = 0; page < 20; page++) {
    const data: ThreadsResponse = await octokit.graphql<ThreadsResponse>(REVIEW_THREADS, { owner: pull.owner, repo: pull.repo, number: pull.pullNumber, cursor });
    const connection = data.repository?.pullRequest?.reviewThreads;
    if (!connection) break;
    for (const thread of connection.nodes) {
      const first = thread.comments.nodes[0];
      if (first?.databaseId) threads.set(first.databaseId, { id: thread.id, isResolved: thread.isResolved });
    }
    if (!connection.pageInfo.hasNextPage) break;
    cursor = connection.pageInfo.endCursor;
  }
  return threads;
}

interface ThreadsResponse {
  repository: {
    pullRequest: {
      reviewThreads: {
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        nodes: Array<{ id: string; isResolved: boolean; comments: { nodes: Array<{ databaseId: number | null }> } }>;
      } | null;
    } | null;
  } | null;
}

const REVIEW_THREADS = `query ($owner: String!, $repo: String!, $number: Int!, $cursor: String) {
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      reviewThreads(first: 100, after: $cursor) {
        pageInfo { hasNextPage endCursor }
        nodes { id isResolved comments(first: 1) { nodes { databaseId } } }
      }
    }
  }
}`;

const RESOLVE_THREAD = `mutation ($threadId: ID!) { resolveReviewThread(input: { threadId: $threadId }) { thread { id isResolved } } }`;

const MINIMIZE_COMMENT = `mutation ($subjectId: ID!) { minimizeComment(input: { subjectId: $subjectId, classifier: OUTDATED }) { minimizedComment { isMinimized } } }`;

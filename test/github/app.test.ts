// The app end to end through HTTP mocks: real webhook payloads in, the exact GitHub requests out.
import nock from 'nock';
import { fingerprint } from '../../src/core/fingerprint.js';
import { API, BOT, createTestApp, examplePayload, fileWith, githubPatch, nockAuth, nockConfig, nockPullRequestFiles, type PullRequestFixture } from './harness.js';

const OWNER = 'Codertocat';
const REPO = 'Hello-World';
const REPO_PATH = `/repos/${OWNER}/${REPO}`;
const HEAD = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
const BASE = 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- request bodies and payloads are arbitrary JSON the tests poke into
type Body = Record<string, any>;

/** Every request nock answered, in order, as "METHOD path". */
let calls: string[];
let unmatched: string[];

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
beforeEach(() => {
  calls = [];
  unmatched = [];
  nock.emitter.on('no match', (request: { method?: string; path?: string; options?: { method?: string; path?: string } }) => {
    unmatched.push(`${request.method ?? request.options?.method} ${request.path ?? request.options?.path}`);
  });
});
afterEach(() => {
  nock.emitter.removeAllListeners('no match');
  nock.cleanAll();
});

function record(scope: nock.Scope): nock.Scope {
  scope.on('request', (request: { method: string; path: string }) => calls.push(`${request.method} ${request.path.split('?')[0]}`));
  return scope;
}

function pullFixture(files: PullRequestFixture['files']): PullRequestFixture {
  return { owner: OWNER, repo: REPO, number: 2, baseSha: BASE, headSha: HEAD, files };
}

const ordersBase = fileWith(40, { 3: 'const a = SINK(order);' });
const ordersHead = fileWith(40, { 3: 'const a = SINK(order);', 30: 'const b = SOURCE(order) + RISK(token);' });

function nockCheckRunStart(existing: Body[] = []): nock.Scope {
  return nock(API)
    .get(`${REPO_PATH}/commits/${HEAD}/check-runs`)
    .query({ check_name: 'prodrisk', app_id: '123', filter: 'latest', per_page: '10' })
    .reply(200, { total_count: existing.length, check_runs: existing })
    .post(`${REPO_PATH}/check-runs`, (body: Body) => body.name === 'prodrisk' && body.head_sha === HEAD && body.status === 'in_progress')
    .reply(201, { id: 42 });
}

function nockExistingFeedback(comments: Body[] = [], reviews: Body[] = []): nock.Scope {
  return nock(API).get(`${REPO_PATH}/pulls/2/comments`).query({ per_page: 100 }).reply(200, comments).get(`${REPO_PATH}/pulls/2/reviews`).query({ per_page: 100 }).reply(200, reviews);
}

/** The requests every review of the orders change makes before it publishes: token, check run, config, files, earlier feedback. */
function ordersReviewStart(): nock.Scope[] {
  return [
    nockAuth(),
    nockCheckRunStart(),
    nockConfig(OWNER, REPO, 'master'),
    nockPullRequestFiles(pullFixture([{ path: 'src/api/orders.ts', base: ordersBase, head: ordersHead }])),
    nockExistingFeedback(),
  ];
}

async function deliver(app: Awaited<ReturnType<typeof createTestApp>>, name: string, payload: Body, id = 'delivery-1'): Promise<void> {
  await app.probot.receive({ id, name, payload } as never);
  await app.runner.idle();
}

describe('pull_request.opened', () => {
  it('creates the check run in progress at once, comments only on diff lines, moves the rest to the body, and completes with failure', async () => {
    const app = await createTestApp();
    const reviews: Body[] = [];
    const checkRunUpdates: Body[] = [];
    const scopes = [
      ...ordersReviewStart(),
      nock(API)
        .post(`${REPO_PATH}/pulls/2/reviews`, (body: Body) => reviews.push(body) > 0)
        .reply(200, { id: 1 })
        .patch(`${REPO_PATH}/check-runs/42`, (body: Body) => checkRunUpdates.push(body) > 0)
        .reply(200, { id: 42 }),
    ].map(record);

    await deliver(app, 'pull_request', examplePayload('pull_request', 'opened'));

    for (const scope of scopes) expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
    // Pending before anything is read; completed last.
    expect(calls.indexOf(`POST ${REPO_PATH}/check-runs`)).toBeLessThan(calls.indexOf(`GET ${REPO_PATH}/pulls/2/files`));
    expect(calls.at(-1)).toBe(`PATCH ${REPO_PATH}/check-runs/42`);

    expect(reviews).toHaveLength(1);
    const [review] = reviews;
    expect(review!.event).toBe('COMMENT');
    expect(review!.commit_id).toBe(HEAD);
    expect(review!.comments).toEqual([expect.objectContaining({ path: 'src/api/orders.ts', line: 30, side: 'RIGHT' })]);
    const inline = review!.comments[0].body as string;
    expect(inline).toContain('`token` is risky in production.');
    expect(inline).toContain(`<!-- prodrisk:fingerprint=${fingerprint('test-risk', 'src/api/orders.ts', 'risk:token', 0)} -->`);
    expect(inline).toContain(`[src/api/orders.ts:30](https://github.com/${OWNER}/${REPO}/blob/${HEAD}/src/api/orders.ts#L30)`);
    expect(inline).toContain('prodrisk-ignore test-risk: <why this is safe>');
    // Line 3 is outside every hunk: GitHub would reject the whole review, so it is told in the body.
    expect(review!.body).toContain('### Not on a line of the diff');
    expect(review!.body).toContain('`order` reaches a sink.');
    expect(review!.body).toContain(`<!-- prodrisk:fingerprint=${fingerprint('test-risk', 'src/api/orders.ts', 'sink:order', 0)} -->`);

    expect(checkRunUpdates).toHaveLength(1);
    const [completion] = checkRunUpdates;
    expect(completion).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(completion!.output.title).toBe('2 high+ findings block this merge');
    expect(completion!.output.summary).toContain('❌ 2 findings at or above high block this merge');
    expect(completion!.output.annotations).toEqual([
      expect.objectContaining({ path: 'src/api/orders.ts', start_line: 3, annotation_level: 'failure' }),
      expect.objectContaining({ path: 'src/api/orders.ts', start_line: 30, annotation_level: 'failure' }),
    ]);

    const line = app.logs.find((entry) => entry.msg === 'review published');
    expect(line).toMatchObject({ deliveryId: 'delivery-1', repo: `${OWNER}/${REPO}`, pr: 2, headSha: HEAD, files: 1, findings: { critical: 0, high: 2, medium: 0, low: 0 }, conclusion: 'failure' });
    expect(line!.githubCalls).toBe(calls.length - 1); // GET /app is made once by the app's own client, not the event's
    expect(typeof line!.durationMs).toBe('number');
    expect(JSON.stringify(app.logs)).not.toContain('RISK(token)');
  });

  it('makes no second check run and no second review when the webhook is redelivered or the same head SHA comes again', async () => {
    const app = await createTestApp();
    const scopes = [
      ...ordersReviewStart(),
      nock(API).post(`${REPO_PATH}/pulls/2/reviews`).once().reply(200, { id: 1 }).patch(`${REPO_PATH}/check-runs/42`).reply(200, { id: 42 }),
    ];
    const payload = examplePayload('pull_request', 'opened');
    await deliver(app, 'pull_request', payload, 'delivery-1');
    await deliver(app, 'pull_request', payload, 'delivery-1');
    // A different delivery for the same head SHA (GitHub sends `reopened`, or a second replica got it).
    await deliver(app, 'pull_request', { ...payload, action: 'reopened' }, 'delivery-2');
    for (const scope of scopes) expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
    expect(app.logs.filter((entry) => entry.msg === 'redelivered webhook ignored')).toHaveLength(1);
    expect(app.logs.filter((entry) => entry.msg === 'head SHA already reviewed; nothing to do')).toHaveLength(1);
  });

  it('after a restart, finds its completed check run for the head SHA and reviews nothing again', async () => {
    const app = await createTestApp();
    const scopes = [
      nockAuth(),
      nock(API)
        .get(`${REPO_PATH}/commits/${HEAD}/check-runs`)
        .query(true)
        .reply(200, { total_count: 1, check_runs: [{ id: 7, name: 'prodrisk', status: 'completed', conclusion: 'failure', app: { id: 123 } }] }),
    ];
    await deliver(app, 'pull_request', examplePayload('pull_request', 'opened'));
    for (const scope of scopes) expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('still completes the check run when GitHub answers 422 to the review', async () => {
    const app = await createTestApp();
    const updates: Body[] = [];
    const scopes = [
      ...ordersReviewStart(),
      nock(API)
        .post(`${REPO_PATH}/pulls/2/reviews`, (body: Body) => body.comments.length === 1)
        .reply(422, { message: 'Unprocessable Entity', errors: ['Line could not be resolved'] })
        // The retry puts every finding in the body, so no anchor can be refused.
        .post(`${REPO_PATH}/pulls/2/reviews`, (body: Body) => body.comments.length === 0 && body.body.includes('`token` is risky'))
        .reply(422, { message: 'Unprocessable Entity' })
        .patch(`${REPO_PATH}/check-runs/42`, (body: Body) => updates.push(body) > 0)
        .reply(200, { id: 42 }),
    ];
    await deliver(app, 'pull_request', examplePayload('pull_request', 'opened'));
    for (const scope of scopes) expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(updates[0]!.output.title).toContain('the review could not be posted');
  });

  it('keeps the failure verdict when GitHub refuses the annotations, completing without them', async () => {
    const app = await createTestApp();
    const updates: Body[] = [];
    const scopes = [
      ...ordersReviewStart(),
      nock(API)
        .post(`${REPO_PATH}/pulls/2/reviews`)
        .reply(200, { id: 1 })
        .patch(`${REPO_PATH}/check-runs/42`, (body: Body) => updates.push(body) > 0 && body.output.annotations !== undefined)
        .reply(422, { message: 'Invalid annotation' })
        .patch(`${REPO_PATH}/check-runs/42`, (body: Body) => updates.push(body) > 0 && body.output.annotations === undefined)
        .reply(200, { id: 42 }),
    ];
    await deliver(app, 'pull_request', examplePayload('pull_request', 'opened'));
    for (const scope of scopes) expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
    expect(updates).toHaveLength(2);
    // Not the onError conclusion (neutral), which would let a blocking finding through.
    expect(updates[1]).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(updates[1]!.output.title).toBe('2 high+ findings block this merge (annotations could not be added: Invalid annotation)');
    expect(updates[1]!.output.summary).toContain('❌ 2 findings at or above high block this merge');
  });

  it('sends annotations in batches of at most 50, the last one completing the check run', async () => {
    const app = await createTestApp();
    const head = fileWith(120, Object.fromEntries(Array.from({ length: 120 }, (_, index) => [index + 1, `const v${index} = RISK(r${index});`])));
    const updates: Body[] = [];
    const scopes = [
      nockAuth(),
      nockCheckRunStart(),
      nockConfig(OWNER, REPO, 'master'),
      nockPullRequestFiles(pullFixture([{ path: 'src/many.ts', head }])),
      nockExistingFeedback(),
      nock(API)
        .post(`${REPO_PATH}/pulls/2/reviews`, (body: Body) => body.comments.length === 30 && (body.body as string).includes('over the 30 inline comments'))
        .reply(200, { id: 1 })
        .patch(`${REPO_PATH}/check-runs/42`, (body: Body) => updates.push(body) > 0)
        .times(3)
        .reply(200, { id: 42 }),
    ];
    await deliver(app, 'pull_request', examplePayload('pull_request', 'opened'));
    for (const scope of scopes) expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
    expect(updates.map((update) => update.output.annotations.length)).toEqual([50, 50, 20]);
    expect(updates.map((update) => update.status)).toEqual([undefined, undefined, 'completed']);
    expect(updates[2]!.conclusion).toBe('failure');
  });

  it('reports an invalid base config on the check run and reviews nothing', async () => {
    const app = await createTestApp();
    const updates: Body[] = [];
    const scopes = [
      nockAuth(),
      nockCheckRunStart(),
      nockConfig(OWNER, REPO, 'master', 'failOn: extreme\nrules:\n  test-risk: maybe\n'),
      nock(API).patch(`${REPO_PATH}/check-runs/42`, (body: Body) => updates.push(body) > 0).reply(200, { id: 42 }),
    ];
    await deliver(app, 'pull_request', examplePayload('pull_request', 'opened'));
    for (const scope of scopes) expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
    expect(updates[0]).toMatchObject({ status: 'completed', conclusion: 'neutral' });
    expect(updates[0]!.output.title).toBe('Invalid config: 2 problems in .github/prodrisk.yml on master (base branch)');
    expect(updates[0]!.output.summary).toContain('- failOn: ');
    expect(updates[0]!.output.summary).toContain('- rules.test-risk: expected off, on, a severity');
  });

  it('uses the base branch config and ignores the pull request’s own change to it (which is itself a finding)', async () => {
    const app = await createTestApp();
    const baseConfig = 'failOn: high\nrules:\n  test-risk: high\n';
    const headConfig = 'failOn: critical\nrules:\n  test-risk: off\n';
    const reviews: Body[] = [];
    const updates: Body[] = [];
    const scopes = [
      nockAuth(),
      nockCheckRunStart(),
      nockConfig(OWNER, REPO, 'master', baseConfig),
      nockPullRequestFiles(
        pullFixture([
          { path: '.github/prodrisk.yml', base: baseConfig, head: headConfig },
          { path: 'src/api/orders.ts', base: ordersBase, head: ordersHead },
        ]),
      ),
      nockExistingFeedback(),
      nock(API)
        .post(`${REPO_PATH}/pulls/2/reviews`, (body: Body) => reviews.push(body) > 0)
        .reply(200, { id: 1 })
        .patch(`${REPO_PATH}/check-runs/42`, (body: Body) => updates.push(body) > 0)
        .reply(200, { id: 42 }),
    ];
    await deliver(app, 'pull_request', examplePayload('pull_request', 'opened'));
    for (const scope of scopes) expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
    const annotations = updates[0]!.output.annotations as Body[];
    expect(annotations.map((annotation) => `${annotation.title}@${annotation.path}:${annotation.start_line}`).sort()).toEqual([
      'config-weakened (high)@.github/prodrisk.yml:1',
      'config-weakened (high)@.github/prodrisk.yml:3',
      'test-risk (high)@src/api/orders.ts:3',
      'test-risk (high)@src/api/orders.ts:30',
    ]);
    expect(updates[0]).toMatchObject({ conclusion: 'failure' });
    expect(updates[0]!.output.summary).toContain('Config: `.github/prodrisk.yml` on `master` (base branch).');
    const inline = reviews[0]!.comments as Body[];
    expect(inline.map((comment) => `${comment.path}:${comment.line}`).sort()).toEqual(['.github/prodrisk.yml:1', '.github/prodrisk.yml:3', 'src/api/orders.ts:30']);
    expect(inline.find((comment) => comment.path === '.github/prodrisk.yml' && comment.line === 3)!.body).toContain('# prodrisk-ignore config-weakened: <why this is safe>');
  });
});

describe('a webhook that fails before its check run exists', () => {
  it('logs one line without the payload, and handles a redelivery of it again', async () => {
    const app = await createTestApp();
    const payload = examplePayload('pull_request', 'opened');
    const scopes = [
      // The app's identity is looked up first, with the app's own token.
      nock(API).get('/app').reply(502, { message: 'Bad Gateway' }),
    ];
    await deliver(app, 'pull_request', payload, 'delivery-9');
    for (const scope of scopes) expect(scope.isDone()).toBe(true);
    expect(app.logs.filter((entry) => entry.level === 50)).toEqual([
      expect.objectContaining({ deliveryId: 'delivery-9', event: 'pull_request.opened', repo: `${OWNER}/${REPO}`, status: 502, msg: 'webhook could not be handled' }),
    ]);
    expect(JSON.stringify(app.logs)).not.toContain(payload.pull_request.body);

    // GitHub's "Redeliver" (same delivery id) is not taken for a duplicate: the review runs this time.
    const retry = [nockAuth(), nockCheckRunStart(), nockConfig(OWNER, REPO, 'master', 'failOn: extreme\n'), nock(API).patch(`${REPO_PATH}/check-runs/42`).reply(200, { id: 42 })];
    await deliver(app, 'pull_request', payload, 'delivery-9');
    for (const scope of retry) expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });
});

describe('a pull request from a fork', () => {
  it('reads everything from the base repository by SHA, never from the fork', async () => {
    const app = await createTestApp();
    const payload = examplePayload('pull_request', 'opened');
    payload.pull_request.head.repo = { ...payload.pull_request.head.repo, full_name: 'mallory/Hello-World', name: 'Hello-World', owner: { login: 'mallory' }, fork: true };
    payload.pull_request.head.label = 'mallory:changes';
    const updates: Body[] = [];
    const scopes = [
      ...ordersReviewStart(),
      nock(API)
        .post(`${REPO_PATH}/pulls/2/reviews`)
        .reply(200, { id: 1 })
        .patch(`${REPO_PATH}/check-runs/42`, (body: Body) => updates.push(body) > 0)
        .reply(200, { id: 42 }),
    ].map(record);
    await deliver(app, 'pull_request', payload);
    for (const scope of scopes) expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
    expect(calls.filter((call) => call.includes('/repos/') && !call.includes(`${REPO_PATH}/`) && !call.includes('/repos/Codertocat/.github/'))).toEqual([]);
    expect(updates[0]).toMatchObject({ conclusion: 'failure' });
  });
});

describe('pull_request.synchronize', () => {
  it('does not re-post findings already commented on, resolves the threads of fixed ones, and never touches other people’s comments', async () => {
    const app = await createTestApp();
    const path = 'src/api/orders.ts';
    const stillThere = fingerprint('test-risk', path, 'risk:token', 0);
    const fixedOne = fingerprint('test-risk', path, 'risk:password', 0);
    const headText = fileWith(40, { 30: 'const b = RISK(token);', 35: 'const c = RISK(session);' });
    const reviews: Body[] = [];
    const graphql: Body[] = [];
    const scopes = [
      nockAuth(),
      nockCheckRunStart(),
      nockConfig(OWNER, REPO, 'master'),
      nockPullRequestFiles(pullFixture([{ path, base: fileWith(40), head: headText }])),
      nockExistingFeedback(
        [
          { id: 11, node_id: 'PRRC_11', path, user: { login: BOT }, body: `old\n<!-- prodrisk:fingerprint=${stillThere} -->` },
          { id: 12, node_id: 'PRRC_12', path, user: { login: BOT }, body: `fixed since\n<!-- prodrisk:fingerprint=${fixedOne} -->` },
          // Someone else's comment quoting a marker: never resolved or minimized.
          { id: 13, node_id: 'PRRC_13', path, user: { login: 'mallory' }, body: `<!-- prodrisk:fingerprint=${fingerprint('test-risk', path, 'risk:gone', 0)} -->` },
          // The app's own comment without a marker (not a finding): left alone.
          { id: 14, node_id: 'PRRC_14', path, user: { login: BOT }, body: 'thanks!' },
          // A fixed finding whose thread GraphQL does not list: its comment is minimized as outdated instead.
          { id: 15, node_id: 'PRRC_15', path, user: { login: BOT }, body: `<!-- prodrisk:fingerprint=${fingerprint('test-risk', path, 'risk:old', 0)} -->` },
        ],
        [{ id: 5, user: { login: BOT }, commit_id: BASE, body: 'earlier review' }],
      ),
      nock(API)
        .post(`${REPO_PATH}/pulls/2/reviews`, (body: Body) => reviews.push(body) > 0)
        .reply(200, { id: 2 })
        .post('/graphql', (body: Body) => graphql.push(body) > 0 && (body.query as string).includes('reviewThreads'))
        .reply(200, {
          data: {
            repository: {
              pullRequest: {
                reviewThreads: {
                  pageInfo: { hasNextPage: false, endCursor: null },
                  nodes: [
                    { id: 'THREAD_11', isResolved: false, comments: { nodes: [{ databaseId: 11 }] } },
                    { id: 'THREAD_12', isResolved: false, comments: { nodes: [{ databaseId: 12 }] } },
                    { id: 'THREAD_13', isResolved: false, comments: { nodes: [{ databaseId: 13 }] } },
                  ],
                },
              },
            },
          },
        })
        .post('/graphql', (body: Body) => graphql.push(body) > 0 && (body.query as string).includes('resolveReviewThread'))
        .reply(200, { data: { resolveReviewThread: { thread: { id: 'THREAD_12', isResolved: true } } } })
        .post('/graphql', (body: Body) => graphql.push(body) > 0 && (body.query as string).includes('minimizeComment'))
        .reply(200, { data: { minimizeComment: { minimizedComment: { isMinimized: true } } } })
        .patch(`${REPO_PATH}/check-runs/42`)
        .reply(200, { id: 42 }),
    ];
    await deliver(app, 'pull_request', examplePayload('pull_request', 'synchronize'));
    for (const scope of scopes) expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
    expect(reviews[0]!.comments).toEqual([expect.objectContaining({ path, line: 35 })]);
    expect(reviews[0]!.body).toContain('1 earlier finding still open');
    expect(graphql.filter((body) => (body.query as string).includes('mutation'))).toEqual([
      expect.objectContaining({ variables: { threadId: 'THREAD_12' } }),
      expect.objectContaining({ variables: { subjectId: 'PRRC_15' } }),
    ]);
    expect((graphql.at(-1)!.query as string)).toContain('classifier: OUTDATED');
    expect(app.logs.find((entry) => entry.msg === 'review published')).toMatchObject({ resolved: 2, inlineComments: 1 });
  });
});

describe('check_run.rerequested', () => {
  it('re-runs the review for the check run’s commit, finding its pull request when the payload lists none', async () => {
    const app = await createTestApp();
    const payload = examplePayload('check_run', 'rerequested');
    payload.check_run.name = 'prodrisk';
    const sha = payload.check_run.head_sha as string;
    const repoPath = '/repos/github/hello-world';
    const updates: Body[] = [];
    const base = fileWith(10);
    const head = fileWith(10, { 5: 'const safe = 5;' });
    const scopes = [
      nockAuth(),
      nock(API)
        .get(`${repoPath}/commits/${sha}/pulls`)
        .reply(200, [{ number: 9, state: 'open', draft: false, head: { sha }, base: { ref: 'main', sha: 'b'.repeat(40) } }])
        .get(`${repoPath}/commits/${sha}/check-runs`)
        .query(true)
        .reply(200, { total_count: 1, check_runs: [{ id: 4, name: 'prodrisk', status: 'completed', conclusion: 'neutral', app: { id: 123 } }] })
        // A re-run is a new check run, as GitHub expects.
        .post(`${repoPath}/check-runs`, (body: Body) => body.head_sha === sha && body.status === 'in_progress')
        .reply(201, { id: 43 }),
      nockConfig('github', 'hello-world', 'main'),
      nockPullRequestFiles({ owner: 'github', repo: 'hello-world', number: 9, baseSha: 'b'.repeat(40), headSha: sha, files: [{ path: 'src/a.ts', base, head }] }),
      nock(API)
        .get(`${repoPath}/pulls/9/comments`)
        .query(true)
        .reply(200, [])
        .get(`${repoPath}/pulls/9/reviews`)
        .query(true)
        .reply(200, [])
        .patch(`${repoPath}/check-runs/43`, (body: Body) => updates.push(body) > 0)
        .reply(200, { id: 43 }),
    ];
    await deliver(app, 'check_run', payload);
    for (const scope of scopes) expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
    expect(updates[0]).toMatchObject({ status: 'completed', conclusion: 'success', output: { title: 'No production risks found' } });
    expect(githubPatch(base, head)).toContain('+const safe = 5;');
  });

  it('ignores a re-requested check run of another name', async () => {
    const app = await createTestApp();
    await deliver(app, 'check_run', examplePayload('check_run', 'rerequested'));
    expect(unmatched).toEqual([]);
    expect(app.logs.some((entry) => entry.msg === 'rerequested check run is not prodrisk; ignored')).toBe(true);
  });
});

describe('check_suite.rerequested', () => {
  it('re-runs the review of each open pull request the suite lists, as a new check run', async () => {
    const app = await createTestApp();
    const payload = examplePayload('check_suite', 'rerequested');
    const updates: Body[] = [];
    const scopes = [
      nockAuth(957387),
      nock(API)
        .get(`${REPO_PATH}/pulls/2`)
        .reply(200, { number: 2, state: 'open', draft: false, head: { sha: HEAD }, base: { ref: 'master', sha: BASE } })
        .get(`${REPO_PATH}/commits/${HEAD}/check-runs`)
        .query(true)
        .reply(200, { total_count: 1, check_runs: [{ id: 41, name: 'prodrisk', status: 'completed', conclusion: 'failure', app: { id: 123 } }] })
        .post(`${REPO_PATH}/check-runs`)
        .reply(201, { id: 42 }),
      nockConfig(OWNER, REPO, 'master', 'failOn: sometimes\n'),
      nock(API).patch(`${REPO_PATH}/check-runs/42`, (body: Body) => updates.push(body) > 0).reply(200, { id: 42 }),
    ];
    await deliver(app, 'check_suite', payload);
    for (const scope of scopes) expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
    expect(updates[0]).toMatchObject({ status: 'completed', conclusion: 'neutral' });
  });
});

// The HTTP server as GitHub reaches it: GET /healthz, and a signed webhook POST that ends in GitHub requests.
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { Probot, ProbotOctokit } from 'probot';
import { pino } from 'pino';
import { createApp } from '../../src/github/index.js';
import { createAppServer } from '../../src/github/server.js';
import { API, APP_ID, examplePayload, privateKey } from './harness.js';

const SECRET = 'test-webhook-secret';

// The payload's pull request text: it must never reach the logs, signed or not.
const PAYLOAD_TEXT = 'This is a pretty simple change';

describe('createAppServer', () => {
  let baseUrl: string;
  let close: () => Promise<void>;
  let app: ReturnType<typeof createApp>;
  const logs: string[] = [];

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    const log = pino({ level: 'debug' }, { write: (line: string) => void logs.push(line) });
    const probot = new Probot({ appId: APP_ID, privateKey, secret: SECRET, log, Octokit: ProbotOctokit.defaults({ retry: { enabled: false }, throttle: { enabled: false } }) });
    app = createApp();
    const server = await createAppServer(probot, app.appFn, { webhookSecret: SECRET, maxBodyBytes: 64 * 1024 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise((resolve) => server.close(() => resolve()));
  });
  afterAll(async () => {
    await close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('answers GET /healthz', async () => {
    const response = await fetch(`${baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect((await fetch(`${baseUrl}/elsewhere`)).status).toBe(404);
  });

  it('rejects a webhook with a bad signature, logging one line without the payload', async () => {
    logs.length = 0;
    const body = JSON.stringify(examplePayload('pull_request', 'opened'));
    expect(body).toContain(PAYLOAD_TEXT);
    const response = await fetch(`${baseUrl}/api/github/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': 'pull_request', 'x-github-delivery': 'd-bad', 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` },
      body,
    });
    expect(response.status).toBe(400);
    expect(logs.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ deliveryId: 'd-bad', event: 'pull_request', msg: 'webhook signature does not match the secret; refused' }),
    ]);
    expect(logs.join('')).not.toContain(PAYLOAD_TEXT);
  });

  it('refuses a body over the size limit before buffering or verifying it', async () => {
    logs.length = 0;
    const response = await fetch(`${baseUrl}/api/github/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': 'pull_request', 'x-github-delivery': 'd-big', 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` },
      body: JSON.stringify({ filler: 'x'.repeat(200 * 1024) }),
    });
    expect(response.status).toBe(413);
    expect(logs.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['webhook body over the size limit; refused']);
  });

  it('accepts a correctly signed pull_request webhook and creates the check run before answering', async () => {
    const unmatched: string[] = [];
    // Requests to this test's own server pass through nock unmatched by design; only GitHub's count.
    nock.emitter.on('no match', (request: { method?: string; path?: string }) => {
      if (!request.path?.startsWith('/api/github/webhooks')) unmatched.push(`${request.method} ${request.path}`);
    });
    const payload = examplePayload('pull_request', 'opened');
    const body = JSON.stringify(payload);
    const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
    const repo = '/repos/Codertocat/Hello-World';
    const scope = nock(API)
      .post('/app/installations/1/access_tokens')
      .reply(201, { token: 'ghs_test', expires_at: '2099-01-01T00:00:00Z' })
      .get('/app')
      .reply(200, { id: APP_ID, slug: 'prodrisk' })
      .get(`${repo}/commits/${payload.pull_request.head.sha}/check-runs`)
      .query(true)
      .reply(200, { total_count: 0, check_runs: [] })
      .post(`${repo}/check-runs`)
      .reply(201, { id: 77 })
      // The config cannot be read: the check run still completes, as neutral, naming what failed.
      .get(`${repo}/contents/.github%2Fprodrisk.yml`)
      .query(true)
      .reply(500, { message: 'boom' })
      .patch(`${repo}/check-runs/77`, (update: { conclusion?: string; output?: { title?: string } }) => update.conclusion === 'neutral' && update.output?.title === 'prodrisk could not finish: loading the config failed')
      .reply(200, { id: 77 });
    const response = await fetch(`${baseUrl}/api/github/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': 'pull_request', 'x-github-delivery': 'd-1', 'x-hub-signature-256': signature },
      body,
    });
    expect(response.status).toBe(200);
    await app.runner.idle();
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
    expect(logs.join('')).not.toContain(PAYLOAD_TEXT);
  });
});

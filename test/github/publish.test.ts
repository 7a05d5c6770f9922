// The publisher's check-run writes on their own: whatever a caller passes (an error message, a list of config
// problems), GitHub's length limits are kept, so completing the check run never fails on length.
import nock from 'nock';
import { Publisher } from '../../src/github/publish.js';
import { API, BOT, APP_ID, installationClient } from './harness.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('Publisher.finishCheckRun', () => {
  it('cuts the title to 255 and the summary and text to 65,535 characters, with a note', async () => {
    const octokit = await installationClient();
    let sent: { output: { title: string; summary: string; text: string } } | undefined;
    const scope = nock(API)
      .patch('/repos/acme/shop/check-runs/5', (body: typeof sent) => (sent = body) !== undefined)
      .reply(200, { id: 5 });
    const publisher = new Publisher(octokit, { owner: 'acme', repo: 'shop' }, { login: BOT, appId: APP_ID });
    await publisher.finishCheckRun(5, 'neutral', { title: 't'.repeat(300), summary: 's'.repeat(70_000), text: 'x'.repeat(70_000) });
    expect(scope.isDone()).toBe(true);
    expect(sent!.output.title).toHaveLength(255);
    expect(sent!.output.title.endsWith('…')).toBe(true);
    expect(sent!.output.summary.length).toBeLessThanOrEqual(65_535);
    expect(sent!.output.summary).toContain('truncated to fit GitHub’s length limit');
    expect(sent!.output.text.length).toBeLessThanOrEqual(65_535);
  });
});

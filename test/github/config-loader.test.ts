// The config as the app reads it: from the base branch, with Probot's `_extends` for org defaults; broken YAML
// is the config's fault (reported on the check run), a GitHub failure is not (concluded as onError).
import nock from 'nock';
import { ConfigError } from '../../src/core/config.js';
import { loadBaseConfig } from '../../src/github/config-loader.js';
import { API, installationClient } from './harness.js';

const repository = { owner: 'acme', repo: 'shop' };
const yaml = { 'content-type': 'text/plain; charset=utf-8' };

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('loadBaseConfig', () => {
  it('merges the org defaults a base-branch file extends, the repository’s own settings winning', async () => {
    const octokit = await installationClient();
    const scope = nock(API)
      .get('/repos/acme/shop/contents/.github%2Fprodrisk.yml')
      .query({ ref: 'main' })
      .reply(200, '_extends: .github\nfailOn: critical\nrules:\n  hardcoded-secret: off\n', yaml)
      .get('/repos/acme/.github/contents/.github%2Fprodrisk.yml')
      .reply(200, 'failOn: medium\nonError: failure\nrules:\n  rls-bypass: critical\n', yaml);
    const loaded = await loadBaseConfig(octokit, repository, 'main');
    expect(scope.isDone()).toBe(true);
    expect(loaded.config).toMatchObject({ failOn: 'critical', onError: 'failure', rules: { 'rls-bypass': 'critical', 'hardcoded-secret': 'off' } });
    expect(loaded.source).toBe('`.github/prodrisk.yml` on `main` (base branch), extending `acme/.github:.github/prodrisk.yml`');
  });

  it('reports invalid YAML as a config problem, and rethrows a GitHub failure as it is', async () => {
    const octokit = await installationClient();
    const scope = nock(API)
      .get('/repos/acme/shop/contents/.github%2Fprodrisk.yml')
      .query({ ref: 'main' })
      .reply(200, 'failOn: [high\n', yaml)
      .get('/repos/acme/shop/contents/.github%2Fprodrisk.yml')
      .query({ ref: 'release' })
      .reply(503, { message: 'Service Unavailable' });
    const invalid = await loadBaseConfig(octokit, repository, 'main').catch((error: unknown) => error);
    expect(invalid).toBeInstanceOf(ConfigError);
    expect((invalid as ConfigError).problems).toEqual([expect.stringMatching(/^Configuration could not be parsed from .*prodrisk\.yml.* \(invalid YAML\)$/)]);
    const outage = await loadBaseConfig(octokit, repository, 'release').catch((error: unknown) => error);
    expect(outage).not.toBeInstanceOf(ConfigError);
    expect(outage).toMatchObject({ status: 503 });
    expect(scope.isDone()).toBe(true);
  });
});

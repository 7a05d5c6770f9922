// The review's config, always read from the pull request's BASE branch (a PR cannot switch its own checks off),
// through Probot's config plugin so `_extends: org/.github` and the org's `.github` repository work as in any
// Probot app.
import { ConfigError, validateConfig, type Config } from '../core/config.js';
import { errorMessage, type GitHubClient, type RepoRef } from './client.js';

export const CONFIG_PATH = '.github/prodrisk.yml';

export interface LoadedConfig {
  config: Config;
  /** Where it came from, for the report: "`.github/prodrisk.yml` on `main` (base branch)". */
  source: string;
}

type ConfigObject = Record<string, unknown>;

const PLUGIN_ERROR_PREFIX = '[@probot/octokit-plugin-config]';

export async function loadBaseConfig(octokit: GitHubClient, repository: RepoRef, baseRef: string): Promise<LoadedConfig> {
  const where = `\`${CONFIG_PATH}\` on \`${baseRef}\``;
  let loaded: { config: ConfigObject; files: Array<{ owner: string; repo: string; path: string; config: ConfigObject | null }> };
  try {
    loaded = await octokit.config.get<ConfigObject>({
      owner: repository.owner,
      repo: repository.repo,
      path: CONFIG_PATH,
      branch: baseRef,
      // Files arrive org defaults first, the repository's own file last: later files win.
      defaults: (configs) => configs.reduce<ConfigObject>((merged, config) => mergeConfig(merged, config), {}),
    });
  } catch (error) {
    // The plugin's own errors are the config's fault (invalid YAML, a bad `_extends`, a recursion); anything
    // else (GitHub down, no access) is a failure to load, which the runner concludes as `onError` says.
    const message = errorMessage(error);
    if (!message.startsWith(PLUGIN_ERROR_PREFIX)) throw error;
    throw new ConfigError(where, [message.slice(PLUGIN_ERROR_PREFIX.length).trim()]);
  }
  const found = loaded.files.filter((file) => file.config !== null);
  const source = describeSource(found, repository, baseRef);
  if (found.length === 0) return { config: validateConfig(undefined, source), source };
  return { config: validateConfig(loaded.config, source), source };
}

function describeSource(found: Array<{ owner: string; repo: string; path: string }>, repository: RepoRef, baseRef: string): string {
  if (found.length === 0) return `defaults (no \`${CONFIG_PATH}\` on \`${baseRef}\`)`;
  return found
    .map((file) =>
      file.owner === repository.owner && file.repo === repository.repo
        ? `\`${file.path}\` on \`${baseRef}\` (base branch)`
        : `\`${file.owner}/${file.repo}:${file.path}\``,
    )
    .join(', extending ');
}

/** Deep merge where `override` wins; arrays are replaced, not concatenated (a repo narrows the org's lists). */
export function mergeConfig(base: ConfigObject, override: ConfigObject): ConfigObject {
  const merged: ConfigObject = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = merged[key];
    merged[key] = isPlainObject(current) && isPlainObject(value) ? mergeConfig(current, value) : value;
  }
  return merged;
}

function isPlainObject(value: unknown): value is ConfigObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// config-weakened: a pull request that loosens `.github/prodrisk.yml` is itself a finding. The app always reviews
// with the base branch's config, so a PR cannot switch its own checks off; this makes the loosening visible
// (and blocking by default) before it reaches the base branch and applies to every later PR.
import { ConfigError, defaultConfig, parseConfig, type Config } from '../../src/core/config.js';
import { createRule } from '../../src/core/rule.js';
import type { Severity } from '../../src/core/types.js';
import { findWeakenings, type WeakeningKind } from './weakenings.js';
import { linesOfSetting } from './yaml-lines.js';

const CONFIG_FILE = /^\.github\/prodrisk\.ya?ml$/;

const SEVERITY: Record<WeakeningKind | 'invalidConfig', Severity> = {
  ruleDisabled: 'high',
  failOnRaised: 'high',
  pathsIgnored: 'high',
  invalidConfig: 'high',
  severityLowered: 'medium',
  onErrorLoosened: 'medium',
  draftsSkipped: 'low',
};

const NOTE: Record<WeakeningKind, string> = {
  ruleDisabled: 'rule switched off',
  severityLowered: 'severity lowered',
  failOnRaised: '`failOn` raised',
  pathsIgnored: 'files excluded from review',
  onErrorLoosened: '`onError` loosened to neutral',
  draftsSkipped: 'drafts no longer reviewed',
};

export default createRule({
  meta: {
    id: 'config-weakened',
    description: 'A pull request that loosens .github/prodrisk.yml (a rule switched off, a severity lowered, failOn raised, paths ignored, onError or drafts loosened).',
    severity: 'high',
    messages: {
      ruleDisabled: 'This switches `{{rule}}` off for the whole repository: once merged, no pull request here is checked for it.',
      severityLowered: 'This lowers `{{rule}}` from {{from}} to {{to}}, so its findings {{effect}}.',
      failOnRaised: 'This raises `failOn` from {{from}} to {{to}}: {{released}} findings stop blocking merges.',
      pathsIgnored: 'This adds `{{glob}}` to `paths.ignore`: matching files are never reviewed again.',
      onErrorLoosened: 'This changes `onError` from failure to neutral: when prodrisk cannot finish a review, the merge is no longer blocked.',
      draftsSkipped: 'This makes prodrisk skip draft pull requests; they are reviewed only once marked ready.',
      invalidConfig: 'This config is invalid ({{problems}}): once merged, prodrisk cannot review any pull request here and its check completes without a verdict.',
    },
  },
  appliesTo: (file) => CONFIG_FILE.test(file.path),
  async check(context) {
    const { file } = context;
    const head = readConfig(file.headText);
    const firstChange = firstChangedLine(file.changedLines);
    if (head instanceof ConfigError) {
      context.report({
        messageId: 'invalidConfig',
        data: { problems: head.problems.slice(0, 5).join('; ') },
        ...(firstChange !== undefined ? { line: firstChange } : { baseLine: 1 }),
        severity: SEVERITY.invalidConfig,
        flow: [{ path: file.path, line: firstChange ?? 1, note: 'the config does not validate' }],
        fix: 'Fix the listed fields; `prodrisk review` runs the same validation locally.',
        key: 'invalid',
      });
      return;
    }
    // A base that is missing or invalid means the defaults applied before this change.
    const baseConfig = readConfig(file.baseText);
    const base = baseConfig instanceof ConfigError ? defaultConfig : baseConfig;
    const { ruleById } = await import('../index.js');
    const weakenings = findWeakenings(base, head, (ruleId) => ruleById(ruleId)?.meta.severity);
    for (const weakening of weakenings) {
      const anchor = anchorFor(file.headText, file.baseText, weakening.path, file.changedLines);
      context.report({
        messageId: weakening.kind,
        data: weakening.data,
        ...anchor,
        severity: SEVERITY[weakening.kind],
        flow: [{ path: file.path, line: 'line' in anchor ? anchor.line : context.headLineForBaseLine(anchor.baseLine), note: NOTE[weakening.kind] }],
        fix: 'If this is intended, keep it and record why: `# prodrisk-ignore config-weakened: <reason>` on the line above, so reviewers approve the decision, not just the diff.',
        key: weakening.key,
      });
    }
  },
});

function readConfig(text: string | undefined): Config | ConfigError {
  if (text === undefined) return defaultConfig;
  try {
    return parseConfig(text);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
}

function firstChangedLine(changed: ReadonlySet<number>): number | undefined {
  return changed.size > 0 ? Math.min(...changed) : undefined;
}

/** The changed head line that made the setting weaker; else where the setting was in the base (removed code). */
function anchorFor(
  headText: string | undefined,
  baseText: string | undefined,
  path: Array<string | number>,
  changed: ReadonlySet<number>,
): { line: number } | { baseLine: number } {
  const inHead = headText !== undefined ? linesOfSetting(headText, path) : undefined;
  if (inHead) {
    for (let line = inHead.line; line <= inHead.endLine; line++) if (changed.has(line)) return { line };
    return { line: inHead.line };
  }
  const inBase = baseText !== undefined ? linesOfSetting(baseText, path) : undefined;
  if (inBase) return { baseLine: inBase.line };
  const first = firstChangedLine(changed);
  return first !== undefined ? { line: first } : { baseLine: 1 };
}

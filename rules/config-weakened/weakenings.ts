// What a change to `.github/prodrisk.yml` loosens, compared setting by setting. Pure: two configs in, a list of
// weakenings out, each naming the YAML path where it shows (to anchor the finding on its line).
import { ruleSetting, type Config } from '../../src/core/config.js';
import { SEVERITIES, SEVERITY_RANK, type Severity } from '../../src/core/types.js';

export type WeakeningKind = 'ruleDisabled' | 'severityLowered' | 'failOnRaised' | 'pathsIgnored' | 'onErrorLoosened' | 'draftsSkipped';

export interface Weakening {
  kind: WeakeningKind;
  /** Where in the YAML it shows: ['rules', id], ['failOn'], ['paths', 'ignore', glob]… */
  path: Array<string | number>;
  data: Record<string, string>;
  /** What makes it the same weakening across pushes. */
  key: string;
}

/** The default severity of a rule, when known (rules ship their own). */
export type DefaultSeverity = (ruleId: string) => Severity | undefined;

export function findWeakenings(base: Config, head: Config, defaultSeverity: DefaultSeverity): Weakening[] {
  const found: Weakening[] = [];
  const ruleIds = [...new Set([...Object.keys(base.rules), ...Object.keys(head.rules)])].sort();
  for (const ruleId of ruleIds) {
    const before = ruleSetting(base, ruleId);
    const after = ruleSetting(head, ruleId);
    if (before.enabled && !after.enabled) {
      found.push({ kind: 'ruleDisabled', path: ['rules', ruleId], data: { rule: ruleId }, key: `rule:${ruleId}` });
      continue;
    }
    if (!before.enabled || !after.enabled) continue;
    const from = before.severity ?? defaultSeverity(ruleId);
    const to = after.severity ?? defaultSeverity(ruleId);
    if (from && to && SEVERITY_RANK[to] < SEVERITY_RANK[from]) {
      const stopsBlocking = SEVERITY_RANK[from] >= SEVERITY_RANK[base.failOn] && SEVERITY_RANK[to] < SEVERITY_RANK[head.failOn];
      found.push({
        kind: 'severityLowered',
        path: ['rules', ruleId],
        data: { rule: ruleId, from, to, effect: stopsBlocking ? 'no longer block merges' : 'rank lower in every report' },
        key: `severity:${ruleId}`,
      });
    }
  }
  if (SEVERITY_RANK[head.failOn] > SEVERITY_RANK[base.failOn]) {
    const released = SEVERITIES.filter((severity) => SEVERITY_RANK[severity] >= SEVERITY_RANK[base.failOn] && SEVERITY_RANK[severity] < SEVERITY_RANK[head.failOn]);
    found.push({ kind: 'failOnRaised', path: ['failOn'], data: { from: base.failOn, to: head.failOn, released: released.join(' and ') }, key: 'failOn' });
  }
  const ignoredBefore = new Set(base.paths.ignore);
  for (const glob of head.paths.ignore) {
    if (!ignoredBefore.has(glob)) found.push({ kind: 'pathsIgnored', path: ['paths', 'ignore', glob], data: { glob }, key: `ignore:${glob}` });
  }
  if (base.onError === 'failure' && head.onError === 'neutral') {
    found.push({ kind: 'onErrorLoosened', path: ['onError'], data: {}, key: 'onError' });
  }
  if (base.drafts === 'review' && head.drafts === 'skip') {
    found.push({ kind: 'draftsSkipped', path: ['drafts'], data: {}, key: 'drafts' });
  }
  return found;
}

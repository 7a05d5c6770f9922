import { code, RuleTester } from '../../test/rule-tester.js';
import rule from './rule.js';

const CONFIG = '.github/prodrisk.yml';

new RuleTester().run(rule, {
  valid: [
    { name: 'a config that only tightens: failOn lowered, a rule raised', filename: CONFIG, baseCode: 'failOn: high\n', code: code`
        failOn: medium
        rules:
          rls-bypass: critical
      ` },
    { name: 'a new config that keeps every default', filename: CONFIG, code: code`
        failOn: high
        authGuards: [requireSession]
      ` },
    { name: 'switching a rule back on', filename: CONFIG, baseCode: 'rules:\n  rls-bypass: off\n', code: 'rules:\n  rls-bypass: on\n' },
    { name: 'narrowing paths.ignore', filename: CONFIG, baseCode: 'paths:\n  ignore: ["legacy/**", "scripts/**"]\n', code: 'paths:\n  ignore: ["legacy/**"]\n' },
    { name: 'onError neutral → failure is stricter', filename: CONFIG, baseCode: 'onError: neutral\n', code: 'onError: failure\n' },
    { name: 'a YAML file elsewhere is not the config', filename: '.github/workflows/ci.yml', baseCode: 'rules: {}\n', code: 'rules:\n  rls-bypass: off\n' },
    { name: 'a reasoned suppression', filename: CONFIG, baseCode: 'failOn: high\n', code: code`
        failOn: high
        rules:
          # prodrisk-ignore config-weakened: this repository holds no server code, RLS rules do not apply
          rls-bypass: off
      ` },
    { name: 'a severity written out equal to the default', filename: CONFIG, baseCode: '{}\n', code: 'rules:\n  rls-bypass: critical\n' },
  ],
  invalid: [
    { name: 'a rule switched off', filename: CONFIG, baseCode: 'failOn: high\n', code: code`
        failOn: high
        rules:
          client-trusted-id: off
      `, errors: [{ line: 3, messageId: 'ruleDisabled', severity: 'high' }] },
    { name: 'a rule disabled through its object form', filename: CONFIG, baseCode: 'rules:\n  missing-auth-check:\n    severity: high\n', code: 'rules:\n  missing-auth-check:\n    enabled: false\n', errors: [{ line: 3, messageId: 'ruleDisabled' }] },
    { name: 'a severity lowered below failOn', filename: CONFIG, baseCode: 'rules:\n  client-trusted-id: high\n', code: 'rules:\n  client-trusted-id: low\n', errors: [{ line: 2, messageId: 'severityLowered', severity: 'medium', message: 'no longer block merges' }] },
    { name: 'failOn raised', filename: CONFIG, baseCode: 'failOn: medium\n', code: 'failOn: critical\n', errors: [{ line: 1, messageId: 'failOnRaised', message: 'high and medium findings stop blocking' }] },
    { name: 'failOn removed (back to the default high)', filename: CONFIG, baseCode: 'failOn: low\nauthGuards: [requireUser]\n', code: 'authGuards: [requireUser]\n', errors: [{ line: 1, messageId: 'failOnRaised' }] },
    { name: 'paths.ignore widened', filename: CONFIG, baseCode: 'paths:\n  ignore:\n    - "legacy/**"\n', code: 'paths:\n  ignore:\n    - "legacy/**"\n    - "src/api/**"\n', errors: [{ line: 4, messageId: 'pathsIgnored', message: '`src/api/**`' }] },
    { name: 'onError and drafts loosened', filename: CONFIG, baseCode: 'onError: failure\ndrafts: review\n', code: 'onError: neutral\ndrafts: skip\n', errors: [
      { line: 1, messageId: 'onErrorLoosened', severity: 'medium' },
      { line: 2, messageId: 'draftsSkipped', severity: 'low' },
    ] },
    { name: 'a config that no longer validates', filename: CONFIG, baseCode: 'failOn: high\n', code: 'failOn: hgih\n', errors: [{ line: 1, messageId: 'invalidConfig', message: 'failOn' }] },
    { name: 'a new config that switches a rule off', filename: CONFIG, code: 'rules:\n  hardcoded-secret: false\n', errors: [{ line: 2, messageId: 'ruleDisabled' }] },
    { name: 'a suppression without a reason does not count', filename: CONFIG, baseCode: '{}\n', code: code`
        rules:
          # prodrisk-ignore config-weakened
          rls-bypass: off
      `, errors: [{ line: 3, messageId: 'ruleDisabled' }] },
  ],
});

describe('config-weakened on a deleted config', () => {
  it('reports what the defaults loosen, anchored on the removed lines', async () => {
    const { analyze, buildChangeSet, defaultConfig } = await import('../../src/core/index.js');
    const { MemorySource } = await import('../../src/core/memory-source.js');
    const source = new MemorySource({ [CONFIG]: 'failOn: medium\nonError: failure\n', 'a.ts': 'x\n' }, { 'a.ts': 'x\n' });
    const result = await analyze(await buildChangeSet(source, defaultConfig), defaultConfig, { rules: [rule] });
    expect(result.findings.map((finding) => [finding.messageId, finding.severity])).toEqual([
      ['failOnRaised', 'high'],
      ['onErrorLoosened', 'medium'],
    ]);
  });
});

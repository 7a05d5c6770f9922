import { ConfigError, configJsonSchema, defaultConfig, parseConfig, ruleSetting } from '../../src/core/config.js';

describe('config', () => {
  it('defaults to failOn high with every rule on', () => {
    expect(parseConfig('')).toEqual(defaultConfig);
    expect(defaultConfig.failOn).toBe('high');
    expect(ruleSetting(defaultConfig, 'client-trusted-id')).toEqual({ enabled: true, options: {} });
  });

  it('reads per-rule on/off, severity and options', () => {
    const config = parseConfig(`
failOn: medium
rules:
  hardcoded-secret: off
  client-trusted-id: critical
  rls-bypass: { severity: medium, options: { exposedSchemas: [api] } }
paths:
  ignore: ["docs/**"]
authGuards: [requireTeamMember]
`);
    expect(config.failOn).toBe('medium');
    expect(ruleSetting(config, 'hardcoded-secret').enabled).toBe(false);
    expect(ruleSetting(config, 'client-trusted-id')).toEqual({ enabled: true, severity: 'critical', options: {} });
    expect(ruleSetting(config, 'rls-bypass')).toEqual({ enabled: true, severity: 'medium', options: { exposedSchemas: ['api'] } });
    expect(config.paths.ignore).toEqual(['docs/**']);
    expect(config.authGuards).toEqual(['requireTeamMember']);
  });

  it('names every bad field and what was expected', () => {
    try {
      parseConfig('failOn: blocker\nclientPaths: src\nrules:\n  x: [1]\ntypo: true\n');
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems;
      expect(problems).toHaveLength(4);
      expect(problems.join('\n')).toMatch(/failOn: .*"critical"\|"high"\|"medium"\|"low"/);
      expect(problems.join('\n')).toMatch(/clientPaths: .*expected array/);
      expect(problems.join('\n')).toMatch(/rules\.x: expected off, on, a severity/);
      expect(problems.join('\n')).toContain('unknown field "typo"');
    }
  });

  it('reports YAML syntax errors as config errors', () => {
    expect(() => parseConfig('rules: [unclosed')).toThrow(ConfigError);
  });

  it('exports a JSON Schema for editors', () => {
    const schema = configJsonSchema() as { type: string; properties: Record<string, unknown>; additionalProperties: boolean };
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['failOn', 'rules', 'paths', 'authGuards', 'clientPaths', 'identityNames']));
    expect(schema.additionalProperties).toBe(false);
  });
});

describe('published schema file', () => {
  it('matches the config schema (regenerate with `npm run build && node scripts/write-schema.mjs`)', async () => {
    const { readFileSync } = await import('node:fs');
    const published = JSON.parse(readFileSync(new URL('../../schema/prodrisk.schema.json', import.meta.url), 'utf8'));
    const { $id: _id, title: _title, ...rest } = published;
    expect(rest).toEqual(JSON.parse(JSON.stringify(configJsonSchema())));
  });
});

// `.github/prodrisk.yml`: schema, defaults and validation. Parsing text is pure; reading the file is the adapters' job.
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { SEVERITIES, type Severity } from './types.js';

const severity = z.enum(SEVERITIES);

const ruleSettingSchema = z.union([
  z.enum(['off', 'on']),
  severity,
  z.boolean(),
  z
    .object({
      enabled: z.boolean().optional(),
      severity: severity.optional(),
      options: z.record(z.string(), z.unknown()).optional(),
    })
    .strict(),
]);

export const configSchema = z
  .object({
    failOn: severity.default('high').describe('The lowest severity that fails the verdict.'),
    rules: z.record(z.string(), ruleSettingSchema).default({}).describe('Per-rule on/off, severity and options, by rule id.'),
    paths: z
      .object({ ignore: z.array(z.string()).default([]).describe('Globs of files never reviewed.') })
      .strict()
      .default({ ignore: [] }),
    authGuards: z.array(z.string()).default([]).describe('Extra function or middleware names that count as authentication.'),
    accessChecks: z
      .array(z.string())
      .default([])
      .describe('Extra function names that check access to a record (membership, permission).'),
    clientPaths: z.array(z.string()).default([]).describe('Extra globs of browser code.'),
    serverPaths: z.array(z.string()).default([]).describe('Extra globs of server-only code.'),
    identityNames: z.array(z.string()).default([]).describe('Extra names that hold a user, tenant or role.'),
    publicRoutes: z
      .array(z.string())
      .default([])
      .describe('Extra route globs that are public by design (no authentication expected).'),
    exposedSchemas: z.array(z.string()).default(['public']).describe('Postgres schemas exposed through a data API.'),
    drafts: z.enum(['review', 'skip']).default('review').describe('Whether draft pull requests are reviewed.'),
    onError: z
      .enum(['neutral', 'failure'])
      .default('neutral')
      .describe('Check-run conclusion when the review itself fails.'),
  })
  .strict();

export type Config = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

export const defaultConfig: Config = configSchema.parse({});

export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`invalid config ${source}: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
  if (issue.code === 'unrecognized_keys') {
    const at = issue.path.length > 0 ? `${where}: ` : '';
    return `${at}unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  }
  if (issue.code === 'invalid_union') return `${where}: expected off, on, a severity (${SEVERITIES.join(', ')}) or { enabled, severity, options }`;
  return `${where}: ${issue.message}`;
}

/** Validates an already-parsed config object. Throws ConfigError naming every bad field. */
export function validateConfig(raw: unknown, source = 'config'): Config {
  if (raw === null || raw === undefined) return defaultConfig;
  const result = configSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(source, result.error.issues.map(describeIssue));
  return result.data;
}

/** Parses and validates YAML text. Throws ConfigError on bad YAML or bad fields. */
export function parseConfig(text: string, source = '.github/prodrisk.yml'): Config {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    const message = error instanceof YAMLParseError ? error.message.split('\n')[0] : String(error);
    throw new ConfigError(source, [`not valid YAML: ${message}`]);
  }
  return validateConfig(raw, source);
}

export interface ResolvedRuleSetting {
  enabled: boolean;
  severity?: Severity;
  options: Record<string, unknown>;
}

export function ruleSetting(config: Config, ruleId: string): ResolvedRuleSetting {
  const setting = config.rules[ruleId];
  if (setting === undefined || setting === 'on' || setting === true) return { enabled: true, options: {} };
  if (setting === 'off' || setting === false) return { enabled: false, options: {} };
  if (typeof setting === 'string') return { enabled: true, severity: setting, options: {} };
  return { enabled: setting.enabled ?? true, severity: setting.severity, options: setting.options ?? {} };
}

/** JSON Schema of the config file, for editors (published as schema/prodrisk.schema.json). */
export function configJsonSchema(): unknown {
  return z.toJSONSchema(configSchema, { io: 'input' });
}

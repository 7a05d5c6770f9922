// `prodrisk review [--repo DIR] [--base REF] [--head REF] [--format …] [--config FILE] [--fail-on SEVERITY]`
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { SEVERITIES, type Severity } from '../core/types.js';

export const FORMATS = ['text', 'json', 'sarif', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface ReviewArgs {
  command: 'review';
  repo: string;
  base?: string;
  head: string;
  format: Format;
  config?: string;
  failOn?: Severity;
  colour?: boolean;
}

export type CliArgs = ReviewArgs | { command: 'help' } | { command: 'version' } | { command: 'schema' } | { command: 'rules' };

export const USAGE = `usage: prodrisk review [--repo DIR] [--base REF] [--head REF] [--format text|json|sarif|markdown]
                       [--config FILE] [--fail-on critical|high|medium|low] [--color|--no-color]
       prodrisk rules          list the rules
       prodrisk schema         print the JSON Schema of .github/prodrisk.yml
       prodrisk --version | --help

Reviews the diff between --base (default: the merge base with origin/HEAD, main or master) and --head
(default: HEAD). Exit codes: 0 nothing at or above the fail-on severity, 1 findings at or above it,
2 usage, config or git errors.`;

/** Every option; README's CLI reference is checked against this list. */
export const OPTIONS = {
  repo: { type: 'string' },
  base: { type: 'string' },
  head: { type: 'string' },
  format: { type: 'string', short: 'f' },
  config: { type: 'string', short: 'c' },
  'fail-on': { type: 'string' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

export function parseCliArgs(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: OPTIONS,
    });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!);
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  const [command, ...rest] = positionals;
  if (command === undefined) throw new UsageError('missing command: try `prodrisk review`');
  if (rest.length > 0) throw new UsageError(`unexpected argument: ${rest[0]}`);
  if (command === 'help') return { command: 'help' };
  if (command === 'rules' || command === 'schema') return { command };
  if (command !== 'review') throw new UsageError(`unknown command: ${command}`);

  const format = values.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format: ${format} (expected ${FORMATS.join(', ')})`);
  const failOn = values['fail-on'];
  if (failOn !== undefined && !(SEVERITIES as readonly string[]).includes(failOn)) {
    throw new UsageError(`unknown severity for --fail-on: ${failOn} (expected ${SEVERITIES.join(', ')})`);
  }
  return {
    command: 'review',
    repo: values.repo ?? '.',
    base: values.base,
    head: values.head ?? 'HEAD',
    format: format as Format,
    config: values.config,
    failOn: failOn as Severity | undefined,
    colour: values['no-color'] ? false : values.color,
  };
}

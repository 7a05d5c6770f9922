// The values written on one line of any text file, each with the name it is assigned to when the syntax says
// so: `KEY=value` (.env), `key: value` (YAML), `name = 'value'` / `name: 'value'` / `"name": "value"` (code,
// JSON, TOML), `process.env.NAME || 'value'` (a fallback), `setApiKey('value')` (a call).

export type TextKind = 'env' | 'script' | 'data';

export interface NamedValue {
  value: string;
  /** The key, variable, property, header or callee the value is assigned to; undefined when none is written. */
  name?: string;
  /** True for `process.env.NAME || 'value'`: the literal is a fallback for an environment variable. */
  fallbackFor?: string;
  column: number;
}

const QUOTED = /(['"`])((?:\\.|(?!\1)[^\\\n])*)\1/g;
const ENV_LINE = /^\s*(?:export\s+)?([A-Za-z_][\w.-]*)\s*=\s*(.*?)\s*$/;
const DATA_LINE = /^\s*(?:-\s+)?(?:export\s+|ENV\s+|ARG\s+|set\s+)?["']?([A-Za-z_][\w.-]*)["']?\s*(?::|=|\s(?=\S))\s*(.*?)\s*$/;

const ENV_FALLBACK = /(?:process\.env|import\.meta\.env|Deno\.env\.get\(|env)(?:\.|\[\s*['"]|\(\s*['"])([A-Za-z_]\w*)['"]?\s*[\])]?\s*(?:\|\||\?\?|,)\s*$/;
const ASSIGNED = /([A-Za-z_$][\w$-]*)\s*['"\]]*\s*(?::|=|===?|!==?|:=)\s*(?:new\s+\w+\(\s*)?$/;
const OR_FALLBACK = /([A-Za-z_$][\w$]*)\s*\)?\s*(?:\|\||\?\?)\s*$/;
/** `os.environ.get('SECRET_KEY', '…')`, `env('APP_KEY', '…')`, `config.get('jwt.secret', '…')`. */
const GETTER_DEFAULT = /\(\s*['"]([A-Za-z_][\w.]*)['"]\s*,\s*$/;
const SCHEMA_DEFAULT = /([A-Za-z_$][\w$]*)['"]?\s*[:=]\s*[^:=]*$/;
const DECLARED = /^\s*(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)/;
const CALLEE = /([A-Za-z_$][\w$]*)\s*\(\s*(?:[^()]*,\s*)?$/;

function unquote(raw: string): string {
  const match = /^(['"`])(.*)\1$/.exec(raw);
  if (match) return match[2]!;
  // An unquoted value ends at an inline comment.
  return raw.replace(/\s+#.*$/, '').trim();
}

/** The name a literal starting at `column` is assigned to, read from the text before it. */
function nameBefore(line: string, column: number, previousLine: string | undefined): Pick<NamedValue, 'name' | 'fallbackFor'> {
  // The name sits just before the value; a bounded window keeps long lines linear.
  const before = line.slice(Math.max(0, column - 200), column);
  const fallback = ENV_FALLBACK.exec(before) ?? GETTER_DEFAULT.exec(before);
  if (fallback) return { name: fallback[1], fallbackFor: fallback[1] };
  const assigned = ASSIGNED.exec(before);
  if (assigned && !/^(return|case|default)$/.test(assigned[1]!)) return { name: assigned[1] };
  const declared = DECLARED.exec(before);
  const orFallback = OR_FALLBACK.exec(before);
  if (orFallback) return { name: declared?.[1] ?? orFallback[1], fallbackFor: undefined };
  const callee = CALLEE.exec(before);
  // `JWT_SECRET: z.string().default('…')`: a schema default belongs to the key it is declared under.
  const declaredDefault = callee && /^(default|catch|withDefault|orElse)$/.test(callee[1]!) ? SCHEMA_DEFAULT.exec(before) : undefined;
  if (declaredDefault) return { name: declaredDefault[1], fallbackFor: declaredDefault[1] };
  if (callee) return { name: callee[1] };
  if (declared) return { name: declared[1] };
  // `const KEY =` / `key:` on the line above, the value alone on this one.
  if (line.slice(0, column).trim() === '' && previousLine !== undefined && /[:=(]\s*$/.test(previousLine)) {
    return nameBefore(previousLine, previousLine.length, undefined);
  }
  return {};
}

/** Values on line `index` (0-based) of `lines`. */
export function namedValuesOnLine(lines: readonly string[], index: number, kind: TextKind): NamedValue[] {
  const line = lines[index] ?? '';
  if (kind === 'env') {
    const match = ENV_LINE.exec(line);
    if (!match || line.trimStart().startsWith('#')) return [];
    return [{ name: match[1], value: unquote(match[2]!), column: line.indexOf(match[2]!, match[1]!.length) }];
  }
  const values: NamedValue[] = [];
  for (const match of line.matchAll(QUOTED)) {
    const body = match[2]!;
    if (match[1] === '`' && body.includes('${')) continue;
    values.push({ value: body, column: match.index, ...nameBefore(line, match.index, lines[index - 1]) });
  }
  if (kind === 'data' && values.length === 0 && !/^\s*(#|\/\/|;)/.test(line)) {
    const match = DATA_LINE.exec(line);
    if (match && match[2] && !/^[[{|>&*]/.test(match[2])) {
      values.push({ name: match[1], value: unquote(match[2]), column: line.indexOf(match[2], match[1]!.length) });
    }
  }
  return values;
}

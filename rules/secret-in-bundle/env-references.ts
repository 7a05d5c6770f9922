// Where environment variables appear in text: reads in code (`process.env.X`, `import.meta.env.X`, destructuring,
// SvelteKit's `$env/static/public` imports) and bare mentions of bundler-exposed names in any file.
import { EXPOSED_ENV_PREFIXES } from '../_secrets/secret-names.js';

export interface EnvReference {
  name: string;
  /** 0-based column of the name. */
  column: number;
}

const READS = [
  /\b(?:process\.env|import\.meta\.env)\.([A-Za-z_][A-Za-z0-9_]*)/g,
  /\b(?:process\.env|import\.meta\.env)\[\s*['"`]([A-Za-z_][A-Za-z0-9_]*)['"`]\s*\]/g,
];
const DESTRUCTURED = /\{([^}]*)\}\s*=\s*(?:process\.env|import\.meta\.env)\b/g;
const SVELTE_ENV_IMPORT = /import\s*\{([^}]*)\}\s*from\s*['"]\$env\/(?:static|dynamic)\/(?:public|private)['"]/g;

const EXPOSED_MENTION = new RegExp(`\\b(?:${EXPOSED_ENV_PREFIXES.join('|')})[A-Z0-9_]*[A-Z0-9]\\b`, 'g');

/** A line that is only a comment in JS, shell, YAML, TOML or .env syntax. */
export function isCommentLine(line: string): boolean {
  return /^\s*(\/\/|\/\*|\*|#|--|<!--)/.test(line);
}

/** Environment variables read on one line of code. */
export function envReadsOnLine(line: string): EnvReference[] {
  if (isCommentLine(line)) return [];
  const found: EnvReference[] = [];
  for (const pattern of READS) {
    for (const match of line.matchAll(pattern)) found.push({ name: match[1]!, column: match.index + match[0].lastIndexOf(match[1]!) });
  }
  for (const pattern of [DESTRUCTURED, SVELTE_ENV_IMPORT]) {
    for (const match of line.matchAll(pattern)) {
      const list = match[1]!;
      for (const item of list.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*(?::\s*[A-Za-z_$][\w$]*)?\s*(?:=[^,]*)?(?:,|$)/g)) {
        found.push({ name: item[1]!, column: match.index + match[0].indexOf(item[1]!) });
      }
    }
  }
  return found.sort((a, b) => a.column - b.column);
}

/** Every bundler-exposed variable name mentioned on a line (`NEXT_PUBLIC_…`, `VITE_…`), in any syntax. */
export function exposedMentionsOnLine(line: string): EnvReference[] {
  if (isCommentLine(line)) return [];
  const found: EnvReference[] = [];
  const seen = new Set<string>();
  for (const match of line.matchAll(EXPOSED_MENTION)) {
    if (seen.has(match[0])) continue;
    seen.add(match[0]);
    found.push({ name: match[0], column: match.index });
  }
  return found;
}

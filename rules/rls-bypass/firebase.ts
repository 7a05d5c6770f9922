// Firebase security rules (firestore.rules, storage.rules, database.rules.json): the same permission system as RLS,
// opened with `if true`, no condition, test-mode dates, or "any signed-in user" on user data.
import type { Issue } from './issue.js';

const USER_DATA = /user|profile|account|message|chat|conversation|order|payment|invoice|private|document|note|file|upload|contact|customer|member|subscription|secret|token|setting/i;
const WRITE_OPS = /\b(write|create|update|delete)\b/;
const READ_OPS = /\b(read|get|list)\b/;

interface Allow {
  ops: string;
  condition: string;
  line: number;
  path: string;
}

export function checkFirebaseRules(text: string, path: string): Issue[] {
  if (path.endsWith('.json')) return checkDatabaseRules(text, path);
  const helpers = helperFunctions(text);
  return parseAllows(text).flatMap((allow) => judge({ ...allow, condition: inline(allow.condition, helpers) }, path));
}

/** `function isSignedIn() { return request.auth != null; }`: helpers without parameters, by name. */
function helperFunctions(text: string): Map<string, string> {
  const helpers = new Map<string, string>();
  for (const match of text.matchAll(/function\s+(\w+)\s*\(\s*\)\s*\{\s*return\s+([^;{}]+);?\s*\}/g)) {
    helpers.set(match[1]!, match[2]!.replace(/\s+/g, ' ').trim());
  }
  return helpers;
}

function inline(condition: string, helpers: Map<string, string>): string {
  const call = /^(\w+)\(\s*\)$/.exec(condition.trim());
  return call && helpers.has(call[1]!) ? helpers.get(call[1]!)! : condition;
}

/** `match /a/{b} { allow read, write: if …; }` → every allow with its full match path and its line. */
function parseAllows(text: string): Allow[] {
  const source = text.replace(/\/\/[^\n]*/g, (comment) => ' '.repeat(comment.length));
  const allows: Allow[] = [];
  const stack: Array<{ path: string; depth: number }> = [];
  let depth = 0;
  let line = 1;
  let pendingMatch: string | undefined;
  for (let index = 0; index < source.length; index++) {
    const char = source[index]!;
    if (char === '\n') line++;
    else if (char === '{' && pendingMatch !== undefined) {
      depth++;
      stack.push({ path: pendingMatch, depth });
      pendingMatch = undefined;
    } else if (char === '{') depth++;
    else if (char === '}') {
      if (stack[stack.length - 1]?.depth === depth) stack.pop();
      depth--;
    } else if (source.startsWith('match', index) && /\s/.test(source[index + 5] ?? '') && !/\w/.test(source[index - 1] ?? '')) {
      const match = /^match\s+(\S+)/.exec(source.slice(index));
      pendingMatch = match?.[1];
      index += (match?.[0].length ?? 1) - 1;
    } else if (source.startsWith('allow', index) && /\s/.test(source[index + 5] ?? '') && !/\w/.test(source[index - 1] ?? '')) {
      const end = source.indexOf(';', index);
      const statement = source.slice(index, end === -1 ? undefined : end);
      const startLine = line;
      line += statement.split('\n').length - 1;
      index = end === -1 ? source.length : end;
      const parsed = /^allow\s+([\w\s,]+?)\s*(?::\s*if\s+([\s\S]*))?$/.exec(statement.trim());
      if (parsed) {
        allows.push({
          ops: parsed[1]!.replace(/\s+/g, ' '),
          condition: (parsed[2] ?? 'true').replace(/\s+/g, ' ').trim(),
          line: startLine,
          path: stack.map((entry) => entry.path).join(''),
        });
      }
    }
  }
  return allows;
}

function judge(allow: Allow, path: string): Issue[] {
  const matchPath = allow.path.replace(/^\/databases\/\{\w+\}\/documents|^\/b\/\{\w+\}\/o/, '') || '/';
  const collection = matchPath.split('/').filter((segment) => segment && !segment.startsWith('{')).pop() ?? '';
  const wildcard = (/=\*\*\}/.test(matchPath) && !collection) || matchPath === '/';
  const userData = wildcard || USER_DATA.test(collection) || /\{(user|uid)/i.test(matchPath);
  const writes = WRITE_OPS.test(allow.ops);
  const reads = READ_OPS.test(allow.ops);
  const condition = allow.condition.replace(/^\((.*)\)$/, '$1');
  const open = condition === 'true' || /^request\.time\s*<\s*timestamp\.date\([^)]*\)$/.test(condition);
  const signedInOnly = /^request\.auth\s*!=\s*null$|^request\.auth\.uid\s*!=\s*null$|^request\.auth\s*!=\s*null\s*&&\s*request\.auth\.uid\s*!=\s*null$/.test(condition);
  const where = `${allow.ops} on ${matchPath}`;
  const flow = (note: string) => [{ path, line: allow.line, note: `allow ${where}: ${note}` }];
  if (open && (writes || (reads && (userData || wildcard)))) {
    return [
      {
        messageId: 'firebaseOpen',
        line: allow.line,
        severity: writes ? 'critical' : 'high',
        data: { ops: allow.ops, path: matchPath },
        flow: flow(condition === 'true' ? 'no condition at all, anyone on the internet passes' : 'test-mode rule: open to anyone until the date'),
        fix: 'Require the owner: `allow read, write: if request.auth != null && request.auth.uid == resource.data.ownerId;` (use request.resource for creates).',
        key: `firebaseOpen:${matchPath}:${allow.ops}`,
      },
    ];
  }
  // Letting any signed-in user create is how most apps work; reading, changing or deleting everyone's documents is not.
  const changes = /\b(write|update|delete)\b/.test(allow.ops);
  if (signedInOnly && ((reads && userData) || changes)) {
    return [
      {
        messageId: 'firebaseAnySignedIn',
        line: allow.line,
        severity: userData && changes ? 'high' : 'medium',
        data: { ops: allow.ops, path: matchPath },
        flow: flow('any signed-in user passes, for every document of the collection'),
        fix: 'Compare the user with the document: `request.auth.uid == userId` or `== resource.data.ownerId`.',
        key: `firebaseAnySignedIn:${matchPath}:${allow.ops}`,
      },
    ];
  }
  return [];
}

/** Realtime Database rules: `".read": true`, `".write": "auth != null"` with their JSON path. */
function checkDatabaseRules(text: string, path: string): Issue[] {
  const issues: Issue[] = [];
  const stack: string[] = [];
  let lastKey = '';
  let line = 1;
  const token = /"((?:[^"\\]|\\.)*)"\s*(:)?|[{}\n]|\btrue\b/g;
  let pendingRule: { op: string; line: number } | undefined;
  for (let match = token.exec(text); match; match = token.exec(text)) {
    const value = match[0];
    if (value === '\n') line++;
    else if (value === '{') stack.push(lastKey);
    else if (value === '}') stack.pop();
    else if (value === 'true' && pendingRule) {
      issues.push(...judgeDatabaseRule(pendingRule, 'true', stack, path));
      pendingRule = undefined;
    } else if (match[2]) {
      lastKey = match[1]!;
      pendingRule = /^\.(read|write)$/.test(lastKey) ? { op: lastKey.slice(1), line } : undefined;
    } else if (pendingRule) {
      issues.push(...judgeDatabaseRule(pendingRule, match[1]!, stack, path));
      pendingRule = undefined;
    }
  }
  return issues;
}

function judgeDatabaseRule(rule: { op: string; line: number }, condition: string, stack: string[], path: string): Issue[] {
  const nodePath = '/' + stack.filter((key) => key && key !== 'rules').join('/');
  const allow: Allow = { ops: rule.op, condition: condition.trim() === 'true' ? 'true' : condition.replace(/\bauth\b/g, 'request.auth').trim(), line: rule.line, path: nodePath.replace(/\$(\w+)/g, '{$1}') };
  return judge(allow, path);
}

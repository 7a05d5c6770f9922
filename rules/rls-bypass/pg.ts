// The Postgres parser (libpg_query compiled to WASM) and the plumbing around it: loading it once, splitting a file
// into statements with their line numbers, and walking the JSON tree it returns.
import { loadModule, parsePlPgSQLSync, parseSync } from 'libpg-query';
import type { Node, RangeVar } from '@pgsql/types';

let loading: Promise<void> | undefined;

/** Loads the WASM parser once per process; every check awaits it before parsing. */
export function loadParser(): Promise<void> {
  loading ??= loadModule();
  return loading;
}

export interface SqlStatement {
  node: Node;
  /** 1-based line of the statement's first token in the file. */
  line: number;
  endLine: number;
  /** The statement's source text. */
  text: string;
}

export class SqlParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'SqlParseError';
  }
}

/**
 * Parses SQL text into statements. `lineOf` maps a character offset of `sql` to a line of the file it came from
 * (identity-based for a .sql file, through the template for embedded SQL). Throws SqlParseError on bad SQL.
 */
export function parseStatements(sql: string, lineOf: (offset: number) => number): SqlStatement[] {
  if (sql.trim() === '') return [];
  // pg_dump's COPY data and psql meta-commands (\connect, \set) are not SQL: blank them, keeping every offset.
  const blank = (text: string) => text.replace(/[^\n]/g, ' ');
  const cleaned = sql
    .replace(/(\bFROM\s+stdin;[^\n]*\n)([\s\S]*?\n)(\\\.)/gi, (_, copy: string, data: string, end: string) => copy + blank(data) + blank(end))
    .replace(/^[ \t]*\\[^\n]*/gm, blank);
  let result;
  try {
    result = parseSync(cleaned);
  } catch (error) {
    const details = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
    const offset = Math.max((details?.cursorPosition ?? 1) - 1, 0);
    const message = error instanceof Error ? error.message : String(error);
    throw new SqlParseError(message, lineOf(Math.min(offset, sql.length)));
  }
  const bytes = Buffer.from(cleaned, 'utf8');
  const toChar = byteToCharOffset(cleaned, bytes.length);
  const statements: SqlStatement[] = [];
  for (const raw of result.stmts ?? []) {
    if (!raw.stmt) continue;
    const startByte = raw.stmt_location ?? 0;
    const endByte = raw.stmt_len ? startByte + raw.stmt_len : bytes.length;
    let start = toChar(startByte);
    const end = toChar(endByte);
    start = skipBlank(cleaned, start, end);
    const statement = { node: raw.stmt, line: lineOf(start), endLine: lineOf(Math.max(start, end - 1)), text: cleaned.slice(start, end) };
    statements.push(statement, ...doBlockStatements(statement));
  }
  return statements;
}

/** The queries inside a PL/pgSQL function body, each parsed (ones that do not parse are left out). */
export function plpgsqlQueries(createFunctionText: string): Node[] {
  return plpgsqlQueryTexts(createFunctionText).flatMap((query) => parseExpressionOrStatement(query));
}

function plpgsqlQueryTexts(createFunctionText: string): string[] {
  const queries: string[] = [];
  try {
    walk(parsePlPgSQLSync(createFunctionText), (key, value) => {
      if (key === 'query' && typeof value === 'string') queries.push(value);
    });
  } catch {
    return [];
  }
  return queries;
}

/** The statements inside `DO $$ … $$` blocks (drizzle-kit wraps ALTERs in them), each on its own line. */
function doBlockStatements(statement: SqlStatement): SqlStatement[] {
  if (!('DoStmt' in statement.node)) return [];
  const body = stringValues(statement.node.DoStmt.args).find((value) => value !== 'as' && value !== 'language' && /\s/.test(value));
  if (!body) return [];
  const wrapped = `create function pg_temp.prodrisk_do() returns void language plpgsql as $prodrisk$${body}$prodrisk$`;
  const lowerText = statement.text.toLowerCase();
  return plpgsqlQueryTexts(wrapped).flatMap((query) => {
    const at = lowerText.indexOf(query.toLowerCase().slice(0, 40));
    const line = at === -1 ? statement.line : statement.line + (statement.text.slice(0, at).match(/\n/g)?.length ?? 0);
    return parseExpressionOrStatement(query).map((node) => ({ node, line, endLine: line, text: query }));
  });
}

/** Parses a statement, or an expression (IF conditions) wrapped in SELECT. */
export function parseExpressionOrStatement(text: string): Node[] {
  for (const candidate of [text, `select ${text}`]) {
    try {
      return (parseSync(candidate).stmts ?? []).flatMap((raw) => (raw.stmt ? [raw.stmt] : []));
    } catch {
      // try the next form
    }
  }
  return [];
}

function skipBlank(text: string, start: number, end: number): number {
  let index = start;
  while (index < end) {
    if (/\s/.test(text[index]!)) index++;
    else if (text.startsWith('--', index)) index = text.indexOf('\n', index) === -1 ? end : text.indexOf('\n', index) + 1;
    else if (text.startsWith('/*', index)) index = text.indexOf('*/', index) === -1 ? end : text.indexOf('*/', index) + 2;
    else break;
  }
  return Math.min(index, end);
}

/** libpg_query reports byte offsets into UTF-8; JS strings index UTF-16 units. */
function byteToCharOffset(text: string, byteLength: number): (byteOffset: number) => number {
  if (byteLength === text.length) return (offset) => offset;
  const charAtByte = new Int32Array(byteLength + 1);
  let byte = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.codePointAt(index)!;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    for (let k = 0; k < size; k++) charAtByte[byte + k] = index;
    byte += size;
    if (code >= 0x10000) index++;
  }
  charAtByte[byteLength] = text.length;
  return (offset) => charAtByte[Math.min(Math.max(offset, 0), byteLength)]!;
}

/** Line lookup for a plain text: offset → 1-based line. */
export function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };
}

/** Depth-first walk over the parser's JSON; the visitor sees every (key, value) pair. */
export function walk(value: unknown, visit: (key: string, value: unknown) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    visit(key, child);
    walk(child, visit);
  }
}

/** Every node of one kind under a tree (e.g. every RangeVar). */
export function collect<T>(tree: unknown, kind: string): T[] {
  const found: T[] = [];
  walk(tree, (key, value) => {
    if (key === kind) found.push(value as T);
  });
  return found;
}

/** Every string of a tree (names, string constants, operators), in order. */
export function stringValues(tree: unknown): string[] {
  const found: string[] = [];
  walk(tree, (key, value) => {
    if (key === 'sval' && typeof value === 'string') found.push(value);
  });
  return found;
}

export function qualifiedName(relation: RangeVar | undefined, defaultSchema = 'public'): string {
  return `${relation?.schemaname ?? defaultSchema}.${relation?.relname ?? ''}`;
}

/** `auth.uid` for a FuncCall's name list. */
export function functionName(names: Node[] | undefined): string {
  return (names ?? []).map((part) => ('String' in part ? part.String.sval : '')).join('.');
}

/** A String/A_Const/Boolean node's text value, lower-cased. */
export function constantText(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  if ('String' in node) return node.String.sval?.toLowerCase();
  if ('Boolean' in node) return String(node.Boolean.boolval ?? false);
  if ('Integer' in node) return String(node.Integer.ival ?? 0);
  if ('A_Const' in node) {
    const constant = node.A_Const;
    if (constant.sval) return constant.sval.sval?.toLowerCase();
    if (constant.boolval) return String(constant.boolval.boolval ?? false);
    if (constant.ival) return String(constant.ival.ival ?? 0);
    if ('boolval' in constant) return 'false';
  }
  if ('TypeCast' in node) return constantText(node.TypeCast.arg);
  return undefined;
}

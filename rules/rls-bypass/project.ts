// The repository as this rule needs it, built once per review: the database facts of every SQL file of the head,
// and whether the database sits behind a data API (so a table without RLS is open to the world).
import type { SourceFile } from 'ts-morph';
import type { RuleContext } from '../../src/core/rule.js';
import type { ChangeSet } from '../../src/core/types.js';
import { embeddedSql, INTERESTING_SQL } from './embedded.js';
import { addFacts, emptyFacts, type DatabaseFacts } from './facts.js';
import { lineIndex, loadParser, parseStatements, type SqlStatement } from './pg.js';

export interface Project {
  facts: DatabaseFacts;
  exposed: boolean;
  files: string[];
  packageText: string;
}

const MAX_SQL_FILES = 4000;
const SKIPPED_DIRS = /(^|\/)(node_modules|vendor|dist|build|\.next)\//;
const MIGRATION_SCRIPT = /(^|\/)(migrations?|supabase\/migrations|drizzle|db\/migrate|prisma\/migrations)\/[^/]+\.[cm]?[jt]s$/i;
const DATA_API_DEPENDENCY = /"(@supabase\/[\w-]+|supabase|@supabase\/postgrest-js|postgrest[\w-]*)"\s*:/;

const cache = new WeakMap<ChangeSet, Promise<Project>>();

export function loadProject(context: RuleContext<string>): Promise<Project> {
  let project = cache.get(context.changeSet);
  if (!project) {
    project = buildProject(context);
    cache.set(context.changeSet, project);
  }
  return project;
}

async function buildProject(context: RuleContext<string>): Promise<Project> {
  await loadParser();
  const files = (await context.listFiles('head')).filter((path) => !SKIPPED_DIRS.test(path));
  const facts = emptyFacts();
  const sqlFiles = files.filter((path) => path.endsWith('.sql')).slice(0, MAX_SQL_FILES);
  for (const path of sqlFiles) {
    const text = await context.readFile(path, 'head');
    if (text !== undefined) addFacts(facts, safeParse(text), path);
  }
  for (const path of files.filter((file) => MIGRATION_SCRIPT.test(file))) {
    const text = await context.readFile(path, 'head');
    if (!text || !INTERESTING_SQL.test(text)) continue;
    const sourceFile = await context.parseFile(path, 'head');
    if (sourceFile) addFacts(facts, embeddedStatements(sourceFile), path);
  }
  const packageFiles = files.filter((path) => /(^|\/)package\.json$/.test(path)).slice(0, 20);
  let packageText = '';
  for (const path of packageFiles) packageText += (await context.readFile(path, 'head')) ?? '';
  const option = context.options.dataApi;
  const exposed =
    typeof option === 'boolean'
      ? option
      : files.some((path) => /(^|\/)supabase\//.test(path)) || DATA_API_DEPENDENCY.test(packageText) || facts.mentionsSupabase;
  return { facts, exposed, files, packageText };
}

/** Statements of another file; one that does not parse adds nothing (its own review lists the error). */
function safeParse(text: string): SqlStatement[] {
  try {
    return parseStatements(text, lineIndex(text));
  } catch {
    return [];
  }
}

/** Statements of the SQL embedded in a script; pieces that do not parse (interpolated fragments) are skipped. */
export function embeddedStatements(sourceFile: SourceFile): SqlStatement[] {
  return embeddedSql(sourceFile).flatMap((piece) => {
    try {
      return parseStatements(piece.sql, piece.lineOf);
    } catch {
      return [];
    }
  });
}

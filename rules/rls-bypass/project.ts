// The repository as this rule needs it, built once per review: the database facts of every SQL file of the head,
// and whether the database sits behind a data API (so a table without RLS is open to the world).
import type { SourceFile } from 'ts-morph';
import type { RuleContext } from '../../src/core/rule.js';
import type { ChangeSet } from '../../src/core/types.js';
import type { ProjectShape } from './client.js';
import { embeddedSql, INTERESTING_SQL } from './embedded.js';
import { addFacts, cloneFacts, emptyFacts, type DatabaseFacts } from './facts.js';
import { lineIndex, loadParser, parseStatements, type SqlStatement } from './pg.js';

export interface Project extends ProjectShape {
  facts: DatabaseFacts;
  /** The files whose statements are in `facts`. */
  factPaths: Set<string>;
  exposed: boolean;
  /** `[api] schemas` of supabase/config.toml: the schemas the data API serves. */
  apiSchemas: string[];
}

const MAX_SQL_FILES = 1000;
const READ_CONCURRENCY = 16;
const SKIPPED_DIRS = /(^|\/)(node_modules|vendor|dist|build|\.next)\//;
/** SQL that never reaches the database the app runs on (tests, fixtures, docs, examples). */
const NOT_SCHEMA = /(^|\/)(tests?|__tests__|spec|fixtures?|docs?|examples?|samples?)\//i;
const MIGRATION_SCRIPT = /(^|\/)(migrations?|supabase\/migrations|drizzle|db\/migrate|prisma\/migrations)\/[^/]+\.[cm]?[jt]s$/i;
const DATA_API_DEPENDENCY = /"(@supabase\/[\w-]+|supabase|@supabase\/postgrest-js|postgrest[\w-]*)"\s*:/;

const cache = new WeakMap<ChangeSet, Promise<Project>>();
const shapes = new WeakMap<ChangeSet, Promise<ProjectShape>>();

/** The file list and package manifests: all the code checks need (no SQL read). */
export function loadShape(context: RuleContext<string>): Promise<ProjectShape> {
  let shape = shapes.get(context.changeSet);
  if (!shape) {
    shape = buildShape(context);
    shapes.set(context.changeSet, shape);
  }
  return shape;
}

async function buildShape(context: RuleContext<string>): Promise<ProjectShape> {
  const files = (await context.listFiles('head')).filter((path) => !SKIPPED_DIRS.test(path));
  const packageFiles = files.filter((path) => /(^|\/)package\.json$/.test(path)).slice(0, 20);
  const packageText = (await readAll(context, packageFiles)).map(([, text]) => text).join('\n');
  return { files, packageText };
}

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
  const { files, packageText } = await loadShape(context);
  const facts = emptyFacts();
  const factPaths = new Set<string>();
  const sqlFiles = files.filter((path) => path.endsWith('.sql') && !NOT_SCHEMA.test(path)).slice(0, MAX_SQL_FILES);
  for (const [path, text] of await readAll(context, sqlFiles)) {
    addFacts(facts, safeParse(text), path);
    factPaths.add(path);
  }
  const scripts = files.filter((file) => MIGRATION_SCRIPT.test(file) && !NOT_SCHEMA.test(file)).slice(0, MAX_SQL_FILES);
  for (const [path, text] of await readAll(context, scripts)) {
    if (!INTERESTING_SQL.test(text)) continue;
    const sourceFile = await context.parseFile(path, 'head');
    if (sourceFile) addFacts(facts, embeddedStatements(sourceFile), path);
    factPaths.add(path);
  }
  const option = context.options.dataApi;
  const exposed =
    typeof option === 'boolean'
      ? option
      : files.some((path) => /(^|\/)supabase\//.test(path)) || DATA_API_DEPENDENCY.test(packageText) || facts.mentionsSupabase;
  const configToml = files.find((path) => /(^|\/)supabase\/config\.toml$/.test(path));
  const apiSchemas = configToml ? supabaseApiSchemas((await context.readFile(configToml, 'head')) ?? '') : [];
  return { facts, factPaths, exposed, files, packageText, apiSchemas };
}

/** The project's facts, plus the reviewed file's own statements when the scan left the file out. */
export function factsWith(project: Project, path: string, statements: SqlStatement[]): DatabaseFacts {
  if (project.factPaths.has(path)) return project.facts;
  const facts = cloneFacts(project.facts);
  addFacts(facts, statements, path);
  return facts;
}

function supabaseApiSchemas(toml: string): string[] {
  const api = /^\[api\]([\s\S]*?)(?=^\[|$(?![\s\S]))/m.exec(toml)?.[1] ?? '';
  const list = /^\s*schemas\s*=\s*\[([^\]]*)\]/m.exec(api)?.[1] ?? '';
  return [...list.matchAll(/["']([^"']+)["']/g)].map((match) => match[1]!);
}

/** Reads files of the head a few at a time (each read may be a `git cat-file`), keeping their order. */
async function readAll(context: RuleContext<string>, paths: string[]): Promise<Array<[string, string]>> {
  const texts: Array<[string, string]> = [];
  for (let start = 0; start < paths.length; start += READ_CONCURRENCY) {
    const batch = paths.slice(start, start + READ_CONCURRENCY);
    const read = await Promise.all(batch.map((path) => context.readFile(path, 'head')));
    batch.forEach((path, index) => {
      const text = read[index];
      if (text !== undefined) texts.push([path, text]);
    });
  }
  return texts;
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

// rls-bypass: row level security turned off, made permissive, or walked around (service-role key in the browser,
// open Firebase rules). SQL is parsed with libpg_query, the parser Postgres itself uses.
import { isScript } from '../../src/core/classify.js';
import { createRule, type RuleContext } from '../../src/core/rule.js';
import { checkServiceRoleInClient } from './code.js';
import { INTERESTING_SQL } from './embedded.js';
import { checkFirebaseRules } from './firebase.js';
import { checkServiceRoleHandlers } from './handler.js';
import type { Issue, MessageId } from './issue.js';
import { lineIndex, loadParser, parseStatements, qualifiedName, SqlParseError, type SqlStatement } from './pg.js';
import { embeddedStatements, factsWith, loadProject, loadShape, type Project } from './project.js';
import { checkStatements, type SqlScope } from './sql.js';

const messages: Record<MessageId, string> = {
  rlsDisabled: 'Row level security is turned off on `{{table}}`: its policies stop applying and, behind the data API, every row is readable and writable with the public key.',
  rlsEnableRemoved: 'This change removes `ENABLE ROW LEVEL SECURITY` for `{{table}}` and no migration enables it any more: the table is open through the data API.',
  rlsNotForced: '`NO FORCE ROW LEVEL SECURITY` on `{{table}}`: code connecting as the table owner skips every policy.',
  tableWithoutRls: '`{{table}}` is created in the exposed schema `{{schema}}` and no migration enables row level security on it: anyone with the anon key can read and change every row.',
  rlsWithoutPolicy: 'Row level security is enabled on `{{table}}` but no migration creates a policy for it: the data API will refuse every read and write.',
  policyWithoutRls: 'Policy "{{policy}}" is created on `{{table}}`, whose row level security is never enabled: the policy does nothing and the table stays open.',
  permissiveWrite: 'Policy "{{policy}}" lets any {{roles}} user {{command}} any row of `{{table}}` (its condition is always true).',
  permissiveRead: 'Policy "{{policy}}" lets any {{roles}} user read every row of `{{table}}`, which holds user data (USING (true)).',
  authenticatedOnly: 'Policy "{{policy}}" on `{{table}}` ({{command}}) only checks that the caller is signed in: anyone who signs up reaches every user\'s rows.',
  userMetadataPolicy: 'Policy "{{policy}}" on `{{table}}` trusts user_metadata, which every user can edit for themselves.',
  grantToAnon: '`GRANT {{privileges}}` on `{{table}}` to {{roles}}: signed-out visitors may write to it.',
  grantWithoutRls: '`GRANT {{privileges}}` on `{{table}}` to {{roles}} on a table without row level security: every signed-in user may change every row.',
  bypassRls: 'Role `{{role}}` is given BYPASSRLS: every query it runs ignores row level security.',
  rowSecurityOff: '`row_security = off` ({{scope}}): row level security is being switched off instead of fixed.',
  definerSearchPath: 'SECURITY DEFINER function `{{name}}` has no fixed search_path: a caller can shadow the names it uses and run code with its owner\'s rights.',
  definerExposed: 'SECURITY DEFINER function `{{name}}` in an exposed schema {{action}} without checking the caller: anon and authenticated can call it and bypass RLS.',
  viewWithoutInvoker: 'View `{{name}}` runs with its owner\'s rights (no security_invoker): it returns rows of {{tables}} that RLS would hide.',
  authUsersExposed: 'The {{what}} exposes auth.users (emails, phones, metadata of every user) through the data API.',
  publicBucketListing: 'Storage bucket "{{bucket}}" is public and a policy lets anyone list its files.',
  serviceRoleInClient: 'A Supabase client is built with the service-role key ({{key}}) in browser code: every visitor gets a key that ignores all row level security.',
  serviceRoleImportedInClient: 'Browser code imports `{{name}}` from `{{module}}`, a Supabase client built with the service-role key: RLS does not apply and the key ships to every visitor.',
  serviceRoleByRequestId: 'The service-role client reads or writes `{{table}}` by `{{id}}` taken from the request, with no check that it belongs to the caller: RLS is off for this client.',
  firebaseOpen: 'Firebase rule `allow {{ops}}` on `{{path}}` lets anyone through.',
  firebaseAnySignedIn: 'Firebase rule `allow {{ops}}` on `{{path}}` only checks that the caller is signed in: any user reaches every document.',
};

export default createRule<MessageId>({
  meta: {
    id: 'rls-bypass',
    description: 'Flags row level security turned off, made permissive or walked around: migrations, service-role keys in browser code, open Firebase rules.',
    severity: 'high',
    messages,
  },
  appliesTo(file) {
    if (file.roles.has('test') || file.status === 'removed') return false;
    return file.path.endsWith('.sql') || file.roles.has('firebase-rules') || isScript(file.path) || /\.(vue|svelte)$/.test(file.path);
  },
  async check(context) {
    const text = context.file.headText;
    if (text === undefined) return;
    let issues: Issue[];
    if (context.file.roles.has('firebase-rules')) issues = checkFirebaseRules(text, context.file.path);
    else if (context.file.path.endsWith('.sql')) issues = await checkSqlFile(context, text);
    else issues = await checkScript(context, text);
    for (const issue of issues) {
      const where = issue.baseLine !== undefined ? { baseLine: issue.baseLine } : { line: issue.line, endLine: issue.endLine };
      context.report({ messageId: issue.messageId, data: issue.data, ...where, flow: issue.flow, fix: issue.fix, severity: issue.severity, key: issue.key });
    }
  },
});

async function checkSqlFile(context: RuleContext<MessageId>, text: string): Promise<Issue[]> {
  // dbt/Jinja models and Flyway placeholders are templates, not SQL yet: nothing to parse, nothing to report.
  if (/\{\{-?\s*[\w.]+[^}]*\}\}|\{%-?\s*\w|\$\{\w+\}/.test(text)) return [];
  const project = await loadProject(context);
  if (await notPostgres(context, project)) return [];
  let statements;
  try {
    statements = parseStatements(text, lineIndex(text));
  } catch (error) {
    if (!(error instanceof SqlParseError)) throw error;
    // No findings from a file we cannot read; the review lists why.
    context.reportError(`could not parse ${context.file.path} as Postgres SQL (line ${error.line}): ${error.message}`);
    return [];
  }
  const sqlScope = scope(context, project, statements);
  return [...checkStatements(statements, sqlScope), ...removedEnables(context, sqlScope)];
}

/** ENABLE ROW LEVEL SECURITY statements the change deleted, for tables nothing else enables. */
function removedEnables(context: RuleContext<MessageId>, sqlScope: SqlScope): Issue[] {
  const base = context.file.baseText;
  if (base === undefined || !/row\s+level\s+security/i.test(base)) return [];
  let statements: SqlStatement[];
  try {
    statements = parseStatements(base, lineIndex(base));
  } catch {
    return [];
  }
  const issues: Issue[] = [];
  for (const statement of statements) {
    if (!('AlterTableStmt' in statement.node)) continue;
    const table = qualifiedName(statement.node.AlterTableStmt.relation);
    const enables = (statement.node.AlterTableStmt.cmds ?? []).some((command) => 'AlterTableCmd' in command && command.AlterTableCmd.subtype === 'AT_EnableRowSecurity');
    if (!enables || sqlScope.facts.rlsEnabled.has(table)) continue;
    issues.push({
      messageId: 'rlsEnableRemoved',
      line: statement.line,
      baseLine: statement.line,
      severity: sqlScope.exposed ? 'critical' : 'high',
      data: { table },
      flow: [{ path: context.file.path, line: context.headLineForBaseLine(statement.line), note: `ENABLE ROW LEVEL SECURITY for ${table} removed here (base line ${statement.line})` }],
      fix: `Keep \`alter table ${table} enable row level security;\` and fix the policy instead.`,
      key: `rlsEnableRemoved:${table}`,
    });
  }
  return issues;
}

async function checkScript(context: RuleContext<MessageId>, text: string): Promise<Issue[]> {
  const issues: Issue[] = [];
  const sourceFile = context.sourceFile('head');
  if (INTERESTING_SQL.test(text) && sourceFile) {
    await loadParser();
    const statements = embeddedStatements(sourceFile);
    if (statements.length > 0) {
      const project = await loadProject(context);
      issues.push(...checkStatements(statements, scope(context, project, statements)));
    }
  }
  // Imports are followed, so a file that never says "supabase" may still pull in a service-role client.
  const shape = await loadShape(context);
  issues.push(...(await checkServiceRoleInClient(context, shape)));
  issues.push(...(await checkServiceRoleHandlers(context, shape)));
  return issues;
}

function scope(context: RuleContext<MessageId>, project: Project, statements: SqlStatement[]): SqlScope {
  const { path } = context.file;
  const exposedSchemas = [...new Set([...context.config.exposedSchemas, ...project.apiSchemas])];
  return { path, facts: factsWith(project, path, statements), exposed: project.exposed, exposedSchemas };
}

/** Prisma migrations of a MySQL/SQLite project are not Postgres: not ours to parse. */
async function notPostgres(context: RuleContext<MessageId>, project: Project): Promise<boolean> {
  const lock = project.files.find((path) => /(^|\/)prisma\/migrations\/migration_lock\.toml$/.test(path));
  if (!lock || !context.file.path.includes('prisma/migrations/')) return false;
  const text = (await context.readFile(lock, 'head')) ?? '';
  return /provider\s*=\s*"(mysql|sqlite|sqlserver|mongodb|cockroachdb)"/.test(text);
}

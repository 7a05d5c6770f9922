// The SQL side: each statement of a changed migration, judged against what all of the head's migrations say.
import type { AlterTableCmd, GrantStmt, Node } from '@pgsql/types';
import type { DatabaseFacts } from './facts.js';
import { policyFacts, publicBucketsIn, roleName } from './facts.js';
import { checkFunction, checkView } from './definer.js';
import type { Issue } from './issue.js';
import { constantText, qualifiedName, type SqlStatement } from './pg.js';
import { checkPolicy, listsPublicBucket } from './policy.js';

export interface SqlScope {
  path: string;
  facts: DatabaseFacts;
  /** The database is reachable through a data API (Supabase, PostgREST): tables without RLS are open. */
  exposed: boolean;
  exposedSchemas: string[];
  /** The file starts like pg_dump output (`SET statement_timeout = 0; … SET row_security = off;`): not a decision. */
  dumpPreamble?: boolean;
}

const WRITE_PRIVILEGES = new Set(['insert', 'update', 'delete', 'truncate', 'all']);

export function checkStatements(statements: SqlStatement[], scope: SqlScope): Issue[] {
  const issues: Issue[] = [];
  const settings = statements.slice(0, 15).filter((statement) => 'VariableSetStmt' in statement.node).length;
  scope = { ...scope, dumpPreamble: settings >= 4 };
  for (const statement of statements) {
    for (const issue of checkStatement(statement, scope)) {
      // A change anywhere in the statement (a policy's USING line) counts; a legacy CREATE TABLE whose column list
      // changed does not make the table's missing RLS this change's doing.
      if (issue.line === statement.line && issue.endLine === undefined && issue.messageId !== 'tableWithoutRls') issue.endLine = statement.endLine;
      issues.push(issue);
    }
  }
  return issues;
}

function checkStatement(statement: SqlStatement, scope: SqlScope): Issue[] {
  const { node, line } = statement;
  const { path, facts } = scope;
  const here = (note: string) => [{ path, line, note }];
  if ('AlterTableStmt' in node) return checkAlterTable(node.AlterTableStmt.relation && qualifiedName(node.AlterTableStmt.relation), node.AlterTableStmt.cmds ?? [], node.AlterTableStmt.objtype, statement, scope);
  if ('CreateStmt' in node) {
    const create = node.CreateStmt;
    if (create.partbound || create.relation?.relpersistence === 't') return [];
    return checkNewTable(qualifiedName(create.relation), statement, scope);
  }
  if ('CreateTableAsStmt' in node && node.CreateTableAsStmt.objtype === 'OBJECT_TABLE') {
    return checkNewTable(qualifiedName(node.CreateTableAsStmt.into?.rel), statement, scope);
  }
  if ('CreatePolicyStmt' in node) {
    const policy = policyFacts(node.CreatePolicyStmt, path, line);
    const issues = checkPolicy(policy, facts);
    const bucket = listsPublicBucket(policy, facts);
    if (bucket !== undefined) {
      const made = facts.publicBuckets.get(bucket) ?? facts.publicBuckets.get('*');
      issues.push({
        messageId: 'publicBucketListing',
        line,
        severity: 'medium',
        data: { bucket },
        flow: [...(made ? [{ path: made.path, line: made.line, note: `bucket "${bucket}" is public` }] : []), ...here('anyone may list every object in it')],
        fix: 'Public buckets serve files by URL without a SELECT policy; drop this policy, or scope it to the owner\'s folder.',
        key: `publicBucketListing:${bucket}:${policy.name}`,
      });
    }
    return issues;
  }
  if ('AlterPolicyStmt' in node) {
    const alter = node.AlterPolicyStmt;
    const table = qualifiedName(alter.table);
    const original = [...facts.policies].reverse().find((policy) => policy.table === table && policy.name === alter.policy_name);
    if (!original) return [];
    const altered = {
      ...original,
      roles: alter.roles ? alter.roles.map(roleName) : original.roles,
      using: alter.qual ?? original.using,
      withCheck: alter.with_check ?? original.withCheck,
      path,
      line,
    };
    return checkPolicy(altered, facts).filter((issue) => issue.messageId !== 'policyWithoutRls');
  }
  if ('GrantStmt' in node) return checkGrant(node.GrantStmt, statement, scope);
  if ('AlterRoleStmt' in node || 'CreateRoleStmt' in node) {
    const role = 'AlterRoleStmt' in node ? (node.AlterRoleStmt.role?.rolename ?? '') : (node.CreateRoleStmt.role ?? '');
    const options = 'AlterRoleStmt' in node ? node.AlterRoleStmt.options : node.CreateRoleStmt.options;
    const bypass = (options ?? []).some((option) => 'DefElem' in option && option.DefElem.defname === 'bypassrls' && constantText(option.DefElem.arg) !== 'false');
    if (!bypass) return [];
    return [
      {
        messageId: 'bypassRls',
        line,
        severity: ['anon', 'authenticated', 'public'].includes(role) ? 'critical' : 'high',
        data: { role },
        flow: here(`role ${role} now ignores every row level security policy`),
        fix: `Remove BYPASSRLS from ${role}; give server jobs their own role or use the service key on the server only.`,
        key: `bypassRls:${role}`,
      },
    ];
  }
  const rowSecurity = rowSecurityOff(node);
  if (rowSecurity && !(rowSecurity === 'session' && scope.dumpPreamble)) {
    return [
      {
        messageId: 'rowSecurityOff',
        line,
        severity: 'medium',
        data: { scope: rowSecurity },
        flow: here(`row_security = off (${rowSecurity})`),
        fix: 'Leave row_security on; a job that must see every row should run as a dedicated role on the server.',
        key: `rowSecurityOff:${rowSecurity}`,
      },
    ];
  }
  if ('CreateFunctionStmt' in node) return checkFunction(node.CreateFunctionStmt, statement, scope);
  if ('ViewStmt' in node) return checkView(node.ViewStmt, statement, scope);
  if ('InsertStmt' in node || 'UpdateStmt' in node) return checkBucket(statement, scope);
  return [];
}

function checkAlterTable(table: string | undefined, commands: Node[], objectType: string | undefined, statement: SqlStatement, scope: SqlScope): Issue[] {
  if (!table || (objectType && objectType !== 'OBJECT_TABLE')) return [];
  const { path, facts } = scope;
  const { line } = statement;
  const issues: Issue[] = [];
  const created = facts.tables.get(table);
  const createdStep = created ? [{ path: created.path, line: created.line, note: `${table} created here` }] : [];
  for (const command of commands) {
    const subtype = 'AlterTableCmd' in command ? (command.AlterTableCmd as AlterTableCmd).subtype : undefined;
    if (subtype === 'AT_DisableRowSecurity') {
      issues.push({
        messageId: 'rlsDisabled',
        line,
        severity: scope.exposed ? 'critical' : 'high',
        data: { table },
        flow: [...createdStep, { path, line, note: `row level security turned off: ${scope.exposed ? 'every row of ' + table + ' is readable and writable with the public anon key' : 'policies on ' + table + ' no longer apply'}` }],
        fix: `Keep RLS on and fix the policy that rejected the write (e.g. \`create policy … for insert to authenticated with check (user_id = (select auth.uid()))\`).`,
        key: `rlsDisabled:${table}`,
      });
    } else if (subtype === 'AT_NoForceRowSecurity') {
      issues.push({
        messageId: 'rlsNotForced',
        line,
        severity: 'medium',
        data: { table },
        flow: [...createdStep, { path, line, note: `NO FORCE ROW LEVEL SECURITY: the table owner (and code connecting as it) skips every policy on ${table}` }],
        fix: 'Keep FORCE ROW LEVEL SECURITY if the application connects as the table owner.',
        key: `rlsNotForced:${table}`,
      });
    } else if (subtype === 'AT_EnableRowSecurity' && !facts.policies.some((policy) => policy.table === table)) {
      issues.push({
        messageId: 'rlsWithoutPolicy',
        line,
        severity: 'low',
        data: { table },
        flow: [{ path, line, note: `RLS on, but no policy for ${table} in any migration: the data API denies every request` }],
        fix: 'Add the policies the app needs (or say in a comment that only the service role reads this table).',
        key: `rlsWithoutPolicy:${table}`,
      });
    }
  }
  return issues;
}

function checkNewTable(table: string, statement: SqlStatement, scope: SqlScope): Issue[] {
  const schema = table.split('.')[0]!;
  const { facts: db } = scope;
  if (!scope.exposed || !scope.exposedSchemas.includes(schema) || db.rlsEnabled.has(table) || db.rlsDisabled.has(table) || db.dynamicRlsEnable) return [];
  const facts = scope.facts.tables.get(table);
  return [
    {
      messageId: 'tableWithoutRls',
      line: statement.line,
      severity: facts?.userOwned || facts?.sensitive ? 'critical' : 'high',
      data: { table, schema },
      flow: [{ path: scope.path, line: statement.line, note: `${table} is created in the exposed schema "${schema}" and no migration enables RLS on it: anyone with the anon key can read and write it` }],
      fix: `Add \`alter table ${table} enable row level security;\` and policies scoped to the owner in the same migration.`,
      key: `tableWithoutRls:${table}`,
    },
  ];
}

function checkGrant(grant: GrantStmt, statement: SqlStatement, scope: SqlScope): Issue[] {
  if (!grant.is_grant || grant.objtype !== 'OBJECT_TABLE') return [];
  const privileges = grant.privileges ? grant.privileges.map((privilege) => ('AccessPriv' in privilege ? (privilege.AccessPriv.priv_name ?? 'all') : '')) : ['all'];
  const writes = privileges.filter((privilege) => WRITE_PRIVILEGES.has(privilege));
  if (writes.length === 0) return [];
  const grantees = (grant.grantees ?? []).map(roleName);
  const allInSchema = grant.targtype === 'ACL_TARGET_ALL_IN_SCHEMA';
  const tables = allInSchema
    ? (grant.objects ?? []).map((object) => `all tables in schema ${constantText(object) ?? '?'}`)
    : (grant.objects ?? []).map((object) => ('RangeVar' in object ? qualifiedName(object.RangeVar) : '?'));
  const issues: Issue[] = [];
  for (const table of tables) {
    const rls = !allInSchema && scope.facts.rlsEnabled.has(table);
    // Supabase grants ALL on public tables to anon and authenticated by default (every `db dump` repeats it):
    // on a table with RLS the policies decide, so the grant alone changes nothing.
    const anonymous = rls ? [] : grantees.filter((role) => role === 'anon' || role === 'public');
    const signedIn = grantees.includes('authenticated') && !rls && scope.exposed && (allInSchema || scope.facts.tables.has(table));
    if (anonymous.length === 0 && !signedIn) continue;
    const roles = [...anonymous, ...(signedIn ? ['authenticated'] : [])].join(', ');
    issues.push({
      messageId: anonymous.length > 0 ? 'grantToAnon' : 'grantWithoutRls',
      line: statement.line,
      severity: 'high',
      data: { privileges: writes.join(', '), table, roles },
      flow: [{ path: scope.path, line: statement.line, note: `${roles} get ${writes.join(', ')} on ${table}, which has no row level security` }],
      fix: `Grant only what the app needs (often \`grant select … to authenticated\`), and enable RLS with owner-scoped policies on ${table}.`,
      key: `grant:${table}:${roles}`,
    });
  }
  return issues;
}

function rowSecurityOff(node: Node): string | undefined {
  const setting = 'VariableSetStmt' in node ? node.VariableSetStmt : 'AlterRoleSetStmt' in node ? node.AlterRoleSetStmt.setstmt : 'AlterDatabaseSetStmt' in node ? node.AlterDatabaseSetStmt.setstmt : undefined;
  if (setting?.name !== 'row_security' || setting.kind !== 'VAR_SET_VALUE') return undefined;
  const value = constantText(setting.args?.[0]);
  if (!['off', 'false', '0', 'no'].includes(value ?? '')) return undefined;
  if ('AlterRoleSetStmt' in node) return `role ${node.AlterRoleSetStmt.role?.rolename ?? 'all'}`;
  if ('AlterDatabaseSetStmt' in node) return `database ${node.AlterDatabaseSetStmt.dbname ?? ''}`;
  return 'session';
}

function checkBucket(statement: SqlStatement, scope: SqlScope): Issue[] {
  const issues: Issue[] = [];
  for (const bucket of publicBucketsIn(statement.node)) {
    const listing = scope.facts.policies.find((policy) => policy.path !== scope.path && listsPublicBucket(policy, scope.facts) === bucket);
    if (!listing) continue;
    issues.push({
      messageId: 'publicBucketListing',
      line: statement.line,
      severity: 'medium',
      data: { bucket },
      flow: [
        { path: scope.path, line: statement.line, note: `bucket "${bucket}" made public` },
        { path: listing.path, line: listing.line, note: `policy "${listing.name}" lets anyone list its objects` },
      ],
      fix: 'Public buckets serve files by URL without a SELECT policy; drop the listing policy or keep the bucket private with signed URLs.',
      key: `publicBucketListing:${bucket}`,
    });
  }
  return issues;
}

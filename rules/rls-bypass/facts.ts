// What the head's migrations, taken together, say about the database: which tables exist and hold user data, where
// RLS is enabled, which policies exist, which buckets are public. A statement is judged against these facts, so an
// ENABLE ROW LEVEL SECURITY in a later migration (or one already in the repo) clears a CREATE TABLE.
import type { ColumnDef, Constraint, CreatePolicyStmt, Node, RangeVar } from '@pgsql/types';
import { collect, constantText, functionName, qualifiedName, stringValues, type SqlStatement } from './pg.js';

export interface TableFacts {
  key: string;
  columns: string[];
  /** A column ties rows to a user (references auth.users, or user_id / owner_id…). */
  userOwned: boolean;
  /** A column holds something worth protecting (email, body, amount, token…). */
  sensitive: boolean;
  /** A column holds something private whatever the app (email, phone, iban, token, password…), not just content. */
  private: boolean;
  path: string;
  line: number;
}

export interface PolicyFacts {
  name: string;
  permissive: boolean;
  table: string;
  command: string;
  roles: string[];
  using?: Node;
  withCheck?: Node;
  path: string;
  line: number;
}

export interface DatabaseFacts {
  tables: Map<string, TableFacts>;
  rlsEnabled: Set<string>;
  /** Tables some migration turns RLS off on (reported as such, not also as created without it). */
  rlsDisabled: Set<string>;
  policies: PolicyFacts[];
  publicBuckets: Map<string, { path: string; line: number }>;
  /** Functions whose EXECUTE was revoked from anon/authenticated/public (by schema.name). */
  revokedFunctions: Set<string>;
  /** Views switched to security_invoker by ALTER VIEW. */
  invokerViews: Set<string>;
  /** The SQL uses Supabase's roles or auth schema. */
  mentionsSupabase: boolean;
  /** Some function or DO block enables RLS with dynamic SQL (a loop over tables, an event trigger): we cannot tell which. */
  dynamicRlsEnable: boolean;
}

export function emptyFacts(): DatabaseFacts {
  return {
    tables: new Map(),
    rlsEnabled: new Set(),
    rlsDisabled: new Set(),
    policies: [],
    publicBuckets: new Map(),
    revokedFunctions: new Set(),
    invokerViews: new Set(),
    mentionsSupabase: false,
    dynamicRlsEnable: false,
  };
}

const OWNER_COLUMN = /^(user|owner|author|creator|sender|recipient|receiver|profile|member|customer|account|created_by|updated_by|uploaded_by|owned_by|assignee)(_?id|_uuid)?$|^(created_by|user|owner)$/i;
const PRIVATE_COLUMN = /email|phone|address|iban|ssn|token|secret|password|hash|api_?key|salary|balance|birth|dob|stripe|payment|card|ip_addr|tax|passport/i;
const SENSITIVE_COLUMN = /email|phone|address|iban|ssn|token|secret|password|hash|key|salary|amount|balance|cents|price|body|content|message|text|note|private|birth|dob|stripe|payment|card|ip_addr|location|metadata|data$/i;

export function cloneFacts(facts: DatabaseFacts): DatabaseFacts {
  return {
    tables: new Map([...facts.tables].map(([key, table]) => [key, { ...table, columns: [...table.columns] }])),
    rlsEnabled: new Set(facts.rlsEnabled),
    rlsDisabled: new Set(facts.rlsDisabled),
    policies: [...facts.policies],
    publicBuckets: new Map(facts.publicBuckets),
    revokedFunctions: new Set(facts.revokedFunctions),
    invokerViews: new Set(facts.invokerViews),
    mentionsSupabase: facts.mentionsSupabase,
    dynamicRlsEnable: facts.dynamicRlsEnable,
  };
}

export function addFacts(facts: DatabaseFacts, statements: SqlStatement[], path: string): void {
  for (const statement of statements) {
    const node = statement.node;
    if (!facts.mentionsSupabase && usesSupabaseNames(node)) facts.mentionsSupabase = true;
    if (('DoStmt' in node || 'CreateFunctionStmt' in node) && /\bexecute\b[\s\S]*enable\s+row\s+level\s+security/i.test(statement.text)) {
      facts.dynamicRlsEnable = true;
    }
    if ('CreateStmt' in node) addTable(facts, node.CreateStmt.relation, node.CreateStmt.tableElts ?? [], path, statement.line);
    else if ('AlterTableStmt' in node) {
      const key = qualifiedName(node.AlterTableStmt.relation);
      for (const command of node.AlterTableStmt.cmds ?? []) {
        if (!('AlterTableCmd' in command)) continue;
        const subtype = command.AlterTableCmd.subtype;
        if (subtype === 'AT_EnableRowSecurity' || subtype === 'AT_ForceRowSecurity') facts.rlsEnabled.add(key);
        if (subtype === 'AT_DisableRowSecurity') facts.rlsDisabled.add(key);
        if (subtype === 'AT_SetRelOptions' && setsSecurityInvoker(command.AlterTableCmd.def)) facts.invokerViews.add(key);
        if (subtype === 'AT_AddColumn' && command.AlterTableCmd.def && 'ColumnDef' in command.AlterTableCmd.def) {
          const table = facts.tables.get(key);
          if (table) addColumn(table, command.AlterTableCmd.def.ColumnDef);
        }
      }
    } else if ('CreatePolicyStmt' in node) facts.policies.push(policyFacts(node.CreatePolicyStmt, path, statement.line));
    else if ('InsertStmt' in node || 'UpdateStmt' in node) addBuckets(facts, statement, path);
    else if ('GrantStmt' in node) {
      const grant = node.GrantStmt;
      const fromApiRoles = (grant.grantees ?? []).some((role) => ['anon', 'authenticated', 'public'].includes(roleName(role)));
      if (!grant.is_grant && grant.objtype === 'OBJECT_FUNCTION' && fromApiRoles) {
        for (const object of grant.objects ?? []) {
          if ('ObjectWithArgs' in object) facts.revokedFunctions.add(qualifiedFunction(functionName(object.ObjectWithArgs.objname)));
        }
      }
    }
  }
}

/** Supabase's roles, its auth.* functions, or its auth/storage schemas, read from the tree (not from comments). */
function usesSupabaseNames(node: Node): boolean {
  if (collect<{ rolename?: string }>(node, 'RoleSpec').some((role) => /^(anon|authenticated|service_role)$/.test(role.rolename ?? ''))) return true;
  if (collect<RangeVar>(node, 'RangeVar').some((relation) => relation.schemaname === 'auth' || relation.schemaname === 'storage')) return true;
  if (collect<Constraint>(node, 'Constraint').some(referencesAuthUsers)) return true;
  return collect<{ funcname?: Node[] }>(node, 'FuncCall').some((call) => /^auth\.(uid|jwt|role|email)$/.test(functionName(call.funcname)));
}

function addTable(facts: DatabaseFacts, relation: RangeVar | undefined, elements: Node[], path: string, line: number): void {
  const key = qualifiedName(relation);
  const table: TableFacts = facts.tables.get(key) ?? { key, columns: [], userOwned: false, sensitive: false, private: false, path, line };
  for (const element of elements) {
    if ('ColumnDef' in element) addColumn(table, element.ColumnDef);
    if ('Constraint' in element && referencesAuthUsers(element.Constraint)) table.userOwned = true;
  }
  if (/^(profiles?|users?|accounts?|members?)$/i.test(relation?.relname ?? '') && table.columns.includes('id')) table.userOwned = true;
  facts.tables.set(key, table);
}

function addColumn(table: TableFacts, column: ColumnDef): void {
  const name = column.colname ?? '';
  table.columns.push(name);
  if (OWNER_COLUMN.test(name)) table.userOwned = true;
  if (SENSITIVE_COLUMN.test(name)) table.sensitive = true;
  if (PRIVATE_COLUMN.test(name)) table.private = true;
  const constraints = collect<Constraint>(column.constraints ?? [], 'Constraint');
  if (constraints.some(referencesAuthUsers)) table.userOwned = true;
}

function referencesAuthUsers(constraint: Constraint): boolean {
  return constraint.contype === 'CONSTR_FOREIGN' && qualifiedName(constraint.pktable) === 'auth.users';
}

function setsSecurityInvoker(definition: Node | undefined): boolean {
  return collect<{ defname?: string; arg?: Node }>(definition, 'DefElem').some(
    (option) => option.defname === 'security_invoker' && ['true', 'on', '1', 'yes', undefined].includes(constantText(option.arg)),
  );
}

export function policyFacts(policy: CreatePolicyStmt, path: string, line: number): PolicyFacts {
  return {
    name: policy.policy_name ?? '',
    permissive: policy.permissive !== false,
    table: qualifiedName(policy.table),
    command: policy.cmd_name ?? 'all',
    roles: (policy.roles ?? []).map(roleName),
    using: policy.qual,
    withCheck: policy.with_check,
    path,
    line,
  };
}

/** `anon`, `authenticated`, `public` (PUBLIC or no TO clause), or a role's name. */
export function roleName(node: Node): string {
  if (!('RoleSpec' in node)) return '';
  const role = node.RoleSpec;
  if (role.roletype === 'ROLESPEC_PUBLIC') return 'public';
  if (role.roletype === 'ROLESPEC_CSTRING') return (role.rolename ?? '').toLowerCase();
  return role.roletype?.replace('ROLESPEC_', '').toLowerCase() ?? '';
}

export function qualifiedFunction(name: string): string {
  return name.includes('.') ? name : `public.${name}`;
}

/** `insert into storage.buckets (…, public) values (…, true)` and `update storage.buckets set public = true`. */
function addBuckets(facts: DatabaseFacts, statement: SqlStatement, path: string): void {
  for (const bucket of publicBucketsIn(statement.node)) facts.publicBuckets.set(bucket, { path, line: statement.line });
}

export function publicBucketsIn(node: Node): string[] {
  if ('InsertStmt' in node && qualifiedName(node.InsertStmt.relation) === 'storage.buckets') {
    const columns = (node.InsertStmt.cols ?? []).map((column) => ('ResTarget' in column ? column.ResTarget.name ?? '' : ''));
    const publicIndex = columns.indexOf('public');
    const idIndex = columns.indexOf('id') === -1 ? columns.indexOf('name') : columns.indexOf('id');
    if (publicIndex === -1) return [];
    const rows = collect<{ items?: Node[] }>(node.InsertStmt.selectStmt, 'List');
    return rows.filter((row) => constantText(row.items?.[publicIndex]) === 'true').map((row) => constantText(row.items?.[idIndex]) ?? '?');
  }
  if ('UpdateStmt' in node && qualifiedName(node.UpdateStmt.relation) === 'storage.buckets') {
    const setsPublic = (node.UpdateStmt.targetList ?? []).some(
      (target) => 'ResTarget' in target && target.ResTarget.name === 'public' && constantText(target.ResTarget.val) === 'true',
    );
    if (!setsPublic) return [];
    const ids = stringValues(node.UpdateStmt.whereClause).filter((value) => !['id', 'name', '='].includes(value));
    return ids.length > 0 ? ids : ['*'];
  }
  return [];
}

/** The storage bucket a storage.objects policy is limited to (`bucket_id = 'avatars'`), if any. */
export function policyBucket(policy: PolicyFacts): string | undefined {
  const condition = policy.using ?? policy.withCheck;
  const text = JSON.stringify(condition ?? {});
  if (!text.includes('"bucket_id"')) return undefined;
  return stringValues(condition).find((value) => value !== 'bucket_id' && value !== '=');
}

export { functionName };

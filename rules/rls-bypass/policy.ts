// CREATE / ALTER POLICY: policies that let everyone through, or that trust what a user can edit.
import type { Node } from '@pgsql/types';
import type { DatabaseFacts, PolicyFacts, TableFacts } from './facts.js';
import { policyBucket } from './facts.js';
import type { Issue } from './issue.js';
import { constantText, functionName, stringValues } from './pg.js';

const API_ROLES = new Set(['anon', 'authenticated', 'public']);
const PUBLIC_BY_NAME = /\b(public|everyone|anyone|anybody)\b/i;
/** Tables whose rows are usually published on purpose (a blog's posts, a shop's products). */
const PUBLIC_CONTENT_TABLE = /\.(posts?|comments?|articles?|products?|reviews?|listings?|events?|categories|category|tags?|pages?|courses?|lessons?|recipes?|plans?|prices?|catalog\w*|announcements?|faqs?)$/i;

export function checkPolicy(policy: PolicyFacts, facts: DatabaseFacts): Issue[] {
  const issues: Issue[] = [];
  const table = facts.tables.get(policy.table);
  const where = `policy "${policy.name}" on ${policy.table}`;
  const tableStep = table ? [{ path: table.path, line: table.line, note: `${policy.table} created here${table.userOwned ? ' (rows belong to users)' : ''}` }] : [];
  const step = (note: string) => [...tableStep, { path: policy.path, line: policy.line, note: `${where} (${policy.command}, to ${policy.roles.join(', ') || 'public'}): ${note}` }];
  if (table && !facts.rlsEnabled.has(policy.table) && !facts.dynamicRlsEnable) {
    issues.push({
      messageId: 'policyWithoutRls',
      line: policy.line,
      data: { table: policy.table, policy: policy.name },
      flow: step('RLS is never enabled on the table, so this policy is never applied'),
      fix: `Add \`alter table ${policy.table} enable row level security;\` — a policy does nothing until RLS is on.`,
      key: `policyWithoutRls:${policy.table}:${policy.name}`,
    });
  }
  if (!policy.permissive || !policy.roles.some((role) => API_ROLES.has(role))) return issues;

  const metadata = [policy.using, policy.withCheck].some((condition) =>
    stringValues(condition).some((value) => /^(raw_)?user_meta_?data$/i.test(value)),
  );
  if (metadata) {
    issues.push({
      messageId: 'userMetadataPolicy',
      line: policy.line,
      data: { policy: policy.name, table: policy.table },
      flow: step('reads user_metadata, which every user can change with supabase.auth.updateUser()'),
      fix: 'Decide access from data users cannot edit: `auth.jwt() -> \'app_metadata\'`, a roles table, or auth.uid() ownership.',
      key: `userMetadataPolicy:${policy.table}:${policy.name}`,
    });
  }

  const writes = policy.command !== 'select';
  const conditions = conditionsFor(policy);
  const label = policy.roles.join(', ') || 'public';
  if (conditions.some(isAlwaysTrue)) {
    if (writes) {
      const insertOnlyReference = policy.command === 'insert' && table !== undefined && !table.userOwned;
      issues.push({
        messageId: 'permissiveWrite',
        line: policy.line,
        severity: insertOnlyReference ? 'medium' : 'high',
        data: { policy: policy.name, table: policy.table, command: policy.command, roles: label },
        flow: step(`condition is always true: any ${label} user may ${policy.command} any row`),
        fix: ownershipFix(policy, table),
        key: `permissiveWrite:${policy.table}:${policy.name}`,
      });
    } else if (readExposesUsers(policy, table)) {
      issues.push({
        messageId: 'permissiveRead',
        line: policy.line,
        data: { policy: policy.name, table: policy.table, roles: label },
        flow: step(`USING (true): every ${label} user reads every user's rows`),
        fix: ownershipFix(policy, table),
        key: `permissiveRead:${policy.table}:${policy.name}`,
      });
    }
  } else if (conditions.length > 0 && conditions.every(isSignedInOnly) && (policy.command === 'insert' || !writes ? table?.userOwned : true)) {
    issues.push({
      messageId: 'authenticatedOnly',
      line: policy.line,
      severity: writes ? 'high' : 'medium',
      data: { policy: policy.name, table: policy.table, command: policy.command },
      flow: step('the only condition is "signed in": anyone who signs up passes it, for every row'),
      fix: ownershipFix(policy, table),
      key: `authenticatedOnly:${policy.table}:${policy.name}`,
    });
  }
  return issues;
}

/** The conditions Postgres applies for the policy's command (USING doubles as WITH CHECK when that is absent). */
function conditionsFor(policy: PolicyFacts): Node[] {
  const present = (nodes: Array<Node | undefined>) => nodes.filter((node): node is Node => node !== undefined);
  switch (policy.command) {
    case 'insert':
      return present([policy.withCheck]);
    case 'select':
    case 'delete':
      return present([policy.using]);
    default:
      return present([policy.using, policy.withCheck ?? policy.using]);
  }
}

function readExposesUsers(policy: PolicyFacts, table: TableFacts | undefined): boolean {
  if (policy.table === 'storage.objects') return true;
  if (!table?.userOwned) return false;
  if (table.private) return true;
  if (PUBLIC_BY_NAME.test(policy.name) || PUBLIC_CONTENT_TABLE.test(policy.table)) return false;
  return true;
}

/** `true`, `1 = 1`, `'a' = 'a'`, `true OR …`. */
export function isAlwaysTrue(node: Node): boolean {
  if ('A_Const' in node || 'TypeCast' in node) return constantText(node) === 'true';
  if ('A_Expr' in node) {
    const expression = node.A_Expr;
    const operator = functionName(expression.name);
    const left = constantText(expression.lexpr);
    return operator === '=' && left !== undefined && left === constantText(expression.rexpr);
  }
  if ('BoolExpr' in node) {
    const args = node.BoolExpr.args ?? [];
    if (node.BoolExpr.boolop === 'OR_EXPR') return args.some(isAlwaysTrue);
    if (node.BoolExpr.boolop === 'AND_EXPR') return args.every(isAlwaysTrue);
  }
  return false;
}

/** `auth.uid() IS NOT NULL`, `auth.role() = 'authenticated'`, `auth.jwt() IS NOT NULL` (alone or AND-ed together). */
export function isSignedInOnly(node: Node): boolean {
  if ('BoolExpr' in node && node.BoolExpr.boolop === 'AND_EXPR') return (node.BoolExpr.args ?? []).every(isSignedInOnly);
  if ('NullTest' in node) return node.NullTest.nulltesttype === 'IS_NOT_NULL' && isAuthCall(node.NullTest.arg);
  if ('A_Expr' in node && functionName(node.A_Expr.name) === '=') {
    const { lexpr, rexpr } = node.A_Expr;
    return (isAuthCall(lexpr) && constantText(rexpr) === 'authenticated') || (isAuthCall(rexpr) && constantText(lexpr) === 'authenticated');
  }
  return false;
}

function isAuthCall(node: Node | undefined): boolean {
  if (!node) return false;
  if ('FuncCall' in node) return /^auth\.(uid|role|jwt)$/.test(functionName(node.FuncCall.funcname));
  if ('SubLink' in node) {
    const select = node.SubLink.subselect;
    if (select && 'SelectStmt' in select) {
      const targets = select.SelectStmt.targetList ?? [];
      const first = targets[0];
      return targets.length === 1 && first !== undefined && 'ResTarget' in first && isAuthCall(first.ResTarget.val);
    }
  }
  if ('TypeCast' in node) return isAuthCall(node.TypeCast.arg);
  return false;
}

function ownershipFix(policy: PolicyFacts, table: TableFacts | undefined): string {
  const owner = table?.columns.find((column) => /^(user|owner|author|creator|sender|profile)_?id$|^created_by$/i.test(column)) ?? 'user_id';
  if (policy.table === 'storage.objects') {
    return "Scope it to the owner's folder: `bucket_id = '…' and (storage.foldername(name))[1] = (select auth.uid())::text`.";
  }
  const clause = policy.command === 'insert' ? 'with check' : 'using';
  return `Scope the policy to the row's owner, e.g. \`${clause} (${owner} = (select auth.uid()))\`; keep USING (true) only for public reference data read with SELECT.`;
}

/** A SELECT policy on storage.objects limited to a bucket that is public: anyone can list every file in it. */
export function listsPublicBucket(policy: PolicyFacts, facts: DatabaseFacts): string | undefined {
  if (policy.table !== 'storage.objects' || !['select', 'all'].includes(policy.command)) return undefined;
  if (!policy.roles.some((role) => role === 'anon' || role === 'public')) return undefined;
  if (stringValues(policy.using).some((value) => /^(uid|foldername|owner|owner_id|jwt)$/.test(value))) return undefined;
  const bucket = policyBucket(policy);
  if (bucket === undefined) return undefined;
  return facts.publicBuckets.has(bucket) || facts.publicBuckets.has('*') ? bucket : undefined;
}

// SECURITY DEFINER functions and views in an exposed schema: they run as their owner, so RLS does not apply inside.
import type { A_Expr, ColumnRef, CreateFunctionStmt, DefElem, FuncCall, FunctionParameter, Node, RangeVar, ViewStmt } from '@pgsql/types';
import type { Issue } from './issue.js';
import { collect, constantText, functionName, parseExpressionOrStatement, plpgsqlQueries, qualifiedName, type SqlStatement } from './pg.js';
import { qualifiedFunction } from './facts.js';
import type { SqlScope } from './sql.js';

export function checkFunction(definition: CreateFunctionStmt, statement: SqlStatement, scope: SqlScope): Issue[] {
  const name = qualifiedFunction(functionName(definition.funcname));
  const schema = name.split('.')[0]!;
  if (!scope.exposed || !scope.exposedSchemas.includes(schema)) return [];
  const options = (definition.options ?? []).flatMap((option) => ('DefElem' in option ? [option.DefElem] : []));
  const definer = options.some((option) => option.defname === 'security' && constantText(option.arg) === 'true');
  if (!definer) return [];
  const issues: Issue[] = [];
  const { path } = scope;
  const { line } = statement;
  const fixedSearchPath = options.some((option) => option.defname === 'set' && collect<{ name?: string }>(option.arg, 'VariableSetStmt').some((set) => set.name === 'search_path'));
  if (!fixedSearchPath) {
    issues.push({
      messageId: 'definerSearchPath',
      line,
      severity: 'medium',
      data: { name },
      flow: [{ path, line, note: `${name} runs as its owner and resolves names through the caller's search_path` }],
      fix: "Add `set search_path = ''` to the function and schema-qualify every name in its body.",
      key: `definerSearchPath:${name}`,
    });
  }
  const returns = functionName(definition.returnType?.names).replace(/^pg_catalog\./, '');
  if (/^(trigger|event_trigger)$/.test(returns) || scope.facts.revokedFunctions.has(name)) return issues;
  const body = functionBody(options, statement.text);
  const reads = collect<Node>(body, 'SelectStmt').flatMap((select) => collect<RangeVar>(select, 'RangeVar').map((relation) => qualifiedName(relation)));
  const writes = collect<Node>(body, 'InsertStmt').length + collect<Node>(body, 'UpdateStmt').length + collect<Node>(body, 'DeleteStmt').length > 0;
  const checksCaller = collect<FuncCall>(body, 'FuncCall').some((call) => /^auth\.(uid|jwt|role)$/.test(functionName(call.funcname)));
  if (checksCaller) return issues;
  if (reads.includes('auth.users') && returns !== 'void') {
    issues.push(authUsersIssue(`function ${name}`, path, line));
  } else if (writes || (returnsProtectedRows(definition, returns, reads, scope) && !lookedUpBySecret(definition, body))) {
    const action = writes ? 'writes rows' : `returns rows of ${reads.filter((table) => scope.facts.rlsEnabled.has(table)).join(', ')}`;
    issues.push({
      messageId: 'definerExposed',
      line,
      data: { name, action },
      flow: [
        { path, line, note: `${name} is SECURITY DEFINER in the exposed schema "${schema}": anon and authenticated can call it through /rpc` },
        { path, line, note: `it ${action} without checking auth.uid(), so RLS does not protect them` },
      ],
      fix: `Check the caller inside (\`where user_id = (select auth.uid())\`), make it SECURITY INVOKER, or \`revoke execute on function ${name} from anon, authenticated, public\`.`,
      key: `definerExposed:${name}`,
    });
  }
  return issues;
}

export function checkView(view: ViewStmt, statement: SqlStatement, scope: SqlScope): Issue[] {
  const name = qualifiedName(view.view);
  const schema = name.split('.')[0]!;
  if (!scope.exposed || !scope.exposedSchemas.includes(schema)) return [];
  const reads = collect<RangeVar>(view.query, 'RangeVar').map((relation) => qualifiedName(relation));
  if (reads.includes('auth.users')) return [authUsersIssue(`view ${name}`, scope.path, statement.line)];
  const options = collect<DefElem>(view.options ?? [], 'DefElem');
  const invoker = options.some((option) => option.defname === 'security_invoker' && ['true', 'on', '1', 'yes', undefined].includes(constantText(option.arg)));
  if (invoker || scope.facts.invokerViews.has(name)) return [];
  const protectedTables = reads.filter((table) => scope.facts.rlsEnabled.has(table) || scope.facts.tables.get(table)?.userOwned);
  if (protectedTables.length === 0) return [];
  return [
    {
      messageId: 'viewWithoutInvoker',
      line: statement.line,
      data: { name, tables: protectedTables.join(', ') },
      flow: [
        { path: scope.path, line: statement.line, note: `${name} runs with its owner's rights (no security_invoker) in the exposed schema "${schema}"` },
        { path: scope.path, line: statement.line, note: `so the RLS policies of ${protectedTables.join(', ')} do not apply to anyone reading the view` },
      ],
      fix: `Create it \`with (security_invoker = true)\` (Postgres 15+), or move it to a schema the API does not expose.`,
      key: `viewWithoutInvoker:${name}`,
    },
  ];
}

/** Columns that hold a secret the caller must already know: an invitation token, a share code, a key hash. */
const SECRET_COLUMN = /^(token|secret|code|hash|otp|[a-z_]*_(token|secret|code|hash))$/i;

/**
 * The function only finds rows by a secret passed in (`where token = lookup_token`): knowing an invitation token or
 * a share code is the permission, so reading that row without auth.uid() is the design, not a hole.
 */
function lookedUpBySecret(definition: CreateFunctionStmt, body: Node[]): boolean {
  const ownName = functionName(definition.funcname).split('.').pop() ?? '';
  const parameters = new Set(
    (definition.parameters ?? []).flatMap((parameter) => ('FunctionParameter' in parameter ? [(parameter.FunctionParameter as FunctionParameter).name ?? ''] : [])).filter(Boolean),
  );
  if (parameters.size === 0) return false;
  const columnName = (node: Node | undefined): string[] => {
    const ref = node && 'ColumnRef' in node ? (node.ColumnRef as ColumnRef) : undefined;
    return ref ? (ref.fields ?? []).flatMap((field) => ('String' in field ? [field.String.sval ?? ''] : [])) : [];
  };
  const isParameter = (node: Node | undefined): boolean => {
    if (node && 'ParamRef' in node) return true;
    const parts = columnName(node);
    const last = parts[parts.length - 1] ?? '';
    return parameters.has(last) && (parts.length === 1 || parts[0] === ownName);
  };
  const isSecretColumn = (node: Node | undefined): boolean => SECRET_COLUMN.test(columnName(node).pop() ?? '');
  return collect<Node>(body, 'SelectStmt').some((select) =>
    collect<A_Expr>(select, 'A_Expr').some((expr) => {
      const operator = (expr.name ?? []).flatMap((part) => ('String' in part ? [part.String.sval] : [])).join('');
      return operator === '=' && ((isSecretColumn(expr.lexpr) && isParameter(expr.rexpr)) || (isSecretColumn(expr.rexpr) && isParameter(expr.lexpr)));
    }),
  );
}

/** A set-returning or JSON function reading tables that have RLS: it hands out rows the policies would hide. */
function returnsProtectedRows(definition: CreateFunctionStmt, returns: string, reads: string[], scope: SqlScope): boolean {
  const returnsRows = definition.returnType?.setof === true || /^(json|jsonb|record)$/.test(returns) || scope.facts.tables.has(qualifiedFunction(returns));
  return returnsRows && reads.some((table) => scope.facts.rlsEnabled.has(table));
}

function authUsersIssue(what: string, path: string, line: number): Issue {
  return {
    messageId: 'authUsersExposed',
    line,
    data: { what },
    flow: [{ path, line, note: `${what} reads auth.users (emails, phone numbers, metadata of every user) and is reachable through the data API` }],
    fix: 'Keep auth.users out of exposed schemas: copy the fields you need into a public.profiles table with RLS, or revoke access from anon and authenticated.',
    key: `authUsersExposed:${what}`,
  };
}

/** The function body's statements: parsed directly for LANGUAGE sql, through the PL/pgSQL parser otherwise. */
function functionBody(options: DefElem[], createText: string): Node[] {
  const language = constantText(options.find((option) => option.defname === 'language')?.arg) ?? 'sql';
  if (language === 'plpgsql') return plpgsqlQueries(createText);
  const source = options.find((option) => option.defname === 'as')?.arg;
  const text = collect<{ sval?: string }>(source, 'String').map((part) => part.sval ?? '').join('\n');
  return text ? parseExpressionOrStatement(text) : [];
}

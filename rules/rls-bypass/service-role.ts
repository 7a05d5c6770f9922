// Recognising a Supabase client built with the service-role key: the env names, `sb_secret_` keys, and JWTs whose
// payload says `"role": "service_role"` (decoded, never printed: messages show the first 4 characters and the length).
import { ts } from 'ts-morph';
import { jwtRole } from '../_secrets/jwt.js';
import { maskSecret } from '../_secrets/mask.js';

const SERVICE_KEY_NAME = /service_?role|supabase_?service_?key|supabase_?secret(_?key)?|sb_?secret|service_?key/i;
const CLIENT_FACTORIES = new Set(['createClient', 'createServerClient', 'createBrowserClient', 'SupabaseClient']);

export interface ServiceRoleClient {
  /** The createClient(…) call. */
  call: ts.CallExpression | ts.NewExpression;
  callLine: number;
  /** Where the key is read (the argument's line, or the literal/env read it resolves to). */
  keyLine: number;
  /** `process.env.SUPABASE_SERVICE_ROLE_KEY`, or a masked literal. */
  keyLabel: string;
  /** The variable or function the client is bound to (`supabaseAdmin`, `createAdminClient`), if any. */
  boundTo?: string;
}

export function lineOf(file: ts.SourceFile, node: ts.Node): number {
  return file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
}

/** Whether the file imports the Supabase SDK (so `createClient` is Supabase's). */
export function importsSupabase(file: ts.SourceFile): boolean {
  return file.statements.some(
    (statement) => ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && /^(@supabase\/|supabase$|jsr:@supabase|npm:@supabase|https:\/\/esm\.sh\/@supabase)/.test(statement.moduleSpecifier.text),
  );
}

export function findServiceRoleClients(file: ts.SourceFile): ServiceRoleClient[] {
  if (!importsSupabase(file)) return [];
  const found: ServiceRoleClient[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && CLIENT_FACTORIES.has(calleeName(node.expression))) {
      const keyArgument = node.arguments?.[1];
      const key = keyArgument ? serviceKey(keyArgument, file, 0) : undefined;
      if (key) found.push({ call: node, callLine: lineOf(file, node), keyLine: key.line, keyLabel: key.label, boundTo: bindingName(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function calleeName(expression: ts.Expression): string {
  if (ts.isIdentifier(expression)) return expression.text;
  if (ts.isPropertyAccessExpression(expression)) return expression.name.text;
  return '';
}

/** Resolves an expression to a service-role key: env read by name, literal, or a local const holding one. */
export function serviceKey(expression: ts.Expression, file: ts.SourceFile, depth: number): { line: number; label: string } | undefined {
  if (depth > 4) return undefined;
  const node = unwrap(expression);
  const line = lineOf(file, node);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    return isServiceRoleLiteral(node.text) ? { line, label: `a service-role key literal ${maskSecret(node.text)}` } : undefined;
  }
  if (ts.isBinaryExpression(node) && [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(node.operatorToken.kind)) {
    return serviceKey(node.left, file, depth + 1) ?? serviceKey(node.right, file, depth + 1);
  }
  if (ts.isConditionalExpression(node)) return serviceKey(node.whenTrue, file, depth + 1) ?? serviceKey(node.whenFalse, file, depth + 1);
  const name = accessedName(node, file);
  if (name && SERVICE_KEY_NAME.test(name) && !/anon|public(?!_?key)|publishable/i.test(name.replace(/^(NEXT_PUBLIC|VITE|EXPO_PUBLIC|PUBLIC|REACT_APP)_/, ''))) {
    return { line, label: `\`${node.getText(file)}\`` };
  }
  if (ts.isIdentifier(node)) {
    const initializer = constInitializer(node.text, file);
    const resolved = initializer ? serviceKey(initializer, file, depth + 1) : undefined;
    return resolved;
  }
  return undefined;
}

function unwrap(expression: ts.Expression): ts.Expression {
  let node = expression;
  while (ts.isNonNullExpression(node) || ts.isAsExpression(node) || ts.isParenthesizedExpression(node) || ts.isSatisfiesExpression(node) || ts.isTypeAssertionExpression(node)) {
    node = node.expression;
  }
  return node;
}

/** `process.env.X`, `env.X`, `process.env['X']`, `Deno.env.get('X')`, or a bare identifier `X`. */
function accessedName(node: ts.Expression, file: ts.SourceFile): string | undefined {
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  if (ts.isElementAccessExpression(node) && ts.isStringLiteral(node.argumentExpression)) return node.argumentExpression.text;
  if (ts.isCallExpression(node) && /\.get$|^getEnv$|^env$/.test(node.expression.getText(file)) && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
    return node.arguments[0].text;
  }
  if (ts.isIdentifier(node)) return node.text;
  return undefined;
}

function constInitializer(name: string, file: ts.SourceFile): ts.Expression | undefined {
  let found: ts.Expression | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name && node.initializer) found = node.initializer;
    else ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

export function isServiceRoleLiteral(text: string): boolean {
  if (/^sb_secret_[\w-]{10,}$/.test(text)) return true;
  return text.startsWith('eyJ') && text.split('.').length === 3 && jwtRole(text) === 'service_role';
}

/** `const supabaseAdmin = createClient(…)` → supabaseAdmin; `function createAdminClient() { return createClient(…) }` → createAdminClient. */
function bindingName(call: ts.Node): string | undefined {
  for (let node: ts.Node | undefined = call.parent; node; node = node.parent) {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name)) return node.name.text;
    if (ts.isFunctionDeclaration(node)) return node.name?.text;
    if ((ts.isMethodDeclaration(node) || ts.isPropertyDeclaration(node)) && ts.isIdentifier(node.name)) return node.name.text;
  }
  return undefined;
}

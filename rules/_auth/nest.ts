// NestJS controllers: route methods with the guards of `@UseGuards` on the class or the method, `@Roles`,
// and `@Public()` / `@SkipAuth()` markers that opt a route out of global guards.
import { ts } from 'ts-morph';
import { calleeName, excerpt, lineOf, endLineOf, stringValue } from './ast.js';
import type { Guard, GuardContext } from './guards.js';
import type { Handler } from './handlers.js';
import { isRoleText } from './names.js';

const ROUTE_DECORATORS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Options', 'Head']);
const PUBLIC_DECORATORS = /^(Public|SkipAuth|AllowAnonymous|IsPublic|NoAuth|Anonymous|PublicRoute)$/;

function decoratorsOf(node: ts.Node): ts.Decorator[] {
  return ts.canHaveDecorators(node) ? [...(ts.getDecorators(node) ?? [])] : [];
}

function decoratorName(decorator: ts.Decorator): string | undefined {
  const expression = decorator.expression;
  if (ts.isCallExpression(expression)) return calleeName(expression);
  if (ts.isIdentifier(expression)) return expression.text;
  return undefined;
}

function isPublicMarker(decorator: ts.Decorator, sourceFile: ts.SourceFile): boolean {
  const name = decoratorName(decorator) ?? '';
  if (PUBLIC_DECORATORS.test(name)) return true;
  return name === 'SetMetadata' && /public|skip.?auth/i.test(decorator.expression.getText(sourceFile));
}

function guardsOf(decorators: ts.Decorator[], context: GuardContext): Guard[] {
  const { sourceFile, extra } = context;
  const guards: Guard[] = [];
  for (const decorator of decorators) {
    const name = decoratorName(decorator) ?? '';
    const text = excerpt(decorator, sourceFile);
    const base = { kind: 'decorator' as const, line: lineOf(decorator, sourceFile), endLine: endLineOf(decorator, sourceFile), text };
    if (name === 'UseGuards' || extra.includes(name)) {
      const args = ts.isCallExpression(decorator.expression) ? decorator.expression.arguments.map((arg) => arg.getText(sourceFile)) : [];
      guards.push({ ...base, name: text, auth: true, role: args.some((arg) => isRoleText(arg)) });
    } else if (/^(Roles|Role|RequireRoles?|Permissions?|RequirePermissions?|Auth|Authorize|Admin|AdminOnly|Protected)$/.test(name)) {
      const role = name !== 'Auth' && name !== 'Protected';
      guards.push({ ...base, name: text, auth: !role, role });
    }
  }
  return guards;
}

export function nestHandlers(context: GuardContext): Handler[] {
  const { sourceFile } = context;
  const handlers: Handler[] = [];
  for (const statement of sourceFile.statements) {
    if (!ts.isClassDeclaration(statement) || !statement.name) continue;
    const classDecorators = decoratorsOf(statement);
    const controller = classDecorators.find((decorator) => decoratorName(decorator) === 'Controller');
    if (!controller) continue;
    const className = statement.name.text;
    const prefix = ts.isCallExpression(controller.expression) ? (stringValue(controller.expression.arguments[0]) ?? '') : '';
    const classGuards = guardsOf(classDecorators, context);
    const classPublic = classDecorators.find((decorator) => isPublicMarker(decorator, sourceFile));
    const classLine = lineOf(statement.name, sourceFile);
    for (const member of statement.members) {
      if (!ts.isMethodDeclaration(member) || !member.body) continue;
      const decorators = decoratorsOf(member);
      const route = decorators.find((decorator) => ROUTE_DECORATORS.has(decoratorName(decorator) ?? ''));
      if (!route) continue;
      const method = (decoratorName(route) ?? 'GET').toUpperCase();
      const sub = ts.isCallExpression(route.expression) ? (stringValue(route.expression.arguments[0]) ?? '') : '';
      const routePath = `/${[prefix, sub].filter(Boolean).join('/')}`.replace(/\/+/g, '/');
      const name = member.name.getText(sourceFile);
      const publicMarker = decorators.find((decorator) => isPublicMarker(decorator, sourceFile)) ?? classPublic;
      handlers.push({
        framework: 'nest',
        key: `${className}.${name}`,
        label: `${className}.${name} (${method} ${routePath})`,
        line: lineOf(route, sourceFile),
        fn: member,
        routePath,
        attached: [...classGuards.map((guard) => ({ ...guard, scope: 'class' as const })), ...guardsOf(decorators, context)],
        markedPublic: publicMarker ? { line: lineOf(publicMarker, sourceFile), text: excerpt(publicMarker, sourceFile) } : undefined,
        statementLine: classGuards.length > 0 ? classLine : lineOf(route, sourceFile),
        className,
        classLine,
      });
    }
  }
  return handlers;
}

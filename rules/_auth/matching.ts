// Pairs a handler of the base with the same handler of the head, and gathers every guard that protects a handler
// at one side (its body, attached middleware, and the repo-level coverage of coverage.ts).
import type { ts } from 'ts-morph';
import type { RuleContext } from '../../src/core/rule.js';
import type { Version } from '../../src/core/types.js';
import { layoutGuard, mountGuards, nestGlobalGuard, nextMiddlewareGuard, readNextMiddleware, trpcLevels, type NextMiddleware } from './coverage.js';
import { guardsInBody, type Guard } from './guards.js';
import { importedGuards, innerFunctions } from './imports.js';
import { findHandlers, guardContext, routePathOf, type Handler } from './handlers.js';
import { procedureGuard, type ProcedureLevel } from './trpc.js';

type Context = RuleContext<string>;

export interface HandlerPair {
  base: Handler;
  head: Handler;
}

/** `DELETE /:projectId` and `DELETE /:id` are the same route. */
function looseKey(key: string): string {
  return key.replace(/:\w+/g, ':_').replace(/\[\w+\]/g, '[_]').replace(/#\d+$/, '');
}

export function matchHandlers(base: Handler[], head: Handler[]): HandlerPair[] {
  const pairs: HandlerPair[] = [];
  const unmatchedHead = new Set(head);
  for (const baseHandler of base) {
    const exact = head.find((candidate) => unmatchedHead.has(candidate) && candidate.key === baseHandler.key);
    const loose = exact ?? head.find((candidate) => unmatchedHead.has(candidate) && looseKey(candidate.key) === looseKey(baseHandler.key));
    if (!loose) continue;
    unmatchedHead.delete(loose);
    pairs.push({ base: baseHandler, head: loose });
  }
  return pairs;
}

/** The URL path of a Next.js route file (an app-router `route.ts` or a `pages/api` file), else undefined. */
function nextRouteFile(path: string): string | undefined {
  return /(^|\/)app\/(.+\/)?route\.[cm]?[jt]sx?$|(^|\/)pages\/api\//.test(path) ? routePathOf(path) : undefined;
}

/** Per-review memo of the repo-level lookups, so each side is read once per file. */
export class GuardResolver {
  private readonly nestGlobal = new Map<Version, Promise<Guard | undefined>>();
  private readonly levels = new Map<string, Promise<Map<string, ProcedureLevel>>>();
  private readonly mounts = new Map<Version, Promise<Guard[]>>();
  private readonly middleware = new Map<Version, Promise<NextMiddleware | undefined>>();

  constructor(private readonly context: Context) {}

  handlers(version: Version): { handlers: Handler[]; sourceFile?: ts.SourceFile } {
    const sourceFile = this.context.sourceFile(version)?.compilerNode;
    if (!sourceFile) return { handlers: [] };
    const path = version === 'head' ? this.context.file.path : (this.context.file.previousPath ?? this.context.file.path);
    return { handlers: findHandlers(path, sourceFile, this.context.config.authGuards), sourceFile };
  }

  /** The Next.js middleware of this file's app at one side, read once. */
  nextMiddleware(version: Version): Promise<NextMiddleware | undefined> {
    if (!this.middleware.has(version)) this.middleware.set(version, readNextMiddleware(this.context, version));
    return this.middleware.get(version)!;
  }

  /** Every guard of a handler at one side, repo-level coverage included. */
  async guards(handler: Handler, sourceFile: ts.SourceFile, version: Version): Promise<Guard[]> {
    const context = guardContext(sourceFile, this.context.config.authGuards);
    const body = handler.fn ? guardsInBody(handler.fn, context) : [];
    // `@Public()` opts a NestJS route out of the guards that honour it (the usual JwtAuthGuard + reflector setup).
    if (handler.markedPublic) return [...body, ...handler.attached.filter((guard) => guard.role && !guard.auth)];
    const guards = [...handler.attached, ...body];
    // The whole body may run inside a callback (`return withSpan('x', async () => { … })`): an auth call there counts.
    if (handler.fn && !guards.some((guard) => guard.auth)) {
      const nested = innerFunctions(handler.fn).flatMap((inner) => guardsInBody(inner, context));
      guards.push(...nested.filter((guard) => guard.kind === 'self-stopping' || (guard.kind === 'inline' && guard.name.endsWith('()'))));
    }
    if (handler.framework === 'trpc' && handler.procedureBase) {
      const key = `${version}:${handler.procedureBase.name}`;
      if (!this.levels.has(key)) this.levels.set(key, trpcLevels(this.context, sourceFile, handler.procedureBase.name, version));
      const guard = procedureGuard(handler, await this.levels.get(key)!);
      if (guard) guards.push(guard);
    }
    if (handler.framework === 'nest' && !handler.markedPublic) {
      if (!this.nestGlobal.has(version)) this.nestGlobal.set(version, nestGlobalGuard(this.context, version));
      const global = await this.nestGlobal.get(version);
      if (global) guards.push(global);
    }
    // Next.js middleware covers the route file's URL, also when Hono/Express runs inside it (`export const GET = handle(app)`).
    const filePath = version === 'head' ? this.context.file.path : (this.context.file.previousPath ?? this.context.file.path);
    const nextRoute = handler.framework.startsWith('next') ? handler.routePath : nextRouteFile(filePath);
    if (nextRoute) {
      const middleware = nextMiddlewareGuard(await this.nextMiddleware(version), nextRoute);
      if (middleware) guards.push(middleware);
    }
    if (handler.key === 'page:default' && !guards.some((guard) => guard.auth)) {
      const layout = await layoutGuard(this.context, filePath, version);
      if (layout) guards.push(layout);
    }
    if (handler.framework === 'express' || handler.framework === 'hono' || handler.framework === 'fastify') {
      if (!this.mounts.has(version)) {
        const path = version === 'head' ? this.context.file.path : (this.context.file.previousPath ?? this.context.file.path);
        this.mounts.set(version, mountGuards(this.context, path, version));
      }
      guards.push(...(await this.mounts.get(version)!));
    }
    if (!guards.some((guard) => guard.auth)) guards.push(...(await importedGuards(this.context, handler, sourceFile, version)));
    return guards;
  }
}

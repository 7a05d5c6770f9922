// What the analysis knows about a value: client-controlled (a taint), the authenticated identity (trusted),
// or a handle on the request from which client input is read.
import { ts } from 'ts-morph';
import type { FlowStep } from '../../src/core/types.js';

/** Where client input enters; used in messages ("from the request body"). */
export type Origin = 'body' | 'query' | 'path' | 'headers' | 'cookies' | 'input' | 'form' | 'action' | 'dto' | 'args';

export interface Taint {
  readonly t: 'taint';
  readonly origin: Origin;
  /** Property names read after the container (empty: the whole body, input or form). */
  readonly path: readonly string[];
  /** Names the value was bound to along the way (renames), oldest first. */
  readonly names: readonly string[];
  /** What a sanitizer marks as checked; aliases share it. */
  readonly key: string;
  readonly steps: readonly FlowStep[];
  /** Known fields of an object built in the handler; `null` = set from a trusted value. */
  readonly fields?: ReadonlyMap<string, Value | null>;
  /** Whether keys missing from `fields` still come from the client (a spread of the body). */
  readonly open?: boolean;
  /** Keys a schema lets through (zod object, DTO class); 'unknown' when the schema is not in reach. */
  readonly schemaKeys?: readonly string[] | 'unknown';
  /** The result of `safeParse`: its `.data` is the value. */
  readonly wrapper?: boolean;
  /** A boolean made by comparing a client privilege with a literal (`role === 'admin'`). */
  readonly compared?: boolean;
}

export type Handle =
  | { readonly t: 'request' }
  | { readonly t: 'nextUrl' }
  | { readonly t: 'honoContext' }
  | { readonly t: 'honoRequest' }
  | { readonly t: 'koaContext' }
  | { readonly t: 'routeContext' }
  | { readonly t: 'trpcOptions' }
  /** The argument of a safe-action callback (`{ parsedInput, ctx }`): only the input is the client's. */
  | { readonly t: 'actionOptions' }
  /** AWS Lambda / API Gateway `event`. */
  | { readonly t: 'lambdaEvent' }
  /** `{ request, params, url, query, cookies }` of Remix/SvelteKit/Astro loaders and getServerSideProps. */
  | { readonly t: 'loaderContext' }
  | { readonly t: 'nextCookies' }
  | { readonly t: 'nextHeaders' };

export type Value = Taint | Handle | { readonly t: 'trusted'; readonly text: string };

export const TRUSTED = (text: string): Value => ({ t: 'trusted', text });

/** Members of a safe-action callback's argument that the client controls (next-safe-action, zsa). */
export const SAFE_ACTION_INPUTS: ReadonlySet<string> = new Set(['parsedInput', 'clientInput', 'input', 'bindArgsParsedInputs', 'bindArgsClientInputs']);

export function isTaint(value: Value | undefined | null): value is Taint {
  return value?.t === 'taint';
}

export function isTrusted(value: Value | undefined | null): value is { t: 'trusted'; text: string } {
  return value?.t === 'trusted';
}

export function lineOf(node: ts.Node, sourceFile: ts.SourceFile): number {
  return sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
}

export function step(path: string, node: ts.Node, sourceFile: ts.SourceFile, note: string): FlowStep {
  return { path, line: lineOf(node, sourceFile), note };
}

export function source(origin: Origin, path: string[], name: string | undefined, first: FlowStep): Taint {
  return {
    t: 'taint',
    origin,
    path,
    names: name ? [name] : [],
    // `path:.orgId` whether read as `params.orgId` or destructured from `{ params: { orgId } }`.
    key: `${origin}:${path.length === 0 && name ? `#${name}` : ''}${path.map((part) => `.${part}`).join('')}`,
    steps: [first],
  };
}

/** A property read from a tainted container: `body.orgId`, `searchParams.get('userId')`. */
export function child(parent: Taint, property: string, at?: FlowStep): Taint {
  if (parent.fields?.has(property)) {
    const field = parent.fields.get(property);
    if (isTaint(field)) return withStep(field, at);
  }
  return {
    t: 'taint',
    origin: parent.origin,
    path: [...parent.path, property],
    names: [],
    key: `${parent.key}.${property}`,
    steps: at ? appendStep(parent.steps, at) : parent.steps,
  };
}

/** The same value under a new name (`const targetUserId = …`). */
export function renamed(taint: Taint, name: string, at?: FlowStep): Taint {
  const names = taint.names.includes(name) ? taint.names : [...taint.names, name];
  return { ...taint, names, steps: at ? appendStep(taint.steps, at) : taint.steps };
}

export function withStep(taint: Taint, at: FlowStep | undefined): Taint {
  return at ? { ...taint, steps: appendStep(taint.steps, at) } : taint;
}

/** Adds a step; several things on one line become one step with their notes joined (at most three). */
function appendStep(steps: readonly FlowStep[], at: FlowStep): FlowStep[] {
  const last = steps[steps.length - 1];
  if (last && last.line === at.line && last.path === at.path) {
    const notes = last.note.split('; ');
    if (notes.includes(at.note) || notes.length >= 3) return [...steps];
    return [...steps.slice(0, -1), { ...last, note: `${last.note}; ${at.note}` }];
  }
  const first = steps[0];
  return steps.length >= 8 && first ? [first, ...steps.slice(-6), at] : [...steps, at];
}

/** True when the taint is the whole container (body, input, form) rather than one field of it. */
export function isWhole(taint: Taint): boolean {
  return taint.path.length === 0 && (taint.origin !== 'action' || taint.fields !== undefined || taint.open === true);
}

const ORIGIN_TEXT: Record<Origin, string> = {
  body: 'the request body',
  query: 'the query string',
  path: 'the URL path',
  headers: 'a request header',
  cookies: 'a client cookie',
  input: 'the tRPC input',
  form: 'the submitted form',
  action: 'a server action argument',
  dto: 'the request DTO',
  args: 'the GraphQL arguments',
};

export function describeOrigin(origin: Origin): string {
  return ORIGIN_TEXT[origin];
}

/** The best human name of a taint: the last property or binding name. */
export function displayName(taint: Taint): string {
  const last = taint.path[taint.path.length - 1];
  const previous = taint.path[taint.path.length - 2];
  if (last && previous && /^_?id$/i.test(last)) return `${previous}.${last}`;
  return last ?? taint.names[0] ?? 'id';
}

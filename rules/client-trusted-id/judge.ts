// Decides, at a sink, whether a client value chooses whose data is touched or what privilege applies.
import { ts } from 'ts-morph';
import type { Severity } from '../../src/core/types.js';
import { evaluate } from './evaluate.js';
import { propertyName, skipOuter, type FileIndex, type FunctionLike } from './file-index.js';
import type { FunctionAnalysis } from './flow.js';
import { isEntityWord, isIdentityModel, isRowKey, type IdentityKind, type IdentityNames } from './identity.js';
import { clientTrust, type ClientTrust } from './sanitizers.js';
import type { Placement, Sink } from './sinks.js';
import { child, displayName, isTaint, isTrusted, isWhole, TRUSTED, type Taint, type Value } from './values.js';

export type MessageId = 'trustedId' | 'privilegeWrite' | 'massAssignment' | 'decision' | 'idor';

export interface Candidate {
  readonly messageId: MessageId;
  readonly severity: Severity;
  /** Findings on one sink are merged: the first by priority wins. */
  readonly group: ts.Node;
  readonly priority: number;
  readonly node: ts.Node;
  readonly taint: Taint;
  readonly idName: string;
  readonly sink?: Sink;
  readonly fields?: readonly string[];
  readonly handlerName: string;
  /** For reads: the variable holding the row, whose later ownership check drops the finding. */
  readonly rowVariable?: string;
  readonly analysis: FunctionAnalysis;
  dropped?: boolean;
}

export interface AnalysisContext {
  readonly path: string;
  readonly index: FileIndex;
  readonly names: IdentityNames;
  readonly isAuthCall: (name: string) => boolean;
  readonly isAccessCheck: (name: string) => boolean;
  readonly supabaseClients: ReadonlyMap<string, ClientTrust>;
  readonly handlerFunctions: ReadonlySet<FunctionLike>;
  /** Fields of a model from prisma/schema.prisma, when the repository has one. */
  readonly modelFields: (model: string | undefined) => readonly string[] | undefined;
  readonly isAuthenticated: (fn: FunctionLike) => boolean;
  /** Headers the app's middleware sets on every request (`x-tenant-id` resolved from the host): not client input. */
  readonly serverHeaders: ReadonlySet<string>;
  readonly candidates: Candidate[];
  checkBudget(): void;
  kindOfTaint(taint: Taint): IdentityKind | undefined;
  decision(analysis: FunctionAnalysis, taint: Taint, node: ts.Node): void;
  rowChecked(analysis: FunctionAnalysis, variable: string): void;
}

export function kindOfTaint(names: IdentityNames, taint: Taint): IdentityKind | undefined {
  const fromPath = names.kindOfPath(taint.path);
  if (fromPath) return fromPath;
  for (const name of [...taint.names].reverse()) {
    const kind = names.kindOf(name);
    if (kind) return kind;
  }
  return undefined;
}

/** The identity kind of a value landing at `key` of `model`: the key's name first, then the value's own names. */
export function kindAt(context: AnalysisContext, key: string | undefined, taint: Taint, model: string | undefined): IdentityKind | undefined {
  if (key) {
    const parts = key.split('.');
    const fromKey = parts.length > 1 ? (context.names.kindOfPath(parts) ?? (isEntityWord(parts[0]!) ? 'id' : undefined)) : context.names.kindOf(key);
    if (fromKey) return fromKey;
    if (isRowKey(key) && isIdentityModel(model)) return 'id';
  }
  const fromValue = context.kindOfTaint(taint);
  return fromValue === 'privilege' && key && !context.names.kindOf(key) ? undefined : fromValue;
}

function resultVariable(node: ts.Node): string | undefined {
  let current = node.parent;
  while (current && (ts.isAwaitExpression(current) || ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isNonNullExpression(current))) current = current.parent;
  if (current && ts.isVariableDeclaration(current)) {
    if (ts.isIdentifier(current.name)) return current.name.text;
    if (ts.isObjectBindingPattern(current.name)) {
      const data = current.name.elements.find((element) => (element.propertyName ?? element.name).getText() === 'data');
      if (data && ts.isIdentifier(data.name)) return data.name.text;
    }
  }
  return undefined;
}

/** `return prisma.doc.findUnique(…)`, or an arrow whose body is the query. */
function isReturnedDirectly(node: ts.Node): boolean {
  let current = node.parent;
  while (current && (ts.isAwaitExpression(current) || ts.isParenthesizedExpression(current) || ts.isAsExpression(current))) current = current.parent;
  if (!current) return false;
  if (ts.isReturnStatement(current)) return true;
  if (ts.isArrowFunction(current) && current.body === node) return true;
  return ts.isCallExpression(current) && /^(json|send)$/.test(ts.isPropertyAccessExpression(current.expression) ? current.expression.name.text : '');
}

function isReturnedLater(analysis: FunctionAnalysis, sinkNode: ts.Node, variable: string): boolean {
  const body = analysis.fn.body;
  if (!body) return false;
  const sourceFile = analysis.context.index.sourceFile;
  // String contents are messages, not the row: `res.json({ message: 'No booking found' })` does not return `booking`.
  const after = sourceFile.text.slice(sinkNode.getEnd(), body.getEnd()).replace(/(['"])(?:\\.|(?!\1)[^\\\n])*\1/g, '""');
  const escaped = variable.replace(/[$]/g, '\\$');
  return new RegExp(`\\breturn\\b[^;\\n]*\\b${escaped}\\b|\\.(json|send)\\([^;\\n]*\\b${escaped}\\b|^\\s*${escaped}\\s*$`, 'm').test(after);
}

/** A record someone owns: unknown models count as owned; a Prisma model without owner or tenant fields does not. */
function isOwnedModel(context: AnalysisContext, model: string | undefined): boolean {
  const fields = context.modelFields(model);
  return fields === undefined || fields.some((field) => context.names.kindOf(field) === 'id' || isEntityWord(field));
}

/** A filter built elsewhere (`where: scopeFor(workspace)`): its known fields are the placements. */
function expand(placement: Placement, current: Value | undefined): Array<{ placement: Placement; value: Value | undefined }> {
  if (!isTaint(current) || !current.fields || placement.key !== undefined) return [{ placement, value: current }];
  return [...current.fields].map(([key, field]) => ({ placement: { key, node: placement.node }, value: field ?? TRUSTED(key) }));
}

/**
 * A verified value that picks a container: an identity (`orgId` checked by membership) or any record id the caller's
 * access was checked for (`folderId` after `verifyFolderAccess`), so the rows it keys belong to something they may touch.
 */
function verifiedScope(context: AnalysisContext, key: string | undefined, taint: Taint, model: string | undefined): boolean {
  if (kindAt(context, key, taint, model) === 'id') return true;
  return /^[a-z]\w*(Id|_id)$/.test(key ?? '') && key !== 'id';
}

/**
 * `where: buildTeamWhereQuery({ teamId, userId: user.id, roles })`: a filter a helper builds from the caller's
 * identity (a membership or permission condition by another name) scopes the query like `ownerId: user.id` does.
 */
function builtForCaller(node: ts.Expression, value: (node: ts.Expression) => Value | undefined): boolean {
  const call = skipOuter(node);
  if (!ts.isCallExpression(call)) return false;
  const identityLike = (text: string) => /(id|Id|ID|uid|sub|email|user|User|session|Session|workspace|Workspace|tenant|Tenant|org|Org|team|Team|account|Account)$/.test(text);
  const identity = (expression: ts.Expression, key?: string): boolean => {
    const inner = skipOuter(expression);
    if (ts.isObjectLiteralExpression(inner)) {
      return inner.properties.some((property) =>
        ts.isPropertyAssignment(property) ? identity(property.initializer, propertyName(property.name)) : ts.isShorthandPropertyAssignment(property) && identity(property.name, property.name.text));
    }
    return isTrusted(value(inner)) && (identityLike(key ?? '') || identityLike(inner.getText()));
  };
  return call.arguments.some((argument) => identity(argument));
}

export function judgeSink(analysis: FunctionAnalysis, sink: Sink): void {
  const context = analysis.context;
  const value = (node: ts.Expression) => evaluate(node, analysis.env);
  let rlsBound = false;
  if (sink.library === 'supabase') {
    const rootName = sink.root && ts.isIdentifier(sink.root) ? sink.root.text : '';
    rlsBound = clientTrust(rootName, analysis.creators.get(rootName), context.supabaseClients) === 'user';
  }
  const push = (candidate: Omit<Candidate, 'group' | 'analysis' | 'handlerName' | 'sink'>) =>
    context.candidates.push({ ...candidate, group: sink.node, analysis, handlerName: analysis.handlerName, sink });

  const filters = sink.filters.flatMap((placement) => expand(placement, value(placement.node)));
  const tainted = filters.filter((entry): entry is { placement: Placement; value: Taint } => isTaint(entry.value) && !analysis.isSanitized(entry.value));
  const scoped =
    filters.some(({ placement, value: current }) => isTrusted(current) || (isTaint(current) && analysis.isSanitized(current) && verifiedScope(context, placement.key, current, sink.model))) ||
    sink.filters.some((placement) => builtForCaller(placement.node, value));
  const row = resultVariable(sink.node);
  if (row && tainted.length > 0 && sink.op === 'read') {
    analysis.lookups.set(row, { keys: tainted.map((entry) => entry.value.key), scoped });
    if (scoped && /OrThrow|OrFail/.test(sink.label)) tainted.forEach((entry) => analysis.sanitize(entry.value));
  }
  // A row read through the session identity is the caller's own: its fields are as good as the session.
  if (scoped && sink.op === 'read') analysis.trustedResults.add(sink.node);
  const authenticated = context.isAuthenticated(analysis.root);
  if (!scoped && !rlsBound) {
    for (const { placement, value: taint } of tainted) {
      let kind = kindAt(context, placement.key, taint, sink.model);
      // `where: { id }` on the users table: a write is an identity write; a read is the object-id tier.
      const byModelOnly = kind === 'id' && isRowKey(placement.key) && !context.names.kindOf(placement.key) && !context.kindOfTaint(taint);
      if (byModelOnly && sink.op === 'read') kind = undefined;
      // Reads in a handler that authenticates nobody are public data or missing-auth-check's finding,
      // unless the id itself comes from a header or cookie the client sets in place of a session.
      const claimsIdentity = taint.origin === 'headers' || taint.origin === 'cookies';
      if (kind === 'id' && (sink.op !== 'read' || authenticated || claimsIdentity)) {
        push({ messageId: 'trustedId', severity: 'high', priority: 0, node: placement.node, taint, idName: displayName(taint) });
      } else if (kind === undefined && isRowKey(placement.key) && authenticated && isOwnedModel(context, sink.model)) {
        if (sink.op !== 'read') push({ messageId: 'idor', severity: 'medium', priority: 3, node: placement.node, taint, idName: displayName(taint) });
        else if (isReturnedDirectly(sink.node) || (row && isReturnedLater(analysis, sink.node, row))) {
          push({ messageId: 'idor', severity: 'medium', priority: 3, node: placement.node, taint, idName: displayName(taint), rowVariable: row });
        }
      }
    }
  }

  // A write that already names a verified tenant (`teamId` checked by membership) targets other ids on purpose
  // (invites, assignments); only unverified tenants and privileges are findings then.
  const verifiedTenant = sink.writes.some((placement) => {
    const current = value(placement.node);
    return isTaint(current) && analysis.isSanitized(current) && verifiedScope(context, placement.key, current, sink.model);
  });
  for (const placement of sink.writes) {
    const taint = value(placement.node);
    if (!isTaint(taint) || analysis.isSanitized(taint)) continue;
    if (placement.whole || (taint.fields && !placement.key)) {
      massAssignment(analysis, sink, placement, taint, rlsBound, push);
      continue;
    }
    const kind = kindAt(context, placement.key, taint, sink.model);
    if (kind === 'privilege' && !analysis.callerRoleChecked) push({ messageId: 'privilegeWrite', severity: 'high', priority: 1, node: placement.node, taint, idName: placement.key ?? displayName(taint) });
    else if (kind === 'id' && !rlsBound && !verifiedTenant) push({ messageId: 'trustedId', severity: 'high', priority: 1, node: placement.node, taint, idName: displayName(taint) });
  }

  for (const placement of sink.args) {
    const taint = value(placement.node);
    if (!isTaint(taint) || analysis.isSanitized(taint)) continue;
    // Stripe objects that belong to one customer: choosing them from the client reaches someone else's billing.
    const ownedObject = /^(customer|account|stripeAccount|subscription|on_behalf_of|destination)$/.test(placement.key ?? '') || /(customer|account|subscription|paymentMethod|invoice|charge|paymentIntent|setupIntent)_?id$/i.test(displayName(taint));
    const kind = kindAt(context, placement.key, taint, undefined) ?? (ownedObject ? 'id' : undefined);
    if (kind) push({ messageId: kind === 'privilege' ? 'privilegeWrite' : 'trustedId', severity: 'high', priority: 1, node: placement.node, taint, idName: displayName(taint) });
  }
}

function massAssignment(
  analysis: FunctionAnalysis,
  sink: Sink,
  placement: Placement,
  taint: Taint,
  rlsBound: boolean,
  push: (candidate: Omit<Candidate, 'group' | 'analysis' | 'handlerName' | 'sink'>) => void,
): void {
  const context = analysis.context;
  const overrides = new Set<string>();
  if (taint.fields) {
    for (const [key, field] of taint.fields) {
      overrides.add(key);
      if (!isTaint(field) || analysis.isSanitized(field)) continue;
      const kind = kindAt(context, key, field, sink.model);
      if (kind === 'privilege' && !analysis.callerRoleChecked) push({ messageId: 'privilegeWrite', severity: 'high', priority: 1, node: placement.node, taint: field, idName: key });
      else if (kind === 'id' && !rlsBound) push({ messageId: 'trustedId', severity: 'high', priority: 1, node: placement.node, taint: field, idName: displayName(field) });
    }
    if (!taint.open) return;
  }
  if (rlsBound || !isWhole(taint) && context.kindOfTaint(taint)) return;
  for (const sibling of placement.siblings ?? []) {
    const key = sibling.name && (ts.isIdentifier(sibling.name) || ts.isStringLiteral(sibling.name)) ? sibling.name.text : undefined;
    if (key) overrides.add(key);
  }
  const schema = taint.schemaKeys;
  if (schema === 'unknown') return;
  let fields: string[] = [];
  if (schema) {
    fields = schema.filter((key) => context.names.kindOf(key) && !overrides.has(key) && !analysis.sanitized.has(child(taint, key).key));
    if (fields.length === 0) return;
  } else {
    if ([...overrides].some((key) => context.names.kindOf(key) === 'id')) return;
    const modelFields = context.modelFields(sink.model);
    if (modelFields) {
      fields = modelFields.filter((key) => context.names.kindOf(key) && !overrides.has(key));
      if (fields.length === 0) return;
    } else if (!context.isAuthenticated(analysis.root)) {
      // A public form saved as sent (leads, feedback) is not an identity problem unless the model has owner or role fields.
      return;
    }
  }
  push({ messageId: 'massAssignment', severity: 'high', priority: 2, node: placement.node, taint, idName: placement.node.getText(context.index.sourceFile).slice(0, 40), fields });
}

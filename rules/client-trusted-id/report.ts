// Turns candidates into findings: one per sink (the most telling problem), with the flow and a fix that names
// the identity the handler already has.
import type { ts } from 'ts-morph';
import type { FlowStep } from '../../src/core/types.js';
import type { Candidate, MessageId } from './judge.js';
import type { Framework } from './sources.js';
import { describeOrigin, lineOf } from './values.js';

export const MESSAGES: Record<MessageId, string> = {
  trustedId:
    '`{{id}}` comes from {{source}} and decides {{effect}}, with no check against the signed-in user: anyone can send another customer\'s id. Fix: {{fix}}.',
  privilegeWrite: '`{{id}}` comes from {{source}} and `{{sink}}` writes it: a user can give themselves `{{id}}`. Fix: {{fix}}.',
  massAssignment: '`{{sink}}` writes {{source}} as sent{{fields}}: a user can set their own owner, tenant or role. Fix: {{fix}}.',
  decision: '`{{id}}` from {{source}} decides an authorization branch: the client picks its own privilege. Fix: {{fix}}.',
  idor:
    '`{{id}}` from {{source}} selects the record `{{sink}}` {{verb}}, with no owner in the query and no ownership check: any signed-in user can reach another customer\'s record. Fix: {{fix}}.',
};

const SESSION_HINT: Record<Framework, string> = {
  express: 'req.user.id',
  koa: 'ctx.state.user.id',
  hono: "c.get('user').id",
  'next-route': 'session.user.id',
  'next-pages': 'session.user.id',
  'server-action': 'session.user.id',
  trpc: 'ctx.session.user.id',
  nest: 'req.user.id',
  edge: 'user.id',
  loader: 'user.id',
  lambda: 'event.requestContext.authorizer.claims.sub',
  graphql: 'context.user.id',
};

const VERB = { read: 'reads', write: 'writes', delete: 'deletes' } as const;

export interface Report {
  messageId: MessageId;
  data: Record<string, string>;
  line: number;
  flow: FlowStep[];
  fix: string;
  severity: Candidate['severity'];
  key: string;
}

function fixFor(candidate: Candidate, session: string): string {
  const id = candidate.idName;
  switch (candidate.messageId) {
    case 'trustedId':
      return candidate.sink?.op === 'read' || candidate.priority === 0
        ? `scope the query by \`${session}\`, or compare \`${id}\` with the session (or check membership) before use`
        : `take \`${id}\` from the session (\`${session}\`), or check the user's membership of \`${id}\` before writing`;
    case 'privilegeWrite':
      return `never take \`${id}\` from the client; set it on the server after checking the caller's own role`;
    case 'massAssignment':
      return `list the fields a user may change (or parse with a schema without owner/role fields) and set owner fields from \`${session}\``;
    case 'decision':
      return 'read the role from the session or the database, never from the request';
    case 'idor':
      return `add the owner to the query (\`ownerId: ${session}\`) or compare the row's owner with \`${session}\` before use`;
  }
}

function effectOf(candidate: Candidate, sinkLabel: string): string {
  if (candidate.sink?.library === 'jwt') return `whose identity \`${sinkLabel}\` signs into a token`;
  if (candidate.sink?.library === 'stripe') return `which Stripe customer or account \`${sinkLabel}\` acts on`;
  return `whose data \`${sinkLabel}\` ${VERB[candidate.sink?.op ?? 'read']}`;
}

export function toReports(candidates: readonly Candidate[], path: string, sourceFile: ts.SourceFile, frameworkOf: (candidate: Candidate) => Framework): Report[] {
  const groups = new Map<ts.Node, Candidate[]>();
  for (const candidate of candidates) {
    if (candidate.dropped) continue;
    const list = groups.get(candidate.group) ?? [];
    list.push(candidate);
    groups.set(candidate.group, list);
  }
  const reports: Report[] = [];
  const seen = new Set<string>();
  for (const list of groups.values()) {
    const best = [...list].sort((a, b) => a.priority - b.priority || a.node.getStart(sourceFile) - b.node.getStart(sourceFile))[0]!;
    const line = lineOf(best.node, sourceFile);
    const sinkLabel = best.sink?.label ?? 'if (…)';
    const dedupe = `${line}\u0000${best.messageId}\u0000${best.idName}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    const session = SESSION_HINT[frameworkOf(best)];
    const others = [...new Set(list.filter((other) => other !== best && other.messageId !== 'idor').map((other) => (other.messageId === 'massAssignment' ? `the whole \`${other.idName}\`` : `\`${other.idName}\``)))];
    const fields = best.fields && best.fields.length > 0 ? ` (including ${best.fields.map((field) => `\`${field}\``).join(', ')})` : '';
    const flow: FlowStep[] = [...best.taint.steps];
    const sinkNote = best.messageId === 'decision' ? `\`${best.idName}\` gates an authorization decision` : `reaches \`${sinkLabel}\`${others.length > 0 ? ` (also ${others.join(', ')})` : ''}`;
    if (flow[flow.length - 1]?.line !== line) flow.push({ path, line, note: sinkNote });
    else flow[flow.length - 1] = { path, line, note: `${flow[flow.length - 1]!.note}; ${sinkNote}` };
    reports.push({
      messageId: best.messageId,
      data: {
        id: best.idName,
        source: describeOrigin(best.taint.origin),
        sink: sinkLabel,
        verb: VERB[best.sink?.op ?? 'read'],
        effect: effectOf(best, sinkLabel),
        fields,
        fix: fixFor(best, session),
      },
      line,
      flow,
      fix: fixFor(best, session),
      severity: best.severity,
      key: `${best.handlerName}\u0000${best.messageId}\u0000${best.idName}\u0000${sinkLabel}`,
    });
  }
  return reports;
}

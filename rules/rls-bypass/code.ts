// The code side: a Supabase client built with the service-role key in code the browser runs, directly, through an
// import, or because a browser module imports the changed server-looking module.
import { ts } from 'ts-morph';
import { classifyRoles, isScript } from '../../src/core/classify.js';
import type { RuleContext } from '../../src/core/rule.js';
import { clientReason, importBindings, insideServerDataFunction, resolveImport, usedOnlyOnServer, type ClientReason } from './client.js';
import type { Issue } from './issue.js';
import type { ProjectShape } from './client.js';
import { exportedServiceRoleClients, isBundledKey, isModuleLevel } from './exports.js';
import { findServiceRoleClients, type ServiceRoleClient } from './service-role.js';

const MAX_IMPORTER_SCAN = 3000;
const READ_BATCH = 32;
/** Paths whose modules never reach a browser bundle: not worth reading when looking for browser importers. */
const NEVER_BROWSER = /(^|\/)(node_modules|api|server|backend|routes|controllers|handlers|middlewares?|workers?|jobs|webhooks?|scripts|migrations?|prisma|supabase\/functions|__tests__|tests?)\/|\.(test|spec|server)\.[cm]?[jt]sx?$|(^|\/)route\.[cm]?[jt]s$/;

const FIX =
  'Keep the service-role client in server-only code (a route handler, server action or `import "server-only"` module) and call it from the browser through an authenticated endpoint; in the browser use the anon key so RLS applies.';

export async function checkServiceRoleInClient(context: RuleContext<string>, project: ProjectShape): Promise<Issue[]> {
  const sourceFile = context.sourceFile('head');
  if (!sourceFile) return [];
  const file = sourceFile.compilerNode;
  const { path } = context.file;
  const text = context.file.headText ?? '';
  const reason = clientReason(path, text, context.file.roles, context.config, project);
  const clients = findServiceRoleClients(file);
  const issues: Issue[] = [];
  if (reason) {
    for (const client of clients) {
      if (insideServerDataFunction(client.call) || (client.boundTo && usedOnlyOnServer(file, client.boundTo))) continue;
      issues.push({
        messageId: 'serviceRoleInClient',
        line: client.keyLine,
        severity: 'critical',
        data: { key: client.keyLabel },
        flow: [
          { path, line: reason.line, note: reason.note },
          { path, line: client.callLine, note: `Supabase client created with ${client.keyLabel}` },
          { path, line: client.keyLine, note: 'the service-role key ignores every RLS policy and ships to every visitor' },
        ],
        fix: FIX,
        key: `serviceRoleInClient:${client.boundTo ?? ''}`,
      });
    }
    issues.push(...(await importedClients(context, file, reason, project)));
  } else if (clients.length > 0 && !NEVER_BROWSER.test(path) && !/^\s*import\s+['"]server-only['"]/m.test(text)) {
    issues.push(...(await clientImporters(context, clients, project)));
  }
  return issues;
}

/** A browser module importing a service-role client (or its factory) from another module. */
async function importedClients(context: RuleContext<string>, file: ts.SourceFile, reason: ClientReason, project: ProjectShape): Promise<Issue[]> {
  const { path } = context.file;
  const files = new Set(project.files);
  const issues: Issue[] = [];
  for (const binding of importBindings(file)) {
    const target = resolveImport(path, binding.specifier, files);
    if (!target) continue;
    const exported = await exportedServiceRoleClients(context, target, files);
    // The imported binding is the client (or its factory); or the module builds one at load time with a bundled key.
    const match = exported.find((client) => client.name === binding.imported || binding.imported === '*' || (client.moduleLevel && client.bundledKey));
    if (!match || usedOnlyOnServer(file, binding.local)) continue;
    issues.push({
      messageId: 'serviceRoleImportedInClient',
      line: binding.line,
      severity: 'critical',
      data: { name: binding.local, module: binding.specifier },
      flow: [
        { path, line: reason.line, note: reason.note },
        { path, line: binding.line, note: `imports \`${binding.imported === 'default' ? binding.local : binding.imported}\` from ${binding.specifier}` },
        ...(match.via ? [match.via] : []),
        { path: match.path, line: match.line, note: `a Supabase client built with ${match.label}: RLS does not apply to it` },
      ],
      fix: FIX,
      key: `serviceRoleImportedInClient:${binding.specifier}:${binding.imported}`,
    });
  }
  return issues;
}

/** The changed module builds a service-role client and a browser module imports it. */
async function clientImporters(context: RuleContext<string>, clients: ServiceRoleClient[], project: ProjectShape): Promise<Issue[]> {
  const { path } = context.file;
  const files = new Set(project.files);
  const stem = path.replace(/\.[cm]?[jt]sx?$/, '').replace(/\/index$/, '').split('/').pop() ?? '';
  const names = new Set(clients.map((client) => client.boundTo).filter((name): name is string => Boolean(name)));
  const moduleLevel = clients.some((client) => isModuleLevel(client) && isBundledKey(client));
  const candidates = project.files
    .filter((candidate) => candidate !== path && isScript(candidate) && !NEVER_BROWSER.test(candidate))
    .slice(0, MAX_IMPORTER_SCAN);
  for (let start = 0; start < candidates.length; start += READ_BATCH) {
    context.checkBudget();
    const batch = candidates.slice(start, start + READ_BATCH);
    const texts = await Promise.all(batch.map((candidate) => context.readFile(candidate, 'head')));
    for (const [index, candidate] of batch.entries()) {
      const text = texts[index];
      if (!text || !text.includes(stem)) continue;
      const issue = await importerIssue(context, candidate, text, { clients, names, moduleLevel, files, project });
      if (issue) return [issue];
    }
  }
  return [];
}

interface Importee {
  clients: ServiceRoleClient[];
  names: Set<string>;
  moduleLevel: boolean;
  files: ReadonlySet<string>;
  project: ProjectShape;
}

async function importerIssue(context: RuleContext<string>, candidate: string, text: string, importee: Importee): Promise<Issue | undefined> {
  const { path } = context.file;
  const { clients, names, moduleLevel, files, project } = importee;
  const reason = clientReason(candidate, text, classifyRoles(candidate, text, context.config), context.config, project);
  if (!reason) return undefined;
  const importer = await context.parseFile(candidate, 'head');
  if (!importer) return undefined;
  const binding = importBindings(importer.compilerNode).find(
    (item) => resolveImport(candidate, item.specifier, files) === path && (moduleLevel || names.has(item.imported) || item.imported === '*'),
  );
  if (!binding) return undefined;
  const client = clients.find((item) => item.boundTo === binding.imported) ?? clients[0]!;
  return {
    messageId: 'serviceRoleImportedInClient',
    line: client.keyLine,
    severity: 'critical',
    data: { name: binding.local, module: candidate },
    flow: [
      { path, line: client.keyLine, note: `Supabase client built with ${client.keyLabel}` },
      { path: candidate, line: binding.line, note: `imported by ${candidate} (${reason.note})` },
    ],
    fix: FIX,
    key: `serviceRoleImportedInClient:${candidate}:${binding.imported}`,
  };
}

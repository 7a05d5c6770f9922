// The four ways a secret reaches a bundle, each turned into report data (flow, fix, severity). Pure detection
// lives in the helper modules; this file words what they found.
import type { RuleContext } from '../../src/core/rule.js';
import type { FlowStep, Severity } from '../../src/core/types.js';
import { exposedPrefix, secretEnvName } from '../_secrets/secret-names.js';
import type { BrowserCode } from './browser-code.js';
import { bundledEntries } from './bundle-config.js';
import { envReadsOnLine, exposedMentionsOnLine } from './env-references.js';
import { importedServerSecrets } from './imported-secrets.js';
import { insideServerOnlyFunction, sinkOf, type Sink } from './sinks.js';
import type { SourceFile } from 'ts-morph';

export type MessageId = 'exposedName' | 'bundledByConfig' | 'wholeEnv' | 'serverSecretInClient' | 'serverSdkInClient' | 'importsServerSecret';

export interface Report {
  messageId: MessageId;
  line: number;
  /** What makes it this finding (with the message id): the variable, or module and variable. */
  name: string;
  data: Record<string, string>;
  flow: FlowStep[];
  fix: string;
  severity: Severity;
}

export interface FileFacts {
  context: RuleContext<string>;
  path: string;
  lines: readonly string[];
  changed: readonly number[];
  sourceFile?: SourceFile;
  sdks: Map<string, string>;
  inEnvFile: boolean;
  /** Lazily decided: asked only when a finding depends on it. */
  browserCode: () => Promise<BrowserCode | undefined>;
}

const BUNDLERS: Record<string, string> = {
  NEXT_PUBLIC_: 'Next.js',
  NUXT_PUBLIC_: 'Nuxt',
  REACT_APP_: 'Create React App',
  EXPO_PUBLIC_: 'Expo',
  VITE_: 'Vite',
  GATSBY_: 'Gatsby',
  PUBLIC_: 'SvelteKit and Astro',
};
/** Env names that are public by design even when passed to an SDK. */
const PUBLIC_BY_DESIGN = /PUBLISHABLE|ANON|_PK$|PUBLIC_KEY|_URL$|_ID$|_HOST$|_REGION$/;
const MOVE_TO_SERVER = 'Move this code to the server (a route handler, a server action or an edge function) and have the browser call it; keep the key out of every client module.';

function browserSteps(browser: BrowserCode | undefined): FlowStep[] {
  return browser?.via ? [{ path: browser.via.path, line: browser.via.line, note: 'the "use client" module imports it, so it is bundled for the browser' }] : [];
}

function sinkSteps(path: string, sink: Sink | undefined): FlowStep[] {
  return sink ? [{ path, line: sink.line, note: sink.note }] : [];
}

/** Where the change's other modules read a variable an env file defines (context for the reviewer). */
function readsInChange(facts: FileFacts, name: string): FlowStep[] {
  if (!facts.inEnvFile) return [];
  const steps: FlowStep[] = [];
  const pattern = new RegExp(`\\b${name}\\b`);
  for (const other of facts.context.changeSet.files) {
    if (steps.length >= 2 || other.path === facts.path || other.headText === undefined || !/\.[cm]?[jt]sx?$/.test(other.path)) continue;
    const index = other.headText.split('\n').findIndex((text) => pattern.test(text));
    if (index >= 0) steps.push({ path: other.path, line: index + 1, note: `\`${name}\` is read here, and its value inlined into the bundle` });
  }
  return steps;
}

/** 1. Secret-named entries of next.config `env`, `define`, DefinePlugin, Nuxt `runtimeConfig.public`, Expo `extra`. */
export function bundledByConfig(facts: FileFacts): Report[] {
  if (!facts.sourceFile) return [];
  return bundledEntries(facts.path, facts.sourceFile)
    .filter((entry) => facts.changed.includes(entry.line))
    .map((entry) => ({
      messageId: entry.wholeEnv ? 'wholeEnv' : 'bundledByConfig',
      line: entry.line,
      name: entry.name,
      data: { name: entry.name, reason: entry.reason, mechanism: entry.mechanism },
      flow: [{ path: facts.path, line: entry.line, note: `${entry.mechanism} inlines \`${entry.name}\` into client bundles` }],
      fix: entry.wholeEnv
        ? 'Define only the public variables the client needs, one by one.'
        : `Remove \`${entry.name}\` from ${entry.mechanism}; read it with \`process.env\` in server code only.`,
      severity: 'high',
    }));
}

/** 2. Secret names with a bundler-exposed prefix, in any syntax (code, .env, CI, Dockerfile). */
export async function exposedSecretNames(facts: FileFacts): Promise<Report[]> {
  const reports: Report[] = [];
  for (const line of facts.changed) {
    for (const mention of exposedMentionsOnLine(facts.lines[line - 1] ?? '')) {
      const secret = secretEnvName(mention.name);
      const prefix = exposedPrefix(mention.name);
      if (!secret || !prefix) continue;
      const sink = facts.sourceFile ? sinkOf(facts.sourceFile, line, mention.column, facts.sdks) : undefined;
      const browser = facts.sourceFile ? await facts.browserCode() : undefined;
      const note = facts.inEnvFile
        ? `\`${mention.name}\` is defined with the public \`${prefix}\` prefix`
        : `\`${mention.name}\` is read here; its \`${prefix}\` prefix makes the bundler inline the value`;
      reports.push({
        messageId: 'exposedName',
        line,
        name: mention.name,
        data: { name: mention.name, reason: secret.reason, prefix, bundler: BUNDLERS[prefix] ?? 'the bundler' },
        flow: [{ path: facts.path, line, note }, ...sinkSteps(facts.path, sink), ...browserSteps(browser), ...readsInChange(facts, mention.name)],
        fix: `Drop the \`${prefix}\` prefix, use the secret only in server code (an API route, a server action, an edge function), and rotate it: builds made with the public name already contain it.`,
        // Read only by server code, the name is a loaded gun rather than a leak.
        severity: facts.sourceFile && !browser ? 'medium' : 'high',
      });
    }
  }
  return reports;
}

/** 3. Server-only secrets read, or server SDKs configured from the environment, in browser code. */
export async function serverSecretsInBrowser(facts: FileFacts): Promise<Report[]> {
  const sourceFile = facts.sourceFile;
  if (!sourceFile) return [];
  // Adding "use client" moves every existing read into the browser: then every line counts, not just changed ones.
  const directiveLine = facts.lines.findIndex((text) => /^\s*(['"])use client\1/.test(text)) + 1;
  const newlyClient = directiveLine > 0 && facts.changed.includes(directiveLine);
  const lines = newlyClient ? facts.lines.map((_, index) => index + 1) : facts.changed;
  const candidates = lines
    .flatMap((line) => envReadsOnLine(facts.lines[line - 1] ?? '').map((read) => ({ line, ...read })))
    .filter((read) => !exposedPrefix(read.name) || !secretEnvName(read.name))
    .map((read) => ({ read, secret: secretEnvName(read.name) }))
    // Where the value goes matters for secrets, and for any variable when the module imports a server SDK.
    .filter(({ read, secret }) => secret || (facts.sdks.size > 0 && !PUBLIC_BY_DESIGN.test(read.name)));
  const browser = candidates.length > 0 ? await facts.browserCode() : undefined;
  if (!browser) return [];
  return candidates
    .map((item) => ({ ...item, sink: sinkOf(sourceFile, item.read.line, item.read.column, facts.sdks) }))
    .filter(({ read, secret, sink }) => (secret || sink?.sdk) && !insideServerOnlyFunction(sourceFile, read.line, read.column))
    .map(({ read, secret, sink }) => ({
      messageId: secret ? 'serverSecretInClient' : 'serverSdkInClient',
      line: read.line,
      name: read.name,
      data: { name: read.name, reason: secret?.reason ?? '', why: browser.why, sdk: sink?.sdk ?? '' },
      flow: [
        { path: facts.path, line: read.line, note: `\`${read.name}\` is read in browser code (${browser.why})` },
        ...sinkSteps(facts.path, sink),
        ...browserSteps(browser),
        ...(newlyClient && read.line !== directiveLine ? [{ path: facts.path, line: directiveLine, note: 'the change adds "use client": the module is now bundled for the browser' }] : []),
      ],
      fix: MOVE_TO_SERVER,
      severity: 'high',
    }));
}

/** 4. Browser modules whose changed imports bring in a server module that reads a secret. */
export async function importsOfServerSecrets(facts: FileFacts, browser: BrowserCode): Promise<Report[]> {
  const imported = await importedServerSecrets(facts.context, facts.lines, facts.changed);
  return imported.map((item) => ({
    messageId: 'importsServerSecret',
    line: item.line,
    name: `${item.module}\u0000${item.name}`,
    data: { module: item.module, name: item.name, reason: item.reason, why: browser.why },
    flow: [
      { path: facts.path, line: item.line, note: `browser code (${browser.why}) imports \`${item.module}\`` },
      { path: item.module, line: item.readLine, note: `\`${item.module}\` reads \`${item.name}\`` },
    ],
    fix: `Keep \`${item.module}\` on the server: call it from a route handler or a "use server" action, and import that instead.`,
    severity: 'high',
  }));
}

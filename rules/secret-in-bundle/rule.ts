// secret-in-bundle: a server secret that reaches browser code, by a bundler-exposed name, a build config that
// inlines it, or a server-only variable read (or a server SDK built) in a module the browser runs.
import { isScript } from '../../src/core/classify.js';
import { createRule } from '../../src/core/rule.js';
import type { FlowStep, Severity } from '../../src/core/types.js';
import { exposedPrefix, secretEnvName } from '../_secrets/secret-names.js';
import { browserCodeOf, type BrowserCode } from './browser-code.js';
import { bundledEntries, isBundleConfig } from './bundle-config.js';
import { envReadsOnLine, exposedMentionsOnLine } from './env-references.js';
import { insideServerOnlyFunction, serverSdkBindings, sinkOf, type Sink } from './sinks.js';

const BUNDLERS: Record<string, string> = {
  NEXT_PUBLIC_: 'Next.js',
  NUXT_PUBLIC_: 'Nuxt',
  REACT_APP_: 'Create React App',
  EXPO_PUBLIC_: 'Expo',
  VITE_: 'Vite',
  GATSBY_: 'Gatsby',
  PUBLIC_: 'SvelteKit and Astro',
};
const OTHER_TEXT = /\.(ya?ml|toml|json)$|(^|\/)(Dockerfile[\w.-]*|\.env[\w.-]*|[\w.-]+\.env)$/;
/** Env names that are public by design even when passed to an SDK. */
const PUBLIC_BY_DESIGN = /PUBLISHABLE|ANON|_PK$|PUBLIC_KEY|_URL$|_ID$|_HOST$|_REGION$/;
const ENV_HINT = /process\.env|import\.meta\.env|\$env\/|\b(?:NEXT_PUBLIC|NUXT_PUBLIC|REACT_APP|EXPO_PUBLIC|VITE|GATSBY|PUBLIC)_[A-Z0-9_]/;
const ENV_FILE = /(^|\/)\.env[\w.-]*$|(^|\/)[\w.-]+\.env$/;

interface Report {
  messageId: 'exposedName' | 'bundledByConfig' | 'wholeEnv' | 'serverSecretInClient' | 'serverSdkInClient';
  line: number;
  name: string;
  data: Record<string, string>;
  flow: FlowStep[];
  fix: string;
  severity: Severity;
}

function browserSteps(browser: BrowserCode | undefined): FlowStep[] {
  if (!browser?.via) return [];
  return [{ path: browser.via.path, line: browser.via.line, note: `the "use client" module imports it, so it is bundled for the browser` }];
}

function sinkSteps(path: string, sink: Sink | undefined): FlowStep[] {
  return sink ? [{ path, line: sink.line, note: sink.note }] : [];
}

export default createRule({
  meta: {
    id: 'secret-in-bundle',
    description: 'Server secrets that reach browser code: bundler-exposed secret names, build configs that inline secrets, and server-only secrets or server SDKs used in client modules.',
    severity: 'high',
    messages: {
      exposedName:
        '`{{name}}` {{reason}}, but the `{{prefix}}` prefix makes {{bundler}} inline its value into the browser bundle: anyone can read it in the page source.',
      bundledByConfig: '`{{name}}` {{reason}} and is copied into the browser bundle by {{mechanism}}: anyone can read it in the page source.',
      wholeEnv: '{{mechanism}} copies the whole of `process.env` into the bundle: every variable of the build, secrets included, ships to the browser.',
      serverSecretInClient:
        '`{{name}}` {{reason}} and is read in browser code ({{why}}): there it is either undefined or, once given a public prefix, shipped to every visitor. Use it in a server route or action instead.',
      serverSdkInClient:
        '`{{name}}` configures {{sdk}} in browser code ({{why}}): that client needs a secret key, which would ship to every visitor. Call it from a server route or action instead.',
    },
  },
  appliesTo: (file) =>
    file.headText !== undefined && file.status !== 'removed' && !file.roles.has('test') && !file.roles.has('docs') && (isScript(file.path) || /\.(vue|svelte|astro)$/.test(file.path) || OTHER_TEXT.test(file.path) || file.roles.has('env')),
  async check(context) {
    const { file } = context;
    const text = file.headText ?? '';
    const lines = text.split('\n');
    const changed = [...file.changedLines].sort((a, b) => a - b);
    const reports: Report[] = [];
    const reported = new Set<string>();
    const add = (report: Report) => {
      const key = `${report.line}\u0000${report.name}`;
      if (reported.has(key)) return;
      reported.add(key);
      reports.push(report);
    };
    const script = isScript(file.path) || /\.(vue|svelte|astro)$/.test(file.path);
    // Most modules never touch the environment: skip them before parsing.
    if (script && !ENV_HINT.test(text) && !isBundleConfig(file.path, text)) return;
    const sourceFile = script ? context.sourceFile() : undefined;
    const sdks = sourceFile ? serverSdkBindings(sourceFile) : new Map<string, string>();
    // Whether this module runs in the browser can cost repository reads: asked once, and only when it matters.
    let browserLookup: Promise<BrowserCode | undefined> | undefined;
    const browserCode = () => (browserLookup ??= script ? browserCodeOf(context) : Promise.resolve(undefined));

    // 1. Bundle-copying sections of build configs.
    if (sourceFile && isBundleConfig(file.path, text)) {
      for (const entry of bundledEntries(file.path, sourceFile)) {
        if (!context.isChanged(entry.line)) continue;
        add({
          messageId: entry.wholeEnv ? 'wholeEnv' : 'bundledByConfig',
          line: entry.line,
          name: entry.name,
          data: { name: entry.name, reason: entry.reason, mechanism: entry.mechanism },
          flow: [{ path: file.path, line: entry.line, note: `${entry.mechanism} inlines \`${entry.name}\` into client bundles` }],
          fix: entry.wholeEnv
            ? 'Define only the public variables the client needs, one by one.'
            : `Remove \`${entry.name}\` from ${entry.mechanism}; read it with \`process.env\` in server code only.`,
          severity: 'high',
        });
      }
    }

    // 2. Secret names with a bundler-exposed prefix, in any syntax.
    for (const line of changed) {
      context.checkBudget();
      for (const mention of exposedMentionsOnLine(lines[line - 1] ?? '')) {
        const secret = secretEnvName(mention.name);
        const prefix = exposedPrefix(mention.name);
        if (!secret || !prefix) continue;
        const sink = sourceFile ? sinkOf(sourceFile, line, mention.column, sdks) : undefined;
        const inEnvFile = ENV_FILE.test(file.path) || file.roles.has('env');
        const browser = await browserCode();
        const serverOnly = script && !browser;
        add({
          messageId: 'exposedName',
          line,
          name: mention.name,
          data: { name: mention.name, reason: secret.reason, prefix, bundler: BUNDLERS[prefix] ?? 'the bundler' },
          flow: [
            { path: file.path, line, note: inEnvFile ? `\`${mention.name}\` is defined with the public \`${prefix}\` prefix` : `\`${mention.name}\` is read here; its \`${prefix}\` prefix makes the bundler inline the value` },
            ...sinkSteps(file.path, sink),
            ...browserSteps(browser),
          ],
          fix: `Drop the \`${prefix}\` prefix, use the secret only in server code (an API route, a server action, an edge function), and rotate it: builds made with the public name already contain it.`,
          severity: serverOnly ? 'medium' : 'high',
        });
      }
    }

    // 3. Server-only secrets read, or server SDKs configured, in browser code.
    if (sourceFile) {
      const candidates = changed
        .flatMap((line) => envReadsOnLine(lines[line - 1] ?? '').map((read) => ({ line, ...read })))
        .filter((read) => !exposedPrefix(read.name) || !secretEnvName(read.name))
        .map((read) => ({ read, secret: secretEnvName(read.name), sink: sinkOf(sourceFile, read.line, read.column, sdks) }))
        .filter(({ read, secret, sink }) => (secret || (sink?.sdk && !PUBLIC_BY_DESIGN.test(read.name))) && !insideServerOnlyFunction(sourceFile, read.line, read.column));
      const browser = candidates.length > 0 ? await browserCode() : undefined;
      for (const { read, secret, sink } of browser ? candidates : []) {
        add({
          messageId: secret ? 'serverSecretInClient' : 'serverSdkInClient',
          line: read.line,
          name: read.name,
          data: { name: read.name, reason: secret?.reason ?? '', why: browser!.why, sdk: sink?.sdk ?? '' },
          flow: [
            { path: file.path, line: read.line, note: `\`${read.name}\` is read in browser code (${browser!.why})` },
            ...sinkSteps(file.path, sink),
            ...browserSteps(browser),
          ],
          fix: 'Move this code to the server (a route handler, a server action or an edge function) and have the browser call it; keep the key out of every client module.',
          severity: 'high',
        });
      }
    }

    for (const report of reports) {
      context.report({
        messageId: report.messageId,
        line: report.line,
        data: report.data,
        flow: report.flow,
        fix: report.fix,
        severity: report.severity,
        key: `${report.messageId}\u0000${report.name}`,
      });
    }
  },
});

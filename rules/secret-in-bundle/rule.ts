// secret-in-bundle: a server secret that reaches browser code, by a bundler-exposed name, a build config that
// inlines it, a server-only variable read (or a server SDK built) in a module the browser runs, or an import
// that pulls such a read into browser code.
import { isScript } from '../../src/core/classify.js';
import { createRule } from '../../src/core/rule.js';
import { isEnvFile } from '../_secrets/env-files.js';
import { browserCodeOf, type BrowserCode } from './browser-code.js';
import { isBundleConfig } from './bundle-config.js';
import { bundledByConfig, exposedSecretNames, importsOfServerSecrets, serverSecretsInBrowser, type FileFacts, type MessageId, type Report } from './findings.js';
import { serverSdkBindings } from './sinks.js';

const OTHER_TEXT = /\.(ya?ml|toml|json)$|(^|\/)(Dockerfile[\w.-]*|\.env[\w.-]*|[\w.-]+\.env)$/;
const ENV_HINT = /process\.env|import\.meta\.env|\$env\/|\b(?:NEXT_PUBLIC|NUXT_PUBLIC|REACT_APP|EXPO_PUBLIC|VITE|GATSBY|PUBLIC)_[A-Z0-9_]/;
const LOCAL_IMPORT = /^\s*(?:import|export)\s+(?!type\s)[^'"]*?from\s*['"](?:\.|@\/|~\/|src\/)|^\s*import\s*['"](?:\.|@\/|~\/|src\/)/;

const isModule = (path: string) => isScript(path) || /\.(vue|svelte|astro)$/.test(path);

export default createRule<MessageId>({
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
      importsServerSecret:
        'Browser code ({{why}}) imports `{{module}}`, which reads `{{name}}` ({{reason}}): in the bundle it is undefined, and the usual "fix", a public prefix, ships it to every visitor.',
    },
  },
  appliesTo: (file) =>
    file.headText !== undefined &&
    file.status !== 'removed' &&
    !file.roles.has('test') &&
    !file.roles.has('docs') &&
    (isModule(file.path) || OTHER_TEXT.test(file.path) || file.roles.has('env')),
  async check(context) {
    const { file } = context;
    const text = file.headText ?? '';
    const lines = text.split('\n');
    const changed = [...file.changedLines].sort((a, b) => a - b);
    const script = isModule(file.path);
    // Most modules never touch the environment: skip them before parsing.
    const touchesEnvironment = !script || ENV_HINT.test(text) || isBundleConfig(file.path, text);
    const sourceFile = script && touchesEnvironment ? context.sourceFile() : undefined;
    // Whether this module runs in the browser can cost repository reads: asked once, and only when it matters.
    let browserLookup: Promise<BrowserCode | undefined> | undefined;
    const facts: FileFacts = {
      context,
      path: file.path,
      lines,
      changed,
      sourceFile,
      sdks: sourceFile ? serverSdkBindings(sourceFile) : new Map(),
      inEnvFile: isEnvFile(file.path) || file.roles.has('env'),
      browserCode: () => (browserLookup ??= script ? browserCodeOf(context) : Promise.resolve(undefined)),
    };

    const reports: Report[] = [];
    if (touchesEnvironment) {
      if (sourceFile && isBundleConfig(file.path, text)) reports.push(...bundledByConfig(facts));
      reports.push(...(await exposedSecretNames(facts)));
      reports.push(...(await serverSecretsInBrowser(facts)));
    }
    // Imports are followed only from modules known to be browser code without a repository search.
    if (script && changed.some((line) => LOCAL_IMPORT.test(lines[line - 1] ?? ''))) {
      const browser = await browserCodeOf(context, { searchImporters: false });
      if (browser) reports.push(...(await importsOfServerSecrets(facts, browser)));
    }

    const seen = new Set<string>();
    for (const report of reports) {
      const key = `${report.messageId}\u0000${report.name}`;
      if (seen.has(`${report.line}\u0000${report.name}`)) continue;
      seen.add(`${report.line}\u0000${report.name}`);
      context.report({ messageId: report.messageId, line: report.line, data: report.data, flow: report.flow, fix: report.fix, severity: report.severity, key });
    }
  },
});

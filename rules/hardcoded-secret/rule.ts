// hardcoded-secret: credentials written into the repository, in code or config, on the lines a change adds.
import { createRule } from '../../src/core/rule.js';
import type { FlowStep } from '../../src/core/types.js';
import { isEnvFile, isEnvTemplate } from '../_secrets/env-files.js';
import { maskSecret, secretDigest } from '../_secrets/mask.js';
import { detectSecrets, type Detection } from './detect.js';
import type { TextKind } from './named-values.js';

/** Fixtures, mocks, seeds and stories hold stand-in credentials on purpose. */
const FIXTURE_PATH = /(^|\/)(mocks?|__fixtures__|fixtures?|testdata|test-data|seeds?|stories|storybook|e2e)\/|(^|\/)seed\.[cm]?[jt]s$|\.(mock|mocks|fixture|fixtures|stub|stubs|stories)\.[cm]?[jt]sx?$/i;
const TEXT_FILE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|vue|svelte|astro|json|jsonc|json5|ya?ml|toml|ini|cfg|conf|properties|env|sh|bash|zsh|ps1|py|rb|go|java|kt|cs|php|rs|swift|tf|tfvars|hcl|xml|plist|gradle|sql|md|mdx|txt|rst|html|npmrc|pem|key|p8|pypirc|netrc|dockerfile|envrc)$|(^|\/)(Dockerfile[\w.-]*|Makefile|Procfile|\.npmrc|\.yarnrc|\.netrc|\.pypirc|\.envrc|\.env[\w.-]*|[\w.-]*\.env|id_rsa|id_ed25519|id_ecdsa)$/i;

/** Programming languages: values are read from quoted literals only, never from bare `name = expression`. */
const CODE_FILE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|vue|svelte|astro|py|rb|go|java|kt|cs|php|rs|swift|scala|dart|ex|exs)$/;

function textKind(path: string, isScriptFile: boolean): TextKind {
  if (isEnvFile(path)) return 'env';
  if (isScriptFile) return 'script';
  return 'data';
}

/** Where a secret sits, for messages: "committed `.env` file", "`lib/stripe.ts`". */
function describeFile(path: string): string {
  if (isEnvFile(path)) return isEnvTemplate(path) ? `the env template \`${path}\`` : `the env file \`${path}\``;
  return `\`${path}\``;
}

function messageIdFor(detection: Detection): 'provider' | 'privateKey' | 'serviceRoleJwt' | 'databaseUrl' | 'fallbackSecret' | 'namedSecret' {
  switch (detection.kind) {
    case 'provider':
      return 'provider';
    case 'private-key':
      return 'privateKey';
    case 'service-role-jwt':
      return 'serviceRoleJwt';
    case 'database-url':
      return 'databaseUrl';
    default:
      return detection.fallbackFor ? 'fallbackSecret' : 'namedSecret';
  }
}

/** An AWS secret access key next to its key id is one credential: one finding, spanning both lines. */
function mergeAwsPairs(found: Array<{ line: number; detection: Detection }>): Array<{ line: number; detection: Detection; pairLine?: number }> {
  const merged: Array<{ line: number; detection: Detection; pairLine?: number }> = found.map((item) => ({ ...item }));
  for (const secret of merged.filter((item) => item.detection.id === 'aws-secret-access-key')) {
    const keyId = merged.find((item) => item.detection.id === 'aws-access-key-id' && Math.abs(item.line - secret.line) <= 3 && item.pairLine === undefined);
    if (!keyId) continue;
    keyId.pairLine = secret.line;
    keyId.detection = {
      ...keyId.detection,
      label: 'AWS access key pair (key id and secret access key)',
      secret: `${keyId.detection.secret}:${secret.detection.secret}`,
      masked: `${maskSecret(keyId.detection.secret)} / ${maskSecret(secret.detection.secret)}`,
    };
    merged.splice(merged.indexOf(secret), 1);
  }
  return merged;
}

export default createRule({
  meta: {
    id: 'hardcoded-secret',
    description: 'Credentials committed to the repository: provider keys, private keys, service_role JWTs, passwords in connection strings and secret-named values.',
    severity: 'critical',
    messages: {
      provider: '{{label}} `{{masked}}` is committed in {{file}}: anyone who can read the repository or its history can use it.',
      privateKey: 'A {{label}} ({{masked}}) is committed in {{file}}: anyone who can read the repository can impersonate its owner.',
      serviceRoleJwt:
        'Supabase service_role key `{{masked}}` is committed in {{file}}: it bypasses Row Level Security on every table for whoever reads the repository.',
      databaseUrl: '{{label}} (password `{{masked}}`) is committed in {{file}}: anyone who can read the repository can connect to `{{host}}`.',
      fallbackSecret:
        '`{{name}}` falls back to the hardcoded secret `{{masked}}` when the variable is unset: the value is in the repository, and a missing variable silently uses it in production.',
      namedSecret: '`{{name}}` is set to a hardcoded secret `{{masked}}` in {{file}}: anyone who can read the repository can use it.',
    },
  },
  appliesTo: (file) => file.headText !== undefined && file.status !== 'removed' && (TEXT_FILE.test(file.path) || file.roles.has('env')),
  check(context) {
    const { file } = context;
    const lines = (file.headText ?? '').split('\n');
    const kind = textKind(file.path, CODE_FILE.test(file.path));
    const isServiceAccount = /"type"\s*:\s*"service_account"/.test(file.headText ?? '');
    const found: Array<{ line: number; detection: Detection }> = [];
    for (const line of [...file.changedLines].sort((a, b) => a - b)) {
      context.checkBudget();
      const scan = { lines, index: line - 1, kind, isTest: file.roles.has('test') || FIXTURE_PATH.test(file.path), isDocs: file.roles.has('docs'), isClient: file.roles.has('client') };
      for (const detection of detectSecrets(scan)) found.push({ line, detection });
    }

    for (const { line, detection, pairLine } of mergeAwsPairs(found)) {
      const label = isServiceAccount && detection.kind === 'private-key' ? 'Google service-account private key' : detection.label;
      const masked = detection.masked ?? maskSecret(detection.secret);
      const host = detection.kind === 'database-url' ? (/@([^\s/'"`:?#]+)/.exec(lines[line - 1]!.slice(detection.start))?.[1] ?? 'the database') : '';
      const flow: FlowStep[] = [
        {
          path: file.path,
          line,
          note: `the literal${detection.name ? ` given to \`${detection.name}\`` : ''}: once committed, every clone, fork and CI checkout holds it${file.roles.has('client') ? ', and the browser bundle ships it' : ''}`,
        },
      ];
      if (pairLine !== undefined) flow.push({ path: file.path, line: pairLine, note: 'its secret access key is written here' });
      if (detection.fallbackFor) flow.push({ path: file.path, line, note: `used whenever \`${detection.fallbackFor}\` is not set` });
      context.report({
        messageId: messageIdFor(detection),
        line,
        endLine: Math.max(pairLine ?? line, detection.endLine ?? line),
        severity: detection.severity,
        data: { label, masked, file: describeFile(file.path), name: detection.name ?? '', host },
        flow,
        fix: `Remove the value from the repository, ${detection.rotate}, and rotate it now: it stays readable in the git history.`,
        key: `${detection.id}\u0000${detection.name ?? ''}\u0000${secretDigest(detection.secret)}`,
      });
    }
  },
});

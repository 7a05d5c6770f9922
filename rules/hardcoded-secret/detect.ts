// Finds the secrets written on one line: provider-shaped keys, PEM private keys, Supabase service_role JWTs,
// connection strings with a password, and random values assigned to secret-named keys.
import { looksRandom, shannonEntropy } from '../_secrets/entropy.js';
import { JWT_PATTERN, decodeJwtPayload } from '../_secrets/jwt.js';
import { isPlaceholder, isPublicKeyValue } from '../_secrets/placeholders.js';
import { CREDENTIAL_URL, PEM_PRIVATE_KEY, PROVIDER_PATTERNS } from '../_secrets/providers.js';
import { exposedPrefix, isSecretName, nameWords } from '../_secrets/secret-names.js';
import type { Severity } from '../../src/core/types.js';
import { namedValuesOnLine, type TextKind } from './named-values.js';

export type DetectionKind = 'provider' | 'private-key' | 'service-role-jwt' | 'database-url' | 'named-secret';

export interface Detection {
  kind: DetectionKind;
  /** Which pattern: `stripe-live-secret-key`, `aws-secret-access-key`, `generic`… */
  id: string;
  label: string;
  /** The secret itself: only ever masked or hashed on the way out. */
  secret: string;
  /** The masked form, when it is not simply maskSecret(secret) (a key id and its secret). */
  masked?: string;
  severity: Severity;
  rotate: string;
  /** The name it is assigned to, when the line says. */
  name?: string;
  /** The environment variable a fallback literal stands in for. */
  fallbackFor?: string;
  /** Last line of a multi-line secret (a PEM block). */
  endLine?: number;
  start: number;
  end: number;
}

export interface LineScan {
  lines: readonly string[];
  /** 0-based index of the line to scan. */
  index: number;
  kind: TextKind;
  /** Test and fixture files: only provider-shaped secrets that do not look fake count. */
  isTest: boolean;
  /** Documentation: no name-based guessing. */
  isDocs: boolean;
  /** Browser code or a file that configures browser code (Firebase web keys are public there). */
  isClient: boolean;
}

const LOCAL_HOSTS = /^(localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[?::1\]?|host\.docker\.internal|[a-z0-9_-]+)$/i;
const WEAK_PASSWORDS = /^(postgres|password|pass|root|admin|secret|mysql|redis|guest|user|test|dev|example|changeme|prisma|docker|pg|mongo|rabbitmq|sa|local|supabase)$/i;

/** A span known to be public by design: it keeps name-based guessing off the same characters. */
function ignored(start: number, end: number): Detection {
  return { kind: 'named-secret', id: 'public', label: '', secret: '', severity: 'low', rotate: '', start, end };
}

function overlaps(found: readonly Detection[], start: number, end: number): boolean {
  return found.some((item) => start < item.end && end > item.start);
}

const PUBLIC_SDK_CONTEXT = /algolia|indexName|docsearch|posthog|mixpanel|amplitude|analytics\.load|intercom|datadogRum|clientToken|mapbox|firebase|authDomain|recaptcha|turnstile|hcaptcha|plausible|publishable/i;

function nearPublicSdkConfig(scan: LineScan): boolean {
  return PUBLIC_SDK_CONTEXT.test(scan.lines.slice(Math.max(0, scan.index - 6), scan.index + 6).join('\n'));
}

/** A Google key in Firebase web config, a Maps embed or a public-prefixed variable is public by design. */
function isPublicGoogleKey(scan: LineScan, name: string | undefined): boolean {
  if (scan.isClient) return true;
  if (name && (exposedPrefix(name) || nameWords(name).some((word) => ['FIREBASE', 'MAPS', 'BROWSER', 'PUBLIC', 'WEB'].includes(word)))) return true;
  // In an env file each line names itself; elsewhere the surrounding config says what the key is for.
  if (scan.kind === 'env') return false;
  const window = scan.lines.slice(Math.max(0, scan.index - 12), scan.index + 12).join('\n');
  return /firebase|authDomain|messagingSenderId|maps\.googleapis|google\.maps/i.test(window);
}

function pemBody(scan: LineScan, afterHeader: string): { body: string; endLine: number } {
  // Inline (`\n`-escaped JSON string) or over the following lines, up to the END marker.
  let text = afterHeader;
  let endLine = scan.index + 1;
  for (let offset = 1; offset < 80 && !text.includes('-----END'); offset++) {
    const next = scan.lines[scan.index + offset];
    if (next === undefined) break;
    text += `\n${next}`;
    endLine = scan.index + offset + 1;
  }
  const body = text.split('-----END')[0]!.replace(/\\n|\\r|["',\s]/g, '');
  return { body, endLine };
}

function scanPrivateKeys(scan: LineScan, line: string, found: Detection[]): void {
  for (const match of line.matchAll(PEM_PRIVATE_KEY)) {
    const { body, endLine } = pemBody(scan, line.slice(match.index + match[0].length));
    if (body.length < 64 || isPlaceholder(body.slice(0, 64)) || !/^[A-Za-z0-9+/=:-]+$/.test(body.replace(/Proc-Type.*|DEK-Info.*/g, ''))) continue;
    const label = match[1]!.replace('PRIVATE KEY', 'private key').trim();
    found.push({
      kind: 'private-key', id: 'pem-private-key', label: `PEM ${label}`, secret: body, severity: 'critical', endLine,
      rotate: 'revoke the key where it is trusted, issue a new one and load it from a secret store',
      start: match.index, end: line.length,
    });
  }
}

function scanJwts(line: string, found: Detection[]): void {
  for (const match of line.matchAll(JWT_PATTERN)) {
    const payload = decodeJwtPayload(match[0]);
    // The Supabase CLI's local keys (`iss: supabase-demo`) are published in its docs: not secrets.
    if (payload?.role === 'service_role' && payload.iss !== 'supabase-demo') {
      found.push({
        kind: 'service-role-jwt', id: 'supabase-service-role-jwt', label: 'Supabase service_role key', secret: match[0],
        severity: 'critical', rotate: 'roll the JWT secret (or the service_role key) in the Supabase dashboard and read it from the environment',
        start: match.index, end: match.index + match[0].length,
      });
    } else {
      // An anon or user token is public or short-lived: nothing else on the line may claim its characters.
      found.push(ignored(match.index, match.index + match[0].length));
    }
  }
}

function scanConnectionStrings(line: string, found: Detection[]): void {
  for (const match of line.matchAll(CREDENTIAL_URL)) {
    const [, scheme, user, password, host] = match as unknown as [string, string, string, string, string];
    const isWeb = scheme.startsWith('http');
    if (isPlaceholder(password) || WEAK_PASSWORDS.test(password) || password === user || /^[$%{<]/.test(password)) continue;
    if (LOCAL_HOSTS.test(host) || (isWeb && !looksRandom(password, { minLength: 8 }))) continue;
    found.push({
      kind: 'database-url', id: 'credential-url', label: isWeb ? 'URL with inline credentials' : `${scheme} connection string with an inline password`,
      secret: password, severity: 'critical', rotate: `change the ${isWeb ? '' : 'database '}password and read the URL from the environment`,
      start: match.index, end: match.index + match[0].length,
    });
  }
}

function scanProviders(scan: LineScan, line: string, found: Detection[]): void {
  for (const provider of PROVIDER_PATTERNS) {
    for (const match of line.matchAll(provider.pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      const body = match[1] ?? match[0];
      if (overlaps(found, start, end) || isPlaceholder(match[0], body)) continue;
      // A generated body is varied; an identifier that happens to share a prefix (`re_generate_…`) is not.
      const varied = /\d/.test(body) || (/[a-z]/.test(body) && /[A-Z]/.test(body));
      if (body.length >= 16 && (shannonEntropy(body) < 3 || !varied)) continue;
      const name = namedValuesOnLine(scan.lines, scan.index, scan.kind).find((value) => value.column <= start && value.column + value.value.length + 2 >= end)?.name;
      if (provider.id === 'google-api-key' && isPublicGoogleKey(scan, name)) {
        found.push(ignored(start, end));
        continue;
      }
      found.push({ kind: 'provider', id: provider.id, label: provider.label, secret: match[0], severity: provider.severity, rotate: provider.rotate, name, start, end });
    }
  }
}

/** A name that marks its value as a stand-in: `FAKE_TOKEN`, `mockApiKey`, `TEST_SECRET`. */
const FAKE_NAME = /fake|dummy|mock|example|sample|placeholder|(^|[^a-z])test|test($|[^a-z])|Test/i;
const AWS_SECRET_NAME = /secret_?access_?key|aws_?secret/i;

function scanNamedValues(scan: LineScan, found: Detection[]): void {
  for (const item of namedValuesOnLine(scan.lines, scan.index, scan.kind)) {
    if (!item.name) continue;
    const value = item.value.replace(/^(Bearer|Token|Basic)\s+/i, '');
    const start = item.column;
    const end = start + item.value.length + 2;
    if (overlaps(found, start, end) || isPlaceholder(value)) continue;
    if (AWS_SECRET_NAME.test(item.name) && /^[A-Za-z0-9/+]{40}$/.test(value) && looksRandom(value)) {
      found.push({
        kind: 'provider', id: 'aws-secret-access-key', label: 'AWS secret access key', secret: value, severity: 'critical',
        rotate: 'deactivate the access key in IAM and use a role or environment credentials', name: item.name, start, end,
      });
      continue;
    }
    if (scan.isTest || scan.isDocs || !isSecretName(item.name) || FAKE_NAME.test(item.name) || isPublicKeyValue(value)) continue;
    // Browser SDKs take public keys (`apiKey`, `token`, `clientKey`): in browser code or next to such an SDK's
    // config (Algolia search keys, analytics write keys), only a name that says secret counts.
    if ((scan.isClient || (scan.kind !== 'env' && nearPublicSdkConfig(scan))) && !/secret|passw|pwd|private/i.test(item.name)) continue;
    const isPassword = /pass|pwd/i.test(item.name);
    if (!looksRandom(value, { minLength: isPassword ? 8 : 12 })) continue;
    found.push({
      kind: 'named-secret', id: 'generic', label: 'secret', secret: value, severity: 'high',
      rotate: 'generate a new value, keep it in the environment or a secret store, and read it from there',
      name: item.name, fallbackFor: item.fallbackFor, start, end,
    });
  }
}

/** Every secret written on line `scan.index`. */
export function detectSecrets(scan: LineScan): Detection[] {
  const line = scan.lines[scan.index] ?? '';
  if (line.length > 20_000) return [];
  const found: Detection[] = [];
  // Test suites carry generated key pairs on purpose (RS256 fixtures); elsewhere a private key is a leak.
  if (!scan.isTest) scanPrivateKeys(scan, line, found);
  scanJwts(line, found);
  if (!scan.isTest) scanConnectionStrings(line, found);
  scanProviders(scan, line, found);
  scanNamedValues(scan, found);
  return found.filter((item) => item.id !== 'public');
}

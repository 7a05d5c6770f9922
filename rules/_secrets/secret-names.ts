// What a name says about its value: a secret (`JWT_SECRET`, `dbPassword`, `x-api-key`), a public value by
// design (`NEXT_PUBLIC_SUPABASE_ANON_KEY`, `STRIPE_PUBLISHABLE_KEY`), or an identifier (`private_key_id`).

/** Splits `NEXT_PUBLIC_stripeSecretKey`, `x-api-key`, `client.secret` into upper-case words. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toUpperCase());
}

const SECRET_WORDS = new Set(['SECRET', 'SECRETS', 'PASSWORD', 'PASSWD', 'PWD', 'PASS', 'TOKEN', 'APIKEY', 'CREDENTIAL', 'CREDENTIALS', 'AUTHORIZATION', 'BEARER', 'SALT', 'HMAC', 'PASSPHRASE']);
/** Two-word secrets: `API_KEY`, `PRIVATE_KEY`, `ACCESS_KEY`… (the second word is KEY). */
const SECRET_KEY_QUALIFIERS = new Set(['API', 'PRIVATE', 'ACCESS', 'AUTH', 'SIGNING', 'ENCRYPTION', 'ENC', 'MASTER', 'ADMIN', 'SESSION', 'WEBHOOK', 'JWT', 'SECRET', 'SERVICE', 'ROLE', 'LICENSE', 'SERVER', 'CIPHER', 'CRYPTO', 'HASH', 'SIGNATURE', 'SHARED', 'TOTP']);
/** Words that make a secret-sounding name hold something else: an id, a URL, a label, a length, a public key. */
const NOT_SECRET_WORDS = new Set([
  'ID', 'IDS', 'URL', 'URI', 'URLS', 'ENDPOINT', 'HOST', 'DOMAIN', 'NAME', 'FIELD', 'HEADER', 'PARAM', 'PATH', 'FILE',
  'DIR', 'LENGTH', 'LEN', 'SIZE', 'EXPIRY', 'EXPIRES', 'EXPIRATION', 'TTL', 'TIMEOUT', 'TYPE', 'PREFIX', 'FORMAT',
  'REGEX', 'PATTERN', 'PLACEHOLDER', 'LABEL', 'HINT', 'INPUT', 'COUNT', 'ENABLED', 'REQUIRED', 'STORAGE', 'QUERY',
  'CACHE', 'EVENT', 'LIMIT', 'VERSION', 'ALGORITHM', 'ALG', 'ISSUER', 'AUDIENCE', 'SCOPE', 'SCOPES', 'ROUNDS',
  'PUBLIC', 'PUBLISHABLE', 'ANON', 'PAGE', 'NEXT', 'CURSOR', 'CONTINUATION', 'MIN', 'MAX', 'RESET', 'STRENGTH',
  'POLICY', 'RULE', 'RULES', 'ERROR', 'MESSAGE', 'TEXT', 'TITLE', 'SCHEMA', 'VALIDATION', 'KEYS', 'INDEX', 'ENV',
  'CONFIRM', 'CONFIRMATION', 'FORGOT', 'SHOW', 'HIDE', 'VISIBLE', 'STATUS', 'SET', 'HAS', 'IS', 'GET', 'USE',
  'HASH', 'HASHED', 'DIGEST', 'CHECKSUM', 'FINGERPRINT', 'CSRF', 'XSRF', 'NONCE',
]);

/** A name that holds a secret: `JWT_SECRET`, `dbPassword`, `apiKey`, `x-api-key`, `stripe.secretKey`. */
export function isSecretName(name: string): boolean {
  const words = nameWords(name);
  if (words.length === 0) return false;
  if (words.some((word) => NOT_SECRET_WORDS.has(word))) return false;
  // An identifier of a key is not the key: `private_key_id`, `accessKeyId` (caught by the word ID above).
  if (words.some((word) => SECRET_WORDS.has(word))) return true;
  for (let index = 1; index < words.length; index++) {
    if (words[index] === 'KEY' && SECRET_KEY_QUALIFIERS.has(words[index - 1]!)) return true;
  }
  return false;
}

/** The prefixes bundlers use to put an environment variable into browser code. */
export const EXPOSED_ENV_PREFIXES = ['NEXT_PUBLIC_', 'NUXT_PUBLIC_', 'REACT_APP_', 'EXPO_PUBLIC_', 'VITE_', 'GATSBY_', 'PUBLIC_'] as const;

export function exposedPrefix(name: string): string | undefined {
  return EXPOSED_ENV_PREFIXES.find((prefix) => name.startsWith(prefix) && name.length > prefix.length);
}

/** Services whose API keys only belong on a server: a key for them in browser code is a leak. */
const SERVER_ONLY_PROVIDERS = new Set([
  'OPENAI', 'ANTHROPIC', 'CLAUDE', 'SENDGRID', 'RESEND', 'MAILGUN', 'POSTMARK', 'MAILCHIMP', 'MANDRILL', 'BREVO',
  'SENDINBLUE', 'TWILIO', 'GROQ', 'MISTRAL', 'COHERE', 'REPLICATE', 'HUGGINGFACE', 'HF', 'ELEVENLABS', 'PINECONE',
  'GEMINI', 'DEEPSEEK', 'PERPLEXITY', 'OPENROUTER', 'TOGETHER', 'FIREWORKS', 'XAI', 'GROK', 'GITHUB',
  'SLACK', 'DISCORD', 'AWS', 'AIRTABLE', 'NOTION', 'LINEAR', 'HUBSPOT', 'LEMONSQUEEZY', 'PADDLE', 'PLAID', 'ASSEMBLYAI',
  'DEEPGRAM', 'VOYAGE', 'JINA', 'TAVILY', 'SERPAPI', 'FIRECRAWL', 'RUNWAY', 'FAL',
]);
const NOT_SECRET_LAST_WORDS = new Set([
  'ID', 'IDS', 'URL', 'URI', 'NAME', 'LENGTH', 'LEN', 'EXPIRY', 'EXPIRES', 'EXPIRATION', 'TTL', 'HEADER', 'ENDPOINT',
  'HOST', 'PATH', 'TYPE', 'PREFIX', 'ENABLED', 'REQUIRED', 'MIN', 'MAX', 'RULES', 'POLICY', 'REGEX', 'PATTERN',
  'ROUNDS', 'ALGORITHM', 'ISSUER', 'AUDIENCE', 'FILE', 'DIR', 'REGION', 'VERSION', 'MODE', 'COOKIE',
]);
/** `TOKEN_KEY`, `TOKEN_STORAGE_KEY`, `AUTH_COOKIE_KEY`: the name under which a token is stored, not a token. */
const STORAGE_SLOT_WORDS = new Set(['TOKEN', 'TOKENS', 'STORAGE', 'LOCALSTORAGE', 'SESSIONSTORAGE', 'COOKIE', 'CACHE']);
/** Names public by design even when they say KEY or TOKEN. */
const PUBLIC_BY_DESIGN = new Set(['PUBLISHABLE', 'ANON', 'PUBLIC', 'PK', 'SITE', 'SITEKEY', 'DSN', 'MEASUREMENT', 'CLIENT_ID', 'MAPBOX', 'POSTHOG', 'MIXPANEL', 'SEGMENT', 'AMPLITUDE', 'FIREBASE', 'MAPS', 'RECAPTCHA', 'TURNSTILE', 'HCAPTCHA', 'SEARCH', 'VAPID', 'STOREFRONT']);
const STRONG_SECRET = new Set(['SECRET', 'SECRETS', 'PRIVATE', 'PASSWORD', 'PASSWD', 'PWD', 'PASSPHRASE', 'CREDENTIALS', 'CREDENTIAL']);
const CONNECTION_STRINGS = /(^|_)(DATABASE|DB|POSTGRES|POSTGRESQL|PG|MYSQL|MONGODB|MONGO|REDIS)_(URL|URI|CONNECTION|CONNECTION_STRING|DSN)$/;

function providerName(word: string): string {
  const special: Record<string, string> = { OPENAI: 'OpenAI', SENDGRID: 'SendGrid', ELEVENLABS: 'ElevenLabs', HUGGINGFACE: 'Hugging Face', HF: 'Hugging Face', AWS: 'AWS', XAI: 'xAI', GITHUB: 'GitHub', OPENROUTER: 'OpenRouter', DEEPSEEK: 'DeepSeek', ASSEMBLYAI: 'AssemblyAI', SERPAPI: 'SerpApi', HUBSPOT: 'HubSpot', LEMONSQUEEZY: 'Lemon Squeezy' };
  return special[word] ?? word.charAt(0) + word.slice(1).toLowerCase();
}

export interface SecretEnvName {
  /** Why the name reads as a secret, for messages: "says SECRET", "an OpenAI API key". */
  reason: string;
}

/**
 * Whether an environment variable's name (prefix included or not) says it holds a server secret.
 * `STRIPE_SECRET_KEY`, `SUPABASE_SERVICE_ROLE_KEY`, `OPENAI_API_KEY`, `DATABASE_URL`: yes.
 * `STRIPE_PUBLISHABLE_KEY`, `SUPABASE_ANON_KEY`, `POSTHOG_KEY`, `FIREBASE_API_KEY`, `APP_URL`: no.
 */
export function secretEnvName(name: string): SecretEnvName | undefined {
  const prefix = exposedPrefix(name);
  const bare = prefix ? name.slice(prefix.length) : name;
  const words = nameWords(bare);
  const joined = words.join('_');
  if (CONNECTION_STRINGS.test(joined)) return { reason: 'is a database connection string (it holds the password)' };
  // The name describes something about a secret, not the secret: `PASSWORD_MIN_LENGTH`, `TOKEN_COOKIE_NAME`.
  if (NOT_SECRET_LAST_WORDS.has(words[words.length - 1] ?? '')) return undefined;
  if (words.includes('PUBLISHABLE') || words.includes('ANON')) return undefined;
  const strong = words.find((word) => STRONG_SECRET.has(word));
  if (strong) return { reason: `is named as a secret (${strong})` };
  const admin = /SERVICE_ROLE|SERVICE_KEY|ADMIN_KEY|MASTER_KEY|ADMIN_API_KEY|ADMIN_TOKEN/.exec(joined);
  if (admin) return { reason: `is named as a privileged key (${admin[0]})` };
  if (words.some((word) => PUBLIC_BY_DESIGN.has(word)) || /CLIENT_(ID|TOKEN)/.test(joined)) return undefined;
  if (words.length >= 2 && words[words.length - 1] === 'KEY' && STORAGE_SLOT_WORDS.has(words[words.length - 2]!)) return undefined;
  const token = words.find((word) => word === 'TOKEN' || word === 'APIKEY');
  if (token && !words.includes('CSRF')) return { reason: `is named as a credential (${token})` };
  const provider = words.find((word) => SERVER_ONLY_PROVIDERS.has(word));
  if (provider && words.includes('KEY')) return { reason: `is an API key for ${providerName(provider)}, which only belongs on a server` };
  return undefined;
}

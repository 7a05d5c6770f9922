import { looksRandom } from './entropy.js';
import { decodeJwtPayload, jwtRole } from './jwt.js';
import { maskSecret, secretDigest } from './mask.js';
import { isPlaceholder } from './placeholders.js';
import { exposedPrefix, isSecretName, secretEnvName } from './secret-names.js';

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('maskSecret', () => {
  it.each([
    ['a'.repeat(3) + 'bcdefghijklmnopqrstu', 'aaab…(23 chars)'],
    ['hunter2!x', 'hu…(9 chars)'],
    ['short', '…(5 chars)'],
  ])('%s → %s', (secret, masked) => expect(maskSecret(secret)).toBe(masked));

  it('digests without revealing', () => {
    expect(secretDigest('value')).toHaveLength(16);
    expect(secretDigest('value')).not.toContain('value');
  });
});

describe('jwtRole', () => {
  const token = (payload: object) => `${b64url({ alg: 'HS256' })}.${b64url(payload)}.signature`;
  it.each([
    [token({ role: 'service_role' }), 'service_role'],
    [token({ role: 'anon' }), 'anon'],
    [token({ sub: 'user' }), undefined],
    ['eyJhbGciOi.not-json.sig', undefined],
  ])('%#', (value, role) => expect(jwtRole(value)).toBe(role));

  it('returns the claims', () => expect(decodeJwtPayload(token({ iss: 'supabase' }))).toEqual({ iss: 'supabase' }));
});

describe('isPlaceholder', () => {
  it.each(['', '<your-key>', '${API_KEY}', 'changeme', 'your-key-here', 'xxxxxxxxxxxx', 'whsec_...', 'sk_test_123', '1234567890ab', 'aaaaaaaaaaaaaaaa', 'REDACTED'])(
    '%s is a placeholder',
    (value) => expect(isPlaceholder(value)).toBe(true),
  );
  it.each(['hGM3kKFOMaER25ywSu', 'a0692ac57cc4f454daf21c804f3ec624'])('%s is not', (value) => expect(isPlaceholder(value)).toBe(false));
});

describe('looksRandom', () => {
  it.each(['a0692ac57cc4f454daf21c804f3ec624a1abc940cf6eb020d302d3eac3614058', 'hGM3kKFOMaER25ywSu', 'Zk9/2mQx+Lw8bN4cR7tY1vE='])('%s looks generated', (value) =>
    expect(looksRandom(value)).toBe(true),
  );
  it.each([
    'supersecret123',
    'my-super-secret-jwt-key-2024',
    'generate-with-openssl-rand-base64-32',
    'STRIPE_SECRET_KEY',
    'https://api.example.com/v1',
    'auth.session.token',
    'PasswordResetToken',
    '1712016000000',
    'abcdef123456789',
  ])('%s does not', (value) => expect(looksRandom(value)).toBe(false));
});

describe('isSecretName', () => {
  it.each(['JWT_SECRET', 'dbPassword', 'apiKey', 'x-api-key', 'clientSecret', 'STRIPE_WEBHOOK_SECRET', 'authToken', 'privateKey', 'Authorization'])(
    '%s names a secret',
    (name) => expect(isSecretName(name)).toBe(true),
  );
  it.each(['private_key_id', 'accessKeyId', 'tokenUrl', 'PASSWORD_FIELD', 'passwordHash', 'publishableKey', 'anonKey', 'key', 'tokenExpiresIn', 'csrfToken'])(
    '%s does not',
    (name) => expect(isSecretName(name)).toBe(false),
  );
});

describe('secretEnvName', () => {
  it.each([
    'NEXT_PUBLIC_STRIPE_SECRET_KEY',
    'NEXT_PUBLIC_SUPABASE_SERVICE_ROLE_KEY',
    'VITE_OPENAI_API_KEY',
    'REACT_APP_SENDGRID_API_KEY',
    'EXPO_PUBLIC_ANTHROPIC_API_KEY',
    'NEXT_PUBLIC_DATABASE_URL',
    'VITE_GITHUB_TOKEN',
    'NEXT_PUBLIC_SESSION_SECRET_TOKEN_KEY',
    'NEXT_PUBLIC_SHOPIFY_STOREFRONT_PRIVATE_TOKEN',
    'STRIPE_SECRET_KEY',
    'ADMIN_PASSWORD',
  ])('%s holds a server secret', (name) => expect(secretEnvName(name)).toBeDefined());
  it.each([
    'NEXT_PUBLIC_SUPABASE_ANON_KEY',
    'NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY',
    'NEXT_PUBLIC_STRIPE_KEY',
    'NEXT_PUBLIC_POSTHOG_KEY',
    'VITE_FIREBASE_API_KEY',
    'NEXT_PUBLIC_MAPBOX_TOKEN',
    'NEXT_PUBLIC_RECAPTCHA_SITE_KEY',
    'NEXT_PUBLIC_PADDLE_CLIENT_TOKEN',
    'NEXT_PUBLIC_APP_URL',
    'AWS_ACCESS_KEY_ID',
    'PASSWORD_MIN_LENGTH',
    'NEXT_PUBLIC_AUTH_TOKEN_KEY',
    'VITE_TOKEN_STORAGE_KEY',
    'NEXT_PUBLIC_REFRESH_TOKEN_COOKIE',
    'NEXT_PUBLIC_SHOPIFY_STOREFRONT_ACCESS_TOKEN',
  ])('%s does not', (name) => expect(secretEnvName(name)).toBeUndefined());

  it('finds the longest exposed prefix', () => {
    expect(exposedPrefix('NEXT_PUBLIC_X')).toBe('NEXT_PUBLIC_');
    expect(exposedPrefix('PUBLIC_X')).toBe('PUBLIC_');
    expect(exposedPrefix('STRIPE_KEY')).toBeUndefined();
  });
});

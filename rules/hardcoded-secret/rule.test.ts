import { code, RuleTester, runRule } from '../../test/rule-tester.js';
import rule from './rule.js';

// Credential-shaped fakes are assembled at run time so no scanner mistakes this file for a leak.
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function random(seed: number, length: number, alphabet = ALNUM): string {
  let state = seed;
  let out = '';
  for (let index = 0; index < length; index++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out += alphabet[(state >>> 16) % alphabet.length];
  }
  return out;
}
const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (payload: object) => `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(payload)}.${random(9, 43)}`;

const stripeLive = ['sk', 'live', `51${random(1, 96)}`].join('_');
const stripePublishable = ['pk', 'live', `51${random(2, 96)}`].join('_');
const awsKeyId = ['AKIA', random(3, 16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')].join('');
const awsSecret = random(4, 40, `${ALNUM}/+`);
const githubToken = ['ghp', random(5, 36)].join('_');
const slackToken = ['xoxb', '645116220977', '3026128587242', random(6, 24)].join('-');
const openAiKey = ['sk', 'proj', `${random(7, 74)}T3BlbkFJ${random(8, 74)}`].join('-');
const sendGridKey = ['SG', random(10, 22), random(11, 43)].join('.');
const geminiKey = ['AIza', random(12, 35)].join('');
const serviceRoleJwt = jwt({ iss: 'supabase', ref: 'abcdefghijklmnopqrst', role: 'service_role', iat: 1712016000 });
const anonJwt = jwt({ iss: 'supabase', ref: 'abcdefghijklmnopqrst', role: 'anon', iat: 1712016000 });
const localDemoServiceRole = jwt({ iss: 'supabase-demo', role: 'service_role', exp: 1983812996 });
const hexSecret = random(13, 64, '0123456789abcdef');
const pemBody = Array.from({ length: 6 }, (_, index) => random(20 + index, 64, `${ALNUM}+/`));
const pemHeader = ['-----BEGIN', 'PRIVATE', 'KEY-----'].join(' ');
const pemFooter = ['-----END', 'PRIVATE', 'KEY-----'].join(' ');
const dbPassword = random(14, 18);

new RuleTester().run(rule, {
  valid: [
    {
      name: 'public by design: Firebase web config, Stripe publishable key, Supabase anon JWT',
      filename: 'src/lib/clients.ts',
      code: code`
        const firebaseConfig = {
          apiKey: '${geminiKey}',
          authDomain: 'demo-app.firebaseapp.com',
          projectId: 'demo-app',
        }
        export const stripePromise = loadStripe('${stripePublishable}')
        const SUPABASE_ANON_KEY =
          '${anonJwt}'
      `,
    },
    {
      name: '.env.example with blanks and placeholders',
      filename: '.env.example',
      code: code`
        # Copy to .env and fill in real values
        DATABASE_URL=postgresql://postgres:postgres@localhost:5432/app_dev
        JWT_SECRET=change-me-to-a-long-random-string
        NEXTAUTH_SECRET=generate-with-openssl-rand-base64-32
        STRIPE_SECRET_KEY=sk_test_your_key_here
        STRIPE_WEBHOOK_SECRET=whsec_...
        OPENAI_API_KEY=<your-openai-api-key>
        AWS_SECRET_ACCESS_KEY=
        GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
        SLACK_BOT_TOKEN=xoxb-your-token-here
        SESSION_SECRET=\${SESSION_SECRET}
      `,
    },
    {
      name: 'environment reads, no literal',
      filename: 'src/lib/stripe.ts',
      code: code`
        import Stripe from 'stripe'
        export const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!, { apiVersion: '2024-06-20' })
        const secret = process.env.JWT_SECRET ?? ''
      `,
    },
    {
      name: 'test fixtures: fake keys and random-looking test secrets',
      filename: 'test/fixtures/credentials.ts',
      code: code`
        export const TEST_JWT_SECRET = '${hexSecret}'
        export const TEST_AWS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }
        export const TEST_WEBHOOK_SECRET = 'whsec_test_secret'
      `,
    },
    {
      name: 'Python keyword arguments read from settings, not literals',
      filename: 'bot/main.py',
      code: code`
        client = Client(
            api_token=self.tokenManager2.get(),
            access_token=os.environ["X_ACCESS_TOKEN"],
            api_secret=settings.outline_service_key.get_secret_value(),
        )
      `,
    },
    {
      name: 'a generated RS256 key pair in a test fixture',
      filename: 'test/fixtures/rsa.ts',
      code: `export const privateKey = \`${[pemHeader, ...pemBody, pemFooter].join('\n')}\`\n`,
    },
    {
      name: 'a mock module outside test folders, marked by its name',
      filename: 'src/mocks/handlers.ts',
      code: code`
        export const mockSession = { sessionToken: '${random(30, 32)}' }
      `,
    },
    {
      name: 'docker-compose with a local development database password',
      filename: 'docker-compose.yml',
      code: code`
        services:
          db:
            image: postgres:16
            environment:
              POSTGRES_PASSWORD: postgres
              DATABASE_URL: postgres://app:devpass@db:5432/app
      `,
    },
    {
      name: 'weak hand-written fallback: not a real-looking secret (weak-token-validation territory)',
      filename: 'src/lib/jwt.ts',
      code: code`
        const JWT_SECRET = process.env.JWT_SECRET || 'supersecret123'
        const COOKIE_SECRET = process.env.COOKIE_SECRET || 'my-super-secret-cookie-key-2024'
      `,
    },
    {
      name: 'names about secrets, not secrets: fields, labels, hashes, headers',
      filename: 'src/auth/constants.ts',
      code: code`
        export const PASSWORD_FIELD = 'password'
        export const API_KEY_HEADER = 'x-api-key'
        export const tokenType = 'Bearer'
        export const passwordHash = '$2b$10$${random(15, 53, `${ALNUM}./`)}'
        export const labels = { password: 'Password', resetToken: 'Reset your password' }
        export const csrfTokenName = '__Host-next-auth.csrf-token'
      `,
    },
    {
      name: 'Supabase CLI local demo keys are published',
      filename: 'supabase/.env.local',
      code: code`
        SUPABASE_SERVICE_ROLE_KEY=${localDemoServiceRole}
      `,
    },
    {
      name: 'templated secrets in CI and connection strings',
      filename: '.github/workflows/deploy.yml',
      code: code`
        env:
          STRIPE_SECRET_KEY: \${{ secrets.STRIPE_SECRET_KEY }}
          DATABASE_URL: postgres://app:\${DB_PASSWORD}@db.example.com:5432/app
      `,
    },
    {
      name: 'legacy literal on an untouched line',
      filename: 'src/lib/mailer.ts',
      baseCode: code`
        import sgMail from '@sendgrid/mail'
        sgMail.setApiKey('${sendGridKey}')
      `,
      code: code`
        import sgMail from '@sendgrid/mail'
        sgMail.setApiKey('${sendGridKey}')
        export const FROM = 'no-reply@example.com'
      `,
    },
    {
      name: 'a public Algolia search key in a docs config',
      filename: 'docusaurus.config.js',
      code: code`
        module.exports = {
          themeConfig: {
            algolia: { appId: 'R2IYF7ETH7', apiKey: '${random(31, 32, '0123456789abcdef')}', indexName: 'docs' },
          },
        }
      `,
    },
    {
      name: 'values that only look random: hashes, nonces, example JWTs, secret names',
      filename: 'src/lib/constants.ts',
      code: code`
        export const sha = '${random(32, 40, '0123456789abcdef')}'
        export const nonce = '${random(33, 32)}'
        export const SECRET_NAME = 'prod/stripe/secret-key'
        export const env = z.object({ JWT_SECRET: z.string().min(32) })
        export const exampleJwt = '${jwt({ sub: '1234567890', name: 'John Doe' })}'
      `,
    },
    {
      name: 'a Google key in browser code (Maps embed) is public by design',
      filename: 'components/Map.tsx',
      code: code`
        'use client'
        const MAPS_KEY = '${geminiKey}'
      `,
    },
  ],
  invalid: [
    {
      name: 'other syntaxes: Dockerfile ENV, Terraform, appsettings.json, .npmrc',
      filename: 'Dockerfile',
      code: code`
        FROM node:20
        ENV SESSION_SECRET=${random(34, 32)}
      `,
      errors: [{ line: 2, messageId: 'namedSecret' }],
    },
    {
      name: 'Terraform password',
      filename: 'infra/main.tf',
      code: code`
        resource "aws_db_instance" "db" {
          password = "${random(35, 16)}"
        }
      `,
      errors: [{ line: 2, messageId: 'namedSecret' }],
    },
    {
      name: 'npm token in .npmrc',
      filename: '.npmrc',
      code: `//registry.npmjs.org/:_authToken=${['npm', random(36, 36)].join('_')}\n`,
      errors: [{ line: 1, messageId: 'provider', message: 'npm access token' }],
    },
    {
      name: 'managed Redis and MongoDB URLs with passwords',
      filename: 'src/lib/db.ts',
      code: code`
        export const redisUrl = 'redis://:${random(37, 16)}@redis-123.cloud.redislabs.com:6379'
        export const mongoUrl = 'mongodb+srv://admin:${random(38, 14)}@cluster0.abcde.mongodb.net/app'
      `,
      errors: [
        { line: 1, messageId: 'databaseUrl' },
        { line: 2, messageId: 'databaseUrl' },
      ],
    },
    {
      name: 'Stripe live key passed to the SDK',
      filename: 'lib/stripe.ts',
      code: code`
        import Stripe from 'stripe'
        export const stripe = new Stripe('${stripeLive}', { apiVersion: '2024-06-20' })
      `,
      errors: [{ line: 2, messageId: 'provider', severity: 'critical', message: `Stripe live secret key \`sk_l…(${stripeLive.length} chars)\`` }],
    },
    {
      name: 'AWS key id and secret: one finding for the pair',
      filename: 'src/lib/s3.ts',
      code: code`
        export const s3 = new S3Client({
          credentials: {
            accessKeyId: '${awsKeyId}',
            secretAccessKey: '${awsSecret}',
          },
        })
      `,
      errors: [{ line: 3, messageId: 'provider', message: 'AWS access key pair' }],
    },
    {
      name: 'GitHub token in a script',
      filename: 'scripts/sync.ts',
      code: code`
        const octokit = new Octokit({ auth: '${githubToken}' })
      `,
      errors: [{ line: 1, messageId: 'provider', message: 'GitHub token' }],
    },
    {
      name: 'Slack token replacing an env read',
      filename: 'src/workers/notify.ts',
      baseCode: code`
        const slack = new WebClient(process.env.SLACK_BOT_TOKEN)
      `,
      code: code`
        const slack = new WebClient('${slackToken}')
      `,
      errors: [{ line: 1, message: 'Slack token' }],
    },
    {
      name: 'any text file: an OpenAI key in a Python settings module',
      filename: 'worker/settings.py',
      code: code`
        DEBUG = False
        OPENAI_API_KEY = "${openAiKey}"
      `,
      errors: [{ line: 2, message: 'OpenAI API key' }],
    },
    {
      name: 'SendGrid key on a changed line of an existing file',
      filename: 'src/lib/mailer.ts',
      baseCode: code`
        import sgMail from '@sendgrid/mail'
        sgMail.setApiKey(process.env.SENDGRID_API_KEY!)
      `,
      code: code`
        import sgMail from '@sendgrid/mail'
        sgMail.setApiKey('${sendGridKey}')
      `,
      errors: [{ line: 2, message: 'SendGrid API key' }],
    },
    {
      name: 'a PEM private key file',
      filename: 'certs/signing.pem',
      code: [pemHeader, ...pemBody, pemFooter, ''].join('\n'),
      errors: [{ line: 1, messageId: 'privateKey' }],
    },
    {
      name: 'a service-account JSON: reported once, on the private key',
      filename: 'firebase/serviceAccountKey.json',
      code: code`
        {
          "type": "service_account",
          "project_id": "demo-prod",
          "private_key_id": "${random(16, 40, '0123456789abcdef')}",
          "private_key": "${pemHeader}\\n${pemBody.join('\\n')}\\n${pemFooter}\\n",
          "client_email": "firebase-adminsdk@demo-prod.iam.gserviceaccount.com",
          "client_id": "103578624467094749249"
        }
      `,
      errors: [{ line: 5, messageId: 'privateKey', message: 'Google service-account private key' }],
    },
    {
      name: 'committed .env: service_role JWT, remote database password, webhook secret, random session secret',
      filename: '.env',
      code: code`
        NEXT_PUBLIC_SUPABASE_ANON_KEY=${anonJwt}
        SUPABASE_SERVICE_ROLE_KEY=${serviceRoleJwt}
        DATABASE_URL=postgresql://postgres.abcdefghij:${dbPassword}@aws-0-us-east-1.pooler.supabase.com:6543/postgres
        STRIPE_WEBHOOK_SECRET=whsec_${random(17, 32)}
        SESSION_SECRET=${random(18, 48)}
        NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY=${stripePublishable}
      `,
      errors: [
        { line: 2, messageId: 'serviceRoleJwt' },
        { line: 3, messageId: 'databaseUrl', message: `password \`${dbPassword.slice(0, 4)}…(18 chars)\`` },
        { line: 4, messageId: 'provider', message: 'Stripe webhook signing secret' },
        { line: 5, messageId: 'namedSecret' },
      ],
    },
    {
      name: 'a real-looking fallback for an unset variable',
      filename: 'src/lib/jwt.ts',
      code: code`
        const JWT_SECRET = process.env.JWT_SECRET || '${hexSecret}'
      `,
      errors: [{ line: 1, messageId: 'fallbackSecret', severity: 'high' }],
    },
    {
      name: 'defaults of env getters and schemas',
      filename: 'src/env.ts',
      code: code`
        export const env = createEnv({
          server: { JWT_SECRET: z.string().default('${random(40, 40)}') },
        })
        const signing = config.get('auth.signingKey', '${random(41, 40)}')
      `,
      errors: [
        { line: 2, messageId: 'fallbackSecret' },
        { line: 4, messageId: 'fallbackSecret' },
      ],
    },
    {
      name: 'Django settings with a generated default',
      filename: 'app/settings.py',
      code: code`
        SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "${random(42, 50)}")
      `,
      errors: [{ line: 1, messageId: 'fallbackSecret' }],
    },
    {
      name: 'a header compared with a literal key',
      filename: 'src/middleware/api-key.ts',
      code: code`
        export function requireKey(req, res, next) {
          if (req.headers['x-api-key'] !== '${random(19, 40)}') return res.status(401).end()
          next()
        }
      `,
      errors: [{ line: 2, messageId: 'namedSecret' }],
    },
    {
      name: 'a Gemini key in server code',
      filename: 'src/server/ai.ts',
      code: code`
        const genAI = new GoogleGenerativeAI('${geminiKey}')
      `,
      errors: [{ line: 1, messageId: 'provider', severity: 'medium', message: 'Google API key' }],
    },
  ],
});

describe('hardcoded-secret never prints a secret', () => {
  it('masks every message and flow note', async () => {
    const result = await runRule(rule, {
      filename: '.env.production',
      code: `STRIPE_SECRET_KEY=${stripeLive}\nJWT_SECRET=${hexSecret}\nSUPABASE_SERVICE_ROLE_KEY=${serviceRoleJwt}\n`,
    });
    expect(result.findings).toHaveLength(3);
    const printed = JSON.stringify(result.findings);
    for (const secret of [stripeLive, hexSecret, serviceRoleJwt, stripeLive.slice(0, 12), hexSecret.slice(0, 8)]) {
      expect(printed).not.toContain(secret);
    }
  });
});

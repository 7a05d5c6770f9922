// A committed secret is reported but never printed: not in text, JSON, SARIF or markdown, not in any flow step.
import { createHash } from 'node:crypto';
import { TempRepo } from '../helpers/git-repo.js';
import { cli } from './run-cli.js';

// Built at run time from hashes so they look like real credentials and no scanner flags this file.
const random = (seed: string, length: number, alphabet = 'base64url') =>
  createHash('sha512').update(seed).digest(alphabet as 'base64url').replace(/[-_]/g, 'x').slice(0, length);
const SECRETS = {
  stripe: `${'sk_' + 'live_'}${random('stripe', 48)}`,
  github: `${'gh' + 'p_'}${random('github', 36)}`,
  awsSecret: random('aws-secret', 40),
  dbPassword: random('db-password', 24),
  publicSecret: `${'sk_' + 'live_'}${random('public-env', 40)}`,
};

describe('secrets in reports', () => {
  let repo: TempRepo;
  let base: string;

  beforeAll(() => {
    repo = new TempRepo();
    base = repo.write({ 'README.md': '# app\n' }).commit('base');
    repo
      .write({
        'lib/stripe.ts': `import Stripe from 'stripe';\nexport const stripe = new Stripe('${SECRETS.stripe}');\n`,
        'scripts/deploy.py': `GITHUB_TOKEN = "${SECRETS.github}"\n`,
        'config/aws.ts': `export const aws = {\n  accessKeyId: "${['AKIA', 'QX7RZ4WB2HNE5KTY'].join('')}",\n  secretAccessKey: "${SECRETS.awsSecret}",\n};\n`,
        '.env.production': `DATABASE_URL=postgres://app:${SECRETS.dbPassword}@db.internal:5432/app\nNEXT_PUBLIC_STRIPE_SECRET_KEY=${SECRETS.publicSecret}\n`,
      })
      .commit('secrets');
  });
  afterAll(() => repo.cleanup());

  it.each(['text', 'json', 'sarif', 'markdown'])('%s shows where each secret is, masked', async (format) => {
    const { code, stdout } = await cli(['review', '--repo', repo.dir, '--base', base, '--format', format]);
    expect(code).toBe(1);
    for (const path of ['lib/stripe.ts', 'scripts/deploy.py', 'config/aws.ts', '.env.production']) expect(stdout).toContain(path);
    for (const secret of Object.values(SECRETS)) {
      expect(stdout).not.toContain(secret);
      // Not even the part after the 4 characters the mask shows.
      expect(stdout).not.toContain(secret.slice(4, 16));
    }
  });
});

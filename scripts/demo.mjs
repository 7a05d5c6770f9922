// Builds a small example repository with one risky pull request in a temporary folder and reviews it with
// the built CLI, so a newcomer sees a first review right after install. Usage: npm run demo [-- --format json]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const repo = mkdtempSync(join(tmpdir(), 'prodrisk-demo-'));
const git = (...args) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' }).trim();
const write = (files) => {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), text);
  }
};

git('init', '-q', '-b', 'main');
git('config', 'user.email', 'demo@example.com');
git('config', 'user.name', 'Demo');

write({
  'package.json': JSON.stringify({ name: 'demo-app', dependencies: { next: '15.0.0', '@prisma/client': '6.0.0' } }, null, 2) + '\n',
  'lib/auth.ts': "export { auth } from './next-auth';\n",
  'lib/db.ts': "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();\n",
  'app/api/invoices/route.ts': `import { auth } from '@/lib/auth';
import { prisma } from '@/lib/db';

export async function GET() {
  const session = await auth();
  if (!session) return new Response('Unauthorized', { status: 401 });
  const invoices = await prisma.invoice.findMany({ where: { userId: session.user.id } });
  return Response.json(invoices);
}
`,
});
git('add', '-A');
git('commit', '-q', '-m', 'Invoices API');

// The pull request: an assistant "fixed" a 401 and added an export, a key and a migration.
write({
  'app/api/invoices/route.ts': `import { prisma } from '@/lib/db';

export async function GET(request: Request) {
  const { searchParams } = new URL(request.url);
  const userId = searchParams.get('userId');
  const invoices = await prisma.invoice.findMany({ where: { userId: userId! } });
  return Response.json(invoices);
}
`,
  'lib/stripe.ts': `import Stripe from 'stripe';
export const stripe = new Stripe('${'sk_' + 'live_'}51Hc9dQeZvKYlo2C7x8TfWq3PzR4mN6bV1sA2dF5gH8jK0lL');
`,
  'supabase/migrations/20260101000000_profiles.sql': `create table public.profiles (id uuid primary key, user_id uuid not null, bio text);
alter table public.profiles disable row level security;
`,
});
git('checkout', '-q', '-b', 'pr');
git('add', '-A');
git('commit', '-q', '-m', 'Fix invoices 401, add Stripe and profiles');

console.error(`Example repository: ${repo} (branch pr against main)\n`);
const result = spawnSync(process.execPath, [join(root, 'dist/cli.js'), 'review', '--repo', repo, '--base', 'main', '--head', 'pr', ...process.argv.slice(2)], { stdio: 'inherit' });
console.error(`\nprodrisk exited ${result.status} (1 = findings at or above failOn, which blocks the merge as a required check).`);

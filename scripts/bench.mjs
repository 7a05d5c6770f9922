// `npm run bench`: review time on generated pull requests (run after a build). Prints a table; asserts nothing.
import { performance } from 'node:perf_hooks';
import { MemorySource } from '../dist/src/core/memory-source.js';
import { validateConfig } from '../dist/src/core/config.js';
import { review } from '../dist/src/review.js';

const config = validateConfig({});

function handler(index) {
  return `import { prisma } from '@/lib/db';
import { auth } from '@/lib/auth';

export async function GET(request: Request) {
  const session = await auth();
  if (!session) return new Response('Unauthorized', { status: 401 });
  const { searchParams } = new URL(request.url);
  const page = Number(searchParams.get('page') ?? '0');
  const rows = await prisma.item${index}.findMany({ where: { ownerId: session.user.id }, skip: page * 20, take: 20 });
  return Response.json(rows.map((row) => ({ id: row.id, name: row.name })));
}

export async function POST(request: Request) {
  const session = await auth();
  if (!session) return new Response('Unauthorized', { status: 401 });
  const body = await request.json();
  const created = await prisma.item${index}.create({ data: { name: String(body.name), ownerId: session.user.id } });
  return Response.json(created, { status: 201 });
}
`;
}

function component(index) {
  return `'use client';
import { useState } from 'react';

export function Widget${index}({ title }: { title: string }) {
  const [open, setOpen] = useState(false);
  return <section><h2>{title}</h2><button onClick={() => setOpen(!open)}>{open ? 'Hide' : 'Show'}</button></section>;
}
`;
}

function migration(index) {
  return `create table public.items_${index} (id uuid primary key default gen_random_uuid(), owner_id uuid not null references auth.users, name text not null);
alter table public.items_${index} enable row level security;
create policy "owners read" on public.items_${index} for select using (auth.uid() = owner_id);
create policy "owners write" on public.items_${index} for insert with check (auth.uid() = owner_id);
`;
}

function pullRequest(files) {
  const head = {};
  for (let index = 0; index < files; index++) {
    const kind = index % 3;
    if (kind === 0) head[`app/api/items${index}/route.ts`] = handler(index);
    else if (kind === 1) head[`components/Widget${index}.tsx`] = component(index);
    else head[`supabase/migrations/2026010100${String(index).padStart(4, '0')}_items.sql`] = migration(index);
  }
  return head;
}

async function time(label, base, head) {
  const started = performance.now();
  const result = await review(new MemorySource(base, head), config);
  const ms = performance.now() - started;
  console.log(`${label.padEnd(44)} ${String(Math.round(ms)).padStart(7)} ms  ${String(result.findings.length).padStart(4)} findings  ${result.stats.skipped.length} skipped  ${result.stats.errors.length} errors`);
}

console.log(`${'pull request'.padEnd(44)} ${'time'.padStart(10)}`);
await time('warm-up (1 file)', {}, pullRequest(1));
for (const files of [10, 100, 300]) await time(`${files} new files (routes, components, SQL)`, {}, pullRequest(files));
const bundle = `!function(){${'var a=1;'.repeat(1_300_000)}}();`;
await time('a 10 MB minified bundle', {}, { 'public/bundle.js': bundle });
const longFile = Array.from({ length: 200 }, (_, index) => handler(index)).join('\n').replace(/^import .*$/gm, '');
await time('one 4,000-line route file', {}, { 'app/api/big/route.ts': longFile });

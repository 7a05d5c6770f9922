// `npm run bench`: review time on generated pull requests (run after a build). Prints tables; asserts nothing.
// Figures: wall time per pull request (in memory, and through git as the CLI reads it), then where the time of the
// largest one goes, per rule, with shared parsing (ts-morph) counted apart from the rule that first asked for it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { allRules } from '../dist/rules/index.js';
import { GitSource } from '../dist/src/cli/git-source.js';
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

/** The same files after an edit that touches every handler: the base → head diff the removed-auth rules compare. */
function edited(tree) {
  const head = {};
  for (const [path, text] of Object.entries(tree)) {
    head[path] = text.replace('skip: page * 20, take: 20', 'skip: page * 50, take: 50').replace("{open ? 'Hide' : 'Show'}", "{open ? 'Close' : 'Open'}");
  }
  return head;
}

/** Rules wrapped to add up their own time; parsing through the context is timed apart. */
function timedRules(times) {
  const add = (key, ms) => times.set(key, (times.get(key) ?? 0) + ms);
  const timedParse = (fn) => (...args) => {
    const started = performance.now();
    const parsed = fn(...args);
    if (parsed instanceof Promise) return parsed.finally(() => add('(parsing, shared)', performance.now() - started) + (parseTime.ms += performance.now() - started));
    const ms = performance.now() - started;
    add('(parsing, shared)', ms);
    parseTime.ms += ms;
    return parsed;
  };
  const parseTime = { ms: 0 };
  return allRules.map((rule) => ({
    ...rule,
    check: async (context) => {
      const wrapped = new Proxy(context, {
        get: (target, key) => (key === 'sourceFile' || key === 'parseFile' ? timedParse(target[key].bind(target)) : target[key]),
      });
      parseTime.ms = 0;
      const started = performance.now();
      try {
        await rule.check(wrapped);
      } finally {
        add(rule.meta.id, performance.now() - started - parseTime.ms);
      }
    },
  }));
}

const rows = [];
async function time(label, source, files, options = {}) {
  const started = performance.now();
  const result = await review(source, config, options);
  const ms = performance.now() - started;
  rows.push([label, files, ms, result]);
  const perFile = files > 0 ? `${(ms / files).toFixed(1).padStart(6)} ms/file` : ''.padStart(14);
  console.log(
    `${label.padEnd(46)} ${String(Math.round(ms)).padStart(7)} ms ${perFile}  ${String(result.findings.length).padStart(3)} findings  ${result.stats.skipped.length} skipped  ${result.stats.errors.length} errors`,
  );
  return result;
}

function gitRepo(base, head) {
  const dir = mkdtempSync(join(tmpdir(), 'prodrisk-bench-'));
  const git = (...args) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 }).trim();
  const commit = (tree, message) => {
    for (const [path, text] of Object.entries(tree)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    git('add', '-A');
    git('-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '-q', '--allow-empty', '-m', message);
    return git('rev-parse', 'HEAD');
  };
  git('init', '-q');
  return { dir, baseSha: commit(base, 'base'), headSha: commit(head, 'head') };
}

console.log(`node ${process.version}, ${allRules.length} rules\n`);
console.log(`${'pull request'.padEnd(46)} ${'time'.padStart(10)}`);
await time('warm-up (1 new file)', new MemorySource({}, pullRequest(1)), 1);
for (const files of [10, 100, 300, 1000]) await time(`${files} new files (routes, components, SQL)`, new MemorySource({}, pullRequest(files)), files);
const existing = pullRequest(300);
await time('300 modified files (base and head compared)', new MemorySource(existing, edited(existing)), 300);
const bundle = `!function(){${'var a=1;'.repeat(1_300_000)}}();`;
const skipped = await time(`a ${(bundle.length / 1e6).toFixed(1)} MB minified bundle`, new MemorySource({}, { 'public/bundle.js': bundle }), 1);
const smallBundle = `!function(){${'var a=1;'.repeat(120_000)}}();`;
const minified = await time(`a ${(smallBundle.length / 1e6).toFixed(1)} MB minified bundle (under the size limit)`, new MemorySource({}, { 'public/vendor.js': smallBundle }), 1);
const longFile = Array.from({ length: 200 }, (_, index) => handler(index)).join('\n').replace(/^import .*$/gm, '');
await time(`one ${longFile.split('\n').length.toLocaleString('en')}-line route file`, new MemorySource({}, { 'app/api/big/route.ts': longFile }), 1);

const repo = gitRepo(existing, { ...edited(existing), 'public/bundle.js': bundle });
try {
  const source = new GitSource(repo.dir, repo.baseSha, repo.headSha);
  await time('through git: 300 modified files + the bundle', source, 301);
  source.close();
} finally {
  rmSync(repo.dir, { recursive: true, force: true });
}
console.log(`\nthe bundles: ${[...skipped.stats.skipped, ...minified.stats.skipped].map((file) => `${file.path} skipped (${file.reason}${file.detail ? `: ${file.detail}` : ''})`).join(', ')}`);

const times = new Map();
const big = pullRequest(1000);
const started = performance.now();
await review(new MemorySource(big, edited(big)), config, { rules: timedRules(times) });
const total = performance.now() - started;
console.log(`\nwhere the time goes: 1000 modified files, ${Math.round(total)} ms in all`);
for (const [key, ms] of [...times].sort((a, b) => b[1] - a[1])) {
  console.log(`  ${key.padEnd(28)} ${String(Math.round(ms)).padStart(6)} ms  ${String(Math.round((100 * ms) / total)).padStart(3)}%`);
}
const accounted = [...times.values()].reduce((sum, ms) => sum + ms, 0);
console.log(`  ${'(diff, classify, engine)'.padEnd(28)} ${String(Math.round(total - accounted)).padStart(6)} ms  ${String(Math.round((100 * (total - accounted)) / total)).padStart(3)}%`);

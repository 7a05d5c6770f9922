import { code, runRule, RuleTester } from '../../test/rule-tester.js';
import rule from './rule.js';

const supabase = { 'supabase/config.toml': 'project_id = "app"\n' };
const M = 'supabase/migrations';
const profiles = {
  ...supabase,
  [`${M}/20240101000000_profiles.sql`]: code`
    create table public.profiles (
      id uuid primary key references auth.users(id) on delete cascade,
      email text not null,
      full_name text
    );
    alter table public.profiles enable row level security;
    create policy "Own profile" on public.profiles for select to authenticated using (auth.uid() = id);
  `,
};
const notes = {
  ...supabase,
  [`${M}/20240102000000_notes.sql`]: code`
    create table public.notes (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references auth.users(id),
      body text not null
    );
    alter table public.notes enable row level security;
    create policy "Own notes" on public.notes for all to authenticated using (user_id = (select auth.uid()));
  `,
};
const adminModule = {
  'lib/supabase/admin.ts': code`
    import { createClient } from '@supabase/supabase-js'
    export const supabaseAdmin = createClient(process.env.NEXT_PUBLIC_SUPABASE_URL!, process.env.SUPABASE_SERVICE_ROLE_KEY!)
  `,
};
// A fake JWT whose payload says role=service_role (signature is junk): the rule decodes the claim.
const serviceJwt = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ iss: 'supabase', role: 'service_role' })).toString('base64url')}.c2lnbmF0dXJlLWlzLWZha2U`;
const anonJwt = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ iss: 'supabase', role: 'anon' })).toString('base64url')}.c2lnbmF0dXJlLWlzLWZha2U`;

new RuleTester().run(rule, {
  valid: [
    {
      name: 'RLS enabled in a later migration of the same PR',
      filename: `${M}/20240601000000_orders.sql`,
      code: 'create table public.orders (id uuid primary key, user_id uuid not null references auth.users(id));\n',
      files: { ...supabase, [`${M}/20240601000001_orders_rls.sql`]: 'alter table public.orders enable row level security;\ncreate policy "own" on public.orders for select to authenticated using (user_id = auth.uid());\n' },
      baseFiles: supabase,
    },
    {
      name: 'policy on a table whose RLS is already enabled in the repo',
      filename: `${M}/20240601000000_notes_update.sql`,
      code: 'create policy "Own notes update" on public.notes for update to authenticated using (auth.uid() = user_id) with check (auth.uid() = user_id);\n',
      files: notes,
    },
    {
      name: 'public read-only reference table with a deliberate USING (true) on select',
      filename: `${M}/20240601000000_plans.sql`,
      code: code`
        create table public.plans (id text primary key, name text not null, price_cents integer not null);
        alter table public.plans enable row level security;
        create policy "Anyone can read plans" on public.plans for select to anon, authenticated using (true);
      `,
      files: supabase,
    },
    {
      name: 'the Supabase starter: public profiles with no private column',
      filename: `${M}/20240601000000_public_profiles.sql`,
      code: code`
        create table public.profiles (id uuid primary key references auth.users(id), username text, avatar_url text);
        alter table public.profiles enable row level security;
        create policy "Public profiles are viewable by everyone." on public.profiles for select using (true);
        create policy "Users can update own profile." on public.profiles for update using ((select auth.uid()) = id);
      `,
      files: supabase,
    },
    {
      name: 'a migration outside the usual folders still counts its own ENABLE',
      filename: 'examples/chat/db/schema.sql',
      code: 'create table public.rooms (id bigint primary key, owner_id uuid references auth.users(id));\nalter table public.rooms enable row level security;\ncreate policy "own" on public.rooms for all to authenticated using (owner_id = auth.uid());\n',
      files: supabase,
    },
    {
      name: 'any signed-in user may file a support ticket (no owner column to spoof)',
      filename: `${M}/20240601000000_tickets.sql`,
      code: 'create table public.tickets (id bigint primary key, subject text);\nalter table public.tickets enable row level security;\ncreate policy "Signed in can file" on public.tickets for insert to authenticated with check (auth.uid() is not null);\n',
      files: supabase,
    },
    {
      name: 'RLS enabled on every public table by a loop of dynamic SQL',
      filename: `${M}/20240601000000_widgets.sql`,
      code: 'create table public.widgets (id int primary key, owner_id uuid references auth.users(id));\n',
      files: {
        ...supabase,
        [`${M}/20240101000000_auto_rls.sql`]: code`
          do $$
          declare t record;
          begin
            for t in select tablename from pg_tables where schemaname = 'public' loop
              execute format('alter table public.%I enable row level security', t.tablename);
            end loop;
          end $$;
        `,
      },
    },
    {
      name: 'blog posts published on purpose',
      filename: `${M}/20240601000000_posts.sql`,
      code: code`
        create table public.posts (id bigint primary key, author_id uuid not null references auth.users(id), title text, content text);
        alter table public.posts enable row level security;
        create policy "Enable read access for all users" on public.posts for select using (true);
        create policy "Authors write their posts" on public.posts for all to authenticated using (author_id = auth.uid()) with check (author_id = auth.uid());
      `,
      files: supabase,
    },
    {
      name: 'plain Postgres (Prisma, no data API): tables without RLS are fine',
      filename: 'prisma/migrations/20240601000000_init/migration.sql',
      code: 'CREATE TABLE "Invoice" ("id" TEXT NOT NULL, "userId" TEXT NOT NULL, CONSTRAINT "Invoice_pkey" PRIMARY KEY ("id"));\n',
      files: { 'package.json': '{"dependencies":{"@prisma/client":"5.0.0"}}' },
    },
    {
      name: 'plain Postgres whose comments happen to say "authenticated"',
      filename: 'migrations/003_sessions.sql',
      code: 'create table sessions (\n  id text primary key, -- one row per authenticated user session\n  user_id int not null\n);\n',
      files: { 'package.json': '{"dependencies":{"pg":"8.0.0"}}' },
    },
    {
      name: 'revoking writes and fixing a gap',
      filename: `${M}/20240601000000_lockdown.sql`,
      code: 'revoke insert, update, delete on table public.profiles from anon, authenticated;\ngrant select on table public.profiles to authenticated;\n',
      files: profiles,
    },
    {
      name: 'a `supabase db dump` migration: pg_dump preamble and the default grants on an RLS table',
      filename: `${M}/20240601000000_remote_schema.sql`,
      code: code`
        SET statement_timeout = 0;
        SET lock_timeout = 0;
        SET client_encoding = 'UTF8';
        SET standard_conforming_strings = on;
        SELECT pg_catalog.set_config('search_path', '', false);
        SET row_security = off;
        CREATE TABLE IF NOT EXISTS "public"."todos" ("id" bigint NOT NULL, "user_id" "uuid" NOT NULL, "task" "text");
        ALTER TABLE "public"."todos" ENABLE ROW LEVEL SECURITY;
        CREATE POLICY "Own todos" ON "public"."todos" TO "authenticated" USING (("auth"."uid"() = "user_id"));
        GRANT ALL ON TABLE "public"."todos" TO "anon";
        GRANT ALL ON TABLE "public"."todos" TO "authenticated";
      `,
      files: supabase,
    },
    {
      name: 'SECURITY DEFINER trigger function with a fixed search_path',
      filename: `${M}/20240601000000_new_user.sql`,
      code: code`
        create function public.handle_new_user() returns trigger language plpgsql security definer set search_path = '' as $$
        begin
          insert into public.profiles (id, email) values (new.id, new.email);
          return new;
        end;
        $$;
      `,
      files: profiles,
    },
    {
      name: 'SECURITY DEFINER boolean helper used by policies',
      filename: `${M}/20240601000000_helpers.sql`,
      code: "create function public.owns_note(p_note uuid, p_user uuid) returns boolean\nlanguage sql stable security definer set search_path = '' as $$\n  select exists (select 1 from public.notes where id = p_note and user_id = p_user)\n$$;\n",
      files: notes,
    },
    {
      name: 'SECURITY DEFINER lookup of one shared note by the share code the caller holds',
      filename: `${M}/20240601000000_share_lookup.sql`,
      code: "create function public.note_by_share_code(p_code text) returns json\nlanguage plpgsql security definer set search_path = '' as $$\nbegin\n  return (select json_build_object('title', n.title) from public.notes n where n.share_code = p_code limit 1);\nend;\n$$;\n",
      files: notes,
    },
    {
      name: 'view with security_invoker',
      filename: `${M}/20240601000000_view.sql`,
      code: 'create view public.my_notes with (security_invoker = true) as select id, body from public.notes;\n',
      files: notes,
    },
    {
      name: 'anon key in a "use client" module',
      filename: 'components/Feed.tsx',
      code: code`
        'use client'
        import { createBrowserClient } from '@supabase/ssr'
        const supabase = createBrowserClient(process.env.NEXT_PUBLIC_SUPABASE_URL!, process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY!)
        const literal = '${anonJwt}'
        export const other = createBrowserClient('https://x.supabase.co', literal)
      `,
    },
    {
      name: 'service role in a server-only module and a route handler',
      filename: 'app/api/webhooks/stripe/route.ts',
      code: code`
        import { supabaseAdmin } from '@/lib/supabase/admin'
        export async function POST(req: Request) {
          const event = JSON.parse(await req.text())
          await supabaseAdmin.from('subscriptions').upsert({ id: event.id, status: event.status })
          return new Response('ok')
        }
      `,
      files: adminModule,
    },
    {
      name: 'browser code importing the anon client from a module that also builds a server-side admin client',
      filename: 'components/Feed.tsx',
      code: "'use client'\nimport { supabase } from '@/lib/supabase'\nexport const Feed = () => null\n",
      files: {
        'lib/supabase.ts': code`
          import { createClient } from '@supabase/supabase-js'
          export const supabase = createClient(process.env.NEXT_PUBLIC_SUPABASE_URL!, process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY!)
          export const supabaseAdmin = createClient(process.env.NEXT_PUBLIC_SUPABASE_URL!, process.env.SUPABASE_SERVICE_ROLE_KEY!)
        `,
      },
    },
    {
      name: 'changed admin module marked server-only',
      filename: 'lib/supabase/admin.ts',
      code: "import 'server-only'\nimport { createClient } from '@supabase/supabase-js'\nexport const supabaseAdmin = createClient(process.env.NEXT_PUBLIC_SUPABASE_URL!, process.env.SUPABASE_SERVICE_ROLE_KEY!)\n",
      files: { 'components/Team.tsx': "'use client'\nimport { supabaseAdmin } from '../lib/supabase/admin'\nexport const Team = () => null\n" },
    },
    {
      name: 'legacy table without RLS: the change only adds a column',
      filename: 'supabase/schemas/legacy.sql',
      code: 'create table public.legacy (\n  id int primary key,\n  name text,\n  note text\n);\n',
      baseCode: 'create table public.legacy (\n  id int primary key,\n  name text\n);\n',
      files: supabase,
    },
    {
      name: 'dbt model with Jinja is a template, not SQL',
      filename: 'models/orders.sql',
      code: "select * from {{ ref('stg_orders') }} where status = 'paid'\n",
      files: supabase,
    },
    {
      name: 'app-router server component page using the admin client',
      filename: 'app/admin/users/page.tsx',
      code: code`
        import { supabaseAdmin } from '@/lib/supabase/admin'
        export default async function Page() {
          const { data } = await supabaseAdmin.from('profiles').select('id, email')
          return <ul>{data?.map((p) => <li key={p.id}>{p.email}</li>)}</ul>
        }
      `,
      files: adminModule,
    },
    {
      name: 'pages-router page using the admin client only in getServerSideProps',
      filename: 'pages/admin.tsx',
      code: code`
        import { supabaseAdmin } from '../lib/supabase/admin'
        export async function getServerSideProps() {
          const { data } = await supabaseAdmin.from('profiles').select('id')
          return { props: { count: data?.length ?? 0 } }
        }
        export default function Admin({ count }: { count: number }) { return <p>{count}</p> }
      `,
      files: adminModule,
    },
    {
      name: 'handler using the caller id from auth, not from the request',
      filename: 'app/api/profile/route.ts',
      code: code`
        import { supabaseAdmin } from '@/lib/supabase/admin'
        import { createClient } from '@/lib/supabase/server'
        export async function PATCH(request: Request) {
          const { data: { user } } = await createClient().auth.getUser()
          const { fullName } = await request.json()
          await supabaseAdmin.from('profiles').update({ full_name: fullName }).eq('id', user!.id)
          return Response.json({ ok: true })
        }
      `,
      files: { ...adminModule, 'lib/supabase/server.ts': 'export function createClient() { return {} as any }\n' },
    },
    {
      name: 'Firestore rules scoped to the owner',
      filename: 'firestore.rules',
      code: code`
        rules_version = '2';
        service cloud.firestore {
          match /databases/{database}/documents {
            match /users/{userId} {
              allow read, write: if request.auth != null && request.auth.uid == userId;
            }
            match /plans/{planId} {
              allow read: if true;
            }
            match /posts/{postId} {
              allow read: if true;
              allow create: if request.auth != null;
              allow update, delete: if request.auth.uid == resource.data.authorId;
            }
          }
        }
      `,
    },
  ],
  invalid: [
    {
      name: 'DISABLE ROW LEVEL SECURITY',
      filename: `${M}/20240601000000_fix_insert.sql`,
      code: '-- new row violates row-level security policy\nalter table public.profiles disable row level security;\n',
      files: profiles,
      errors: [{ line: 2, messageId: 'rlsDisabled', severity: 'critical' }],
    },
    {
      name: 'table created and RLS turned off in one migration: one finding, on the DISABLE',
      filename: `${M}/20240601000000_profiles.sql`,
      code: 'create table public.accounts (id uuid primary key, user_id uuid not null, bio text);\nalter table public.accounts disable row level security;\n',
      errors: [{ line: 2, messageId: 'rlsDisabled', severity: 'critical' }],
    },
    {
      name: 'NO FORCE ROW LEVEL SECURITY',
      filename: `${M}/20240601000000_no_force.sql`,
      code: 'alter table public.profiles no force row level security;\n',
      files: profiles,
      errors: [{ line: 1, messageId: 'rlsNotForced' }],
    },
    {
      name: 'table in the exposed schema without RLS anywhere, and a grant to anon',
      filename: `${M}/20240601000000_api_keys.sql`,
      code: code`
        create table if not exists api_keys (
          id uuid primary key,
          user_id uuid not null references auth.users(id),
          key_hash text not null
        );

        grant all on table public.api_keys to anon, authenticated;
      `,
      files: supabase,
      errors: [
        { line: 1, messageId: 'tableWithoutRls', severity: 'critical' },
        { line: 7, messageId: 'grantToAnon', severity: 'high' },
      ],
    },
    {
      name: 'table in a configured exposed schema',
      filename: 'db/migrations/001_api.sql',
      code: 'create table api.orders (id int primary key, status text);\n',
      files: { 'package.json': '{"dependencies":{"@supabase/supabase-js":"2.0.0"}}' },
      config: { exposedSchemas: ['api'] },
      errors: [{ line: 1, messageId: 'tableWithoutRls', severity: 'high' }],
    },
    {
      name: 'table in a schema that supabase/config.toml exposes',
      filename: `${M}/20240601000000_api.sql`,
      code: 'create table api.invoices (id int primary key, customer_id uuid, amount_cents int);\n',
      files: { 'supabase/config.toml': '[api]\nenabled = true\nschemas = ["public", "api"]\n\n[db]\nport = 54322\n' },
      errors: [{ line: 1, messageId: 'tableWithoutRls', severity: 'critical' }],
    },
    {
      name: 'the change deletes the ENABLE ROW LEVEL SECURITY of a table',
      filename: `${M}/20240601000000_orders.sql`,
      code: 'create table public.orders (id int primary key, user_id uuid);\n\ncreate index on public.orders (user_id);\n',
      baseCode: 'create table public.orders (id int primary key, user_id uuid);\nalter table public.orders enable row level security;\ncreate index on public.orders (user_id);\n',
      files: supabase,
      errors: [{ line: 2, messageId: 'rlsEnableRemoved' }],
    },
    {
      name: 'a declarative schema edit that loosens the USING line of an existing policy',
      filename: 'supabase/schemas/notes.sql',
      code: code`
        create table public.notes (id uuid primary key, user_id uuid not null references auth.users(id), body text);
        alter table public.notes enable row level security;
        create policy "Read notes"
          on public.notes for select
          to authenticated
          using (true);
      `,
      baseCode: code`
        create table public.notes (id uuid primary key, user_id uuid not null references auth.users(id), body text);
        alter table public.notes enable row level security;
        create policy "Read notes"
          on public.notes for select
          to authenticated
          using (user_id = auth.uid());
      `,
      files: supabase,
      errors: [{ line: 3, messageId: 'permissiveRead' }],
    },
    {
      name: 'drizzle-kit output wrapped in DO blocks still counts',
      filename: `${M}/0004_disable.sql`,
      code: 'DO $$ BEGIN\n  ALTER TABLE "profiles" DISABLE ROW LEVEL SECURITY;\nEXCEPTION WHEN others THEN null;\nEND $$;\n',
      files: profiles,
      errors: [{ line: 2, messageId: 'rlsDisabled' }],
    },
    {
      name: 'RLS enabled with no policy at all',
      filename: `${M}/20240601000000_audit.sql`,
      code: 'create table public.audit (id bigint primary key, action text);\nalter table public.audit enable row level security;\n',
      files: supabase,
      errors: [{ line: 2, messageId: 'rlsWithoutPolicy', severity: 'low' }],
    },
    {
      name: 'policy on a table whose RLS is off',
      filename: `${M}/20240601000000_policy.sql`,
      code: 'create policy "own" on public.tasks for select to authenticated using (user_id = auth.uid());\n',
      files: { ...supabase, [`${M}/20240101000000_tasks.sql`]: 'alter table public.profiles enable row level security;\ncreate table public.tasks (id int primary key, user_id uuid);\n' },
      errors: [{ line: 1, messageId: 'policyWithoutRls' }],
    },
    {
      name: 'USING (true) / WITH CHECK (true) on writes, USING (true) on a user table',
      filename: `${M}/20240601000000_sharing.sql`,
      code: code`
        create policy "Anyone can update notes" on public.notes for update to authenticated using (true) with check (true);
        create policy "Anyone can add" on public.notes for insert to anon with check (1 = 1);
        create policy "Read all notes" on public.notes for select to authenticated using (true);
        create policy "Delete any" on public.notes for delete using (true);
      `,
      files: notes,
      errors: [
        { line: 1, messageId: 'permissiveWrite' },
        { line: 2, messageId: 'permissiveWrite' },
        { line: 3, messageId: 'permissiveRead' },
        { line: 4, messageId: 'permissiveWrite' },
      ],
    },
    {
      name: 'signed-in as the only condition, and user_metadata',
      filename: `${M}/20240601000000_weak.sql`,
      code: code`
        create policy "Signed in can update" on public.notes for update to authenticated using ((select auth.uid()) is not null);
        create policy "Admins" on public.notes for delete to authenticated
          using ((auth.jwt() -> 'user_metadata' ->> 'role') = 'admin');
      `,
      files: notes,
      errors: [
        { line: 1, messageId: 'authenticatedOnly', severity: 'high' },
        { line: 2, messageId: 'userMetadataPolicy' },
      ],
    },
    {
      name: 'signed-in as the only condition on an insert that can name any owner',
      filename: `${M}/20240601000000_insert.sql`,
      code: 'create policy "Signed in can post" on public.notes for insert to authenticated with check (auth.role() = \'authenticated\');\n',
      files: notes,
      errors: [{ line: 1, messageId: 'authenticatedOnly' }],
    },
    {
      name: 'grant to authenticated on a table without RLS',
      filename: `${M}/20240601000000_grant.sql`,
      code: 'grant insert, update on public.tasks to authenticated;\n',
      files: { ...supabase, [`${M}/20240101000000_tasks.sql`]: 'create table public.tasks (id int primary key);\n' },
      errors: [{ line: 1, messageId: 'grantWithoutRls' }],
    },
    {
      name: 'BYPASSRLS and row_security = off',
      filename: 'migrations/002_roles.sql',
      code: 'alter role authenticated bypassrls;\ncreate role reporting with login bypassrls;\nset row_security = off;\nalter role app_user set row_security = off;\n',
      errors: [
        { line: 1, messageId: 'bypassRls', severity: 'critical' },
        { line: 2, messageId: 'bypassRls', severity: 'high' },
        { line: 3, messageId: 'rowSecurityOff' },
        { line: 4, messageId: 'rowSecurityOff' },
      ],
    },
    {
      name: 'SECURITY DEFINER without search_path, writing rows without checking the caller',
      filename: `${M}/20240601000000_rpc.sql`,
      code: code`
        create or replace function public.delete_note(note_id uuid) returns void
        language plpgsql security definer as $$
        begin
          delete from public.notes where id = note_id;
        end;
        $$;
      `,
      files: notes,
      errors: [
        { line: 1, messageId: 'definerSearchPath', severity: 'medium' },
        { line: 1, messageId: 'definerExposed', severity: 'high' },
      ],
    },
    {
      name: 'SECURITY DEFINER function handing out every row of an RLS table',
      filename: `${M}/20240601000000_all_notes.sql`,
      code: "create function public.all_notes() returns setof public.notes\nlanguage sql security definer set search_path = '' as $$ select * from public.notes $$;\n",
      files: notes,
      errors: [{ line: 1, messageId: 'definerExposed', message: 'returns rows of public.notes' }],
    },
    {
      name: 'SECURITY DEFINER lookup by an owner id the caller passes is not a secret',
      filename: `${M}/20240601000000_notes_of.sql`,
      code: "create function public.notes_of(p_owner uuid) returns setof public.notes\nlanguage sql security definer set search_path = '' as $$ select * from public.notes where user_id = p_owner $$;\n",
      files: notes,
      errors: [{ line: 1, messageId: 'definerExposed', message: 'returns rows of public.notes' }],
    },
    {
      name: 'views: no security_invoker over an RLS table, and auth.users exposed',
      filename: `${M}/20240601000000_views.sql`,
      code: code`
        create view public.all_notes as select id, body from public.notes;

        create view public.user_emails as select id, email from auth.users;
        create function public.find_user(p_email text) returns uuid language sql security definer set search_path = '' as $$
          select id from auth.users where email = p_email
        $$;
      `,
      files: notes,
      errors: [
        { line: 1, messageId: 'viewWithoutInvoker' },
        { line: 3, messageId: 'authUsersExposed' },
        { line: 4, messageId: 'authUsersExposed' },
      ],
    },
    {
      name: 'public bucket that anyone may list',
      filename: `${M}/20240601000000_storage.sql`,
      code: code`
        insert into storage.buckets (id, name, public) values ('avatars', 'avatars', true);
        create policy "List avatars" on storage.objects for select to public using (bucket_id = 'avatars');
      `,
      files: supabase,
      errors: [{ line: 2, messageId: 'publicBucketListing' }],
    },
    {
      name: 'SQL in a TypeScript migration (sql`` and knex.raw)',
      filename: 'migrations/20240601_profiles.ts',
      code: code`
        import { sql, type Kysely } from 'kysely'
        export async function up(db: Kysely<unknown>, knex: any) {
          await sql\`
            alter table public.profiles
              disable row level security\`.execute(db)
          await knex.raw('grant delete on public.audit_log to anon')
        }
      `,
      files: profiles,
      errors: [
        { line: 4, messageId: 'rlsDisabled' },
        { line: 6, messageId: 'grantToAnon', severity: 'high' },
      ],
    },
    {
      name: 'service-role key in a "use client" module',
      filename: 'components/admin/Users.tsx',
      code: code`
        'use client'
        import { createClient } from '@supabase/supabase-js'
        const supabase = createClient(
          process.env.NEXT_PUBLIC_SUPABASE_URL!,
          process.env.NEXT_PUBLIC_SUPABASE_SERVICE_ROLE_KEY!
        )
        export function Users() { return null }
      `,
      errors: [{ line: 5, messageId: 'serviceRoleInClient', severity: 'critical' }],
    },
    {
      name: 'service_role JWT literal and sb_secret_ key in browser code',
      filename: 'src/lib/supabase.ts',
      code: code`
        import { createClient } from '@supabase/supabase-js'
        const KEY = '${serviceJwt}'
        export const supabase = createClient('https://x.supabase.co', KEY)
        export const admin = createClient('https://x.supabase.co', '${'sb_secret_' + 'N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz'}')
      `,
      files: { 'package.json': '{"dependencies":{"vite":"5.0.0","@supabase/supabase-js":"2.0.0"}}' },
      errors: [
        { line: 2, messageId: 'serviceRoleInClient', message: 'eyJh…(' },
        { line: 4, messageId: 'serviceRoleInClient', message: 'sb_s…(' },
      ],
    },
    {
      name: 'hook importing the admin client',
      filename: 'hooks/useMembers.ts',
      code: code`
        import { useQuery } from '@tanstack/react-query'
        import { supabaseAdmin } from '@/lib/supabase/admin'
        export const useMembers = (id: string) => useQuery({ queryKey: [id], queryFn: () => supabaseAdmin.from('members').select() })
      `,
      files: adminModule,
      errors: [{ line: 2, messageId: 'serviceRoleImportedInClient', severity: 'critical' }],
    },
    {
      name: 'browser code calling a data helper that uses the admin client',
      filename: 'components/Members.tsx',
      code: code`
        'use client'
        import { useEffect } from 'react'
        import { listMembers } from '@/lib/members'
        export function Members() { useEffect(() => { void listMembers() }, []); return null }
      `,
      files: {
        ...adminModule,
        'lib/members.ts': "import { supabaseAdmin } from './supabase/admin'\nexport async function listMembers() {\n  return supabaseAdmin.from('members').select()\n}\n",
      },
      errors: [{ line: 3, messageId: 'serviceRoleImportedInClient' }],
    },
    {
      name: 'changed admin module imported by a "use client" component',
      filename: 'lib/supabase/admin.ts',
      code: code`
        import { createClient } from '@supabase/supabase-js'
        export const supabaseAdmin = createClient(process.env.NEXT_PUBLIC_SUPABASE_URL!, process.env.SUPABASE_SERVICE_ROLE_KEY!)
      `,
      baseCode: code`
        import { createClient } from '@supabase/supabase-js'
        export const supabaseAdmin = createClient(process.env.NEXT_PUBLIC_SUPABASE_URL!, process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY!)
      `,
      files: { 'components/Team.tsx': "'use client'\nimport { supabaseAdmin } from '../lib/supabase/admin'\nexport const Team = () => null\n" },
      errors: [{ line: 2, messageId: 'serviceRoleImportedInClient' }],
    },
    {
      name: 'service-role client writing a user row by an id from the request body',
      filename: 'app/api/profile/route.ts',
      code: code`
        import { supabaseAdmin } from '@/lib/supabase/admin'
        export async function PATCH(request: Request) {
          const { userId, fullName } = await request.json()
          await supabaseAdmin.from('profiles').update({ full_name: fullName }).eq('id', userId)
          return Response.json({ ok: true })
        }
      `,
      files: adminModule,
      errors: [{ line: 4, messageId: 'serviceRoleByRequestId', severity: 'high' }],
    },
    {
      name: 'Supabase Edge Function deleting the profile named in the body with the service role',
      filename: 'supabase/functions/delete-account/index.ts',
      code: code`
        import { createClient } from 'jsr:@supabase/supabase-js@2'
        Deno.serve(async (req) => {
          const { user_id } = await req.json()
          const supabase = createClient(Deno.env.get('SUPABASE_URL')!, Deno.env.get('SUPABASE_SERVICE_ROLE_KEY')!)
          await supabase.from('profiles').delete().eq('id', user_id)
          return new Response('ok')
        })
      `,
      errors: [{ line: 5, messageId: 'serviceRoleByRequestId' }],
    },
    {
      name: 'Express route updating the profile of req.body.userId with the service role',
      filename: 'src/routes/profile.ts',
      code: code`
        import { Router } from 'express'
        import { supabaseAdmin } from '../lib/supabase/admin'
        export const router = Router()
        router.post('/profile', async (req, res) => {
          await supabaseAdmin.from('profiles').update({ bio: req.body.bio }).eq('id', req.body.userId)
          res.json({ ok: true })
        })
      `,
      files: { 'src/lib/supabase/admin.ts': adminModule['lib/supabase/admin.ts'] },
      errors: [{ line: 5, messageId: 'serviceRoleByRequestId' }],
    },
    {
      name: 'Firestore: if true, test-mode date, and any signed-in user on user data',
      filename: 'firestore.rules',
      code: code`
        rules_version = '2';
        service cloud.firestore {
          function signedIn() { return request.auth != null; }
          match /databases/{database}/documents {
            match /projects/{projectId} {
              allow read, write: if true;
            }
            match /messages/{id} {
              allow read, write: if signedIn();
            }
            match /{document=**} {
              allow read, write: if request.time < timestamp.date(2025, 1, 1);
            }
          }
        }
      `,
      errors: [
        { line: 6, messageId: 'firebaseOpen' },
        { line: 9, messageId: 'firebaseAnySignedIn' },
        { line: 12, messageId: 'firebaseOpen' },
      ],
    },
    {
      name: 'Storage rules without a condition',
      filename: 'storage.rules',
      code: "rules_version = '2';\nservice firebase.storage {\n  match /b/{bucket}/o {\n    match /uploads/{allPaths=**} {\n      allow read, write;\n    }\n  }\n}\n",
      errors: [{ line: 5, messageId: 'firebaseOpen' }],
    },
    {
      name: 'Storage rules: any signed-in user on every file',
      filename: 'storage.rules',
      code: "rules_version = '2';\nservice firebase.storage {\n  match /b/{bucket}/o {\n    match /{allPaths=**} {\n      allow read, write: if request.auth != null;\n    }\n  }\n}\n",
      errors: [{ line: 5, messageId: 'firebaseAnySignedIn', severity: 'high' }],
    },
    {
      name: 'Realtime Database rules open at the root',
      filename: 'database.rules.json',
      code: '{\n  "rules": {\n    ".read": true,\n    ".write": "auth != null"\n  }\n}\n',
      errors: [
        { line: 3, messageId: 'firebaseOpen' },
        { line: 4, messageId: 'firebaseAnySignedIn' },
      ],
    },
  ],
});

describe('rls-bypass on a malformed migration', () => {
  it('reports nothing and lists the parse error', async () => {
    const result = await runRule(rule, {
      filename: `${M}/20240601000000_broken.sql`,
      code: 'alter table public.profiles disable row level security;\ncreate tabel oops (id int);\n',
      files: profiles,
    });
    expect(result.findings).toEqual([]);
    expect(result.stats.errors).toHaveLength(1);
    expect(result.stats.errors[0]!.message).toMatch(/could not parse .*_broken\.sql as Postgres SQL \(line 2\): syntax error at or near "tabel"/);
  });
});

describe('rls-bypass suppression', () => {
  it('honours `-- prodrisk-ignore rls-bypass: <reason>` above a statement', async () => {
    const result = await runRule(rule, {
      filename: `${M}/20240601000000_audit.sql`,
      code: code`
        create table public.audit (id bigint primary key, action text);
        -- prodrisk-ignore rls-bypass: read by the service role only, deny-all is intended
        alter table public.audit enable row level security;
      `,
      files: supabase,
    });
    expect(result.findings.filter((finding) => finding.ruleId === 'rls-bypass')).toEqual([]);
    expect(result.suppressed.map((item) => [item.finding.line, item.finding.messageId])).toEqual([[3, 'rlsWithoutPolicy']]);
  });
});

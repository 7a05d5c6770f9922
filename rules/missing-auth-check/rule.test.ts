import { RuleTester, code } from '../../test/rule-tester.js';
import rule from './rule.js';

const trpcSetup = code`
  import { initTRPC, TRPCError } from '@trpc/server'
  const t = initTRPC.context<{ user?: { id: string } }>().create()
  export const router = t.router
  export const publicProcedure = t.procedure
  export const memberProcedure = t.procedure.use(({ ctx, next }) => {
    if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED' })
    return next({ ctx })
  })
`;

const deleteRoute = code`
  import { prisma } from '@/lib/prisma'

  export async function DELETE(_req: Request, { params }: { params: { id: string } }) {
    await prisma.workspace.delete({ where: { id: params.id } })
    return new Response(null, { status: 204 })
  }
`;

const expressApp = (mount: string) => code`
  import express from 'express'
  import { requireAuth } from './middleware/auth'
  import auditRouter from './routes/audit'

  export const app = express()
  app.use(express.json())
  ${mount}
`;

const auditRouter = code`
  import { Router } from 'express'
  import { db } from '../db'

  const router = Router()

  router.get('/events', async (_req, res) => {
    res.json(await db.auditEvent.findMany({ take: 500 }))
  })

  export default router
`;

new RuleTester().run(rule, {
  valid: [
    {
      name: 'health probe is public by design',
      filename: 'app/api/healthz/route.ts',
      code: "export async function GET() {\n  await prisma.$queryRaw`SELECT 1`\n  return Response.json({ ok: true })\n}\n",
    },
    {
      name: 'webhook that verifies its signature',
      filename: 'src/routes/payments.ts',
      code: code`
        import { Router } from 'express'
        const router = Router()
        router.post('/events', async (req, res) => {
          const event = stripe.webhooks.constructEvent(req.body, req.headers['stripe-signature'], secret)
          await db.payment.create({ data: { id: event.id } })
          res.sendStatus(200)
        })
        export default router
      `,
    },
    {
      name: 'new route on a router that already applies requireAuth',
      filename: 'src/routes/billing.ts',
      baseCode: "import { Router } from 'express'\nconst router = Router()\nrouter.use(requireAuth)\nexport default router\n",
      code: "import { Router } from 'express'\nconst router = Router()\nrouter.use(requireAuth)\nrouter.post('/cancel', async (req, res) => {\n  await stripe.subscriptions.cancel(req.body.id)\n  res.end()\n})\nexport default router\n",
    },
    {
      name: 'route covered by an auth middleware.ts matcher',
      filename: 'app/api/workspaces/[id]/route.ts',
      code: deleteRoute,
      files: { 'middleware.ts': "export { auth as middleware } from '@/auth'\nexport const config = { matcher: ['/api/workspaces/:path*'] }\n" },
    },
    {
      name: 'monorepo: the app’s own middleware.ts covers the route',
      filename: 'apps/web/app/api/workspaces/[id]/route.ts',
      code: deleteRoute,
      files: {
        'apps/web/middleware.ts': "export { default } from 'next-auth/middleware'\nexport const config = { matcher: ['/api/:path*'] }\n",
        'apps/docs/middleware.ts': "export function middleware() {}\n",
      },
    },
    {
      name: 'body runs inside a tracing callback that checks the session',
      filename: 'app/api/exports/route.ts',
      code: "export async function POST() {\n  return withSpan('export', async () => {\n    const session = await auth()\n    if (!session) return new Response(null, { status: 401 })\n    await prisma.exportJob.create({ data: { userId: session.user.id } })\n    return Response.json({})\n  })\n}\n",
    },
    {
      name: 'Hono app inside a Next.js catch-all route covered by middleware.ts',
      filename: 'app/api/[[...route]]/route.ts',
      code: "import { Hono } from 'hono'\nimport { handle } from 'hono/vercel'\nconst app = new Hono().basePath('/api')\napp.post('/links', async (c) => c.json(await prisma.link.create({ data: await c.req.json() })))\nexport const POST = handle(app)\n",
      files: { 'middleware.ts': "export { default } from 'next-auth/middleware'\nexport const config = { matcher: ['/api/:path*'] }\n" },
    },
    {
      name: 'route checks the session itself',
      filename: 'app/api/workspaces/[id]/route.ts',
      code: deleteRoute.replace('  await prisma', "  const session = await auth()\n  if (!session) return new Response(null, { status: 401 })\n  await prisma"),
    },
    {
      name: 'NestJS controller under a global APP_GUARD',
      filename: 'src/reports/reports.controller.ts',
      code: "@Controller('reports')\nexport class ReportsController {\n  @Post()\n  create(@Body() body: CreateReportDto) {\n    return this.reportsService.create(body)\n  }\n}\n",
      files: { 'src/app.module.ts': "@Module({ providers: [{ provide: APP_GUARD, useClass: JwtAuthGuard }] })\nexport class AppModule {}\n" },
    },
    {
      name: 'tRPC mutation on an authenticated procedure learnt from the setup file',
      filename: 'src/server/routers/note.ts',
      code: "import { router, memberProcedure } from '../trpc'\nexport const noteRouter = router({\n  remove: memberProcedure.mutation(({ ctx, input }) => ctx.db.note.delete({ where: { id: input } })),\n})\n",
      files: { 'src/server/trpc.ts': trpcSetup },
    },
    {
      name: 'config.publicRoutes extends the allow-list',
      filename: 'app/api/catalog/route.ts',
      code: 'export async function GET() {\n  return Response.json(await prisma.product.findMany())\n}\n',
      config: { publicRoutes: ['/api/catalog/**', '/api/catalog'] },
    },
    {
      name: 'sign-up server action is public by design',
      filename: 'app/(auth)/actions.ts',
      code: "'use server'\nexport async function signUp(formData: FormData) {\n  await db.insert(users).values({ email: String(formData.get('email')) })\n}\n",
    },
    {
      name: 'monorepo: a wrapper imported through an @/ alias and a barrel file authenticates',
      filename: 'apps/console/app/api/notes/[id]/route.ts',
      code: "import { withTeam } from '@/lib/guards'\nimport { db } from '@/lib/db'\n\nexport const DELETE = withTeam(async ({ params, team }) => {\n  await db.note.delete({ where: { id: params.id, teamId: team.id } })\n  return new Response(null, { status: 204 })\n})\n",
      files: {
        'apps/console/lib/guards/index.ts': "export * from './team'\nexport { readOnly } from './read-only'\n",
        'apps/console/lib/guards/team.ts':
          "export const withTeam = (handler) => async (req, ctx) => {\n  const viewer = await currentUser()\n  if (!viewer) throw new HttpError(401, 'sign in first')\n  return handler({ ...ctx, team: await teamOf(viewer) })\n}\n",
      },
    },
    {
      name: 'scheduled job compares its shared key with the one the caller sent',
      filename: 'app/api/jobs/expire-trials/route.ts',
      code: "export async function POST(request: NextRequest) {\n  const suppliedKey = request.headers.get('x-job-key') ?? request.nextUrl.searchParams.get('key')\n  if (process.env.JOBS_API_KEY !== suppliedKey) {\n    return NextResponse.json({ error: 'nope' }, { status: 401 })\n  }\n  await prisma.trial.updateMany({ where: { endsAt: { lt: new Date() } }, data: { expired: true } })\n  return NextResponse.json({ ok: true })\n}\n",
    },
    {
      name: 'queue callback checks the message signature with a generic verifier',
      filename: 'app/api/queue/purge-drafts/route.ts',
      code: "export async function POST(req: Request) {\n  const raw = await req.text()\n  const ok = await queueReceiver.verify({ signature: req.headers.get('queue-signature') ?? '', body: raw })\n  if (!ok) return new Response('bad signature', { status: 401 })\n  await prisma.draft.deleteMany({ where: { id: JSON.parse(raw).draftId } })\n  return new Response('done')\n}\n",
    },
    {
      name: 'awaited verifier whose result is not used throws on a bad request',
      filename: 'app/api/jobs/rollup/route.ts',
      code: "export async function GET(req: Request) {\n  await verifySchedulerSignature(req)\n  await prisma.dailyStat.deleteMany({ where: { day: { lt: cutoff() } } })\n  return Response.json({ ok: true })\n}\n",
    },
    {
      name: 'one avatar image fetched by its object key is public by design',
      filename: 'app/api/avatars/[key]/route.ts',
      code: "export async function GET(_req: Request, { params }: { params: { key: string } }) {\n  const image = await prisma.avatarImage.findUnique({ where: { key: params.key } })\n  return new Response(image?.bytes ?? null, { headers: { 'Content-Type': 'image/png' } })\n}\n",
    },
    {
      name: 'handler that touches no data',
      filename: 'app/api/time/route.ts',
      code: 'export async function GET() {\n  return Response.json({ now: Date.now() })\n}\n',
    },
    {
      name: 'legacy public read handler edited but still read-only',
      filename: 'app/api/products/route.ts',
      baseCode: 'export async function GET() {\n  return Response.json(await prisma.product.findMany())\n}\n',
      code: 'export async function GET() {\n  return Response.json(await prisma.product.findMany({ take: 50 }))\n}\n',
    },
    {
      name: 'router mounted behind requireAuth in app.ts',
      filename: 'src/routes/audit.ts',
      code: auditRouter,
      files: { 'src/app.ts': expressApp("app.use('/api/audit', requireAuth, auditRouter)") },
      baseFiles: { 'src/app.ts': expressApp("app.use('/api/audit', requireAuth, auditRouter)") },
    },
    {
      name: 'guard lost from an existing handler is removed-auth-check, not this rule',
      filename: 'app/api/workspaces/[id]/route.ts',
      baseCode: deleteRoute.replace('  await prisma', "  const session = await auth()\n  if (!session) return new Response(null, { status: 401 })\n  await prisma"),
      code: deleteRoute,
    },
    {
      name: 'check done by an imported helper that throws',
      filename: 'app/api/teams/[id]/route.ts',
      code: "import { teamForCaller } from '@/lib/teams'\nexport async function DELETE(_req: Request, { params }: { params: { id: string } }) {\n  await teamForCaller(params.id)\n  await prisma.team.delete({ where: { id: params.id } })\n  return new Response(null, { status: 204 })\n}\n",
      files: { 'lib/teams.ts': "export async function teamForCaller(teamId: string) {\n  const session = await auth()\n  if (!session) throw new Error('Unauthorized')\n  return session\n}\n" },
    },
    {
      name: 'imported wrapper whose definition checks the session',
      filename: 'pages/api/teams.ts',
      code: "import { apiHandler } from '../../lib/api-handler'\nasync function handler(req, res) {\n  res.json(await prisma.team.create({ data: req.body }))\n}\nexport default apiHandler(handler)\n",
      files: { 'lib/api-handler.ts': "export function apiHandler(handler) {\n  return async (req, res) => {\n    const session = await getServerSession(req, res, authOptions)\n    if (!session) return res.status(401).end()\n    return handler(req, res)\n  }\n}\n" },
    },
    {
      name: 'cookie-bound Supabase client: RLS scopes the caller',
      filename: 'app/api/notes/route.ts',
      code: "import { createClient } from '@/lib/supabase/server'\nexport async function GET() {\n  const supabase = createClient()\n  const { data } = await supabase.from('notes').select('*')\n  return Response.json(data)\n}\n",
    },
    {
      name: 'in-house guard listed in config.authGuards',
      filename: 'app/api/reports/route.ts',
      code: "export async function POST(req: Request) {\n  const tenant = await tenantFromRequest(req)\n  if (!tenant) return new Response(null, { status: 404 })\n  await prisma.report.create({ data: { tenantId: tenant.id } })\n  return Response.json({})\n}\n",
      config: { authGuards: ['tenantFromRequest'] },
    },
    {
      name: 'tRPC procedure built in the router file itself with an auth middleware',
      filename: 'src/server/routers/note.ts',
      code: "import { router, publicProcedure } from '../trpc'\nconst signedIn = publicProcedure.use(({ ctx, next }) => {\n  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED' })\n  return next()\n})\nexport const noteRouter = router({\n  remove: signedIn.mutation(({ ctx, input }) => ctx.db.note.delete({ where: { id: input } })),\n})\n",
      files: { 'src/server/trpc.ts': trpcSetup },
    },
    {
      name: 'read on an explicitly public tRPC procedure',
      filename: 'src/server/routers/post.ts',
      code: "import { router, publicProcedure } from '../trpc'\nexport const postRouter = router({\n  latest: publicProcedure.query(({ ctx }) => ctx.db.post.findMany({ take: 10 })),\n})\n",
      files: { 'src/server/trpc.ts': trpcSetup },
    },
  ],
  invalid: [
    {
      name: 'Next.js: new DELETE route without a session check',
      filename: 'app/api/workspaces/[id]/route.ts',
      code: deleteRoute,
      errors: [{ line: 3, messageId: 'missingWrite', severity: 'high' }],
    },
    {
      name: 'Next.js: new GET route reading user data',
      filename: 'app/api/users/route.ts',
      code: 'export async function GET() {\n  return Response.json(await prisma.user.findMany({ select: { email: true } }))\n}\n',
      errors: [{ line: 1, messageId: 'missingRead', severity: 'medium' }],
    },
    {
      name: 'pages/api: handler declared first, exported at the bottom',
      filename: 'pages/api/admin/broadcast.ts',
      code: "async function handler(req, res) {\n  await sendBroadcastEmail(req.body.subject)\n  res.status(202).end()\n}\n\nexport default handler\n",
      errors: [{ line: 6, messageId: 'missingWrite' }],
    },
    {
      name: 'middleware.ts exists but its matcher does not cover the new route',
      filename: 'app/api/workspaces/[id]/route.ts',
      code: deleteRoute,
      files: { 'middleware.ts': "export { default } from 'next-auth/middleware'\nexport const config = { matcher: ['/dashboard/:path*'] }\n" },
      errors: [{ line: 3, messageId: 'missingWrite' }],
    },
    {
      name: 'server action mutating without auth()',
      filename: 'app/projects/actions.ts',
      code: "'use server'\nimport { db } from '@/db'\n\nexport async function archiveProject(id: string) {\n  await db.update(projects).set({ archived: true }).where(eq(projects.id, id))\n}\n",
      errors: [{ line: 4, messageId: 'missingWrite' }],
    },
    {
      name: 'Express: new router mounted without auth',
      filename: 'src/routes/audit.ts',
      code: auditRouter,
      files: { 'src/app.ts': expressApp("app.use('/api/audit', auditRouter)") },
      errors: [{ line: 6, messageId: 'missingRead', severity: 'medium' }],
    },
    {
      name: "Express: router.route('/x').get(...).delete(...) chain, only the GET is guarded",
      filename: 'src/routes/books.ts',
      code: "import { Router } from 'express'\nconst router = Router()\nrouter\n  .route('/books/:id')\n  .get(requireAuth, async (req, res) => res.json(await prisma.book.findUnique({ where: { id: req.params.id } })))\n  .delete(async (req, res) => res.json(await prisma.book.delete({ where: { id: req.params.id } })))\nexport default router\n",
      errors: [{ line: 6, messageId: 'missingWrite', message: 'DELETE /books/:id' }],
    },
    {
      name: 'Express: route registered before the app-wide use(requireAuth)',
      filename: 'src/app.ts',
      code: "import express from 'express'\nconst app = express()\napp.post('/items', async (req, res) => {\n  res.json(await prisma.item.create({ data: req.body }))\n})\napp.use(requireAuth)\n",
      errors: [{ line: 3, messageId: 'missingWrite' }],
    },
    {
      name: 'Fastify: new route without the preHandler its siblings use',
      filename: 'src/routes/admin.ts',
      baseCode: "export default async function admin(app) {\n  app.get('/admin/users', { preHandler: [app.authenticate] }, async () => app.prisma.user.findMany())\n}\n",
      code: "export default async function admin(app) {\n  app.get('/admin/users', { preHandler: [app.authenticate] }, async () => app.prisma.user.findMany())\n  app.post('/admin/users/:id/promote', async (request) => app.prisma.user.update({ where: { id: request.params.id }, data: { role: 'admin' } }))\n}\n",
      errors: [{ line: 3, messageId: 'missingWrite' }],
    },
    {
      name: 'Hono: new route outside the jwt-protected prefix',
      filename: 'src/index.ts',
      code: "import { Hono } from 'hono'\nimport { jwt } from 'hono/jwt'\nconst app = new Hono()\napp.use('/api/*', jwt({ secret: 's' }))\napp.post('/internal/purge', async (c) => {\n  await c.env.DB.prepare('DELETE FROM sessions').run()\n  return c.body(null, 204)\n})\nexport default app\n",
      errors: [{ line: 5, messageId: 'missingWrite' }],
    },
    {
      name: 'tRPC: new publicProcedure mutation',
      filename: 'src/server/routers/note.ts',
      code: "import { router, publicProcedure } from '../trpc'\nexport const noteRouter = router({\n  remove: publicProcedure.mutation(({ ctx, input }) => ctx.db.note.delete({ where: { id: input } })),\n})\n",
      files: { 'src/server/trpc.ts': trpcSetup },
      errors: [{ line: 3, messageId: 'missingWrite' }],
    },
    {
      name: 'NestJS: new controller without guards and no global guard',
      filename: 'src/reports/reports.controller.ts',
      code: "@Controller('reports')\nexport class ReportsController {\n  @Delete(':id')\n  remove(@Param('id') id: string) {\n    return this.reportsService.deleteReport(id)\n  }\n}\n",
      errors: [{ line: 3, messageId: 'missingWrite' }],
    },
    {
      name: 'the same in-house guard without the config entry',
      filename: 'app/api/reports/route.ts',
      code: "export async function POST(req: Request) {\n  const tenant = await tenantFromRequest(req)\n  if (!tenant) return new Response(null, { status: 404 })\n  await prisma.report.create({ data: { tenantId: tenant.id } })\n  return Response.json({})\n}\n",
      errors: [{ line: 1, messageId: 'missingWrite' }],
    },
    {
      name: 'existing unauthenticated handler turned from read-only to writing',
      filename: 'pages/api/issue-stats.ts',
      baseCode: 'export default async function handler(req, res) {\n  res.json(await prisma.issue.count())\n}\n',
      code: 'export default async function handler(req, res) {\n  if (req.method === "POST") await prisma.issue.deleteMany()\n  res.json(await prisma.issue.count())\n}\n',
      errors: [{ line: 1, messageId: 'turnedWriting', severity: 'high' }],
    },
  ],
});

import { RuleTester, code } from '../../test/rule-tester.js';
import rule from './rule.js';

const nextSession = code`
  import { NextResponse } from 'next/server'
  import { getServerSession } from 'next-auth'
  import { authOptions } from '@/lib/auth'
  import { db } from '@/lib/db'

  export async function POST(req: Request) {
    const session = await getServerSession(authOptions)
    if (!session?.user) {
      return NextResponse.json({ error: 'Unauthorized' }, { status: 401 })
    }
    const body = await req.json()
    const invoice = await db.invoice.create({ data: { ...body, ownerId: session.user.id } })
    return NextResponse.json(invoice)
  }
`;

const trpcSetup = code`
  import { initTRPC, TRPCError } from '@trpc/server'
  const t = initTRPC.context<{ session: { user?: { id: string; role: string } } | null }>().create()
  export const router = t.router
  export const publicProcedure = t.procedure
  const isAuthed = t.middleware(({ ctx, next }) => {
    if (!ctx.session?.user) throw new TRPCError({ code: 'UNAUTHORIZED' })
    return next({ ctx })
  })
  export const signedInProcedure = t.procedure.use(isAuthed)
  export const staffProcedure = signedInProcedure.use(({ ctx, next }) => {
    if (ctx.session?.user?.role !== 'staff') throw new TRPCError({ code: 'FORBIDDEN' })
    return next()
  })
`;

const expressRouter = (route: string, extra = '') => code`
  import { Router } from 'express'
  import { requireAuth, rateLimit } from '../middleware'
  import { db } from '../db'

  const router = Router()
  ${extra}
  ${route} async (req, res) => {
    await db.team.delete({ where: { id: req.params.id } })
    res.status(204).end()
  })

  export default router
`;


const dashboardPage = code`
  import { auth } from '@/auth'
  import { redirect } from 'next/navigation'
  import { db } from '@/lib/db'

  export default async function DashboardPage() {
    const session = await auth()
    if (!session) redirect('/login')
    const invoices = await db.invoice.findMany({ where: { ownerId: session.user.id } })
    return <InvoiceList invoices={invoices} />
  }
`;

const openDashboardPage = code`
  import { db } from '@/lib/db'

  export default async function DashboardPage() {
    const invoices = await db.invoice.findMany()
    return <InvoiceList invoices={invoices} />
  }
`;

const guardedLayout = code`
  import { auth } from '@/auth'
  import { redirect } from 'next/navigation'

  export default async function AppLayout({ children }: { children: React.ReactNode }) {
    const session = await auth()
    if (!session) redirect('/login')
    return <main>{children}</main>
  }
`;

const accountPage = (props: string) => code`
  import { getServerSession } from 'next-auth'
  import { authOptions } from '@/lib/auth'
  import { prisma } from '@/lib/prisma'

  export default function Account({ user }) {
    return <Profile user={user} />
  }

  export async function getServerSideProps(context) {
    ${props}
  }
`;

const JOB_BASE = "export async function POST(request: NextRequest) {\n  const suppliedKey = request.headers.get('x-job-key')\n  if (process.env.JOBS_API_KEY !== suppliedKey) {\n    return NextResponse.json({ error: 'nope' }, { status: 401 })\n  }\n  await prisma.trial.updateMany({ data: { expired: true } })\n  return NextResponse.json({ ok: true })\n}\n";

new RuleTester().run(rule, {
  valid: [
    {
      name: 'a log line added to a job that still compares its shared key with the caller\'s',
      filename: 'app/api/jobs/expire-trials/route.ts',
      baseCode: JOB_BASE,
      code: JOB_BASE.replace('  await prisma', "  console.info('expiring trials')\n  await prisma"),
    },
    {
      name: 'app-router page: its check moved into the layout of its folder tree',
      filename: 'app/(app)/dashboard/page.tsx',
      baseCode: dashboardPage,
      code: openDashboardPage,
      files: { 'app/(app)/layout.tsx': guardedLayout },
    },
    {
      name: 'app-router page marked "use client" is browser code, not a server component',
      filename: 'app/dashboard/page.tsx',
      baseCode: '"use client"\n' + dashboardPage,
      code: '"use client"\n' + openDashboardPage,
    },
    {
      name: 'guard renamed: getServerSession → auth()',
      filename: 'app/api/invoices/route.ts',
      baseCode: nextSession,
      code: nextSession.replace("import { getServerSession } from 'next-auth'\n", '').replace('getServerSession(authOptions)', 'auth()'),
    },
    {
      name: 'inline guard replaced by an auth wrapper',
      filename: 'app/api/invoices/route.ts',
      baseCode: nextSession,
      code: code`
        import { NextResponse } from 'next/server'
        import { withSession } from '@/lib/with-session'
        import { db } from '@/lib/db'

        export const POST = withSession(async (req: Request, session) => {
          const body = await req.json()
          const invoice = await db.invoice.create({ data: { ...body, ownerId: session.user.id } })
          return NextResponse.json(invoice)
        })
      `,
    },
    {
      name: 'check extracted into a same-file helper that throws',
      filename: 'app/api/invoices/route.ts',
      baseCode: nextSession,
      code: code`
        import { NextResponse } from 'next/server'
        import { getServerSession } from 'next-auth'
        import { authOptions } from '@/lib/auth'
        import { db } from '@/lib/db'

        async function signedInUser() {
          const session = await getServerSession(authOptions)
          if (!session?.user) throw new Response('Unauthorized', { status: 401 })
          return session.user
        }

        export async function POST(req: Request) {
          const user = await signedInUser()
          const body = await req.json()
          const invoice = await db.invoice.create({ data: { ...body, ownerId: user.id } })
          return NextResponse.json(invoice)
        }
      `,
    },
    {
      name: 'guard moved into middleware.ts that still covers the route',
      filename: 'app/api/invoices/route.ts',
      baseCode: nextSession,
      code: code`
        import { NextResponse } from 'next/server'
        import { db } from '@/lib/db'

        export async function POST(req: Request) {
          const body = await req.json()
          const invoice = await db.invoice.create({ data: body })
          return NextResponse.json(invoice)
        }
      `,
      files: { 'middleware.ts': "export { default } from 'next-auth/middleware'\nexport const config = { matcher: ['/api/invoices/:path*'] }\n" },
    },
    {
      name: 'per-route middleware replaced by router.use(requireAuth)',
      filename: 'src/routes/teams.ts',
      baseCode: expressRouter("router.delete('/:id', requireAuth,"),
      code: expressRouter("router.delete('/:id',", 'router.use(requireAuth)'),
    },
    {
      name: 'a rate limiter dropped is not an auth check',
      filename: 'src/routes/teams.ts',
      baseCode: expressRouter("router.delete('/:id', requireAuth, rateLimit,"),
      code: expressRouter("router.delete('/:id', requireAuth,"),
    },
    {
      name: 'tRPC procedure moved to another authenticated base',
      filename: 'src/server/routers/team.ts',
      baseCode: "import { router, staffProcedure } from '../trpc'\nexport const teamRouter = router({\n  rename: staffProcedure.mutation(({ ctx }) => ctx.db.team.update({ where: { id: 1 }, data: {} })),\n})\n",
      code: "import { router, signedInProcedure } from '../trpc'\nexport const teamRouter = router({\n  rename: signedInProcedure.query(({ ctx }) => ctx.db.team.findMany()),\n})\n",
      files: { 'src/server/trpc.ts': trpcSetup },
    },
    {
      name: 'handler deleted outright',
      filename: 'app/api/invoices/route.ts',
      baseCode: nextSession,
      code: "export const dynamic = 'force-dynamic'\n",
    },
    {
      name: 'unchanged guard, the change only adds a method check',
      filename: 'pages/api/reports.ts',
      baseCode: code`
        import { getServerSession } from 'next-auth/next'
        export default async function handler(req, res) {
          const session = await getServerSession(req, res, authOptions)
          if (!session) return res.status(401).end()
          res.json(await prisma.report.findMany({ where: { userId: session.user.id } }))
        }
      `,
      code: code`
        import { getServerSession } from 'next-auth/next'
        export default async function handler(req, res) {
          if (req.method !== 'GET') return res.status(405).end()
          const session = await getServerSession(req, res, authOptions)
          if (!session) return res.status(401).end()
          res.json(await prisma.report.findMany({ where: { userId: session.user.id } }))
        }
      `,
    },
    {
      name: 'role check removed from a read-only handler that keeps its session check',
      filename: 'app/api/stats/route.ts',
      baseCode: code`
        export async function GET() {
          const session = await auth()
          if (!session) return new Response(null, { status: 401 })
          if (session.user.role !== 'admin') return new Response(null, { status: 403 })
          return Response.json(await prisma.order.count())
        }
      `,
      code: code`
        export async function GET() {
          const session = await auth()
          if (!session) return new Response(null, { status: 401 })
          return Response.json(await prisma.order.count())
        }
      `,
    },
    {
      name: 'check moved into an imported helper that throws',
      filename: 'app/api/invoices/route.ts',
      baseCode: nextSession,
      code: code`
        import { NextResponse } from 'next/server'
        import { billingUser } from '@/lib/billing-auth'
        import { db } from '@/lib/db'

        export async function POST(req: Request) {
          const user = await billingUser()
          const body = await req.json()
          const invoice = await db.invoice.create({ data: { ...body, ownerId: user.id } })
          return NextResponse.json(invoice)
        }
      `,
      files: { 'lib/billing-auth.ts': "export async function billingUser() {\n  const session = await getServerSession(authOptions)\n  if (!session?.user) redirect('/login')\n  return session.user\n}\n" },
    },
    {
      name: 'a findUniqueOrThrow dropped is not an auth check',
      filename: 'app/api/invoices/[id]/route.ts',
      baseCode: "export async function DELETE(_r: Request, { params }) {\n  const invoice = await prisma.invoice.findUniqueOrThrow({ where: { id: params.id } })\n  await prisma.invoice.delete({ where: { id: invoice.id } })\n}\n",
      code: "export async function DELETE(_r: Request, { params }) {\n  await prisma.invoice.delete({ where: { id: params.id } })\n}\n",
    },
    {
      name: 'app-level auth renamed',
      filename: 'src/app.ts',
      baseCode: "import express from 'express'\nimport apiRouter from './routes/api'\nconst app = express()\napp.use('/api', requireAuth, apiRouter)\nexport default app\n",
      code: "import express from 'express'\nimport apiRouter from './routes/api'\nconst app = express()\napp.use('/api', authenticate(), apiRouter)\nexport default app\n",
    },
    {
      name: 'middleware: login redirect target changed, protected paths kept',
      filename: 'middleware.ts',
      baseCode: "export function middleware(req) {\n  if (req.nextUrl.pathname.startsWith('/admin') && !req.cookies.get('session')) {\n    return NextResponse.redirect(new URL('/login', req.url))\n  }\n}\n",
      code: "export function middleware(req) {\n  if (req.nextUrl.pathname.startsWith('/admin') && !req.cookies.get('session')) {\n    return NextResponse.redirect(new URL('/sign-in', req.url))\n  }\n}\n",
    },
    {
      name: 'early return rewritten as if (session) { … } else 401',
      filename: 'pages/api/exports.ts',
      baseCode: "export default async function handler(req, res) {\n  const session = await getServerSession(req, res, authOptions)\n  if (!session) return res.status(401).end()\n  await prisma.exportJob.create({ data: { userId: session.user.id } })\n  res.end()\n}\n",
      code: "export default async function handler(req, res) {\n  const session = await getServerSession(req, res, authOptions)\n  if (session) {\n    await prisma.exportJob.create({ data: { userId: session.user.id } })\n    res.end()\n  } else {\n    res.status(401).end()\n  }\n}\n",
    },
    {
      name: 'route declared public in config.publicRoutes drops its guard on purpose',
      filename: 'app/api/invoices/route.ts',
      baseCode: nextSession,
      code: nextSession.replace("  if (!session?.user) {\n    return NextResponse.json({ error: 'Unauthorized' }, { status: 401 })\n  }\n", ''),
      config: { publicRoutes: ['/api/invoices'] },
    },
    {
      name: 'a configuration check on an env secret removed is not an auth check',
      filename: 'app/api/ai/route.ts',
      baseCode: "export async function POST(req: Request) {\n  if (!process.env.OPENAI_SECRET) throw new Error('OPENAI_SECRET is not set')\n  await prisma.prompt.create({ data: await req.json() })\n  return Response.json({})\n}\n",
      code: "export async function POST(req: Request) {\n  await prisma.prompt.create({ data: await req.json() })\n  return Response.json({})\n}\n",
    },
    {
      name: 'auth middleware rewritten with another check that still stops the request',
      filename: 'src/middleware/auth.ts',
      baseCode: "export function requireAuth(req, res, next) {\n  if (!req.session.userId) return res.status(401).end()\n  next()\n}\n",
      code: "export async function requireAuth(req, res, next) {\n  const user = await getUserFromSession(req)\n  if (!user) return res.status(401).end()\n  req.user = user\n  next()\n}\n",
    },
    {
      name: 'handler now delegates to a same-file function that keeps the 401',
      filename: 'app/api/invoices/route.ts',
      baseCode: nextSession,
      code: code`
        import { NextResponse } from 'next/server'
        import { getServerSession } from 'next-auth'
        import { authOptions } from '@/lib/auth'
        import { db } from '@/lib/db'

        async function createInvoice(req: Request) {
          const session = await getServerSession(authOptions)
          if (!session?.user) return NextResponse.json({ error: 'Unauthorized' }, { status: 401 })
          const invoice = await db.invoice.create({ data: { ...(await req.json()), ownerId: session.user.id } })
          return NextResponse.json(invoice)
        }

        export async function POST(req: Request) {
          return createInvoice(req)
        }
      `,
    },
    {
      name: 'Express: inline check moved into a controller in another module',
      filename: 'src/routes/projects.ts',
      baseCode: "import { Router } from 'express'\nconst router = Router()\nrouter.delete('/:id', async (req, res) => {\n  if (!req.user) return res.sendStatus(401)\n  await prisma.project.delete({ where: { id: req.params.id } })\n  res.end()\n})\nexport default router\n",
      code: "import { Router } from 'express'\nimport * as projects from '../controllers/projects'\nconst router = Router()\nrouter.delete('/:id', projects.remove)\nexport default router\n",
      files: { 'src/controllers/projects.ts': "export async function remove(req, res) {\n  if (!req.user) return res.sendStatus(401)\n  await prisma.project.delete({ where: { id: req.params.id } })\n  res.end()\n}\n" },
    },
  ],
  invalid: [
    {
      name: 'scheduled job: the comparison of its shared key with the caller\'s is deleted',
      filename: 'app/api/jobs/expire-trials/route.ts',
      baseCode: JOB_BASE,
      code: JOB_BASE.replace("  if (process.env.JOBS_API_KEY !== suppliedKey) {\n    return NextResponse.json({ error: 'nope' }, { status: 401 })\n  }\n", ''),
      errors: [{ line: 3, messageId: 'authRemoved', message: 'process.env.JOBS_API_KEY !== suppliedKey' }],
    },
    {
      name: 'app-router page (server component): session check and redirect removed',
      filename: 'app/dashboard/page.tsx',
      baseCode: dashboardPage,
      code: openDashboardPage,
      files: { 'app/layout.tsx': 'export default function RootLayout({ children }) {\n  return <html><body>{children}</body></html>\n}\n' },
      errors: [{ line: 4, messageId: 'authRemoved', severity: 'high', message: '`page /dashboard`: the auth check `auth()`' }],
    },
    {
      name: "pages-router page: getServerSideProps no longer redirects callers without a session",
      filename: 'pages/account.tsx',
      baseCode: accountPage(`const session = await getServerSession(context.req, context.res, authOptions)
    if (!session) return { redirect: { destination: '/login', permanent: false } }
    const user = await prisma.user.findUnique({ where: { id: session.user.id } })
    return { props: { user } }`),
      code: accountPage(`const user = await prisma.user.findUnique({ where: { id: context.query.id } })
    return { props: { user } }`),
      errors: [{ line: 10, messageId: 'authRemoved', message: 'getServerSideProps of /account' }],
    },
    {
      name: 'Next.js route: session check and its 401 removed',
      filename: 'app/api/invoices/route.ts',
      baseCode: nextSession,
      code: code`
        import { NextResponse } from 'next/server'
        import { db } from '@/lib/db'

        export async function POST(req: Request) {
          const body = await req.json()
          const invoice = await db.invoice.create({ data: body })
          return NextResponse.json(invoice)
        }
      `,
      errors: [{ line: 5, messageId: 'authRemoved', severity: 'high', message: 'getServerSession()' }],
    },
    {
      name: 'the early return deleted while the session call stays',
      filename: 'app/api/invoices/route.ts',
      baseCode: nextSession,
      code: nextSession.replace("  if (!session?.user) {\n    return NextResponse.json({ error: 'Unauthorized' }, { status: 401 })\n  }\n", ''),
      errors: [{ line: 8, messageId: 'authRemoved' }],
    },
    {
      name: 'the check commented out',
      filename: 'app/api/invoices/route.ts',
      baseCode: nextSession,
      code: nextSession.replace(
        "  if (!session?.user) {\n    return NextResponse.json({ error: 'Unauthorized' }, { status: 401 })\n  }\n",
        "  // if (!session?.user) {\n  //   return NextResponse.json({ error: 'Unauthorized' }, { status: 401 })\n  // }\n",
      ),
      errors: [{ line: 8, messageId: 'authRemoved' }],
    },
    {
      name: 'pages/api: export default withAuth(handler) → handler',
      filename: 'pages/api/admin/broadcast.ts',
      baseCode: "import { withAuth } from '@/lib/with-auth'\nasync function handler(req, res) {\n  await sendBroadcastEmail(req.body.subject)\n  res.status(202).end()\n}\n\nexport default withAuth(handler)\n",
      code: "async function handler(req, res) {\n  await sendBroadcastEmail(req.body.subject)\n  res.status(202).end()\n}\n\nexport default handler\n",
      errors: [{ line: 6, messageId: 'authRemoved', message: 'withAuth()' }],
    },
    {
      name: 'pages/api: a same-file wrapper with a neutral name that checked the session is dropped',
      filename: 'pages/api/exports.ts',
      baseCode: "function handle(inner) {\n  return async (req, res) => {\n    const session = await getServerSession(req, res, authOptions)\n    if (!session) return res.status(401).end()\n    return inner(req, res)\n  }\n}\nasync function handler(req, res) {\n  res.json(await prisma.customer.findMany())\n}\nexport default handle(handler)\n",
      code: "async function handler(req, res) {\n  res.json(await prisma.customer.findMany())\n}\nexport default handler\n",
      errors: [{ line: 4, messageId: 'authRemoved', message: 'handle()' }],
    },
    {
      name: 'Express: requireAuth dropped from the route',
      filename: 'src/routes/teams.ts',
      baseCode: expressRouter("router.delete('/:id', requireAuth,"),
      code: expressRouter("router.delete('/:id',"),
      errors: [{ line: 7, messageId: 'authRemoved', message: 'requireAuth' }],
    },
    {
      name: "Express: requireRole('admin') dropped while the route still deletes",
      filename: 'src/routes/teams.ts',
      baseCode: expressRouter("router.delete('/:id', requireAuth, requireRole('admin'),"),
      code: expressRouter("router.delete('/:id', requireAuth,"),
      errors: [{ line: 7, messageId: 'roleRemoved', message: "requireRole('admin')" }],
    },
    {
      name: 'Express: requireAuth dropped in front of a controller method',
      filename: 'src/routes/projects.ts',
      baseCode: "import { Router } from 'express'\nimport * as projects from '../controllers/projects'\nconst router = Router()\nrouter.delete('/:id', requireAuth, projects.remove)\nexport default router\n",
      code: "import { Router } from 'express'\nimport * as projects from '../controllers/projects'\nconst router = Router()\nrouter.delete('/:id', projects.remove)\nexport default router\n",
      errors: [{ line: 4, messageId: 'authRemoved', message: 'requireAuth' }],
    },
    {
      name: 'Express: router-level use(requireAuth) removed',
      filename: 'src/routes/teams.ts',
      baseCode: expressRouter("router.delete('/:id',", 'router.use(requireAuth)'),
      code: expressRouter("router.delete('/:id',", '// auth handled upstream'),
      errors: [{ line: 6, messageId: 'authRemoved', message: 'router-level' }],
    },
    {
      name: "Express: app.use('/api', requireAuth, apiRouter) loses its middleware",
      filename: 'src/app.ts',
      baseCode: "import express from 'express'\nimport apiRouter from './routes/api'\nconst app = express()\napp.use(express.json())\napp.use('/api', requireAuth, apiRouter)\nexport default app\n",
      code: "import express from 'express'\nimport apiRouter from './routes/api'\nconst app = express()\napp.use(express.json())\napp.use('/api', apiRouter)\nexport default app\n",
      errors: [{ line: 5, messageId: 'mountAuthRemoved', message: 'apiRouter' }],
    },
    {
      name: 'Fastify: onRequest auth hook removed from a plugin',
      filename: 'src/plugins/admin.ts',
      baseCode: "export default async function admin(app) {\n  app.addHook('onRequest', app.authenticate)\n  app.register(adminRoutes)\n}\n",
      code: "export default async function admin(app) {\n  app.register(adminRoutes)\n}\n",
      errors: [{ line: 2, messageId: 'mountAuthRemoved' }],
    },
    {
      name: 'Express: the requireAuth middleware itself gutted',
      filename: 'src/middleware/auth.ts',
      baseCode: "import jwt from 'jsonwebtoken'\nexport function requireAuth(req, res, next) {\n  const token = req.headers.authorization?.replace('Bearer ', '')\n  try {\n    req.user = jwt.verify(token, process.env.JWT_SECRET)\n  } catch {\n    return res.status(401).json({ error: 'Unauthorized' })\n  }\n  next()\n}\n",
      code: "import jwt from 'jsonwebtoken'\nexport function requireAuth(req, res, next) {\n  const token = req.headers.authorization?.replace('Bearer ', '')\n  req.user = jwt.decode(token)\n  next()\n}\n",
      errors: [{ line: 4, messageId: 'guardGutted', message: 'requireAuth' }],
    },
    {
      name: 'Fastify: preHandler authenticate dropped',
      filename: 'src/routes/billing.ts',
      baseCode: code`
        export default async function routes(app) {
          app.post('/refunds', { preHandler: [app.authenticate] }, async (request) => {
            return app.stripe.refunds.create({ charge: request.body.charge })
          })
        }
      `,
      code: code`
        export default async function routes(app) {
          app.post('/refunds', async (request) => {
            return app.stripe.refunds.create({ charge: request.body.charge })
          })
        }
      `,
      errors: [{ line: 2, messageId: 'authRemoved', message: 'app.authenticate' }],
    },
    {
      name: 'Hono: jwt() dropped from the route',
      filename: 'src/index.ts',
      baseCode: "import { Hono } from 'hono'\nimport { jwt } from 'hono/jwt'\nconst app = new Hono()\napp.delete('/links/:id', jwt({ secret: 's' }), async (c) => {\n  await c.env.DB.prepare('DELETE FROM links WHERE id = ?').bind(c.req.param('id')).run()\n  return c.body(null, 204)\n})\nexport default app\n",
      code: "import { Hono } from 'hono'\nconst app = new Hono()\napp.delete('/links/:id', async (c) => {\n  await c.env.DB.prepare('DELETE FROM links WHERE id = ?').bind(c.req.param('id')).run()\n  return c.body(null, 204)\n})\nexport default app\n",
      errors: [{ line: 3, messageId: 'authRemoved' }],
    },
    {
      name: 'NestJS: @UseGuards removed from a method',
      filename: 'src/users/users.controller.ts',
      baseCode: code`
        import { Controller, Delete, Param, UseGuards } from '@nestjs/common'
        @Controller('users')
        export class UsersController {
          constructor(private readonly usersService: UsersService) {}
          @UseGuards(JwtAuthGuard)
          @Delete(':id')
          remove(@Param('id') id: string) {
            return this.usersService.deleteUser(id)
          }
        }
      `,
      code: code`
        import { Controller, Delete, Param } from '@nestjs/common'
        @Controller('users')
        export class UsersController {
          constructor(private readonly usersService: UsersService) {}
          @Delete(':id')
          remove(@Param('id') id: string) {
            return this.usersService.deleteUser(id)
          }
        }
      `,
      errors: [{ line: 5, messageId: 'authRemoved', message: '@UseGuards(JwtAuthGuard)' }],
    },
    {
      name: 'NestJS: the global APP_GUARD provider removed',
      filename: 'src/app.module.ts',
      baseCode: "@Module({\n  imports: [UsersModule],\n  providers: [{ provide: APP_GUARD, useClass: JwtAuthGuard }],\n})\nexport class AppModule {}\n",
      code: "@Module({\n  imports: [UsersModule],\n})\nexport class AppModule {}\n",
      errors: [{ line: 3, messageId: 'globalGuardRemoved', message: 'JwtAuthGuard' }],
    },
    {
      name: 'NestJS: @Public() added under a global guard',
      filename: 'src/users/users.controller.ts',
      baseCode: "@Controller('users')\nexport class UsersController {\n  @Delete(':id')\n  remove(@Param('id') id: string) {\n    return this.usersService.deleteUser(id)\n  }\n}\n",
      code: "@Controller('users')\nexport class UsersController {\n  @Public()\n  @Delete(':id')\n  remove(@Param('id') id: string) {\n    return this.usersService.deleteUser(id)\n  }\n}\n",
      files: { 'src/app.module.ts': "providers: [{ provide: APP_GUARD, useClass: JwtAuthGuard }]\n" },
      errors: [{ line: 3, messageId: 'markedPublic', message: 'JwtAuthGuard' }],
    },
    {
      name: 'NestJS: @SkipAuth() added to a method of a guarded controller',
      filename: 'src/users/users.controller.ts',
      baseCode: "@Controller('users')\n@UseGuards(JwtAuthGuard)\nexport class UsersController {\n  @Delete(':id')\n  remove(@Param('id') id: string) {\n    return this.usersService.deleteUser(id)\n  }\n}\n",
      code: "@Controller('users')\n@UseGuards(JwtAuthGuard)\nexport class UsersController {\n  @SkipAuth()\n  @Delete(':id')\n  remove(@Param('id') id: string) {\n    return this.usersService.deleteUser(id)\n  }\n}\n",
      errors: [{ line: 4, messageId: 'markedPublic', message: '@UseGuards(JwtAuthGuard)' }],
    },
    {
      name: 'tRPC: authenticated procedure (learnt from the setup file) → publicProcedure',
      filename: 'src/server/routers/team.ts',
      baseCode: "import { router, signedInProcedure } from '../trpc'\nexport const teamRouter = router({\n  rename: signedInProcedure.mutation(({ ctx, input }) => ctx.db.team.update({ where: { id: input.id }, data: input })),\n})\n",
      code: "import { router, publicProcedure } from '../trpc'\nexport const teamRouter = router({\n  rename: publicProcedure.mutation(({ ctx, input }) => ctx.db.team.update({ where: { id: input.id }, data: input })),\n})\n",
      files: { 'src/server/trpc.ts': trpcSetup },
      errors: [{ line: 3, messageId: 'authRemoved', message: 'signedInProcedure' }],
    },
    {
      name: 'tRPC setup: the session check taken out of the authenticated procedure',
      filename: 'src/server/trpc.ts',
      baseCode: trpcSetup,
      code: trpcSetup.replace('export const signedInProcedure = t.procedure.use(isAuthed)', 'export const signedInProcedure = t.procedure'),
      errors: [{ line: 9, messageId: 'procedureWeakened', message: 'signedInProcedure' }],
    },
    {
      name: 'tRPC: role procedure → signed-in procedure on a mutation',
      filename: 'src/server/routers/team.ts',
      baseCode: "import { router, staffProcedure } from '../trpc'\nexport const teamRouter = router({\n  rename: staffProcedure.mutation(({ ctx, input }) => ctx.db.team.update({ where: { id: input.id }, data: input })),\n})\n",
      code: "import { router, signedInProcedure } from '../trpc'\nexport const teamRouter = router({\n  rename: signedInProcedure.mutation(({ ctx, input }) => ctx.db.team.update({ where: { id: input.id }, data: input })),\n})\n",
      files: { 'src/server/trpc.ts': trpcSetup },
      errors: [{ line: 3, messageId: 'roleRemoved', message: 'staffProcedure' }],
    },
    {
      name: 'role check removed from a handler that still writes',
      filename: 'app/api/users/[id]/route.ts',
      baseCode: code`
        export async function DELETE(_req: Request, { params }: { params: { id: string } }) {
          const session = await auth()
          if (!session) return new Response(null, { status: 401 })
          if (session.user.role !== 'admin') return new Response(null, { status: 403 })
          await prisma.user.delete({ where: { id: params.id } })
          return new Response(null, { status: 204 })
        }
      `,
      code: code`
        export async function DELETE(_req: Request, { params }: { params: { id: string } }) {
          const session = await auth()
          if (!session) return new Response(null, { status: 401 })
          await prisma.user.delete({ where: { id: params.id } })
          return new Response(null, { status: 204 })
        }
      `,
      errors: [{ line: 4, messageId: 'roleRemoved' }],
    },
    {
      name: 'server action: auth() and its throw removed',
      filename: 'app/settings/actions.ts',
      baseCode: "'use server'\nexport async function deleteAccount() {\n  const session = await auth()\n  if (!session?.user?.id) throw new Error('Unauthorized')\n  await db.delete(users).where(eq(users.id, session.user.id))\n}\n",
      code: "'use server'\nexport async function deleteAccount(id: string) {\n  await db.delete(users).where(eq(users.id, id))\n}\n",
      errors: [{ line: 3, messageId: 'authRemoved', message: 'auth()' }],
    },
    {
      name: 'Supabase: getUser() check removed',
      filename: 'app/api/notes/route.ts',
      baseCode: code`
        export async function POST(req: Request) {
          const supabase = createClient()
          const { data: { user } } = await supabase.auth.getUser()
          if (!user) return Response.json({ error: 'Unauthorized' }, { status: 401 })
          await supabaseAdmin.from('notes').insert(await req.json())
          return Response.json({ ok: true })
        }
      `,
      code: code`
        export async function POST(req: Request) {
          await supabaseAdmin.from('notes').insert(await req.json())
          return Response.json({ ok: true })
        }
      `,
      errors: [{ line: 2, messageId: 'authRemoved', message: 'getUser()' }],
    },
    {
      name: 'shared-secret check removed: the secret is masked in the message',
      filename: 'app/api/internal/reindex/route.ts',
      // The key is split so that secret scanners (prodrisk among them) do not flag this test file.
      baseCode: "export async function POST(req: Request) {\n  if (req.headers.get('x-api-key') !== '" + 'sk_live_' + "51HxQabc123def456ghi789') {\n    return new Response(null, { status: 401 })\n  }\n  await prisma.searchIndex.deleteMany()\n  return Response.json({ ok: true })\n}\n",
      code: "export async function POST(req: Request) {\n  await prisma.searchIndex.deleteMany()\n  return Response.json({ ok: true })\n}\n",
      errors: [{ line: 2, messageId: 'authRemoved', message: "'sk_l…(31 chars)'" }],
    },
    {
      name: 'Next.js middleware: matcher narrowed',
      filename: 'middleware.ts',
      baseCode: "export { default } from 'next-auth/middleware'\n\nexport const config = {\n  matcher: ['/dashboard/:path*', '/api/billing/:path*'],\n}\n",
      code: "export { default } from 'next-auth/middleware'\n\nexport const config = {\n  matcher: ['/dashboard/:path*'],\n}\n",
      files: { 'app/api/billing/route.ts': 'export async function GET() { return Response.json(await prisma.invoice.findMany()) }\n' },
      errors: [{ line: 4, messageId: 'matcherNarrowed', message: 'app/api/billing/route.ts' }],
    },
    {
      name: 'Clerk middleware: a protected path removed from createRouteMatcher',
      filename: 'middleware.ts',
      baseCode: "import { clerkMiddleware, createRouteMatcher } from '@clerk/nextjs/server'\nconst isProtectedRoute = createRouteMatcher(['/dashboard(.*)', '/api/billing(.*)'])\nexport default clerkMiddleware((auth, req) => {\n  if (isProtectedRoute(req)) auth().protect()\n})\n",
      code: "import { clerkMiddleware, createRouteMatcher } from '@clerk/nextjs/server'\nconst isProtectedRoute = createRouteMatcher(['/dashboard(.*)'])\nexport default clerkMiddleware((auth, req) => {\n  if (isProtectedRoute(req)) auth().protect()\n})\n",
      errors: [{ line: 2, messageId: 'pathCheckRemoved', message: '/api/billing(.*)' }],
    },
    {
      name: 'Clerk middleware: an admin path added to the public routes',
      filename: 'middleware.ts',
      baseCode: "import { authMiddleware } from '@clerk/nextjs'\nexport default authMiddleware({\n  publicRoutes: ['/', '/sign-in'],\n})\n",
      code: "import { authMiddleware } from '@clerk/nextjs'\nexport default authMiddleware({\n  publicRoutes: ['/', '/sign-in', '/api/admin/export'],\n})\n",
      errors: [{ line: 3, messageId: 'pathCheckRemoved', message: '/api/admin/export' }],
    },
    {
      name: 'Next.js middleware: a regex matcher narrowed so a route of the repo falls out',
      filename: 'middleware.ts',
      baseCode: "export { default } from 'next-auth/middleware'\nexport const config = {\n  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],\n}\n",
      code: "export { default } from 'next-auth/middleware'\nexport const config = {\n  matcher: ['/((?!api|_next/static|_next/image|favicon.ico).*)'],\n}\n",
      files: { 'app/api/invoices/route.ts': 'export async function GET() { return Response.json(await prisma.invoice.findMany()) }\n' },
      errors: [{ line: 3, messageId: 'matcherNarrowed', message: 'app/api/invoices/route.ts' }],
    },
    {
      name: 'Next.js middleware: the redirect for signed-out users removed',
      filename: 'middleware.ts',
      baseCode: code`
        import { NextResponse, type NextRequest } from 'next/server'
        export function middleware(request: NextRequest) {
          const token = request.cookies.get('session')?.value
          if (!token) {
            return NextResponse.redirect(new URL('/login', request.url))
          }
          return NextResponse.next()
        }
        export const config = { matcher: ['/dashboard/:path*'] }
      `,
      code: code`
        import { NextResponse, type NextRequest } from 'next/server'
        export function middleware(request: NextRequest) {
          return NextResponse.next()
        }
        export const config = { matcher: ['/dashboard/:path*'] }
      `,
      errors: [{ line: 3, messageId: 'middlewareAuthRemoved' }],
    },
  ],
});

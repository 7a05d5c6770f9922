import { readFileSync } from 'node:fs';
import { code, RuleTester, runRule } from '../../test/rule-tester.js';
import rule from './rule.js';

const supabaseServer = code`
  import { createServerClient } from '@supabase/ssr'
  import { cookies } from 'next/headers'
  export function createClient() {
    return createServerClient(process.env.NEXT_PUBLIC_SUPABASE_URL!, process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY!, {
      cookies: { getAll: () => cookies().getAll() },
    })
  }
`;

new RuleTester().run(rule, {
  valid: [
    {
      name: 'next route: id compared with the session before use',
      filename: 'app/api/invoices/route.ts',
      code: code`
        import { NextRequest, NextResponse } from 'next/server'
        import { getServerSession } from 'next-auth'
        import { prisma } from '@/lib/prisma'
        export async function GET(req: NextRequest) {
          const session = await getServerSession()
          const userId = req.nextUrl.searchParams.get('userId')
          if (!session || userId !== session.user.id) {
            return NextResponse.json({ error: 'Forbidden' }, { status: 403 })
          }
          const invoices = await prisma.invoice.findMany({ where: { userId } })
          return NextResponse.json(invoices)
        }
      `,
    },
    {
      name: 'next route: query also scoped by the session owner',
      filename: 'app/api/projects/[projectId]/route.ts',
      code: code`
        import { NextResponse } from 'next/server'
        import { auth } from '@/auth'
        import { prisma } from '@/lib/prisma'
        export async function DELETE(_req: Request, { params }: { params: { projectId: string } }) {
          const session = await auth()
          if (!session?.user?.id) return NextResponse.json({ error: 'Unauthorized' }, { status: 401 })
          await prisma.project.deleteMany({ where: { id: params.projectId, ownerId: session.user.id } })
          return new NextResponse(null, { status: 204 })
        }
      `,
    },
    {
      name: 'express: values from req.user set by auth middleware',
      filename: 'src/routes/billing.ts',
      code: code`
        import { Router } from 'express'
        import { prisma } from '../lib/prisma'
        import { requireAuth } from '../middleware/auth'
        const router = Router()
        router.get('/invoices', requireAuth, async (req, res) => {
          const invoices = await prisma.invoice.findMany({ where: { accountId: req.user!.accountId, status: req.query.status as string } })
          res.json(invoices)
        })
        export default router
      `,
    },
    {
      name: 'express: explicit membership check on the org id',
      filename: 'src/routes/orgs.ts',
      code: code`
        import { Router } from 'express'
        import { prisma } from '../lib/prisma'
        import { assertMember } from '../lib/access'
        const router = Router()
        router.get('/orgs/:orgId/projects', async (req, res) => {
          const { orgId } = req.params
          await assertMember(orgId, req.user!.id)
          res.json(await prisma.project.findMany({ where: { orgId } }))
        })
        export default router
      `,
    },
    {
      name: 'config.accessChecks: a project-specific permission helper',
      filename: 'src/routes/reports.ts',
      config: { accessChecks: ['mayViewTenant'] },
      code: code`
        import { Router } from 'express'
        import { prisma } from '../lib/prisma'
        const router = Router()
        router.get('/reports', async (req, res) => {
          const tenantId = String(req.query.tenantId)
          if (!(await mayViewTenant(req.user, tenantId))) return res.status(403).end()
          res.json(await prisma.report.findMany({ where: { tenantId } }))
        })
        export default router
      `,
    },
    {
      name: 'trpc: membership lookup scoped by the session, then checked',
      filename: 'src/server/api/routers/team.ts',
      code: code`
        import { z } from 'zod'
        import { TRPCError } from '@trpc/server'
        import { createTRPCRouter, protectedProcedure } from '../trpc'
        export const teamRouter = createTRPCRouter({
          members: protectedProcedure.input(z.object({ teamId: z.string() })).query(async ({ ctx, input }) => {
            const membership = await ctx.db.membership.findFirst({ where: { teamId: input.teamId, userId: ctx.session.user.id } })
            if (!membership) throw new TRPCError({ code: 'FORBIDDEN' })
            return ctx.db.membership.findMany({ where: { teamId: input.teamId } })
          }),
        })
      `,
    },
    {
      name: 'supabase: cookie-bound client, RLS decides which rows are visible',
      filename: 'app/api/orgs/[orgId]/projects/route.ts',
      files: { 'lib/supabase/server.ts': supabaseServer },
      code: code`
        import { NextResponse } from 'next/server'
        import { createClient } from '@/lib/supabase/server'
        export async function GET(_req: Request, { params }: { params: { orgId: string } }) {
          const supabase = createClient()
          const { data } = await supabase.from('projects').select('*').eq('org_id', params.orgId)
          return NextResponse.json(data)
        }
      `,
    },
    {
      name: 'server action: zod schema without owner fields, owner from the session',
      filename: 'app/notes/actions.ts',
      code: code`
        'use server'
        import { z } from 'zod'
        import { auth } from '@/auth'
        import { prisma } from '@/lib/prisma'
        const schema = z.object({ title: z.string(), body: z.string() })
        export async function createNote(input: unknown) {
          const session = await auth()
          if (!session?.user?.id) throw new Error('Unauthorized')
          const data = schema.parse(input)
          return prisma.note.create({ data: { ...data, authorId: session.user.id } })
        }
      `,
    },
    {
      name: 'pages api: body spread with the owner pinned from the session',
      filename: 'pages/api/posts.ts',
      code: code`
        import type { NextApiRequest, NextApiResponse } from 'next'
        import { getServerSession } from 'next-auth/next'
        import prisma from '@/lib/prisma'
        export default async function handler(req: NextApiRequest, res: NextApiResponse) {
          const session = await getServerSession(req, res, {})
          if (!session) return res.status(401).end()
          const post = await prisma.post.create({ data: { ...req.body, authorId: session.user.id } })
          res.json(post)
        }
      `,
    },
    {
      name: 'ownership checked on the row after reading it',
      filename: 'app/api/documents/[id]/route.ts',
      code: code`
        import { NextResponse } from 'next/server'
        import { auth } from '@/auth'
        import { prisma } from '@/lib/prisma'
        export async function GET(_req: Request, { params }: { params: { id: string } }) {
          const session = await auth()
          if (!session) return NextResponse.json({}, { status: 401 })
          const doc = await prisma.document.findUnique({ where: { id: params.id } })
          if (!doc || doc.ownerId !== session.user.id) return NextResponse.json({}, { status: 404 })
          return NextResponse.json(doc)
        }
      `,
    },
    {
      name: 'role compared only to reject it (validation, not a privilege decision)',
      filename: 'src/routes/invites.ts',
      code: code`
        import { Router } from 'express'
        const router = Router()
        router.post('/invites', async (req, res) => {
          if (req.body.role === 'owner') return res.status(400).json({ error: 'cannot invite owners' })
          res.status(204).end()
        })
        export default router
      `,
    },
    {
      name: 'admin-only route acts on other users by design',
      filename: 'src/routes/users.ts',
      code: code`
        import { Router } from 'express'
        import { prisma } from '../lib/prisma'
        import { requireAdmin } from '../middleware/auth'
        const router = Router()
        router.delete('/users/:userId', requireAdmin, async (req, res) => {
          await prisma.user.delete({ where: { id: req.params.userId } })
          res.status(204).end()
        })
        export default router
      `,
    },
    {
      name: 'legacy risky query not touched by the change',
      filename: 'pages/api/reports.ts',
      baseCode: code`
        import type { NextApiRequest, NextApiResponse } from 'next'
        import prisma from '@/lib/prisma'
        export default async function handler(req: NextApiRequest, res: NextApiResponse) {
          const accountId = req.query.accountId as string
          const reports = await prisma.report.findMany({ where: { accountId } })
          return res.status(200).json(reports)
        }
      `,
      code: code`
        import type { NextApiRequest, NextApiResponse } from 'next'
        import prisma from '@/lib/prisma'
        export default async function handler(req: NextApiRequest, res: NextApiResponse) {
          const accountId = req.query.accountId as string
          const reports = await prisma.report.findMany({ where: { accountId } })
          return res.status(200).json({ reports, total: reports.length })
        }
      `,
    },
    {
      name: 'non-identity filters from the query string',
      filename: 'app/api/products/route.ts',
      code: code`
        import { NextRequest, NextResponse } from 'next/server'
        import { prisma } from '@/lib/prisma'
        export async function GET(req: NextRequest) {
          const category = req.nextUrl.searchParams.get('category') ?? undefined
          return NextResponse.json(await prisma.product.findMany({ where: { category, published: true } }))
        }
      `,
    },
    {
      name: 'unauthenticated delete by id is left to missing-auth-check',
      filename: 'app/api/tasks/[id]/route.ts',
      code: code`
        import { prisma } from '@/lib/prisma'
        export async function DELETE(_req: Request, { params }: { params: { id: string } }) {
          await prisma.task.delete({ where: { id: params.id } })
          return new Response(null, { status: 204 })
        }
      `,
    },
    {
      name: 'hono: user id from the verified JWT context',
      filename: 'src/routes/me.ts',
      code: code`
        import { Hono } from 'hono'
        import { db } from '../db'
        const app = new Hono()
        app.get('/me/orders', async (c) => {
          const userId = c.get('userId')
          const status = c.req.query('status')
          return c.json(await db.order.findMany({ where: { userId, status } }))
        })
        export default app
      `,
    },
    {
      name: 'stripe webhook payloads are not user input',
      filename: 'app/api/webhooks/stripe/route.ts',
      code: code`
        import { stripe } from '@/lib/stripe'
        import { prisma } from '@/lib/prisma'
        export async function POST(req: Request) {
          const event = stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature')!, process.env.WHSEC!)
          const session = event.data.object as { client_reference_id: string }
          await prisma.user.update({ where: { id: session.client_reference_id }, data: { plan: 'pro' } })
          return new Response(null)
        }
      `,
    },
    {
      name: 'public read without any authentication (public data, or missing-auth-check)',
      filename: 'app/api/authors/[authorId]/posts/route.ts',
      code: code`
        import { prisma } from '@/lib/prisma'
        export async function GET(_req: Request, { params }: { params: { authorId: string } }) {
          return Response.json(await prisma.post.findMany({ where: { authorId: params.authorId, published: true } }))
        }
      `,
    },
    {
      name: 'invite into a team the caller administers: the target user id is intended',
      filename: 'src/server/api/routers/invites.ts',
      code: code`
        import { z } from 'zod'
        import { TRPCError } from '@trpc/server'
        import { createTRPCRouter, protectedProcedure } from '../trpc'
        export const inviteRouter = createTRPCRouter({
          add: protectedProcedure
            .input(z.object({ teamId: z.string(), userId: z.string(), role: z.enum(['MEMBER', 'ADMIN']) }))
            .mutation(async ({ ctx, input }) => {
              const me = await ctx.db.membership.findFirst({ where: { teamId: input.teamId, userId: ctx.session.user.id } })
              if (!me || me.role !== 'ADMIN') throw new TRPCError({ code: 'FORBIDDEN' })
              return ctx.db.membership.create({ data: { teamId: input.teamId, userId: input.userId, role: input.role } })
            }),
        })
      `,
    },
    {
      name: 'row scoped by a value read from the caller\'s own record',
      filename: 'app/api/projects/[id]/route.ts',
      code: code`
        import { auth } from '@/auth'
        import { prisma } from '@/lib/prisma'
        export async function GET(_req: Request, { params }: { params: { id: string } }) {
          const session = await auth()
          if (!session) return new Response(null, { status: 401 })
          const me = await prisma.user.findUniqueOrThrow({ where: { id: session.user.id } })
          const project = await prisma.project.findFirst({ where: { id: params.id, orgId: me.orgId } })
          return Response.json(project)
        }
      `,
    },
    {
      name: 'a plan from the body picks a price, not a permission',
      filename: 'app/api/checkout/route.ts',
      code: code`
        import { auth } from '@/auth'
        import { stripe } from '@/lib/stripe'
        const PRICES = { monthly: 'price_1', yearly: 'price_2' } as const
        export async function POST(req: Request) {
          const session = await auth()
          if (!session) return new Response(null, { status: 401 })
          const { plan } = await req.json()
          const price = plan === 'yearly' ? PRICES.yearly : PRICES.monthly
          const checkout = await stripe.checkout.sessions.create({ mode: 'subscription', line_items: [{ price, quantity: 1 }], client_reference_id: session.user.id })
          return Response.json({ url: checkout.url })
        }
      `,
    },
    {
      name: 'route middleware that checks the caller is the user in the path',
      filename: 'src/routes/users.ts',
      code: code`
        import { Router } from 'express'
        import { prisma } from '../lib/prisma'
        import { requireAuth, requireSelf } from '../middleware/auth'
        const router = Router()
        router.get('/users/:userId/orders', requireAuth, requireSelf('userId'), async (req, res) => {
          res.json(await prisma.order.findMany({ where: { userId: req.params.userId } }))
        })
        export default router
      `,
    },
    {
      name: 'trpc procedure whose middleware checks org membership',
      filename: 'src/server/api/routers/org.ts',
      code: code`
        import { z } from 'zod'
        import { createTRPCRouter, orgMemberProcedure } from '../trpc'
        export const orgRouter = createTRPCRouter({
          projects: orgMemberProcedure.input(z.object({ orgId: z.string() })).query(({ ctx, input }) =>
            ctx.db.project.findMany({ where: { orgId: input.orgId } })),
        })
      `,
    },
    {
      name: 'helper given both the client id and the session identity scopes one by the other',
      filename: 'app/api/orgs/[orgId]/projects/route.ts',
      code: code`
        import { auth } from '@/auth'
        import { prisma } from '@/lib/prisma'
        import { getOrgForUser } from '@/lib/orgs'
        export async function GET(_req: Request, { params }: { params: { orgId: string } }) {
          const session = await auth()
          if (!session) return new Response(null, { status: 401 })
          const org = await getOrgForUser(params.orgId, session.user.id)
          if (!org) return new Response(null, { status: 404 })
          return Response.json(await prisma.project.findMany({ where: { orgId: params.orgId } }))
        }
      `,
    },
    {
      name: 'permission helper with a camel-case name before a delete by id',
      filename: 'app/api/documents/[id]/route.ts',
      code: code`
        import { auth } from '@/auth'
        import { prisma } from '@/lib/prisma'
        import { userCanEditDocument } from '@/lib/permissions'
        export async function DELETE(_req: Request, { params }: { params: { id: string } }) {
          const session = await auth()
          if (!session || !(await userCanEditDocument(session.user, params.id))) return new Response(null, { status: 403 })
          await prisma.document.delete({ where: { id: params.id } })
          return new Response(null, { status: 204 })
        }
      `,
    },
    {
      name: 'object id of a model nobody owns (from prisma/schema.prisma)',
      filename: 'app/api/products/[id]/route.ts',
      files: { 'prisma/schema.prisma': 'model Product {\n  id    String @id\n  name  String\n  price Int\n}\n' },
      code: code`
        import { auth } from '@/auth'
        import { prisma } from '@/lib/prisma'
        export async function GET(_req: Request, { params }: { params: { id: string } }) {
          const session = await auth()
          if (!session) return new Response(null, { status: 401 })
          return Response.json(await prisma.product.findUnique({ where: { id: params.id } }))
        }
      `,
    },
    {
      name: 'requested role only decides which access check runs',
      filename: 'app/team/role-actions.ts',
      code: code`
        'use server'
        import { auth } from '@/auth'
        import { assertTeamOwner, createInvite } from '@/lib/teams'
        export async function invite(teamId: string, email: string, role: string) {
          const session = await auth()
          if (!session) throw new Error('Unauthorized')
          if (role !== 'member') {
            await assertTeamOwner(teamId, session.user.id)
          }
          await createInvite(teamId, email, role)
        }
      `,
    },
    {
      name: 'a client role only picks a label',
      filename: 'app/api/preview/route.ts',
      code: code`
        export async function POST(req: Request) {
          const { role } = await req.json()
          const label = role === 'admin' ? 'Administrator' : 'Member'
          return Response.json({ label })
        }
      `,
    },
    {
      name: 'config.authGuards: a project-specific function returns the signed-in user',
      filename: 'src/routes/orders.ts',
      config: { authGuards: ['whoami'] },
      code: code`
        import { Router } from 'express'
        import { prisma } from '../lib/prisma'
        const router = Router()
        router.get('/orders', async (req, res) => {
          const me = await whoami(req)
          res.json(await prisma.order.findMany({ where: { userId: me.id, status: String(req.query.status) } }))
        })
        export default router
      `,
    },
    {
      name: 'impersonation allowed only for admins (the caller\'s own flag from the session)',
      filename: 'app/api/usage/route.ts',
      code: code`
        import { NextRequest } from 'next/server'
        import { auth } from '@/auth'
        import { prisma } from '@/lib/prisma'
        export async function GET(req: NextRequest) {
          const session = await auth()
          if (!session) return new Response(null, { status: 401 })
          const asUser = req.nextUrl.searchParams.get('asUser')
          if (asUser && !session.user.isAdmin) return new Response(null, { status: 403 })
          return Response.json(await prisma.usage.findMany({ where: { userId: asUser ?? session.user.id } }))
        }
      `,
    },
    {
      name: 'session object from a library with its own name (iron-session)',
      filename: 'app/api/notes/[id]/route.ts',
      code: code`
        import { cookies } from 'next/headers'
        import { getIronSession } from 'iron-session'
        import { prisma } from '@/lib/prisma'
        export async function GET(_req: Request, { params }: { params: { id: string } }) {
          const s = await getIronSession<{ userId: string }>(cookies(), { password: process.env.SECRET!, cookieName: 'sid' })
          return Response.json(await prisma.note.findFirst({ where: { id: params.id, authorId: s.userId } }))
        }
      `,
    },
    {
      name: 'identity injected by an auth wrapper scopes the query',
      filename: 'app/api/docs/[id]/route.ts',
      code: code`
        import { withAuth } from '@/lib/with-auth'
        import { prisma } from '@/lib/prisma'
        export const GET = withAuth(async (_req: Request, ctx: { params: { id: string } }, user: { id: string }) => {
          const doc = await prisma.doc.findFirst({ where: { id: ctx.params.id, ownerId: user.id } })
          return Response.json(doc)
        })
      `,
    },
    {
      name: 'ids of rows the handler just created are not client input',
      filename: 'app/api/docs/route.ts',
      code: code`
        import { auth } from '@/auth'
        import { prisma } from '@/lib/prisma'
        export async function POST(req: Request) {
          const session = await auth()
          if (!session) return new Response(null, { status: 401 })
          const body = await req.json()
          const doc = await prisma.doc.create({ data: { title: String(body.title), ownerId: session.user.id } })
          const updated = await prisma.doc.update({ where: { id: doc.id }, data: { slug: doc.id.slice(0, 8) } })
          return Response.json(updated)
        }
      `,
    },
    {
      name: 'suppressed with a reason on the line above the reported line',
      filename: 'src/routes/projects.ts',
      code: code`
        import { Router } from 'express'
        import { prisma } from '../lib/prisma'
        const router = Router()
        router.get('/projects', requireAuth, async (req, res) => {
          const projects = await prisma.project.findMany({
            // prodrisk-ignore client-trusted-id: org membership enforced by the gateway policy orgs.member
            where: { orgId: String(req.query.orgId) },
          })
          res.json(projects)
        })
        export default router
      `,
    },
    {
      name: 'stripe: a price chosen by the client is not an identity',
      filename: 'app/api/checkout/route.ts',
      code: code`
        import { auth } from '@/auth'
        import { stripe } from '@/lib/stripe'
        export async function POST(req: Request) {
          const session = await auth()
          if (!session) return new Response(null, { status: 401 })
          const { priceId } = await req.json()
          const checkout = await stripe.checkout.sessions.create({ mode: 'subscription', line_items: [{ price: priceId, quantity: 1 }], client_reference_id: session.user.id })
          return Response.json({ url: checkout.url })
        }
      `,
    },
    {
      name: 'a header the app\'s own middleware sets (tenant resolved from the host)',
      filename: 'app/api/projects/route.ts',
      files: {
        'middleware.ts': code`
          import { NextResponse, type NextRequest } from 'next/server'
          export function middleware(req: NextRequest) {
            const headers = new Headers(req.headers)
            headers.set('x-tenant-id', tenantFromHost(req.headers.get('host')))
            return NextResponse.next({ request: { headers } })
          }
        `,
      },
      code: code`
        import { headers } from 'next/headers'
        import { prisma } from '@/lib/prisma'
        export async function GET() {
          const tenantId = headers().get('x-tenant-id')!
          return Response.json(await prisma.project.findMany({ where: { tenantId } }))
        }
      `,
    },
    {
      name: 'safe-action builder: ctx is built by the server middleware, only parsedInput is the client\'s',
      filename: 'lib/actions/rename-project.ts',
      code: code`
        'use server'
        import { z } from 'zod'
        import { prisma } from '@/lib/prisma'
        import { memberActionClient } from './clients'
        const schema = z.object({ projectId: z.string(), name: z.string() })
        export const renameProject = memberActionClient
          .inputSchema(schema)
          .action(async ({ ctx, parsedInput }) => {
            const { org } = ctx
            await prisma.project.update({ where: { id: parsedInput.projectId, orgId: org.id }, data: { name: parsedInput.name } })
            await prisma.auditEntry.create({ data: { orgId: ctx.org.id, actorId: ctx.user.id, kind: 'rename' } })
          })
      `,
    },
    {
      name: 'trpc: the row is scoped by a where-helper given the caller, then checked; its group keys the delete',
      filename: 'server/routers/squad/remove-seat.ts',
      code: code`
        import { prisma } from '@/db'
        import { seatWhereForCaller } from '@/lib/squads'
        import { protectedProcedure } from '../trpc'
        export const removeSeat = protectedProcedure
          .input(ZRemoveSeat)
          .mutation(async ({ ctx, input }) => {
            const { squadId, memberId } = input
            const { viewer } = ctx
            const squad = await prisma.squad.findFirst({
              where: seatWhereForCaller({ squadId, userId: viewer.id, needs: 'MANAGE' }),
              include: { seats: true },
            })
            if (!squad) throw new Error('not found')
            const seat = squad.seats[0]
            await prisma.seatAssignment.delete({
              where: { memberId_seatId: { memberId, seatId: seat.id } },
            })
          })
      `,
    },
    {
      name: 'server action: role of another user set after a permission check that names the required permission',
      filename: 'lib/actions/share-folder.ts',
      code: code`
        'use server'
        import { prisma } from '@/lib/prisma'
        import { verifyFolderAccess } from '@/lib/folders'
        import { signedInAction } from './clients'
        export const shareFolder = signedInAction
          .schema(shareSchema)
          .action(async ({ ctx, parsedInput: { folderId, userId, role } }) => {
            await verifyFolderAccess({ folderId, userId: ctx.user.id, requiredPermission: 'folders.share' })
            await prisma.folderUser.upsert({
              where: { folderId_userId: { folderId, userId } },
              update: { role },
              create: { folderId, userId, role },
            })
          })
      `,
    },
    {
      name: 'pages api: an object id read for an email, not returned (the word only appears in a message)',
      filename: 'pages/api/orders/resend.ts',
      code: code`
        import type { NextApiRequest, NextApiResponse } from 'next'
        import { getServerSession } from 'next-auth'
        import { prisma } from '@/lib/prisma'
        import { queueReceipt } from '@/lib/mail'
        export default async function handler(req: NextApiRequest, res: NextApiResponse) {
          const session = await getServerSession(req, res)
          if (!session) return res.status(401).end()
          const order = await prisma.order.findUnique({ where: { id: req.body.orderId } })
          if (!order) return res.status(404).json({ message: 'No order found' })
          await queueReceipt(session.user.email, order.total)
          res.status(202).json({ message: 'order receipt queued' })
        }
      `,
    },
  ],
  invalid: [
    {
      name: 'safe-action builder: the parsed input still chooses whose membership is deleted',
      filename: 'lib/actions/leave-org.ts',
      code: code`
        'use server'
        import { prisma } from '@/lib/prisma'
        import { authActionClient } from './clients'
        export const leaveOrg = authActionClient
          .schema(leaveSchema)
          .action(async ({ parsedInput }) => {
            await prisma.membership.delete({ where: { userId: parsedInput.userId } })
          })
      `,
      errors: [{ messageId: 'trustedId', line: 7 }],
    },
    {
      name: 'next route: userId from searchParams lists another user\'s invoices',
      filename: 'app/api/invoices/route.ts',
      code: code`
        import { NextRequest, NextResponse } from 'next/server'
        import { getServerSession } from 'next-auth'
        import { prisma } from '@/lib/prisma'
        export async function GET(req: NextRequest) {
          const session = await getServerSession()
          if (!session) return NextResponse.json({}, { status: 401 })
          const { searchParams } = req.nextUrl
          const userId = searchParams.get('userId')
          const invoices = await prisma.invoice.findMany({
            where: { userId },
          })
          return NextResponse.json(invoices)
        }
      `,
      errors: [{ line: 10, messageId: 'trustedId', severity: 'high', message: '`userId`' }],
    },
    {
      name: 'next route: renamed id with a session fallback (?? keeps the client value)',
      filename: 'app/api/usage/route.ts',
      code: code`
        import { NextRequest, NextResponse } from 'next/server'
        import { auth } from '@/auth'
        import { prisma } from '@/lib/prisma'
        export async function GET(req: NextRequest) {
          const session = await auth()
          const target = req.nextUrl.searchParams.get('asUser') ?? session!.user.id
          const rows = await prisma.usage.findMany({ where: { userId: target } })
          return NextResponse.json(rows)
        }
      `,
      errors: [{ line: 7, messageId: 'trustedId' }],
    },
    {
      name: 'next route: body through await request.json() and destructuring into a service-role Supabase client',
      filename: 'app/api/org/members/route.ts',
      code: code`
        import { createClient } from '@supabase/supabase-js'
        const admin = createClient(process.env.SUPABASE_URL!, process.env.SUPABASE_SERVICE_ROLE_KEY!)
        export async function POST(request: Request) {
          const { data: { user } } = await admin.auth.getUser(request.headers.get('authorization')!.slice(7))
          if (!user) return new Response(null, { status: 401 })
          const { orgId } = await request.json()
          const { data } = await admin
            .from('organization_members')
            .select('*')
            .eq('organization_id', orgId)
          return Response.json(data)
        }
      `,
      errors: [{ line: 10, messageId: 'trustedId' }],
    },
    {
      name: 'pages api: role and plan copied from the body',
      filename: 'pages/api/account.ts',
      code: code`
        import type { NextApiRequest, NextApiResponse } from 'next'
        import { getServerSession } from 'next-auth/next'
        import prisma from '@/lib/prisma'
        export default async function handler(req: NextApiRequest, res: NextApiResponse) {
          const session = await getServerSession(req, res, {})
          if (!session?.user?.email) return res.status(401).end()
          const { name, role, plan } = req.body
          const user = await prisma.user.update({
            where: { email: session.user.email },
            data: { name, role, plan },
          })
          res.json(user)
        }
      `,
      errors: [{ line: 10, messageId: 'privilegeWrite' }],
    },
    {
      name: 'pages api: whole body as data (mass assignment)',
      filename: 'pages/api/profile.ts',
      code: code`
        import type { NextApiRequest, NextApiResponse } from 'next'
        import { getServerSession } from 'next-auth/next'
        import prisma from '@/lib/prisma'
        export default async function handler(req: NextApiRequest, res: NextApiResponse) {
          const session = await getServerSession(req, res, {})
          if (!session) return res.status(401).end()
          const user = await prisma.user.update({ where: { id: session.user.id }, data: req.body })
          res.json(user)
        }
      `,
      errors: [{ line: 7, messageId: 'massAssignment' }],
    },
    {
      name: 'express: path id updates any user, body written as-is',
      filename: 'src/routes/users.ts',
      code: code`
        import { Router } from 'express'
        import { prisma } from '../lib/prisma'
        import { requireAuth } from '../middleware/auth'
        const router = Router()
        router.patch('/:id', requireAuth, async (req, res) => {
          const user = await prisma.user.update({
            where: { id: req.params.id },
            data: req.body,
          })
          res.json(user)
        })
        export default router
      `,
      errors: [{ line: 7, messageId: 'trustedId' }],
    },
    {
      name: 'express: ownerId from the body on create',
      filename: 'src/routes/projects.ts',
      code: code`
        import { Router } from 'express'
        import { prisma } from '../lib/prisma'
        const router = Router()
        router.post('/projects', async (req, res) => {
          const { name, ownerId } = req.body
          const project = await prisma.project.create({ data: { name, ownerId } })
          res.status(201).json(project)
        })
        export default router
      `,
      errors: [{ line: 6, messageId: 'trustedId' }],
    },
    {
      name: 'express: object id deletes any record (IDOR, medium)',
      filename: 'src/routes/posts.ts',
      code: code`
        import { Router } from 'express'
        import { prisma } from '../lib/prisma'
        import { requireAuth } from '../middleware/auth'
        const router = Router()
        router.delete('/posts/:postId', requireAuth, async (req, res) => {
          await prisma.post.delete({ where: { id: req.params.postId } })
          res.status(204).end()
        })
        export default router
      `,
      errors: [{ line: 6, messageId: 'idor', severity: 'medium' }],
    },
    {
      name: 'express + pg: account id from the query bound into SQL',
      filename: 'src/routes/invoices.ts',
      code: code`
        import { Router } from 'express'
        import { pool } from '../db'
        const router = Router()
        router.get('/invoices', requireAuth, async (req, res) => {
          const { rows } = await pool.query('SELECT * FROM invoices WHERE account_id = $1', [req.query.accountId])
          res.json(rows)
        })
        export default router
      `,
      errors: [{ line: 5, messageId: 'trustedId' }],
    },
    {
      name: 'express + postgres tagged SQL through a template string',
      filename: 'src/routes/orders.ts',
      code: code`
        import { Router } from 'express'
        import sql from '../db'
        const router = Router()
        router.get('/orders', async (req, res) => {
          const customer = req.headers['x-customer-id'] as string
          const rows = await sql\`select * from orders where customer_id = \${customer}\`
          res.json(rows)
        })
        export default router
      `,
      errors: [{ line: 6, messageId: 'trustedId' }],
    },
    {
      name: 'express + mongoose: filter by userId from the query',
      filename: 'src/routes/orders.ts',
      code: code`
        import express from 'express'
        import { Order } from '../models/order'
        const app = express()
        app.get('/orders', passport.authenticate('jwt'), async (req, res) => {
          const orders = await Order.find({ userId: req.query.userId })
          res.json(orders)
        })
      `,
      errors: [{ line: 5, messageId: 'trustedId' }],
    },
    {
      name: 'koa + knex: tenant id from the body',
      filename: 'src/routes/projects.ts',
      code: code`
        import Router from '@koa/router'
        import { knex } from '../db'
        const router = new Router()
        router.post('/projects/search', async (ctx) => {
          if (!ctx.state.user) ctx.throw(401)
          const { tenantId } = ctx.request.body as { tenantId: string }
          ctx.body = await knex('projects').where({ tenant_id: tenantId })
        })
        export default router
      `,
      errors: [{ line: 7, messageId: 'trustedId' }],
    },
    {
      name: 'fastify + stripe: customer id from the body opens a billing portal',
      filename: 'src/routes/billing.ts',
      code: code`
        import type { FastifyInstance, FastifyRequest } from 'fastify'
        import { stripe } from '../lib/stripe'
        export default async function routes(app: FastifyInstance) {
          app.post('/billing/portal', async (request: FastifyRequest<{ Body: { customerId: string } }>) => {
            const portal = await stripe.billingPortal.sessions.create({
              customer: request.body.customerId,
              return_url: 'https://example.com',
            })
            return { url: portal.url }
          })
        }
      `,
      errors: [{ line: 6, messageId: 'trustedId' }],
    },
    {
      name: 'hono + drizzle: team id from the path',
      filename: 'src/routes/projects.ts',
      code: code`
        import { Hono } from 'hono'
        import { eq } from 'drizzle-orm'
        import { db } from '../db'
        import { projects } from '../db/schema'
        const app = new Hono()
        app.use('/teams/*', jwt({ secret: process.env.JWT_SECRET! }))
        app.get('/teams/:teamId/projects', async (c) => {
          const teamId = c.req.param('teamId')
          const rows = await db.select().from(projects).where(eq(projects.teamId, teamId))
          return c.json(rows)
        })
        export default app
      `,
      errors: [{ line: 9, messageId: 'trustedId' }],
    },
    {
      name: 'nestjs: @Param userId reads another user\'s invoices',
      filename: 'src/invoices/invoices.controller.ts',
      code: code`
        import { Controller, Get, Param } from '@nestjs/common'
        import { PrismaService } from '../prisma/prisma.service'
        @UseGuards(JwtAuthGuard)
        @Controller('invoices')
        export class InvoicesController {
          constructor(private readonly prisma: PrismaService) {}
          @Get('user/:userId')
          list(@Param('userId') userId: string) {
            return this.prisma.invoice.findMany({ where: { userId } })
          }
        }
      `,
      errors: [{ line: 9, messageId: 'trustedId' }],
    },
    {
      name: 'nestjs + typeorm: DTO with a role field written whole',
      filename: 'src/users/users.controller.ts',
      code: code`
        import { Body, Controller, Patch, Req } from '@nestjs/common'
        class UpdateUserDto {
          name?: string
          role?: string
        }
        @Controller('users')
        export class UsersController {
          constructor(private readonly usersRepository: any) {}
          @Patch('me')
          update(@Req() req: any, @Body() dto: UpdateUserDto) {
            return this.usersRepository.update({ id: req.user.id }, dto)
          }
        }
      `,
      errors: [{ line: 11, messageId: 'massAssignment' }],
    },
    {
      name: 'server action: role and member id from arguments (drizzle set/where)',
      filename: 'app/team/actions.ts',
      code: code`
        'use server'
        import { and, eq } from 'drizzle-orm'
        import { auth } from '@/auth'
        import { db } from '@/db'
        import { teamMembers } from '@/db/schema'
        export async function updateMemberRole(teamId: string, memberId: string, role: string) {
          const session = await auth()
          if (!session) throw new Error('Unauthorized')
          await db
            .update(teamMembers)
            .set({ role })
            .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, memberId)))
        }
      `,
      errors: [{ line: 12, messageId: 'trustedId' }],
    },
    {
      name: 'server action: workspace id from a form field through zod',
      filename: 'app/documents/actions.ts',
      code: code`
        'use server'
        import { z } from 'zod'
        import { auth } from '@/auth'
        import { prisma } from '@/lib/prisma'
        const schema = z.object({ title: z.string(), workspaceId: z.string() })
        export async function createDocument(formData: FormData) {
          const session = await auth()
          const { title, workspaceId } = schema.parse({
            title: formData.get('title'),
            workspaceId: formData.get('workspaceId'),
          })
          await prisma.document.create({ data: { title, workspaceId, authorId: session!.user.id } })
        }
      `,
      errors: [{ line: 12, messageId: 'trustedId' }],
    },
    {
      name: 'server action: the id flows through a small local helper',
      filename: 'app/billing/actions.ts',
      code: code`
        'use server'
        import { auth } from '@/auth'
        import { prisma } from '@/lib/prisma'
        async function loadInvoices(accountId: string) {
          return prisma.invoice.findMany({ where: { accountId } })
        }
        export async function listInvoices(accountId: string) {
          const session = await auth()
          if (!session) throw new Error('Unauthorized')
          return loadInvoices(accountId)
        }
      `,
      errors: [{ line: 5, messageId: 'trustedId' }],
    },
    {
      name: 'trpc: input.userId instead of ctx.session.user.id',
      filename: 'src/server/api/routers/billing.ts',
      code: code`
        import { z } from 'zod'
        import { createTRPCRouter, protectedProcedure } from '../trpc'
        export const billingRouter = createTRPCRouter({
          subscription: protectedProcedure
            .input(z.object({ userId: z.string() }))
            .query(({ ctx, input }) => ctx.db.subscription.findFirst({ where: { userId: input.userId } })),
        })
      `,
      errors: [{ line: 6, messageId: 'trustedId' }],
    },
    {
      name: 'supabase edge function: service-role client filtered by a body id',
      filename: 'supabase/functions/upgrade/index.ts',
      code: code`
        import { createClient } from 'https://esm.sh/@supabase/supabase-js@2'
        Deno.serve(async (req) => {
          const { userId } = await req.json()
          const supabase = createClient(Deno.env.get('SUPABASE_URL')!, Deno.env.get('SUPABASE_SERVICE_ROLE_KEY')!)
          await supabase.from('profiles').update({ credits: 100 }).eq('id', userId)
          return new Response('ok')
        })
      `,
      errors: [{ line: 5, messageId: 'trustedId' }],
    },
    {
      name: 'authorization decision on a client-sent role',
      filename: 'src/routes/reports.ts',
      code: code`
        import { Router } from 'express'
        import { prisma } from '../lib/prisma'
        const router = Router()
        router.post('/reports/export', async (req, res) => {
          if (req.body.role === 'admin') {
            return res.json(await prisma.report.findMany())
          }
          res.status(403).end()
        })
        export default router
      `,
      errors: [{ line: 5, messageId: 'decision' }],
    },
    {
      name: 'authorization decision on an isAdmin flag',
      filename: 'app/api/export/route.ts',
      code: code`
        export async function POST(req: Request) {
          const { isAdmin } = await req.json()
          if (!isAdmin) return new Response(null, { status: 403 })
          return new Response('all rows')
        }
      `,
      errors: [{ line: 3, messageId: 'decision' }],
    },
    {
      name: 'client-set cookie read through next/headers',
      filename: 'app/api/cart/route.ts',
      code: code`
        import { cookies } from 'next/headers'
        import { prisma } from '@/lib/prisma'
        export async function GET() {
          const customerId = cookies().get('customerId')?.value
          return Response.json(await prisma.cart.findFirst({ where: { customerId } }))
        }
      `,
      errors: [{ line: 5, messageId: 'trustedId' }],
    },
    {
      name: 'only the source line changed: the flow step puts the finding in the PR',
      filename: 'pages/api/reports.ts',
      baseCode: code`
        import type { NextApiRequest, NextApiResponse } from 'next'
        import prisma from '@/lib/prisma'
        export default async function handler(req: NextApiRequest, res: NextApiResponse) {
          const session = await getServerSession(req, res, authOptions)
          const accountId = req.user.accountId
          const reports = await prisma.report.findMany({ where: { accountId } })
          return res.status(200).json(reports)
        }
      `,
      code: code`
        import type { NextApiRequest, NextApiResponse } from 'next'
        import prisma from '@/lib/prisma'
        export default async function handler(req: NextApiRequest, res: NextApiResponse) {
          const session = await getServerSession(req, res, authOptions)
          const accountId = req.query.accountId as string
          const reports = await prisma.report.findMany({ where: { accountId } })
          return res.status(200).json(reports)
        }
      `,
      errors: [{ line: 6, messageId: 'trustedId' }],
    },
    {
      name: 'config.identityNames extends the identity list',
      filename: 'src/routes/stores.ts',
      config: { identityNames: ['storeId'] },
      code: code`
        import { Router } from 'express'
        import { prisma } from '../lib/prisma'
        const router = Router()
        router.get('/orders', requireAuth, async (req, res) => {
          res.json(await prisma.order.findMany({ where: { storeId: String(req.query.storeId) } }))
        })
        export default router
      `,
      errors: [{ line: 5, messageId: 'trustedId' }],
    },
    {
      name: 'header the client sets stands in for authentication',
      filename: 'src/routes/invoices.ts',
      code: code`
        import { Router } from 'express'
        import { prisma } from '../lib/prisma'
        const router = Router()
        router.get('/invoices', async (req, res) => {
          const userId = req.headers['x-user-id'] as string
          res.json(await prisma.invoice.findMany({ where: { userId } }))
        })
        export default router
      `,
      errors: [{ line: 6, messageId: 'trustedId' }],
    },
    {
      name: 'authenticated handler returns a record chosen by id with no ownership check (IDOR, medium)',
      filename: 'app/api/documents/[id]/route.ts',
      code: code`
        import { auth } from '@/auth'
        import { prisma } from '@/lib/prisma'
        export async function GET(_req: Request, { params }: { params: { id: string } }) {
          const session = await auth()
          if (!session) return new Response(null, { status: 401 })
          const doc = await prisma.document.findUnique({ where: { id: params.id } })
          return Response.json(doc)
        }
      `,
      errors: [{ line: 6, messageId: 'idor', severity: 'medium' }],
    },
    {
      name: 'sequelize: update scoped by an org id from the body',
      filename: 'src/routes/settings.ts',
      code: code`
        import { Router } from 'express'
        import { Setting } from '../models'
        const router = Router()
        router.put('/settings', requireAuth, async (req, res) => {
          const { orgId, theme } = req.body
          await Setting.update({ theme }, { where: { orgId } })
          res.status(204).end()
        })
        export default router
      `,
      errors: [{ line: 6, messageId: 'trustedId' }],
    },
    {
      name: 'typeorm: repository findOneBy with a client workspace id',
      filename: 'src/controllers/workspace.ts',
      code: code`
        import { Router } from 'express'
        import { dataSource } from '../data-source'
        import { Workspace } from '../entities/workspace'
        const router = Router()
        router.get('/workspace', requireAuth, async (req, res) => {
          const workspaceId = String(req.query.workspaceId)
          res.json(await dataSource.getRepository(Workspace).findOneBy({ id: workspaceId }))
        })
        export default router
      `,
      errors: [{ line: 7, messageId: 'trustedId' }],
    },
    {
      name: 'drizzle relational query with a user id from the tRPC input (opts form)',
      filename: 'src/server/api/routers/profile.ts',
      code: code`
        import { z } from 'zod'
        import { eq } from 'drizzle-orm'
        import { users } from '@/server/db/schema'
        import { createTRPCRouter, protectedProcedure } from '../trpc'
        export const profileRouter = createTRPCRouter({
          byUser: protectedProcedure.input(z.object({ userId: z.string() })).query(async (opts) => {
            const { input, ctx } = opts
            return ctx.db.query.billingProfiles.findFirst({ where: eq(users.userId, input.userId) })
          }),
        })
      `,
      errors: [{ line: 8, messageId: 'trustedId' }],
    },
    {
      name: 'prisma connect to an organization chosen by the client',
      filename: 'app/api/projects/route.ts',
      code: code`
        import { auth } from '@/auth'
        import { prisma } from '@/lib/prisma'
        export async function POST(req: Request) {
          const session = await auth()
          if (!session) return new Response(null, { status: 401 })
          const body = await req.json()
          const project = await prisma.project.create({
            data: { name: String(body.name), organization: { connect: { id: body.organizationId } } },
          })
          return Response.json(project)
        }
      `,
      errors: [{ line: 8, messageId: 'trustedId' }],
    },
    {
      name: 'next 15: awaited params, template string into a Knex raw query',
      filename: 'app/api/accounts/[accountId]/usage/route.ts',
      code: code`
        import { auth } from '@/auth'
        import { knex } from '@/lib/knex'
        export async function GET(_req: Request, { params }: { params: Promise<{ accountId: string }> }) {
          const session = await auth()
          if (!session) return new Response(null, { status: 401 })
          const { accountId } = await params
          const rows = await knex('usage').where('account_id', accountId).select('*')
          return Response.json(rows)
        }
      `,
      errors: [{ line: 7, messageId: 'trustedId' }],
    },
    {
      name: 'stripe: subscription cancelled for a customer id from the query',
      filename: 'pages/api/billing/cancel.ts',
      code: code`
        import type { NextApiRequest, NextApiResponse } from 'next'
        import { getServerSession } from 'next-auth/next'
        import { stripe } from '@/lib/stripe'
        export default async function handler(req: NextApiRequest, res: NextApiResponse) {
          const session = await getServerSession(req, res, {})
          if (!session) return res.status(401).end()
          const subscriptions = await stripe.subscriptions.list({ customer: String(req.query.customerId) })
          res.json(subscriptions.data)
        }
      `,
      errors: [{ line: 7, messageId: 'trustedId' }],
    },
    {
      name: 'switch on a client-sent role',
      filename: 'src/routes/export.ts',
      code: code`
        import { Router } from 'express'
        const router = Router()
        router.post('/export', async (req, res) => {
          switch (req.body.role) {
            case 'admin':
              return res.json({ scope: 'all' })
            default:
              return res.json({ scope: 'own' })
          }
        })
        export default router
      `,
      errors: [{ line: 4, messageId: 'decision' }],
    },
    {
      name: 'Object.assign of the body onto a loaded entity, then save()',
      filename: 'src/routes/profile.ts',
      code: code`
        import { Router } from 'express'
        import { User } from '../models/user'
        const router = Router()
        router.put('/profile', requireAuth, async (req, res) => {
          const user = await User.findById(req.user.id)
          Object.assign(user, req.body)
          await user!.save()
          res.json(user)
        })
        export default router
      `,
      errors: [{ line: 6, messageId: 'massAssignment' }],
    },
    {
      name: 'remix loader: org id from the route params',
      filename: 'app/routes/orgs.$orgId.invoices.tsx',
      code: code`
        import { json, type LoaderFunctionArgs } from '@remix-run/node'
        import { requireUserId } from '~/session.server'
        import { db } from '~/db.server'
        export async function loader({ request, params }: LoaderFunctionArgs) {
          await requireUserId(request)
          const invoices = await db.invoice.findMany({ where: { orgId: params.orgId } })
          return json({ invoices })
        }
      `,
      errors: [{ line: 6, messageId: 'trustedId' }],
    },
    {
      name: 'sveltekit endpoint: user id from the query string',
      filename: 'src/routes/api/orders/+server.ts',
      code: code`
        import { json } from '@sveltejs/kit'
        import { db } from '$lib/server/db'
        export async function GET({ url, locals }) {
          if (!locals.user) return new Response(null, { status: 401 })
          const userId = url.searchParams.get('userId')
          return json(await db.order.findMany({ where: { userId } }))
        }
      `,
      errors: [{ line: 6, messageId: 'trustedId' }],
    },
    {
      name: 'getServerSideProps: account id from the query string',
      filename: 'pages/reports.tsx',
      code: code`
        import { getServerSession } from 'next-auth/next'
        import prisma from '@/lib/prisma'
        export async function getServerSideProps({ req, res, query }) {
          const session = await getServerSession(req, res, {})
          if (!session) return { redirect: { destination: '/login', permanent: false } }
          const reports = await prisma.report.findMany({ where: { accountId: String(query.accountId) } })
          return { props: { reports } }
        }
        export default function Reports({ reports }) {
          return <ul>{reports.map((r) => <li key={r.id}>{r.name}</li>)}</ul>
        }
      `,
      errors: [{ line: 6, messageId: 'trustedId' }],
    },
    {
      name: 'aws lambda: tenant id from the path parameters',
      filename: 'functions/projects.ts',
      code: code`
        import { db } from './db'
        export const handler = async (event) => {
          const claims = event.requestContext.authorizer.claims
          const projects = await db.project.findMany({ where: { tenantId: event.pathParameters.tenantId } })
          return { statusCode: 200, body: JSON.stringify({ projects, user: claims.sub }) }
        }
      `,
      errors: [{ line: 4, messageId: 'trustedId' }],
    },
    {
      name: 'graphql resolver: user id from the arguments',
      filename: 'src/graphql/resolvers.ts',
      code: code`
        export const resolvers = {
          Query: {
            invoices: async (_parent, { userId }, ctx) => {
              if (!ctx.user) throw new Error('Unauthenticated')
              return ctx.prisma.invoice.findMany({ where: { userId } })
            },
          },
        }
      `,
      errors: [{ line: 5, messageId: 'trustedId' }],
    },
    {
      name: 'JSON.parse of the raw body is still the whole body',
      filename: 'app/api/profile/route.ts',
      code: code`
        import { auth } from '@/auth'
        import { prisma } from '@/lib/prisma'
        export async function PUT(req: Request) {
          const session = await auth()
          if (!session) return new Response(null, { status: 401 })
          const body = JSON.parse(await req.text())
          await prisma.user.update({ where: { id: session.user.id }, data: body })
          return new Response(null, { status: 204 })
        }
      `,
      errors: [{ line: 7, messageId: 'massAssignment' }],
    },
    {
      name: 'a boolean made from a client role gates a branch later',
      filename: 'app/api/reports/route.ts',
      code: code`
        import { prisma } from '@/lib/prisma'
        export async function GET(req: Request) {
          const role = new URL(req.url).searchParams.get('role')
          const isAdmin = role === 'admin'
          if (isAdmin) {
            return Response.json(await prisma.report.findMany())
          }
          return Response.json([])
        }
      `,
      errors: [{ line: 5, messageId: 'decision' }],
    },
    {
      name: 'config.authGuards: the handler counts as authenticated for the object-id tier',
      filename: 'src/routes/notes.ts',
      config: { authGuards: ['whoami'] },
      code: code`
        import { Router } from 'express'
        import { prisma } from '../lib/prisma'
        const router = Router()
        router.delete('/notes/:noteId', async (req, res) => {
          await whoami(req)
          await prisma.note.delete({ where: { id: req.params.noteId } })
          res.status(204).end()
        })
        export default router
      `,
      errors: [{ line: 6, messageId: 'idor', severity: 'medium' }],
    },
    {
      name: 'logging the id next to the session is not a check',
      filename: 'app/api/orgs/[orgId]/export/route.ts',
      code: code`
        import { auth } from '@/auth'
        import { prisma } from '@/lib/prisma'
        import { logAudit } from '@/lib/audit'
        export async function GET(_req: Request, { params }: { params: { orgId: string } }) {
          const session = await auth()
          if (!session) return new Response(null, { status: 401 })
          await logAudit(params.orgId, session.user.id, 'export')
          return Response.json(await prisma.customer.findMany({ where: { orgId: params.orgId } }))
        }
      `,
      errors: [{ line: 8, messageId: 'trustedId' }],
    },
    {
      name: 'Promise.all destructuring and a .then() callback keep the client value',
      filename: 'app/api/members/route.ts',
      code: code`
        import { auth } from '@/auth'
        import { prisma } from '@/lib/prisma'
        export async function POST(req: Request) {
          const [body, session] = await Promise.all([req.json(), auth()])
          if (!session) return new Response(null, { status: 401 })
          return prisma.member
            .findMany({ where: { teamId: body.teamId } })
            .then((rows) => Response.json(rows))
        }
      `,
      errors: [{ line: 7, messageId: 'trustedId' }],
    },
  ],
});

describe('client-trusted-id findings', () => {
  it('carry the flow from the source through each step to the sink, and name the id, the sink and the fix', async () => {
    const result = await runRule(rule, {
      filename: 'app/api/usage/route.ts',
      code: code`
        import { NextRequest, NextResponse } from 'next/server'
        import { auth } from '@/auth'
        import { prisma } from '@/lib/prisma'
        export async function GET(req: NextRequest) {
          const session = await auth()
          if (!session) return NextResponse.json({}, { status: 401 })
          const { searchParams } = req.nextUrl
          const target = searchParams.get('asUser') ?? session.user.id
          const usage = await prisma.usage.findMany({
            where: { userId: target },
          })
          return NextResponse.json(usage)
        }
      `,
    });
    expect(result.findings).toHaveLength(1);
    const [finding] = result.findings;
    expect(finding!.flow.map((step) => step.line)).toEqual([7, 8, 10]);
    expect(finding!.flow[0]!.note).toContain('query string');
    expect(finding!.flow[1]!.note).toContain('`target` holds `asUser`');
    expect(finding!.flow[2]!.note).toContain('prisma.usage.findMany');
    expect(finding!.message).toContain('`asUser`');
    expect(finding!.message).toContain('prisma.usage.findMany');
    expect(finding!.fix).toContain('session.user.id');
  });

  it('keeps the fingerprint when unrelated lines move', async () => {
    const body = code`
      import { Router } from 'express'
      import { prisma } from '../lib/prisma'
      const router = Router()
      router.get('/invoices', requireAuth, async (req, res) => {
        res.json(await prisma.invoice.findMany({ where: { accountId: String(req.query.accountId) } }))
      })
      export default router
    `;
    const before = await runRule(rule, { filename: 'src/routes/invoices.ts', code: body });
    const after = await runRule(rule, { filename: 'src/routes/invoices.ts', code: `// billing routes\n\n${body}` });
    expect(after.findings[0]!.line).toBe(before.findings[0]!.line + 2);
    expect(after.findings[0]!.fingerprint).toBe(before.findings[0]!.fingerprint);
  });
});

describe('client-trusted-id README examples', () => {
  const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
  const filenames: Record<string, string> = {
    'Next.js (app router)': 'app/api/example/route.ts',
    'Next.js (pages API)': 'pages/api/example.ts',
    'Next.js (server action)': 'app/example/actions.ts',
    'NestJS': 'src/example/example.controller.ts',
    'tRPC': 'src/server/api/routers/example.ts',
    'Supabase (route handler or edge function)': 'app/api/example/route.ts',
  };
  const sections = readme.split(/^## /m).filter((part) => /^(❌|✅)/.test(part));
  for (const section of sections) {
    const incorrect = section.startsWith('❌');
    for (const match of section.matchAll(/### (.*)\n\n```ts\n([\s\S]*?)```/g)) {
      const framework = match[1]!;
      it(`${incorrect ? '❌' : '✅'} ${framework} ${incorrect ? 'is reported' : 'is not reported'}`, async () => {
        const result = await runRule(rule, { filename: filenames[framework] ?? 'src/routes/example.ts', code: match[2]! });
        expect(result.findings.length > 0).toBe(incorrect);
      });
    }
  }
});

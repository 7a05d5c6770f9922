import { code, RuleTester } from '../../test/rule-tester.js';
import rule from './rule.js';

const nextPackage = JSON.stringify({ dependencies: { next: '14.2.5', react: '18.3.1' } });
const vitePackage = JSON.stringify({ dependencies: { react: '18.3.1' }, devDependencies: { vite: '5.3.4' } });
const craPackage = JSON.stringify({ dependencies: { react: '18.3.1', 'react-scripts': '5.0.1' } });
const expoPackage = JSON.stringify({ dependencies: { expo: '~51.0.0', 'react-native': '0.74.3' } });
const appRouter = { 'package.json': nextPackage, 'app/layout.tsx': 'export default function Layout() { return null }\n' };
const pagesRouter = { 'package.json': nextPackage, 'pages/_app.tsx': 'export default function App() { return null }\n' };

new RuleTester().run(rule, {
  valid: [
    {
      name: 'public by design in a client component: anon key, publishable key, analytics key, app URL',
      filename: 'app/providers.tsx',
      files: appRouter,
      code: code`
        'use client'
        const stripePromise = loadStripe(process.env.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY!)
        posthog.init(process.env.NEXT_PUBLIC_POSTHOG_KEY!, { api_host: process.env.NEXT_PUBLIC_POSTHOG_HOST })
        const supabase = createBrowserClient(process.env.NEXT_PUBLIC_SUPABASE_URL!, process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY!)
        const url = process.env.NEXT_PUBLIC_APP_URL
      `,
    },
    {
      name: 'public variables that name where a token is kept (a storage key, a cookie), not the token',
      filename: 'src/lib/auth-storage.ts',
      files: appRouter,
      code: code`
        'use client'
        const SLOT = process.env.NEXT_PUBLIC_SESSION_TOKEN_KEY ?? 'app.session'
        const REFRESH_SLOT = process.env.NEXT_PUBLIC_REFRESH_TOKEN_STORAGE_KEY ?? 'app.refresh'
        const COOKIE = process.env.NEXT_PUBLIC_ACCESS_TOKEN_COOKIE ?? 'at'
        export const readSession = () => window.localStorage.getItem(SLOT) ?? document.cookie.includes(COOKIE)
        export const forget = () => window.localStorage.removeItem(REFRESH_SLOT)
      `,
    },
    {
      name: 'a Shopify Storefront access token is meant for the browser',
      filename: 'lib/shop.ts',
      files: appRouter,
      code: code`
        'use client'
        export const shop = createStorefrontClient({
          domain: process.env.NEXT_PUBLIC_SHOP_DOMAIN!,
          publicAccessToken: process.env.NEXT_PUBLIC_SHOPIFY_STOREFRONT_ACCESS_TOKEN!,
        })
      `,
    },
    {
      name: 'public names in an env file; secrets without a public prefix',
      filename: '.env.example',
      code: code`
        NEXT_PUBLIC_SUPABASE_ANON_KEY=
        NEXT_PUBLIC_VAPID_PUBLIC_KEY=
        NEXT_PUBLIC_RECAPTCHA_SITE_KEY=
        NEXT_PUBLIC_MAPBOX_TOKEN=
        NEXT_PUBLIC_FIREBASE_API_KEY=
        NEXT_PUBLIC_PASSWORD_MIN_LENGTH=12
        # NEXT_PUBLIC_STRIPE_SECRET_KEY was removed: secrets stay server-side
        STRIPE_SECRET_KEY=
        SUPABASE_SERVICE_ROLE_KEY=
      `,
    },
    {
      name: 'a server action reads the secret; the client component only calls it',
      filename: 'app/write/actions.ts',
      files: { ...appRouter, 'app/write/Form.tsx': "'use client'\nimport { generate } from './actions'\n" },
      code: code`
        'use server'
        import OpenAI from 'openai'
        const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY })
        export async function generate(topic: string) { return openai.chat.completions.create({ model: 'x', messages: [] }) }
      `,
    },
    {
      name: 'a server-only lib imported by a server component',
      filename: 'lib/stripe.ts',
      files: { ...appRouter, 'app/billing/page.tsx': "import { stripe } from '@/lib/stripe'\nexport default function Page() { return null }\n" },
      code: code`
        import Stripe from 'stripe'
        export const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!)
      `,
    },
    {
      name: 'an app-router server component (no directive) reads a secret',
      filename: 'app/dashboard/page.tsx',
      files: appRouter,
      code: code`
        export default async function Page() {
          const res = await fetch('https://api.example.com', { headers: { Authorization: process.env.INTERNAL_API_TOKEN! } })
          return null
        }
      `,
    },
    {
      name: 'a route handler reads the Stripe secret',
      filename: 'app/api/checkout/route.ts',
      files: appRouter,
      code: code`
        import Stripe from 'stripe'
        const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!)
        export async function POST() { return Response.json({}) }
      `,
    },
    {
      name: 'pages router: the secret is read inside getServerSideProps',
      filename: 'pages/orders.tsx',
      files: pagesRouter,
      code: code`
        export async function getServerSideProps() {
          const orders = await fetchOrders(process.env.ORDERS_API_TOKEN!)
          return { props: { orders } }
        }
        export default function Orders() { return null }
      `,
    },
    {
      name: 'vite config reads a secret for the dev proxy (runs in Node, not the browser)',
      filename: 'vite.config.ts',
      files: { 'package.json': vitePackage },
      code: code`
        import { defineConfig } from 'vite'
        export default defineConfig({
          define: { __APP_VERSION__: JSON.stringify('1.0.0') },
          server: { proxy: { '/api': { target: 'http://localhost:3001', headers: { authorization: process.env.OPENAI_API_KEY! } } } },
        })
      `,
    },
    {
      name: 'next.config env with public values only',
      filename: 'next.config.mjs',
      files: { 'package.json': nextPackage },
      code: code`
        const nextConfig = {
          env: { APP_VERSION: process.env.npm_package_version, NEXT_PUBLIC_APP_URL: process.env.APP_URL },
        }
        export default nextConfig
      `,
    },
    {
      name: 'a hook importing the Supabase admin client is rls-bypass business, not this rule',
      filename: 'hooks/useMembers.ts',
      files: { ...appRouter, 'lib/supabase/admin.ts': "import { createClient } from '@supabase/supabase-js'\nexport const supabaseAdmin = createClient(process.env.NEXT_PUBLIC_SUPABASE_URL!, process.env.SUPABASE_SERVICE_ROLE_KEY!)\n" },
      code: code`
        import { useQuery } from '@tanstack/react-query'
        import { supabaseAdmin } from '@/lib/supabase/admin'
        export const useMembers = () => useQuery({ queryKey: ['m'], queryFn: () => supabaseAdmin.from('members').select() })
      `,
    },
    {
      name: 'SvelteKit private env in a server load function',
      filename: 'src/routes/+page.server.ts',
      files: { 'package.json': JSON.stringify({ devDependencies: { '@sveltejs/kit': '2.0.0', vite: '5.0.0' } }) },
      code: code`
        import { STRIPE_SECRET_KEY } from '$env/static/private'
        export const load = async () => ({ ok: Boolean(STRIPE_SECRET_KEY) })
      `,
    },
    {
      name: 'a "use client" module imports a "use server" action and a Supabase admin module (rls-bypass reports that one)',
      filename: 'components/Invite.tsx',
      files: {
        ...appRouter,
        'app/actions.ts': "'use server'\nexport async function invite() { return process.env.RESEND_API_KEY }\n",
        'lib/supabase/admin.ts': "import { createClient } from '@supabase/supabase-js'\nexport const admin = createClient(process.env.NEXT_PUBLIC_SUPABASE_URL!, process.env.SUPABASE_SERVICE_ROLE_KEY!)\n",
      },
      code: code`
        'use client'
        import { invite } from '@/app/actions'
        import { admin } from '@/lib/supabase/admin'
      `,
    },
  ],
  invalid: [
    {
      name: 'a "use client" module starts importing a server lib that reads a secret',
      filename: 'components/Refund.tsx',
      files: { ...appRouter, 'lib/stripe.ts': "import Stripe from 'stripe'\n\nexport const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!)\n" },
      baseCode: code`
        'use client'
        import { useState } from 'react'
      `,
      code: code`
        'use client'
        import { useState } from 'react'
        import { stripe } from '../lib/stripe'
      `,
      errors: [{ line: 3, messageId: 'importsServerSecret', message: 'lib/stripe.ts' }],
    },
    {
      name: 'adding "use client" moves an existing secret read into the browser',
      filename: 'components/Report.tsx',
      files: appRouter,
      baseCode: code`
        import { useState } from 'react'
        const key = process.env.REPORTS_API_SECRET
      `,
      code: code`
        'use client'
        import { useState } from 'react'
        const key = process.env.REPORTS_API_SECRET
      `,
      errors: [{ line: 3, messageId: 'serverSecretInClient' }],
    },
    {
      name: 'a Vite app known by its vite.config (package.json without vite, hoisted in a monorepo)',
      filename: 'apps/web/src/api.ts',
      files: { 'apps/web/package.json': JSON.stringify({ dependencies: { react: '18.3.1' } }), 'apps/web/vite.config.ts': 'export default {}\n' },
      code: code`
        export const key = import.meta.env.RESEND_API_KEY
      `,
      errors: [{ line: 1, messageId: 'serverSecretInClient', message: 'Vite app source' }],
    },
    {
      name: 'a React component in a repository without a known framework',
      filename: 'components/Upload.tsx',
      code: code`
        export function Upload() {
          const secret = process.env.CLOUDINARY_API_SECRET
          return null
        }
      `,
      errors: [{ line: 2, messageId: 'serverSecretInClient' }],
    },
    {
      name: 'a secret renamed with NEXT_PUBLIC_ in an env template (blank value)',
      filename: '.env.example',
      code: code`
        NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY=
        NEXT_PUBLIC_STRIPE_SECRET_KEY=
      `,
      errors: [{ line: 2, messageId: 'exposedName', message: 'Next.js' }],
    },
    {
      name: 'NEXT_PUBLIC_ service-role key read in a client component (the read line; rls-bypass owns the client)',
      filename: 'components/admin/UsersTable.tsx',
      files: appRouter,
      code: code`
        'use client'
        import { createClient } from '@supabase/supabase-js'
        const supabase = createClient(
          process.env.NEXT_PUBLIC_SUPABASE_URL!,
          process.env.NEXT_PUBLIC_SUPABASE_SERVICE_ROLE_KEY!
        )
      `,
      errors: [{ line: 5, messageId: 'exposedName', severity: 'high' }],
    },
    {
      name: 'Vite app calls OpenAI from the browser',
      filename: 'src/lib/openai.ts',
      files: { 'package.json': vitePackage },
      code: code`
        import OpenAI from 'openai'
        export const openai = new OpenAI({
          apiKey: import.meta.env.VITE_OPENAI_API_KEY,
          dangerouslyAllowBrowser: true,
        })
      `,
      errors: [{ line: 3, messageId: 'exposedName', message: 'OpenAI' }],
    },
    {
      name: 'Create React App: src/api/ is still browser code',
      filename: 'src/api/email.js',
      files: { 'package.json': craPackage },
      code: code`
        const SENDGRID_API_KEY = process.env.REACT_APP_SENDGRID_API_KEY
        export const send = (body) => fetch('https://api.sendgrid.com/v3/mail/send', { headers: { Authorization: 'Bearer ' + SENDGRID_API_KEY }, body })
      `,
      errors: [{ line: 1, messageId: 'exposedName', message: 'Create React App' }],
    },
    {
      name: 'Expo: services/ ships in the app bundle',
      filename: 'services/ai.ts',
      files: { 'package.json': expoPackage },
      code: code`
        const ANTHROPIC_API_KEY = process.env.EXPO_PUBLIC_ANTHROPIC_API_KEY
      `,
      errors: [{ line: 1, messageId: 'exposedName', severity: 'high' }],
    },
    {
      name: 'next.config env inlines a server secret',
      filename: 'next.config.mjs',
      files: { 'package.json': nextPackage },
      code: code`
        const nextConfig = {
          env: {
            APP_VERSION: process.env.npm_package_version,
            STRIPE_SECRET_KEY: process.env.STRIPE_SECRET_KEY,
          },
        }
        export default nextConfig
      `,
      errors: [{ line: 4, messageId: 'bundledByConfig' }],
    },
    {
      name: 'vite define copies the whole environment',
      filename: 'vite.config.ts',
      files: { 'package.json': vitePackage },
      code: code`
        import { defineConfig } from 'vite'
        export default defineConfig({
          define: { 'process.env': process.env },
        })
      `,
      errors: [{ line: 3, messageId: 'wholeEnv' }],
    },
    {
      name: 'Nuxt runtimeConfig.public holds a secret',
      filename: 'nuxt.config.ts',
      code: code`
        export default defineNuxtConfig({
          runtimeConfig: {
            stripeSecretKey: process.env.STRIPE_SECRET_KEY,
            public: {
              stripeSecretKey: process.env.STRIPE_SECRET_KEY,
            },
          },
        })
      `,
      errors: [{ line: 5, messageId: 'bundledByConfig', message: 'runtimeConfig.public' }],
    },
    {
      name: '"use client" module builds the Stripe server SDK with the secret key',
      filename: 'components/orders/RefundButton.tsx',
      files: appRouter,
      code: code`
        'use client'
        import Stripe from 'stripe'
        const stripe = new Stripe(process.env.STRIPE_SECRET_KEY as string)
      `,
      errors: [{ line: 3, messageId: 'serverSecretInClient', message: '"use client"' }],
    },
    {
      name: 'a lib module imported by a "use client" component reads a server secret',
      filename: 'lib/ai.ts',
      files: { ...appRouter, 'components/Chat.tsx': "'use client'\nimport { ask } from '@/lib/ai'\nexport function Chat() { return null }\n" },
      code: code`
        export async function ask(question: string) {
          return fetch('https://api.openai.com/v1/responses', { headers: { Authorization: \`Bearer \${process.env.OPENAI_API_KEY}\` } })
        }
      `,
      errors: [{ line: 2, messageId: 'serverSecretInClient', message: 'components/Chat.tsx' }],
    },
    {
      name: 'a server SDK configured in browser code from an innocuous-looking name',
      filename: 'components/Billing.tsx',
      files: appRouter,
      code: code`
        'use client'
        import Stripe from 'stripe'
        const stripe = new Stripe(process.env.NEXT_PUBLIC_STRIPE_KEY!)
      `,
      errors: [{ line: 3, messageId: 'serverSdkInClient', message: 'the Stripe server SDK' }],
    },
    {
      name: 'pages router: a secret read in the page component body',
      filename: 'pages/admin.tsx',
      files: pagesRouter,
      code: code`
        export default function Admin() {
          const token = process.env.ADMIN_API_TOKEN
          return null
        }
      `,
      errors: [{ line: 2, messageId: 'serverSecretInClient' }],
    },
    {
      name: 'CI exposes a token to the build under a public name',
      filename: '.github/workflows/build.yml',
      code: code`
        jobs:
          build:
            env:
              NEXT_PUBLIC_SENTRY_AUTH_TOKEN: \${{ secrets.SENTRY_AUTH_TOKEN }}
      `,
      errors: [{ line: 4, messageId: 'exposedName' }],
    },
    {
      name: 'configured client paths',
      filename: 'frontend/api.ts',
      config: { clientPaths: ['frontend/**'] },
      code: code`
        export const key = process.env.PAYMENTS_SECRET
      `,
      errors: [{ line: 1, messageId: 'serverSecretInClient', message: 'configured client path' }],
    },
  ],
});

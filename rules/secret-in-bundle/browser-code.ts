// Is a module shipped to the browser? A "use client" module, a configured client path, the source of a Vite /
// Create React App / Expo app, a pages-router page or a component in a pages-router Next app, or a module that
// a "use client" module imports. Server markers ("use server", `server-only`, API routes) always win.
import picomatch from 'picomatch';
import type { RuleContext } from '../../src/core/rule.js';
import { clientImporterOf } from './client-importers.js';
import { leadingDirective } from '../../src/core/classify.js';
import { projectFor } from './project-kind.js';

export interface BrowserCode {
  /** Why it is browser code, for messages: `a "use client" module`, `Vite app source`. */
  why: string;
  /** The "use client" module that imports it, when that is the reason. */
  via?: { path: string; line: number };
}

const SERVER_ONLY_PATH =
  /(^|\/)(pages\/api|app\/api|api|server|servers|backend|supabase\/functions|netlify\/functions|functions|scripts|prisma|migrations?|workers?|jobs|cron)\/|(^|\/)(middleware|instrumentation|route|server|next\.config|vite\.config|nuxt\.config|gatsby-node|gatsby-config|app\.config|metro\.config|babel\.config|tailwind\.config)\.[cm]?[jt]sx?$|\.server\.[cm]?[jt]sx?$|\+api\.[jt]sx?$|\.(test|spec)\.[cm]?[jt]sx?$/;
const NODE_IMPORT = /from\s+['"](node:[\w/]+|fs|path|child_process|crypto|os|net|http|https|express|fastify|koa|@nestjs\/[\w-]+|@hono\/node-server|bullmq|server-only|next\/server|next\/headers)['"]|^\s*import\s+['"]server-only['"]/m;
const CLIENT_COMPONENT_PATH = /(^|\/)(components|hooks|contexts?|providers|views|screens|ui|store|stores)\//;
const PAGES_ROUTER_PAGE = /(^|\/)(src\/)?pages\/(?!api\/)[^/].*\.[jt]sx?$/;

/** Where the module's code ends up; undefined for server-only or unknown code. */
export async function browserCodeOf(context: RuleContext<string>, options: { searchImporters?: boolean } = {}): Promise<BrowserCode | undefined> {
  const { file, config } = context;
  const text = file.headText ?? '';
  const directive = leadingDirective(text);
  if (directive === 'client') return { why: 'a "use client" module' };
  if (directive === 'server' || NODE_IMPORT.test(text)) return undefined;
  const path = file.path;
  if (config.serverPaths.length > 0 && picomatch.isMatch(path, config.serverPaths, { dot: true })) return undefined;
  if (config.clientPaths.length > 0 && picomatch.isMatch(path, config.clientPaths, { dot: true })) return { why: 'a configured client path' };
  if (/dangerouslyAllowBrowser\s*:\s*true/.test(text)) return { why: 'it opts into running the SDK in the browser (`dangerouslyAllowBrowser`)' };

  const project = await projectFor(context, path);
  const inProject = project.root === '' ? path : path.slice(project.root.length + 1);
  const serverPath = SERVER_ONLY_PATH.test(inProject);
  switch (project.kind) {
    case 'vite-spa':
    case 'cra':
      // Every module under src/ is bundled, `src/api/` included: an SPA has no server side of its own.
      if (inProject.startsWith('src/') && !/(^|\/)(server|functions)\//.test(inProject) && !/\.(test|spec)\./.test(inProject)) {
        return { why: `${project.label} source (everything under \`src/\` is bundled for the browser)` };
      }
      return undefined;
    case 'expo':
      if (!/(^|\/)(server|supabase\/functions|functions|scripts)\/|\+api\.[jt]sx?$|(^|\/)[\w.-]+\.config\.[cm]?[jt]s$|\.(test|spec)\./.test(inProject)) {
        return { why: `${project.label} code (shipped inside the app bundle)` };
      }
      return undefined;
    case 'gatsby':
      if (inProject.startsWith('src/') && !inProject.startsWith('src/api/')) return { why: 'Gatsby site source (bundled for the browser)' };
      return undefined;
    case 'next': {
      if (serverPath) return undefined;
      const hasAppRouter = (await context.listFiles()).some((other) => /(^|\/)(src\/)?app\/.*(page|layout)\.[jt]sx?$/.test(other));
      if (PAGES_ROUTER_PAGE.test(inProject)) return { why: 'a pages-router page (bundled for the browser)' };
      if (!hasAppRouter && CLIENT_COMPONENT_PATH.test(inProject)) return { why: 'a component of a pages-router app (bundled for the browser)' };
      break;
    }
    case 'unknown':
      if (serverPath) return undefined;
      // Without a framework that renders on the server, a React component is browser code.
      if (/\.[jt]sx$/.test(inProject) && CLIENT_COMPONENT_PATH.test(inProject)) return { why: 'a React component (bundled for the browser)' };
      break;
    default:
      // SvelteKit, Nuxt, Astro, Remix: no "use client" modules; their own env rules keep private values out.
      return undefined;
  }
  if (options.searchImporters === false) return undefined;
  const importer = await clientImporterOf(context, path);
  if (!importer) return undefined;
  const through = importer.through ? ` through \`${importer.through}\`` : '';
  return { why: `imported by the "use client" module \`${importer.path}\`${through}`, via: importer };
}

// What kind of front end a package is, from its package.json: it decides which source files end up in the
// browser (all of `src/` in a Vite or Create React App SPA, every module of an Expo app, only client modules in Next).
import type { RuleContext } from '../../src/core/rule.js';
import type { ChangeSet } from '../../src/core/types.js';

export type ProjectKind = 'next' | 'vite-spa' | 'cra' | 'expo' | 'gatsby' | 'ssr' | 'unknown';

export interface ProjectInfo {
  kind: ProjectKind;
  /** Folder of the package.json ('' for the repository root). */
  root: string;
  /** Human name for messages. */
  label: string;
}

const SSR_FRAMEWORKS = ['@sveltejs/kit', 'nuxt', 'astro', '@remix-run/react', '@remix-run/dev', '@react-router/dev', '@tanstack/react-start', '@tanstack/start', 'vike', '@analogjs/platform', '@solidjs/start', '@builder.io/qwik-city', '@redwoodjs/core'];

const cache = new WeakMap<ChangeSet, Map<string, Promise<ProjectInfo>>>();

function kindOf(text: string | undefined, root: string): ProjectInfo {
  let deps: Record<string, unknown> = {};
  try {
    const json = JSON.parse(text ?? '{}') as Record<string, Record<string, unknown> | undefined>;
    deps = { ...json.dependencies, ...json.devDependencies, ...json.peerDependencies };
  } catch {
    return { kind: 'unknown', root, label: 'app' };
  }
  const has = (name: string) => name in deps;
  if (has('next')) return { kind: 'next', root, label: 'Next.js app' };
  if (has('expo') || has('react-native')) return { kind: 'expo', root, label: 'Expo / React Native app' };
  if (has('gatsby')) return { kind: 'gatsby', root, label: 'Gatsby site' };
  if (SSR_FRAMEWORKS.some(has)) return { kind: 'ssr', root, label: 'app' };
  if (has('react-scripts')) return { kind: 'cra', root, label: 'Create React App' };
  if (has('vite')) return { kind: 'vite-spa', root, label: 'Vite app' };
  return { kind: 'unknown', root, label: 'app' };
}

/** The nearest package.json above `path` (monorepos: each app has its own). */
export function projectFor(context: RuleContext<string>, path: string): Promise<ProjectInfo> {
  let byDir = cache.get(context.changeSet);
  if (!byDir) cache.set(context.changeSet, (byDir = new Map()));
  const dirs: string[] = [];
  const parts = path.split('/').slice(0, -1);
  for (let size = parts.length; size >= 0; size--) dirs.push(parts.slice(0, size).join('/'));
  const key = dirs[0] ?? '';
  const known = byDir.get(key);
  if (known) return known;
  const lookup = (async () => {
    const files = await context.fileSet();
    for (const dir of dirs) {
      const prefix = dir ? `${dir}/` : '';
      if (!files.has(`${prefix}package.json`)) continue;
      const info = kindOf(await context.readFile(`${prefix}package.json`), dir);
      // A Vite app whose package.json does not list vite (a monorepo hoists it): its config file says so.
      const hasViteConfig = [...files].some((path) => path.startsWith(prefix) && /^vite\.config\.[cm]?[jt]s$/.test(path.slice(prefix.length)));
      if (info.kind === 'unknown' && hasViteConfig) {
        return { kind: 'vite-spa', root: dir, label: 'Vite app' } as ProjectInfo;
      }
      return info;
    }
    return { kind: 'unknown', root: '', label: 'app' } as ProjectInfo;
  })();
  byDir.set(key, lookup);
  return lookup;
}

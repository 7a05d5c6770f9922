// Handlers that are public by design: health probes, auth flows, webhooks, public catalog reads, config.publicRoutes.
import picomatch from 'picomatch';
import type { ts } from 'ts-morph';
import type { Config } from '../../src/core/config.js';
import type { Handler } from '../_auth/handlers.js';
import { isPublicActionName, isPublicRoutePath } from '../_auth/names.js';
import type { Sink } from '../_auth/sinks.js';

const PUBLIC_DATA_FILTER = /\b(isPublic|public|published|isPublished|visibility|listed|isListed)\s*:\s*(true|['"](public|published)['"])/;

const PUBLIC_ASSET = /(^|\/)(avatars?|logos?|icons?|favicons?|og|og-image|thumbnails?|banners?)\/(\[[^\]/]+\]|:\w+)(\.\w+)?\/?$/i;

/** Why a handler is public by design, or undefined. */
export function publicReason(handler: Handler, filePath: string, sinks: Sink[], config: Config, sourceFile: ts.SourceFile): string | undefined {
  const routePath = handler.routePath;
  const patterns = config.publicRoutes;
  if (patterns.length > 0) {
    if (routePath && picomatch.isMatch(routePath, patterns, { dot: true })) return `matches config.publicRoutes`;
    if (picomatch.isMatch(filePath, patterns, { dot: true })) return `matches config.publicRoutes`;
  }
  if (routePath && isPublicRoutePath(routePath)) return 'public route';
  if (/webhook/i.test(filePath)) return 'webhook endpoint';
  const name = handler.key.replace(/^action:/, '').split('.').pop() ?? '';
  if ((handler.framework === 'server-action' || handler.framework === 'trpc') && isPublicActionName(name)) return 'auth flow';
  const readsOnly = sinks.every((sink) => !sink.write);
  // One image by its key (`/api/avatar/[uuid]`, `/logo/:id`): avatars and logos are shown to visitors in <img> tags.
  if (readsOnly && routePath && PUBLIC_ASSET.test(routePath)) return 'public asset';
  if (readsOnly && handler.fn && PUBLIC_DATA_FILTER.test(handler.fn.getText(sourceFile))) return 'public data';
  return undefined;
}

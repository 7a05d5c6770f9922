// The HTTP server: Probot's webhook middleware on its path and `GET /healthz` beside it, on Node's own server
// (Probot 14 has no Express).
import { createServer, type Server } from 'node:http';
import { createNodeMiddleware, type ApplicationFunction, type Probot } from 'probot';

export const WEBHOOK_PATH = '/api/github/webhooks';
export const HEALTH_PATH = '/healthz';

export async function createAppServer(probot: Probot, appFn: ApplicationFunction, webhooksPath = WEBHOOK_PATH): Promise<Server> {
  const middleware = await createNodeMiddleware(appFn, { probot, webhooksPath });
  return createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path === HEALTH_PATH && (request.method === 'GET' || request.method === 'HEAD')) {
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(request.method === 'HEAD' ? undefined : '{"status":"ok"}\n');
      return;
    }
    Promise.resolve(
      middleware(request, response, () => {
        response.writeHead(404, { 'content-type': 'text/plain' });
        response.end('not found\n');
      }),
    ).catch((error: unknown) => {
      probot.log.error({ err: error instanceof Error ? error.message : String(error) }, 'request failed');
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
}

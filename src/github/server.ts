// The HTTP server: Probot's webhook middleware on its path and `GET /healthz` beside it, on Node's own server
// (Probot 14 has no Express). Webhook bodies are read and their signature checked here first: Probot would
// buffer a body of any size and log an unsigned one in full (twice), so anyone could flood memory and logs.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createNodeMiddleware, type ApplicationFunction, type Probot } from 'probot';
import { errorMessage } from './client.js';
import { readBody, signatureMatches } from './webhook-signature.js';

export const WEBHOOK_PATH = '/api/github/webhooks';
export const HEALTH_PATH = '/healthz';
/** GitHub caps webhook payloads at 25 MB; anything larger is not from GitHub. */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

export interface ServerOptions {
  /** The same secret Probot verifies with. */
  webhookSecret: string;
  webhooksPath?: string;
  maxBodyBytes?: number;
}

export async function createAppServer(probot: Probot, appFn: ApplicationFunction, options: ServerOptions): Promise<Server> {
  const webhooksPath = options.webhooksPath ?? WEBHOOK_PATH;
  const middleware = await createNodeMiddleware(appFn, { probot, webhooksPath });
  const passOn = (request: IncomingMessage, response: ServerResponse) =>
    Promise.resolve(
      middleware(request, response, () => {
        response.writeHead(404, { 'content-type': 'text/plain' });
        response.end('not found\n');
      }),
    );

  return createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path === HEALTH_PATH && (request.method === 'GET' || request.method === 'HEAD')) {
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(request.method === 'HEAD' ? undefined : '{"status":"ok"}\n');
      return;
    }
    const handled = path === webhooksPath && request.method === 'POST' ? checkedWebhook(request, response, probot, options, passOn) : passOn(request, response);
    handled.catch((error: unknown) => {
      probot.log.error({ err: errorMessage(error) }, 'request failed');
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
}

/** Reads the body within the cap and verifies its signature; only a signed body reaches Probot. */
async function checkedWebhook(
  request: IncomingMessage,
  response: ServerResponse,
  probot: Probot,
  options: ServerOptions,
  passOn: (request: IncomingMessage, response: ServerResponse) => Promise<unknown>,
): Promise<void> {
  const delivery = { deliveryId: request.headers['x-github-delivery'], event: request.headers['x-github-event'] };
  const body = await readBody(request, options.maxBodyBytes ?? MAX_WEBHOOK_BYTES);
  if (body === undefined) {
    probot.log.warn(delivery, 'webhook body over the size limit; refused');
    response.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
    response.end('{"error":"payload too large"}\n', () => request.destroy());
    return;
  }
  if (!signatureMatches(options.webhookSecret, body, request.headers['x-hub-signature-256'])) {
    probot.log.warn(delivery, 'webhook signature does not match the secret; refused');
    response.writeHead(400, { 'content-type': 'application/json' });
    response.end('{"error":"signature does not match event payload and secret"}\n');
    return;
  }
  // Probot's middleware takes an already-read body as a string instead of reading the stream again.
  Object.assign(request, { body: body.toString('utf8') });
  await passOn(request, response);
}

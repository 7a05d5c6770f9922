// `npm start`: validates the environment, then serves the webhook path and /healthz. With no credentials at
// all (and not in production), Probot's setup flow registers the app from app.yml in the working directory and
// writes the credentials to .env.
import { createProbot, run } from 'probot';
import { EnvError, loadEnv, needsSetup, type AppEnv } from './env.js';
import defaultApp, { createApp } from './index.js';
import { createAppServer } from './server.js';

const SHUTDOWN_GRACE_MS = 25_000;

async function main(): Promise<void> {
  if (needsSetup(process.env) && process.env.NODE_ENV !== 'production') {
    await run(defaultApp);
    return;
  }
  let env: AppEnv;
  try {
    env = loadEnv(process.env);
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const probot = createProbot({
    overrides: {
      appId: env.appId,
      privateKey: env.privateKey,
      secret: env.webhookSecret,
      logLevel: env.logLevel === 'silent' ? 'fatal' : env.logLevel,
      ...(env.gheHost ? { baseUrl: `https://${env.gheHost}/api/v3` } : {}),
    },
  });
  const { appFn, runner } = createApp();
  const server = await createAppServer(probot, appFn, { webhookSecret: env.webhookSecret });
  server.listen(env.port, env.host, () => probot.log.info({ port: env.port, host: env.host ?? '0.0.0.0' }, 'prodrisk listening'));

  // On SIGTERM (a deploy) stop taking webhooks and let running reviews complete their check runs.
  const shutdown = (signal: string) => {
    probot.log.info({ signal }, 'shutting down');
    server.close();
    const timer = setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS);
    timer.unref();
    void runner.idle().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

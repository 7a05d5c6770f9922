// The app's environment, validated once at start-up: a missing or malformed value stops the app with one
// message that names every problem (never a value: the key and the secret stay out of logs).
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optionalText = z.preprocess(blankToUndefined, z.string().optional());

const envSchema = z
  .object({
    APP_ID: z.preprocess(blankToUndefined, z.string({ error: 'is required (the numeric App ID from the app settings page)' }).regex(/^\d+$/, 'must be the numeric App ID')),
    PRIVATE_KEY: optionalText,
    PRIVATE_KEY_PATH: optionalText,
    WEBHOOK_SECRET: z.preprocess(blankToUndefined, z.string({ error: 'is required (the webhook secret set in the app settings)' }).min(8, 'must be at least 8 characters')),
    PORT: z.preprocess(blankToUndefined, z.coerce.number({ error: 'must be a port number' }).int('must be a whole number').min(1, 'must be 1-65535').max(65535, 'must be 1-65535').default(3000)),
    HOST: optionalText,
    LOG_LEVEL: z.preprocess(blankToUndefined, z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info')),
    GHE_HOST: z.preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^[a-z0-9.-]+(:\d+)?$/i, 'must be a host name like github.example.com (no scheme, no path)')
        .optional(),
    ),
  });

export interface AppEnv {
  appId: number;
  /** The PEM text, resolved from PRIVATE_KEY (raw, \n-escaped or base64) or PRIVATE_KEY_PATH. */
  privateKey: string;
  webhookSecret: string;
  port: number;
  host?: string;
  logLevel: (typeof LOG_LEVELS)[number];
  /** The GitHub Enterprise Server host, when not github.com. */
  gheHost?: string;
}

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`prodrisk cannot start, fix the environment:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

/** True when none of the app's credentials are set: Probot's setup flow registers the app from app.yml. */
export function needsSetup(env: NodeJS.ProcessEnv): boolean {
  return [env.APP_ID, env.PRIVATE_KEY, env.PRIVATE_KEY_PATH].every((value) => value === undefined || value.trim() === '');
}

export function loadEnv(env: NodeJS.ProcessEnv): AppEnv {
  const parsed = envSchema.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`);
  const key = resolvePrivateKey(env);
  if (typeof key !== 'string') problems.push(key.problem);
  if (!parsed.success || typeof key !== 'string') throw new EnvError(problems);
  const data = parsed.data;
  return {
    appId: Number(data.APP_ID),
    privateKey: key,
    webhookSecret: data.WEBHOOK_SECRET,
    port: data.PORT,
    host: data.HOST,
    logLevel: data.LOG_LEVEL,
    gheHost: data.GHE_HOST,
  };
}

const PEM = /-----BEGIN ([A-Z ]+)?PRIVATE KEY-----[\s\S]+-----END ([A-Z ]+)?PRIVATE KEY-----/;

/** The key's PEM text, or what is wrong with it (never the key itself). */
function resolvePrivateKey(env: NodeJS.ProcessEnv): string | { problem: string } {
  const inline = env.PRIVATE_KEY?.trim();
  if (inline) {
    const unescaped = inline.replace(/\\n/g, '\n');
    if (PEM.test(unescaped)) return unescaped;
    const decoded = Buffer.from(inline, 'base64').toString('utf8');
    if (PEM.test(decoded)) return decoded;
    return { problem: 'PRIVATE_KEY is not a PEM private key (paste the .pem file, with \\n for line breaks, or base64 of it)' };
  }
  const path = env.PRIVATE_KEY_PATH?.trim();
  if (path) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      return { problem: `PRIVATE_KEY_PATH cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
    }
    return PEM.test(text) ? text : { problem: 'PRIVATE_KEY_PATH does not hold a PEM private key' };
  }
  return { problem: 'PRIVATE_KEY or PRIVATE_KEY_PATH is required (the app’s .pem key)' };
}

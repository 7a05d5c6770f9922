import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvError, loadEnv, needsSetup } from '../../src/github/env.js';
import { privateKey } from './harness.js';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadEnv(env);
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadEnv', () => {
  it('accepts a complete environment, with the key inline (\\n-escaped) or from a file', () => {
    const inline = loadEnv({ APP_ID: '123', PRIVATE_KEY: privateKey.replace(/\n/g, '\\n'), WEBHOOK_SECRET: 'a-long-secret', GHE_HOST: 'github.example.com' });
    expect(inline).toMatchObject({ appId: 123, privateKey, port: 3000, logLevel: 'info', gheHost: 'github.example.com' });
    const dir = mkdtempSync(join(tmpdir(), 'prodrisk-env-'));
    writeFileSync(join(dir, 'key.pem'), privateKey);
    expect(loadEnv({ APP_ID: '1', PRIVATE_KEY_PATH: join(dir, 'key.pem'), WEBHOOK_SECRET: 'a-long-secret', PORT: '8080', LOG_LEVEL: 'debug' })).toMatchObject({ port: 8080, logLevel: 'debug', privateKey });
    expect(loadEnv({ APP_ID: '1', PRIVATE_KEY: Buffer.from(privateKey).toString('base64'), WEBHOOK_SECRET: 'a-long-secret' }).privateKey).toBe(privateKey);
  });

  it('names every problem in one message, never a value', () => {
    const env = { APP_ID: 'my-app', PRIVATE_KEY: 'not a key', WEBHOOK_SECRET: '', PORT: '99999', LOG_LEVEL: 'loud', GHE_HOST: 'https://github.example.com/' } as unknown as NodeJS.ProcessEnv; // LOG_LEVEL is deliberately outside Probot's union
    const problems = problemsOf(env);
    expect(problems).toEqual([
      'APP_ID must be the numeric App ID',
      'WEBHOOK_SECRET is required (the webhook secret set in the app settings)',
      'PORT must be 1-65535',
      'LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent',
      'GHE_HOST must be a host name like github.example.com (no scheme, no path)',
      'PRIVATE_KEY is not a PEM private key (paste the .pem file, with \\n for line breaks, or base64 of it)',
    ]);
    expect(() => loadEnv(env)).toThrow(/prodrisk cannot start, fix the environment:\n {2}- APP_ID/);
  });

  it('asks for a key when neither PRIVATE_KEY nor PRIVATE_KEY_PATH is set, and reports an unreadable path', () => {
    expect(problemsOf({ APP_ID: '1', WEBHOOK_SECRET: 'a-long-secret' })).toEqual(['PRIVATE_KEY or PRIVATE_KEY_PATH is required (the app’s .pem key)']);
    expect(problemsOf({ APP_ID: '1', WEBHOOK_SECRET: 'a-long-secret', PRIVATE_KEY_PATH: '/nonexistent/key.pem' })).toEqual(['PRIVATE_KEY_PATH cannot be read (ENOENT)']);
  });

  it('leaves start-up to Probot’s setup flow only when no credential is set at all', () => {
    expect(needsSetup({})).toBe(true);
    expect(needsSetup({ APP_ID: ' ', WEBHOOK_SECRET: 'x' })).toBe(true);
    expect(needsSetup({ APP_ID: '1' })).toBe(false);
  });
});

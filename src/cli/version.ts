import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** The version in package.json, found relative to this module in src/ and in dist/src/. */
export function toolVersion(): string {
  if (cached) return cached;
  for (const relative of ['../../package.json', '../../../package.json']) {
    try {
      const text = readFileSync(new URL(relative, import.meta.url), 'utf8');
      const parsed = JSON.parse(text) as { name?: string; version?: string };
      if (parsed.name === 'prodrisk' && parsed.version) return (cached = parsed.version);
    } catch {
      // try the next location
    }
  }
  return (cached = '0.0.0');
}

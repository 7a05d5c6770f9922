// How a secret may appear in a message, a flow note or a log: never whole. The masked form keeps the first
// characters (enough to tell which key it is: `sk_l`, `AKIA`, `ghp_`) and the length.
import { createHash } from 'node:crypto';

/**
 * `sk_l…(107 chars)`. Four characters as the contract says; a short value (a password) keeps fewer, so a
 * mask never shows a meaningful share of the secret.
 */
export function maskSecret(secret: string): string {
  const shown = secret.length >= 16 ? 4 : secret.length >= 8 ? 2 : 0;
  return `${secret.slice(0, shown)}…(${secret.length} chars)`;
}

/** A short digest for fingerprint keys: identifies the secret without revealing it. */
export function secretDigest(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 16);
}

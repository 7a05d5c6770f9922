import { createHash } from 'node:crypto';

/** Normalises a line of code so re-indentation and spacing do not change a fingerprint. */
export function normaliseCode(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * A finding's identity across pushes: the rule, the file and what the rule says makes it this finding
 * (never a line number), plus its rank among identical keys in the file.
 */
export function fingerprint(ruleId: string, path: string, key: string, occurrence: number): string {
  return createHash('sha256').update(`${ruleId}\u0000${path}\u0000${key}\u0000${occurrence}`).digest('hex').slice(0, 24);
}

// Some rules name the fix inside their message (client-trusted-id: "… Fix: scope the query by …"); a report says it once.
import type { Finding } from '../core/types.js';

/** The finding's fix hint, unless its message already carries it. */
export function separateFix(finding: Pick<Finding, 'message' | 'fix'>): string | undefined {
  return finding.fix && !finding.message.includes(finding.fix) ? finding.fix : undefined;
}

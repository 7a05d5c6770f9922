// Inline suppressions: `prodrisk-ignore <rule-id>: <reason>` on the finding's line or the line above, in any
// comment syntax. A suppression must say why; one without a reason silences nothing and is itself reported.

const DIRECTIVE = /prodrisk-ignore\s+([\w-]+(?:\s*,\s*[\w-]+)*)\s*(?::\s*(.*?))?\s*(?:\*\/|-->|\*\))?\s*$/;

export interface Suppression {
  line: number;
  ruleIds: string[];
  reason?: string;
}

export function findSuppressions(text: string): Map<number, Suppression> {
  const found = new Map<number, Suppression>();
  const lines = text.split('\n');
  lines.forEach((content, index) => {
    if (!content.includes('prodrisk-ignore')) return;
    const match = DIRECTIVE.exec(content);
    if (!match) return;
    const reason = match[2]?.trim();
    found.set(index + 1, {
      line: index + 1,
      ruleIds: (match[1] ?? '').split(',').map((id) => id.trim()),
      reason: reason && reason.length > 0 ? reason : undefined,
    });
  });
  return found;
}

/** The suppression that applies to a finding of `ruleId` at `line`, if any. */
export function suppressionFor(suppressions: Map<number, Suppression>, ruleId: string, line: number): Suppression | undefined {
  for (const candidate of [line, line - 1]) {
    const suppression = suppressions.get(candidate);
    if (suppression && (suppression.ruleIds.includes(ruleId) || suppression.ruleIds.includes('all'))) return suppression;
  }
  return undefined;
}

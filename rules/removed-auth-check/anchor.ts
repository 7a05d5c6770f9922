// Where a finding about removed code lands in the head: the handler / route / decorator line when the change
// touched it or its hunk, otherwise the nearest changed line of the hunk (the engine's `baseLine` anchoring).
import type { RuleContext } from '../../src/core/rule.js';
import type { FlowStep } from '../../src/core/types.js';

export interface Anchor {
  line?: number;
  baseLine?: number;
  /** A flow step on the changed line of the hunk, when the finding sits on a nearby unchanged handler line. */
  hunkStep?: FlowStep;
}

export function anchorFor(context: RuleContext<string>, preferredHeadLine: number | undefined, baseLine: number, note: string): Anchor {
  if (preferredHeadLine !== undefined && context.isChanged(preferredHeadLine)) return { line: preferredHeadLine };
  const mapped = context.headLineForBaseLine(baseLine);
  const hunk = context.file.hunks.find((item) => baseLine >= item.baseStart && baseLine < item.baseStart + Math.max(item.baseLines, 1));
  if (preferredHeadLine !== undefined && hunk && context.isChanged(mapped)) {
    const headStart = hunk.headStart;
    const headEnd = hunk.headStart + Math.max(hunk.headLines, 1) - 1;
    if (preferredHeadLine >= headStart - 1 && preferredHeadLine <= headEnd + 1) {
      return { line: preferredHeadLine, hunkStep: { path: context.file.path, line: mapped, note } };
    }
  }
  return { baseLine };
}

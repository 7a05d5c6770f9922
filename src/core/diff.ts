// Unified diffs to hunks and changed lines. Git's and GitHub's patches are authoritative; when a host omits
// a patch (too large), the hunks are computed from the two texts.
import { structuredPatch } from 'diff';
import type { Hunk } from './types.js';

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

export function parseUnifiedDiff(patch: string): Hunk[] {
  const hunks: Hunk[] = [];
  let current: Hunk | undefined;
  let baseLine = 0;
  let headLine = 0;
  for (const line of patch.split('\n')) {
    const header = HUNK_HEADER.exec(line);
    if (header) {
      current = {
        baseStart: Number(header[1]),
        baseLines: header[2] === undefined ? 1 : Number(header[2]),
        headStart: Number(header[3]),
        headLines: header[4] === undefined ? 1 : Number(header[4]),
        added: [],
        removed: [],
      };
      hunks.push(current);
      baseLine = current.baseStart;
      headLine = current.headStart;
      continue;
    }
    if (!current) continue;
    const marker = line[0];
    if (marker === '+') current.added.push(headLine++);
    else if (marker === '-') current.removed.push(baseLine++);
    else if (marker === ' ') {
      baseLine++;
      headLine++;
    }
    // '\' (no newline at end of file) and blank trailing lines carry no position.
  }
  return hunks;
}

export function diffTexts(baseText: string, headText: string): Hunk[] {
  const patch = structuredPatch('base', 'head', baseText, headText, undefined, undefined, { context: 3 });
  return patch.hunks.map((hunk) => {
    const result: Hunk = {
      baseStart: hunk.oldStart,
      baseLines: hunk.oldLines,
      headStart: hunk.newStart,
      headLines: hunk.newLines,
      added: [],
      removed: [],
    };
    let baseLine = hunk.oldStart;
    let headLine = hunk.newStart;
    for (const line of hunk.lines) {
      if (line.startsWith('+')) result.added.push(headLine++);
      else if (line.startsWith('-')) result.removed.push(baseLine++);
      else if (line.startsWith(' ')) {
        baseLine++;
        headLine++;
      }
    }
    return result;
  });
}

/** Every line of a text as added (a new file) or removed (a deleted file). */
export function wholeFileHunk(lineCount: number, side: 'added' | 'removed'): Hunk[] {
  if (lineCount === 0) return [];
  const lines = Array.from({ length: lineCount }, (_, index) => index + 1);
  return side === 'added'
    ? [{ baseStart: 0, baseLines: 0, headStart: 1, headLines: lineCount, added: lines, removed: [] }]
    : [{ baseStart: 1, baseLines: lineCount, headStart: 0, headLines: 0, added: [], removed: lines }];
}

export function countLines(text: string): number {
  if (text.length === 0) return 0;
  const lines = text.split('\n').length;
  return text.endsWith('\n') ? lines - 1 : lines;
}

/**
 * The head line that stands for a removed base line: inside the hunk that removed it, the head line at the
 * same place, moved to the nearest added line of that hunk when there is one (the replacement code, in the diff).
 */
export function headLineForBaseLine(hunks: Hunk[], baseLine: number, headLineCount: number): number {
  let shift = 0;
  for (const hunk of hunks) {
    if (baseLine < hunk.baseStart) break;
    const baseEnd = hunk.baseStart + Math.max(hunk.baseLines, 1) - 1;
    if (baseLine <= baseEnd) {
      let headLine = headPositionInHunk(hunk, baseLine);
      if (hunk.added.length > 0) {
        headLine = hunk.added.reduce((best, line) => (Math.abs(line - headLine) < Math.abs(best - headLine) ? line : best));
      }
      const hunkHeadEnd = hunk.headStart + Math.max(hunk.headLines, 1) - 1;
      return clamp(clamp(headLine, hunk.headStart, hunkHeadEnd), 1, Math.max(headLineCount, 1));
    }
    shift = hunk.headStart + hunk.headLines - (hunk.baseStart + hunk.baseLines);
  }
  return clamp(baseLine + shift, 1, Math.max(headLineCount, 1));
}

/** Replays a hunk (git writes removals before additions in a block) up to a base line. */
function headPositionInHunk(hunk: Hunk, baseLine: number): number {
  const removed = new Set(hunk.removed);
  const added = new Set(hunk.added);
  let base = hunk.baseStart;
  let head = hunk.headStart;
  while (base <= baseLine) {
    if (removed.has(base)) {
      if (base === baseLine) return head;
      base++;
    } else if (added.has(head)) {
      head++;
    } else {
      if (base === baseLine) return head;
      base++;
      head++;
    }
  }
  return head;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}

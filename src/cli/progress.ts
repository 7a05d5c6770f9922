// The progress line a long review shows on stderr: only on a TTY (a log file or CI output would fill with
// carriage returns), and only after a delay, so a quick review prints nothing but its report.
import { terminalSafe } from '../reporters/text.js';

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  /** How long a review runs before the line appears. */
  delayMs?: number;
  now?: () => number;
}

const CLEAR_LINE = '\r\u001b[2K';

export function progressLine(stream: ProgressStream, options: ProgressOptions = {}) {
  const now = options.now ?? Date.now;
  const delayMs = options.delayMs ?? 1000;
  const started = now();
  let shown = false;
  return {
    update(done: number, total: number, path: string): void {
      if (!stream.isTTY || now() - started < delayMs) return;
      shown = true;
      const counter = `[${done}/${total}] `;
      // One terminal row: a wrapped line would not be erased by the next carriage return.
      const room = Math.max((stream.columns ?? 80) - counter.length - 1, 10);
      const shownPath = path.length > room ? `…${path.slice(-(room - 1))}` : path;
      stream.write(`${CLEAR_LINE}${counter}${terminalSafe(shownPath)}`);
    },
    /** Erases the line before the report is printed, so the two never share a row. */
    clear(): void {
      if (shown) stream.write(CLEAR_LINE);
      shown = false;
    },
  };
}

import { progressLine, type ProgressStream } from '../../src/cli/progress.js';

function fakeStream(isTTY: boolean, columns?: number): ProgressStream & { written: string } {
  const stream = { written: '', isTTY, columns, write: (text: string) => (stream.written += text) };
  return stream;
}

function clock(start = 0) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('progressLine', () => {
  it('stays silent while the review is short, then rewrites one line on a TTY and erases it at the end', () => {
    const stream = fakeStream(true);
    const time = clock();
    const progress = progressLine(stream, { delayMs: 1000, now: time.now });
    progress.update(1, 3, 'src/a.ts');
    expect(stream.written).toBe('');
    time.advance(1500);
    progress.update(2, 3, 'src/b.ts');
    progress.update(3, 3, 'src/c.ts');
    expect(stream.written).toBe('\r\u001b[2K[2/3] src/b.ts\r\u001b[2K[3/3] src/c.ts');
    progress.clear();
    expect(stream.written.endsWith('[3/3] src/c.ts\r\u001b[2K')).toBe(true);
  });

  it('writes nothing when stderr is not a terminal (CI logs, files)', () => {
    const stream = fakeStream(false);
    const time = clock();
    const progress = progressLine(stream, { now: time.now });
    time.advance(60_000);
    progress.update(1, 1, 'src/a.ts');
    progress.clear();
    expect(stream.written).toBe('');
  });

  it('fits one terminal row, keeping the end of a long path, and neutralises escape sequences in file names', () => {
    const stream = fakeStream(true, 30);
    const progress = progressLine(stream, { delayMs: 0 });
    progress.update(7, 120, `${'deeply/nested/'.repeat(5)}route.ts`);
    const line = stream.written.replace('\r\u001b[2K', '');
    expect(line.length).toBeLessThan(30);
    expect(line).toMatch(/^\[7\/120\] ….*route\.ts$/);
    stream.written = '';
    progress.update(8, 120, 'evil\u001b]0;pwned\u0007.ts');
    expect(stream.written.replace('\r\u001b[2K', '')).toBe('[8/120] evil\\x1b]0;pwned\\x07.ts');
  });
});

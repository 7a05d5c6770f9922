// Reads many blobs through one `git cat-file --batch` process: a process per file cost ~15 ms each, most of a
// CLI review's time on a large pull request (see `npm run bench`).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

interface Request {
  resolve: (text: string | undefined) => void;
  reject: (error: Error) => void;
}

type Handle = { ref?: () => void; unref?: () => void };

export class BlobReader {
  private child: ChildProcessWithoutNullStreams | undefined;
  private pending: Request[] = [];
  private chunks: Buffer[] = [];
  private length = 0;
  /** Bytes needed before the next answer can be complete; saves re-joining a large blob on every chunk. */
  private needed = 1;
  private failure: Error | undefined;

  constructor(private readonly repo: string) {}

  /** The text of `<commit>:<path>`, or undefined when that path is not a blob there. Paths must not contain a newline. */
  read(commit: string, path: string): Promise<string | undefined> {
    if (this.failure) return Promise.reject(this.failure);
    const child = this.start();
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.keepAlive(true);
      child.stdin.write(`${commit}:${path}\n`);
    });
  }

  close(): void {
    this.child?.stdin.end();
    this.child = undefined;
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = spawn('git', ['-C', this.repo, 'cat-file', '--batch'], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    child.stdin.on('error', (error) => this.fail(error));
    child.on('error', (error) => this.fail(error));
    child.on('exit', (code) => {
      if (this.pending.length > 0) this.fail(new Error(`git cat-file exited with code ${code}`));
    });
    return (this.child = child);
  }

  /** Holds the event loop open only while answers are awaited, so a reader left open never stops the process exiting. */
  private keepAlive(on: boolean): void {
    const child = this.child;
    if (!child) return;
    for (const handle of [child, child.stdin, child.stdout, child.stderr] as Handle[]) (on ? handle.ref : handle.unref)?.call(handle);
  }

  private receive(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
    if (this.length < this.needed) return;
    let buffer = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.length);
    buffer = this.drain(buffer);
    this.chunks = buffer.length > 0 ? [buffer] : [];
    this.length = buffer.length;
    if (this.pending.length === 0) this.keepAlive(false);
  }

  /** Answers are `<oid> <type> <size>\n<content>\n`, or `<name> missing\n` (or `ambiguous`), in request order. */
  private drain(buffer: Buffer): Buffer {
    while (this.pending.length > 0) {
      const headerEnd = buffer.indexOf(10);
      if (headerEnd < 0) {
        this.needed = buffer.length + 1;
        return buffer;
      }
      const match = /^[0-9a-f]+ (\w+) (\d+)$/.exec(buffer.subarray(0, headerEnd).toString('utf8'));
      if (!match) {
        buffer = buffer.subarray(headerEnd + 1);
        this.pending.shift()!.resolve(undefined);
        continue;
      }
      const end = headerEnd + 1 + Number(match[2]);
      if (buffer.length < end + 1) {
        this.needed = end + 1;
        return buffer;
      }
      const content = buffer.subarray(headerEnd + 1, end);
      buffer = buffer.subarray(end + 1);
      this.pending.shift()!.resolve(match[1] === 'blob' ? content.toString('utf8') : undefined);
    }
    this.needed = 1;
    return buffer;
  }

  private fail(error: Error): void {
    this.failure = error;
    this.keepAlive(false);
    for (const request of this.pending.splice(0)) request.reject(error);
  }
}

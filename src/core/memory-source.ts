// A ChangeSource over two in-memory trees: for tests, benchmarks and the corpus-style fixtures.
import type { ChangeSource, RawFileChange, Version } from './types.js';

export type Tree = Record<string, string>;

export class MemorySource implements ChangeSource {
  constructor(
    private readonly base: Tree,
    private readonly head: Tree,
    private readonly patches: Record<string, string> = {},
  ) {}

  async listChanges(): Promise<RawFileChange[]> {
    const changes: RawFileChange[] = [];
    for (const [path, text] of Object.entries(this.head)) {
      if (!(path in this.base)) changes.push({ path, status: 'added', patch: this.patches[path] });
      else if (this.base[path] !== text) changes.push({ path, status: 'modified', patch: this.patches[path] });
    }
    for (const path of Object.keys(this.base)) {
      if (!(path in this.head)) changes.push({ path, status: 'removed', patch: this.patches[path] });
    }
    return changes;
  }

  async readFile(path: string, version: Version): Promise<string | undefined> {
    return (version === 'head' ? this.head : this.base)[path];
  }

  async listFiles(version: Version): Promise<string[]> {
    return Object.keys(version === 'head' ? this.head : this.base).sort();
  }
}

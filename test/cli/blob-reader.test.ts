import { BlobReader } from '../../src/cli/blob-reader.js';
import { TempRepo } from '../helpers/git-repo.js';

describe('BlobReader', () => {
  let repo: TempRepo;
  let first: string;
  let second: string;
  const large = `${'const a = 1;\n'.repeat(40_000)}// end\n`;

  beforeAll(() => {
    repo = new TempRepo();
    first = repo.write({ 'a.ts': 'export const a = 1;\n', 'dir with space/b.ts': 'b\n', 'empty.txt': '', 'big.ts': large }).commit('first');
    second = repo.write({ 'a.ts': 'export const a = 2;\n' }).commit('second');
  });
  afterAll(() => repo.cleanup());

  it('answers many concurrent reads in order, across commits, through one process', async () => {
    const reader = new BlobReader(repo.dir);
    try {
      const texts = await Promise.all([
        reader.read(first, 'a.ts'),
        reader.read(second, 'a.ts'),
        reader.read(first, 'dir with space/b.ts'),
        reader.read(first, 'empty.txt'),
        reader.read(first, 'big.ts'),
        reader.read(first, 'a.ts'),
      ]);
      expect(texts).toEqual(['export const a = 1;\n', 'export const a = 2;\n', 'b\n', '', large, 'export const a = 1;\n']);
    } finally {
      reader.close();
    }
  });

  it('reads a missing path or a directory as undefined and goes on', async () => {
    const reader = new BlobReader(repo.dir);
    try {
      expect(await Promise.all([reader.read(first, 'nope.ts'), reader.read(first, 'dir with space'), reader.read(first, 'a.ts')])).toEqual([
        undefined,
        undefined,
        'export const a = 1;\n',
      ]);
    } finally {
      reader.close();
    }
  });

  it('rejects every waiting read when git cannot run there', async () => {
    const reader = new BlobReader(`${repo.dir}/no-such-dir`);
    await expect(reader.read(first, 'a.ts')).rejects.toThrow(/git cat-file exited with code|EPIPE/);
    await expect(reader.read(first, 'a.ts')).rejects.toThrow();
  });
});

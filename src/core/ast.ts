// One ts-morph Project per review: every file is parsed at most once, whichever rules ask for it.
import { Project, ScriptKind, type SourceFile } from 'ts-morph';
import { isScript } from './classify.js';
import type { Version } from './types.js';

function scriptKind(path: string): ScriptKind {
  if (/\.tsx$/.test(path)) return ScriptKind.TSX;
  if (/\.jsx$/.test(path)) return ScriptKind.JSX;
  if (/\.[cm]?js$/.test(path)) return ScriptKind.JS;
  return ScriptKind.TS;
}

export class ParsedFiles {
  private readonly project = new Project({
    useInMemoryFileSystem: true,
    skipFileDependencyResolution: true,
    skipAddingFilesFromTsConfig: true,
    compilerOptions: { allowJs: true, jsx: 4 /* react-jsx */, noResolve: true },
  });
  private readonly cache = new Map<string, SourceFile | undefined>();

  /** Parses `text` as `path` at `version`, once; later calls return the same SourceFile. */
  get(path: string, version: Version, text: string | undefined): SourceFile | undefined {
    const key = `${version}:${path}`;
    if (this.cache.has(key)) return this.cache.get(key);
    let sourceFile: SourceFile | undefined;
    if (text !== undefined && isScript(path)) {
      // Base and head live in separate virtual folders so both sides of one path can coexist.
      sourceFile = this.project.createSourceFile(`/${version}/${path}`, text, {
        overwrite: true,
        scriptKind: scriptKind(path),
      });
    }
    this.cache.set(key, sourceFile);
    return sourceFile;
  }

  /** How many files were parsed (for tests and benchmarks). */
  get parsedCount(): number {
    return [...this.cache.values()].filter(Boolean).length;
  }
}

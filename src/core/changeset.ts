// Builds the change set a review analyses: the changed files with their texts, hunks, roles and skip reasons.
import { classifyRoles, skipReasonForPath, skipReasonForText } from './classify.js';
import { mapLimit } from './concurrency.js';
import type { Config } from './config.js';
import { countLines, diffTexts, parseUnifiedDiff, wholeFileHunk } from './diff.js';
import type { ChangeSet, ChangeSource, ChangedFile, Hunk, RawFileChange } from './types.js';

export interface BuildOptions {
  /** How many files are read at once from the source. */
  concurrency?: number;
}

export async function buildChangeSet(source: ChangeSource, config: Config, options: BuildOptions = {}): Promise<ChangeSet> {
  const changes = await source.listChanges();
  const files = await mapLimit(changes, options.concurrency ?? 8, (change) => readChangedFile(source, change, config));
  return { files, source };
}

async function readChangedFile(source: ChangeSource, change: RawFileChange, config: Config): Promise<ChangedFile> {
  const pathSkip = change.binary ? { reason: 'binary' as const } : skipReasonForPath(change.path, config);
  if (pathSkip) {
    return fileWith(change, [], undefined, undefined, config, pathSkip);
  }
  const basePath = change.previousPath ?? change.path;
  const [headText, baseText] = await Promise.all([
    change.status === 'removed' ? undefined : source.readFile(change.path, 'head'),
    change.status === 'added' ? undefined : source.readFile(basePath, 'base'),
  ]);
  const textSkip = headText !== undefined ? skipReasonForText(change.path, headText) : baseText !== undefined ? skipReasonForText(basePath, baseText) : undefined;
  if (textSkip) return fileWith(change, [], undefined, undefined, config, textSkip);
  return fileWith(change, hunksOf(change, baseText, headText), headText, baseText, config, undefined);
}

function hunksOf(change: RawFileChange, baseText: string | undefined, headText: string | undefined): Hunk[] {
  if (change.patch !== undefined) return parseUnifiedDiff(change.patch);
  if (baseText === undefined && headText !== undefined) return wholeFileHunk(countLines(headText), 'added');
  if (headText === undefined && baseText !== undefined) return wholeFileHunk(countLines(baseText), 'removed');
  if (baseText !== undefined && headText !== undefined) return diffTexts(baseText, headText);
  return [];
}

function fileWith(
  change: RawFileChange,
  hunks: Hunk[],
  headText: string | undefined,
  baseText: string | undefined,
  config: Config,
  skipped: ChangedFile['skipped'],
): ChangedFile {
  return {
    path: change.path,
    previousPath: change.previousPath,
    status: change.status,
    hunks,
    changedLines: new Set(hunks.flatMap((hunk) => hunk.added)),
    removedLines: new Set(hunks.flatMap((hunk) => hunk.removed)),
    headText,
    baseText,
    roles: classifyRoles(change.path, headText, config),
    skipped,
  };
}

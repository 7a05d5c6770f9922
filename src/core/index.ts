// The pure core: no probot, no octokit, no fs, no network.
export * from './types.js';
export * from './config.js';
export * from './rule.js';
export { analyze, SUPPRESSION_WITHOUT_REASON, type AnalyzeOptions } from './engine.js';
export { buildChangeSet } from './changeset.js';
export { parseUnifiedDiff, diffTexts } from './diff.js';
export { classifyRoles, isScript, leadingDirective } from './classify.js';
export { mapLimit } from './concurrency.js';
export { MemorySource, type Tree } from './memory-source.js';

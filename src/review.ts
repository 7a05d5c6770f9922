// One review: read the change through a ChangeSource, run every rule, return the result. Shared by CLI and app.
import { allRules } from '../rules/index.js';
import { analyze, type AnalyzeOptions } from './core/engine.js';
import { buildChangeSet } from './core/changeset.js';
import type { Config } from './core/config.js';
import type { AnalysisResult, ChangeSource } from './core/types.js';

export interface ReviewOptions extends Partial<AnalyzeOptions> {
  /** How many files are read at once from the source. */
  concurrency?: number;
}

export async function review(source: ChangeSource, config: Config, options: ReviewOptions = {}): Promise<AnalysisResult> {
  const started = Date.now();
  const changeSet = await buildChangeSet(source, config, { concurrency: options.concurrency });
  const result = await analyze(changeSet, config, { rules: options.rules ?? allRules, ...options });
  return { ...result, stats: { ...result.stats, durationMs: Date.now() - started } };
}

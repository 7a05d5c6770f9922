// analyze(changeSet, config) → findings. Runs every enabled rule on every file it applies to, keeps only what
// the change touched, applies suppressions, isolates failing rules, and decides the verdict.
import { ParsedFiles } from './ast.js';
import { ruleSetting, type Config } from './config.js';
import { countLines, headLineForBaseLine } from './diff.js';
import { fingerprint, normaliseCode } from './fingerprint.js';
import { docsUrl, formatMessage, type ReportDescriptor, type Rule, type RuleContext } from './rule.js';
import { findSuppressions, suppressionFor } from './suppression.js';
import {
  SEVERITY_RANK,
  type AnalysisResult,
  type ChangeSet,
  type ChangedFile,
  type Finding,
  type ReviewError,
  type Severity,
  type Version,
} from './types.js';

export const SUPPRESSION_WITHOUT_REASON = 'suppression-without-reason';

export interface AnalyzeOptions {
  rules: readonly Rule[];
  /** Wall-clock budget for all rules on one file. */
  fileBudgetMs?: number;
  /** Called after each file, for progress lines. */
  onFileDone?: (done: number, total: number, path: string) => void;
}

class BudgetExceeded extends Error {
  constructor(budgetMs: number) {
    super(`ran past the ${budgetMs} ms per-file time budget`);
    this.name = 'BudgetExceeded';
  }
}

interface PendingFinding extends Omit<Finding, 'fingerprint'> {
  key: string;
  fromRemovedCode: boolean;
}

export async function analyze(changeSet: ChangeSet, config: Config, options: AnalyzeOptions): Promise<AnalysisResult> {
  const started = Date.now();
  const budgetMs = options.fileBudgetMs ?? 10_000;
  const parsed = new ParsedFiles();
  const errors: ReviewError[] = [];
  const findings: Finding[] = [];
  const suppressed: AnalysisResult['suppressed'] = [];
  const enabledRules = options.rules.filter((rule) => ruleSetting(config, rule.meta.id).enabled);
  const analysable = changeSet.files.filter((file) => !file.skipped);
  const readContextFile = contextFileReader(changeSet);
  const fileLists = memoizedFileLists(changeSet);

  let done = 0;
  for (const file of analysable) {
    const pending: PendingFinding[] = [];
    const deadline = Date.now() + budgetMs;
    const lines = fileLines(file);
    for (const rule of enabledRules) {
      if (!rule.appliesTo(file, config)) continue;
      if (Date.now() > deadline) {
        errors.push({ path: file.path, ruleId: rule.meta.id, message: `not run: the file's ${budgetMs} ms time budget was spent` });
        continue;
      }
      // A rule's findings count only when it finishes: a rule that fails half-way reports nothing.
      const reported: PendingFinding[] = [];
      const context = createContext(rule, file, lines, changeSet, config, parsed, readContextFile, fileLists, deadline, budgetMs, reported, (message) =>
        errors.push({ path: file.path, ruleId: rule.meta.id, message }),
      );
      try {
        await withDeadline(Promise.resolve().then(() => rule.check(context)), deadline, budgetMs);
        pending.push(...reported);
      } catch (error) {
        errors.push({ path: file.path, ruleId: rule.meta.id, message: describeError(error) });
      }
    }
    const kept = keepChanged(file, pending);
    const { active, silenced } = applySuppressions(file, kept);
    findings.push(...active);
    suppressed.push(...silenced);
    options.onFileDone?.(++done, analysable.length, file.path);
  }

  const sorted = dedupe(findings).sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line || a.ruleId.localeCompare(b.ruleId));
  const failRank = SEVERITY_RANK[config.failOn];
  return {
    findings: sorted,
    suppressed,
    verdict: sorted.some((finding) => SEVERITY_RANK[finding.severity] >= failRank) ? 'fail' : 'pass',
    stats: {
      files: changeSet.files.length,
      changedLines: analysable.reduce((sum, file) => sum + file.changedLines.size, 0),
      durationMs: Date.now() - started,
      skipped: changeSet.files.filter((file) => file.skipped).map((file) => ({ path: file.path, ...file.skipped! })),
      errors,
    },
  };
}

interface FileLines {
  headLines: string[];
  headLineCount: number;
}

function fileLines(file: ChangedFile): FileLines {
  return { headLines: file.headText?.split('\n') ?? [], headLineCount: file.headText === undefined ? 0 : countLines(file.headText) };
}

type ContextFileReader = (path: string, version: Version) => Promise<string | undefined>;

function createContext(
  rule: Rule,
  file: ChangedFile,
  { headLines, headLineCount }: FileLines,
  changeSet: ChangeSet,
  config: Config,
  parsed: ParsedFiles,
  readContextFile: ContextFileReader,
  fileLists: FileLists,
  deadline: number,
  budgetMs: number,
  pending: PendingFinding[],
  reportError: (message: string) => void,
): RuleContext<string> {
  const setting = ruleSetting(config, rule.meta.id);
  const isChanged = (line: number) => file.changedLines.has(line);
  return {
    file,
    changeSet,
    config,
    options: setting.options,
    sourceFile: (version: Version = 'head') =>
      parsed.get(version === 'head' ? file.path : (file.previousPath ?? file.path), version, version === 'head' ? file.headText : file.baseText),
    isChanged,
    isRangeChanged: (start, end) => {
      for (let line = start; line <= end; line++) if (isChanged(line)) return true;
      return false;
    },
    headLineForBaseLine: (baseLine) => headLineForBaseLine(file.hunks, baseLine, headLineCount),
    readFile: (path, version = 'head') => readContextFile(path, version),
    parseFile: async (path, version = 'head') => parsed.get(path, version, await readContextFile(path, version)),
    listFiles: (version = 'head') => fileLists.list(version),
    fileSet: (version = 'head') => fileLists.set(version),
    checkBudget: () => {
      if (Date.now() > deadline) throw new BudgetExceeded(budgetMs);
    },
    report: (descriptor: ReportDescriptor<string>) => {
      pending.push(toPending(rule, setting.severity, file, descriptor, headLines, headLineCount));
    },
    reportError,
  };
}

/** The repository's file list at each side, asked of the source once per review: rules ask for it per file. */
interface FileLists {
  list(version: Version): Promise<readonly string[]>;
  set(version: Version): Promise<ReadonlySet<string>>;
}

function memoizedFileLists(changeSet: ChangeSet): FileLists {
  const lists = new Map<Version, Promise<readonly string[]>>();
  const sets = new Map<Version, Promise<ReadonlySet<string>>>();
  const list = (version: Version) => {
    if (!lists.has(version)) lists.set(version, changeSet.source.listFiles(version));
    return lists.get(version)!;
  };
  const set = (version: Version) => {
    if (!sets.has(version)) sets.set(version, list(version).then((paths) => new Set(paths)));
    return sets.get(version)!;
  };
  return { list, set };
}

/** Changed files are served from the change set (already read, indexed by path once); others from the source. */
function contextFileReader(changeSet: ChangeSet): ContextFileReader {
  const head = new Map(changeSet.files.map((file) => [file.path, file]));
  const base = new Map(changeSet.files.map((file) => [file.previousPath ?? file.path, file]));
  return async (path, version) => {
    const changed = (version === 'head' ? head : base).get(path);
    if (changed && !changed.skipped) return version === 'head' ? changed.headText : changed.baseText;
    return changeSet.source.readFile(path, version);
  };
}

function toPending(
  rule: Rule,
  configuredSeverity: Severity | undefined,
  file: ChangedFile,
  descriptor: ReportDescriptor<string>,
  headLines: string[],
  headLineCount: number,
): PendingFinding {
  const fromRemovedCode = descriptor.line === undefined && descriptor.baseLine !== undefined;
  const line = descriptor.line ?? (descriptor.baseLine !== undefined ? headLineForBaseLine(file.hunks, descriptor.baseLine, headLineCount) : 1);
  const template = rule.meta.messages[descriptor.messageId] ?? descriptor.messageId;
  const message = formatMessage(template, descriptor.data);
  return {
    ruleId: rule.meta.id,
    messageId: descriptor.messageId,
    severity: configuredSeverity ?? descriptor.severity ?? rule.meta.severity,
    path: file.path,
    line,
    endLine: Math.max(descriptor.endLine ?? line, line),
    message,
    flow: descriptor.flow ?? [],
    fix: descriptor.fix,
    suggestion: descriptor.suggestion,
    docsUrl: docsUrl(rule.meta.id),
    key: descriptor.key ?? `${descriptor.messageId}\u0000${message}\u0000${normaliseCode(headLines[line - 1] ?? '')}`,
    fromRemovedCode,
  };
}

/** Only what the change touched: the finding's lines, a flow step in this file, or code the change removed. */
function keepChanged(file: ChangedFile, pending: PendingFinding[]): PendingFinding[] {
  return pending.filter((finding) => {
    if (finding.fromRemovedCode || file.status === 'removed') return true;
    for (let line = finding.line; line <= finding.endLine; line++) if (file.changedLines.has(line)) return true;
    return finding.flow.some((step) => step.path === file.path && file.changedLines.has(step.line));
  });
}

function applySuppressions(file: ChangedFile, pending: PendingFinding[]): { active: Finding[]; silenced: AnalysisResult['suppressed'] } {
  const suppressions = file.headText?.includes('prodrisk-ignore') ? findSuppressions(file.headText) : new Map();
  const occurrences = new Map<string, number>();
  const active: Finding[] = [];
  const silenced: AnalysisResult['suppressed'] = [];
  for (const item of pending) {
    const { key, fromRemovedCode: _removed, ...rest } = item;
    const occurrenceKey = `${item.ruleId}\u0000${key}`;
    const occurrence = occurrences.get(occurrenceKey) ?? 0;
    occurrences.set(occurrenceKey, occurrence + 1);
    const finding: Finding = { ...rest, fingerprint: fingerprint(item.ruleId, item.path, key, occurrence) };
    const suppression = suppressionFor(suppressions, item.ruleId, item.line);
    if (suppression?.reason) {
      silenced.push({ finding, reason: suppression.reason });
      continue;
    }
    active.push(finding);
    if (suppression) {
      active.push({
        ruleId: SUPPRESSION_WITHOUT_REASON,
        severity: 'low',
        path: file.path,
        line: suppression.line,
        endLine: suppression.line,
        message: `\`prodrisk-ignore ${item.ruleId}\` has no reason, so it does not suppress anything. Write why: \`prodrisk-ignore ${item.ruleId}: <reason>\`.`,
        flow: [],
        docsUrl: docsUrl(''),
        fingerprint: fingerprint(SUPPRESSION_WITHOUT_REASON, file.path, `${item.ruleId}\u0000${key}`, occurrence),
      });
    }
  }
  return { active, silenced };
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const keys = [finding.fingerprint, `${finding.ruleId}\u0000${finding.path}\u0000${finding.line}\u0000${finding.message}`];
    if (keys.some((key) => seen.has(key))) return false;
    keys.forEach((key) => seen.add(key));
    return true;
  });
}

async function withDeadline<T>(work: Promise<T>, deadline: number, budgetMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BudgetExceeded(budgetMs)), Math.max(deadline - Date.now(), 0));
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function describeError(error: unknown): string {
  if (error instanceof BudgetExceeded) return error.message;
  if (error instanceof Error) return `rule failed: ${error.message}`;
  return `rule failed: ${String(error)}`;
}

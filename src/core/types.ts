// The data model of a review. Pure types: no I/O lives here.

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Higher number = more severe. */
export const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1 };

export type FileStatus = 'added' | 'modified' | 'removed' | 'renamed';
export type Version = 'base' | 'head';

/** What a file is for; a file may have several roles (a client test, a server migration…). */
export type FileRole =
  | 'server'
  | 'client'
  | 'migration'
  | 'sql'
  | 'env'
  | 'config'
  | 'test'
  | 'firebase-rules'
  | 'docs';

/** A file as the host reports it, before contents are read. */
export interface RawFileChange {
  path: string;
  previousPath?: string;
  status: FileStatus;
  /** The unified diff of this file (hunks only or with headers). Absent when the host omitted it. */
  patch?: string;
  /** The host already knows this file is binary. */
  binary?: boolean;
}

/** Where a review's files come from: GitHub, local git, test fixtures. */
export interface ChangeSource {
  /** The files the change touches. */
  listChanges(): Promise<RawFileChange[]>;
  /** A file's text at one side of the change; undefined when it does not exist there. */
  readFile(path: string, version: Version): Promise<string | undefined>;
  /** Every file path of the repository at one side (for context lookups: middleware, migrations…). */
  listFiles(version: Version): Promise<string[]>;
}

export interface Hunk {
  baseStart: number;
  baseLines: number;
  headStart: number;
  headLines: number;
  /** Head line numbers added in this hunk. */
  added: number[];
  /** Base line numbers removed in this hunk. */
  removed: number[];
}

export type SkipReason = 'binary' | 'vendored' | 'generated' | 'minified' | 'too-large' | 'ignored-by-config' | 'lockfile';

export interface ChangedFile {
  path: string;
  previousPath?: string;
  status: FileStatus;
  hunks: Hunk[];
  /** Head line numbers the change added or modified. */
  changedLines: ReadonlySet<number>;
  /** Base line numbers the change removed. */
  removedLines: ReadonlySet<number>;
  headText?: string;
  baseText?: string;
  roles: ReadonlySet<FileRole>;
  /** Why this file is not analysed; undefined when it is. */
  skipped?: { reason: SkipReason; detail?: string };
}

export interface ChangeSet {
  files: ChangedFile[];
  /** For context lookups beyond the changed files. */
  source: ChangeSource;
}

/** One step of the flow that makes a finding dangerous. */
export interface FlowStep {
  path: string;
  line: number;
  /** What happens here: "`userId` read from the request body", "reaches `prisma.invoice.findMany({ where })`". */
  note: string;
}

/** A mechanical replacement for lines of the head, offered as a GitHub suggestion. */
export interface Suggestion {
  line: number;
  endLine: number;
  replacement: string;
}

export interface Finding {
  ruleId: string;
  /** Which of the rule's messages this is (stable; wording may change). */
  messageId?: string;
  severity: Severity;
  path: string;
  line: number;
  endLine: number;
  message: string;
  flow: FlowStep[];
  fix?: string;
  suggestion?: Suggestion;
  docsUrl: string;
  /** Stable across unrelated line moves: never contains line numbers. */
  fingerprint: string;
}

export interface RuleFailure {
  ruleId: string;
  path: string;
  kind: 'error' | 'timeout';
  message: string;
}

/** A problem that did not stop the review: a file that does not parse, a rule that failed. */
export interface ReviewError {
  path?: string;
  ruleId?: string;
  message: string;
}

export interface SkippedFile {
  path: string;
  reason: SkipReason;
  detail?: string;
}

export type Verdict = 'pass' | 'fail';

export interface AnalysisResult {
  findings: Finding[];
  /** Findings silenced by a `prodrisk-ignore` with a reason (kept for the summary). */
  suppressed: Array<{ finding: Finding; reason: string }>;
  verdict: Verdict;
  stats: {
    files: number;
    changedLines: number;
    durationMs: number;
    skipped: SkippedFile[];
    errors: ReviewError[];
  };
}

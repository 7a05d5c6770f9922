// The rule API, in the style of typescript-eslint's createRule: metadata is the contract, `check` finds and reports.
import type { SourceFile } from 'ts-morph';
import type { Config } from './config.js';
import type { ChangeSet, ChangedFile, FlowStep, Severity, Suggestion, Version } from './types.js';

export const DOCS_BASE_URL = 'https://github.com/prodrisk/prodrisk/blob/main/rules';

export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}/${ruleId}/README.md`;
}

export interface RuleMeta<MessageIds extends string> {
  /** Stable id users type in config and suppressions. */
  id: string;
  /** One sentence; the rule's README repeats it verbatim (checked by a test). */
  description: string;
  severity: Severity;
  /** Message templates by id; `{{name}}` is replaced from the report's data. */
  messages: Record<MessageIds, string>;
}

export interface ReportDescriptor<MessageIds extends string> {
  messageId: MessageIds;
  data?: Record<string, string | number>;
  /** Head line (1-based). Give `baseLine` instead for code the change removed. */
  line?: number;
  endLine?: number;
  /** A base line of removed code; the engine anchors it on the nearest head line of its hunk. */
  baseLine?: number;
  flow?: FlowStep[];
  fix?: string;
  suggestion?: Suggestion;
  /** Overrides the rule's severity for this finding (e.g. medium for a read, high for a write). */
  severity?: Severity;
  /**
   * What makes this finding the same finding after unrelated lines move: e.g. the handler and the id name.
   * Defaults to the message and the reported line's text. Never put line numbers here.
   */
  key?: string;
}

export interface RuleContext<MessageIds extends string> {
  readonly file: ChangedFile;
  readonly changeSet: ChangeSet;
  readonly config: Config;
  /** The rule's options from config (`rules.<id>.options`). */
  readonly options: Record<string, unknown>;
  /** The parsed head (or base) of this file; undefined when it is not JS/TS or that side does not exist. Shared by all rules. */
  sourceFile(version?: Version): SourceFile | undefined;
  /** True when the change added or modified this head line. */
  isChanged(line: number): boolean;
  /** True when any head line in [start, end] was added or modified. */
  isRangeChanged(start: number, end: number): boolean;
  /** The head line to anchor a finding about a removed base line: the nearest head line of the same hunk. */
  headLineForBaseLine(baseLine: number): number;
  /** Another file of the repository (context: middleware.ts, the tRPC setup, other migrations). */
  readFile(path: string, version?: Version): Promise<string | undefined>;
  /** Parses another file of the repository with the shared parser; undefined when missing or not JS/TS. */
  parseFile(path: string, version?: Version): Promise<SourceFile | undefined>;
  /** Every file path of the repository at one side (read once per review and shared by all rules: do not mutate). */
  listFiles(version?: Version): Promise<readonly string[]>;
  /** The same file list as a set, built once per review, for "does this path exist" lookups. */
  fileSet(version?: Version): Promise<ReadonlySet<string>>;
  /** Throws when this file's time budget is spent; call it inside long loops. */
  checkBudget(): void;
  report(descriptor: ReportDescriptor<MessageIds>): void;
  /** Records a problem that did not stop the rule (a file that does not parse) in the result's `stats.errors`. */
  reportError(message: string): void;
}

export interface Rule<MessageIds extends string = string> {
  meta: RuleMeta<MessageIds>;
  /** Whether the rule looks at this file at all (cheap: path and roles). */
  appliesTo(file: ChangedFile, config: Config): boolean;
  check(context: RuleContext<MessageIds>): void | Promise<void>;
}

export function createRule<MessageIds extends string>(rule: Rule<MessageIds>): Rule<MessageIds> {
  return rule;
}

/** Fills `{{name}}` placeholders of a message template. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    name in data ? String(data[name]) : whole,
  );
}

// What the SQL, code and Firebase checks hand back to the rule: data only, worded by the rule's messages.
import type { FlowStep, Severity } from '../../src/core/types.js';

export type MessageId =
  | 'rlsDisabled'
  | 'rlsNotForced'
  | 'rlsEnableRemoved'
  | 'tableWithoutRls'
  | 'rlsWithoutPolicy'
  | 'policyWithoutRls'
  | 'permissiveWrite'
  | 'permissiveRead'
  | 'authenticatedOnly'
  | 'userMetadataPolicy'
  | 'grantToAnon'
  | 'grantWithoutRls'
  | 'bypassRls'
  | 'rowSecurityOff'
  | 'definerSearchPath'
  | 'definerExposed'
  | 'viewWithoutInvoker'
  | 'authUsersExposed'
  | 'publicBucketListing'
  | 'serviceRoleInClient'
  | 'serviceRoleImportedInClient'
  | 'serviceRoleByRequestId'
  | 'firebaseOpen'
  | 'firebaseAnySignedIn';

export interface Issue {
  messageId: MessageId;
  line: number;
  endLine?: number;
  /** Set for removed code: `line` is then ignored and the engine anchors the finding in the hunk. */
  baseLine?: number;
  data: Record<string, string>;
  severity?: Severity;
  flow: FlowStep[];
  fix: string;
  /** Stable identity across pushes (no line numbers). */
  key: string;
}

// Every rule prodrisk ships, in the order their findings are explained in docs.
import type { Rule } from '../src/core/rule.js';
import clientTrustedId from './client-trusted-id/rule.js';
import configWeakened from './config-weakened/rule.js';
import hardcodedSecret from './hardcoded-secret/rule.js';
import missingAuthCheck from './missing-auth-check/rule.js';
import removedAuthCheck from './removed-auth-check/rule.js';
import rlsBypass from './rls-bypass/rule.js';
import secretInBundle from './secret-in-bundle/rule.js';

export const allRules: readonly Rule[] = [
  clientTrustedId,
  removedAuthCheck,
  missingAuthCheck,
  rlsBypass,
  secretInBundle,
  hardcodedSecret,
  configWeakened,
];

export function ruleById(id: string): Rule | undefined {
  return allRules.find((rule) => rule.meta.id === id);
}

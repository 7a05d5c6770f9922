// Placeholder until the rule is written: it reports nothing.
import { createRule } from '../../src/core/rule.js';

export default createRule({
  meta: { id: 'removed-auth-check', description: 'TODO', severity: 'high', messages: { todo: 'TODO' } },
  appliesTo: () => false,
  check: () => {},
});

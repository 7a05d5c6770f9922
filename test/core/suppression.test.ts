import { findSuppressions, suppressionFor } from '../../src/core/suppression.js';

describe('suppressions', () => {
  it.each([
    ['// prodrisk-ignore hardcoded-secret: public test key'],
    ['# prodrisk-ignore hardcoded-secret: public test key'],
    ['-- prodrisk-ignore hardcoded-secret: public test key'],
    ['/* prodrisk-ignore hardcoded-secret: public test key */'],
    ['<!-- prodrisk-ignore hardcoded-secret: public test key -->'],
  ])('reads %s', (line) => {
    const found = suppressionFor(findSuppressions(`${line}\nconst key = 'x';\n`), 'hardcoded-secret', 2);
    expect(found).toEqual({ line: 1, ruleIds: ['hardcoded-secret'], reason: 'public test key' });
  });

  it('applies to its own line and the next, not further', () => {
    const suppressions = findSuppressions('a // prodrisk-ignore rls-bypass: seed data\nb\nc\n');
    expect(suppressionFor(suppressions, 'rls-bypass', 1)).toBeDefined();
    expect(suppressionFor(suppressions, 'rls-bypass', 2)).toBeDefined();
    expect(suppressionFor(suppressions, 'rls-bypass', 3)).toBeUndefined();
    expect(suppressionFor(suppressions, 'hardcoded-secret', 1)).toBeUndefined();
  });

  it('keeps a suppression without a reason, with no reason', () => {
    expect(findSuppressions('// prodrisk-ignore rls-bypass\n').get(1)).toEqual({ line: 1, ruleIds: ['rls-bypass'], reason: undefined });
    expect(findSuppressions('// prodrisk-ignore rls-bypass:   \n').get(1)?.reason).toBeUndefined();
  });
});

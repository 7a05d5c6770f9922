import { renderText, terminalSafe } from '../../src/reporters/text.js';
import { finding, result } from './findings.js';

const context = { toolVersion: '1.2.3', base: 'a'.repeat(40), head: 'b'.repeat(40) };

describe('renderText', () => {
  it('gives file:line, severity, rule, message, the numbered flow and the fix, then the verdict', () => {
    const text = renderText(result([finding()]), context, { colour: false });
    expect(text.split('\n')).toEqual([
      'src/api/invoices.ts:12  high  client-trusted-id',
      '  `userId` comes from the request body and selects whose invoices are returned.',
      '  flow:',
      '    1. src/api/invoices.ts:10  `userId` read from `req.body`',
      '    2. src/api/invoices.ts:12  reaches `prisma.invoice.findMany({ where })`',
      '  fix: Take the user from the session: `const userId = session.user.id`.',
      '',
      'FAIL  1 high · 3 files, 40 changed lines · aaaaaaa..bbbbbbb · 120 ms',
      '',
    ]);
  });

  it('says so when nothing was found', () => {
    expect(renderText(result([]), context, { colour: false })).toBe('PASS  no findings · 3 files, 40 changed lines · aaaaaaa..bbbbbbb · 120 ms\n');
    expect(renderText(result([], { files: 1, changedLines: 1 }), context, { colour: false })).toContain('· 1 file, 1 changed line ·');
  });

  it('colours only when asked', () => {
    expect(renderText(result([finding()]), context, { colour: true })).toContain('\u001b[31mhigh\u001b[0m');
    expect(renderText(result([finding()]), context, { colour: false })).not.toContain('\u001b');
  });

  it('cannot be made to send escape sequences to the terminal by a file name or quoted code', () => {
    const hostile = finding({ path: 'evil\u001b[2J.ts', message: 'quoted `\u001b]8;;http://x\u0007`', flow: [{ path: 'a.ts', line: 1, note: '\u009b31m' }] });
    const text = renderText(result([hostile]), context, { colour: false });
    for (const control of ['\u001b', '\u0007', '\u009b']) expect(text).not.toContain(control);
    expect(text).toContain('evil\\x1b[2J.ts');
    expect(terminalSafe('tab\tand\nnewline stay')).toBe('tab\tand\nnewline stay');
  });
});

import { parseUnifiedDiff } from '../../src/core/diff.js';
import { anchorFor, diffAnchors, fingerprintMarker, planReview, readFingerprints, renderCommentBody, renderReviewBody } from '../../src/reporters/review-comments.js';
import { finding } from './findings.js';

// Head lines 10-16 are in the diff (12 and 13 added); nothing else is.
const patch = '@@ -10,5 +10,7 @@ export async function handler(req) {\n   const a = 1;\n   const b = 2;\n+  const userId = req.body.userId;\n+  const rows = await db.invoice.findMany({ where: { userId } });\n   const c = 3;\n   const d = 4;\n   return rows;';
const hunks = parseUnifiedDiff(patch);
const links = { repoUrl: 'https://github.com/acme/shop', ref: 'abc123' };

describe('anchorFor', () => {
  it('anchors a range inside one hunk as start_line..line, and falls back to a single line', () => {
    expect(anchorFor(finding({ line: 12, endLine: 13 }), hunks)).toEqual({ startLine: 12, line: 13 });
    expect(anchorFor(finding({ line: 16, endLine: 20 }), hunks)).toEqual({ line: 16 });
    expect(anchorFor(finding({ line: 5, endLine: 10 }), hunks)).toEqual({ line: 10 });
    expect(anchorFor(finding({ line: 40, endLine: 40 }), hunks)).toBeUndefined();
    expect(anchorFor(finding(), undefined)).toBeUndefined();
  });

  it('never anchors on the head side of a removal-only hunk', () => {
    const removal = parseUnifiedDiff('@@ -5,2 +4,0 @@\n-const a = 1;\n-const b = 2;');
    expect(anchorFor(finding({ line: 4, endLine: 4 }), removal)).toBeUndefined();
  });
});

describe('planReview', () => {
  it('puts findings outside the diff, in files without a patch, and past the cap in the body', () => {
    const anchors = diffAnchors(new Map([['src/api/invoices.ts', patch], ['big.ts', undefined]]));
    const plan = planReview(
      [
        finding({ line: 12, fingerprint: 'a' }),
        finding({ line: 13, fingerprint: 'b' }),
        finding({ line: 40, endLine: 40, fingerprint: 'c' }),
        finding({ path: 'big.ts', fingerprint: 'd' }),
      ],
      anchors,
      { links, maxInline: 1 },
    );
    expect(plan.inline.map(({ comment }) => [comment.path, comment.line, comment.side])).toEqual([['src/api/invoices.ts', 12, 'RIGHT']]);
    expect(plan.inBody.map(({ finding: item, reason }) => [item.fingerprint, reason])).toEqual([
      ['b', 'over-cap'],
      ['c', 'outside-diff'],
      ['d', 'no-patch'],
    ]);
    const body = renderReviewBody(plan, { links });
    expect(body).toContain('**prodrisk** found 4 new findings in this push · 1 inline below');
    expect(readFingerprints(body)).toEqual(['b', 'c', 'd']);
    expect(body).toContain('(not on a line of the diff)');
    expect(body).toContain('(GitHub shows no diff for this file)');
  });

  it('keeps the body under GitHub\'s limit by whole findings, so every finding shown keeps its marker', () => {
    const many = Array.from({ length: 400 }, (_, index) => finding({ path: 'big.ts', fingerprint: `f${index}`, message: `${'long message '.repeat(20)}${index}` }));
    const plan = planReview(many, diffAnchors(new Map([['big.ts', undefined]])), { links });
    const body = renderReviewBody(plan, { links });
    expect(body.length).toBeLessThanOrEqual(65_000);
    const shown = readFingerprints(body);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(400);
    expect(body.split('\n').filter((line) => line.startsWith('- ') && !line.startsWith('- …')).length).toBe(shown.length);
    expect(body).toContain(`… and ${400 - shown.length} more findings: see the check run.`);
  });

  it('anchors a suggestion on exactly the lines it replaces and writes a suggestion block', () => {
    const withSuggestion = finding({ line: 12, endLine: 12, suggestion: { line: 12, endLine: 13, replacement: '  const userId = session.user.id;\n  const rows = await db.invoice.findMany({ where: { userId } });\n' } });
    const plan = planReview([withSuggestion], diffAnchors(new Map([['src/api/invoices.ts', patch]])), { links });
    expect(plan.inline[0]!.comment).toMatchObject({ start_line: 12, start_side: 'RIGHT', line: 13, side: 'RIGHT' });
    expect(plan.inline[0]!.comment.body).toContain('```suggestion\n  const userId = session.user.id;\n  const rows = await db.invoice.findMany({ where: { userId } });\n```');
  });
});

describe('renderCommentBody', () => {
  it('says rule and severity, what breaks, the linked flow, the fix, docs, how to suppress, and carries the marker', () => {
    const body = renderCommentBody(finding(), { links });
    expect(body).toContain('**🟧 high · [`client-trusted-id`](https://github.com/prodrisk/prodrisk/blob/main/rules/client-trusted-id/README.md)**');
    expect(body).toContain('`userId` comes from the request body');
    expect(body).toContain('1. [src/api/invoices.ts:10](https://github.com/acme/shop/blob/abc123/src/api/invoices.ts#L10): `userId` read from `req.body`');
    expect(body).toContain('**Fix:** Take the user from the session');
    expect(body).toContain('`// prodrisk-ignore client-trusted-id: <why this is safe>`');
    expect(body.endsWith(fingerprintMarker('f1a2b3c4d5e6f7a8b9c0d1e2'))).toBe(true);
    expect(renderCommentBody(finding({ path: 'db/001.sql' }), {})).toContain('`-- prodrisk-ignore client-trusted-id:');
  });

  it('shows a suggestion that cannot be a suggestion block as a plain replacement', () => {
    const body = renderCommentBody(finding({ suggestion: { line: 3, endLine: 3, replacement: 'x\n' } }), { suggestionBlock: false });
    expect(body).not.toContain('```suggestion');
    expect(body).toContain('Suggested replacement for lines 3–3:');
  });
});

import { diffTexts, headLineForBaseLine, parseUnifiedDiff } from '../../src/core/diff.js';

const PATCH = `diff --git a/x.ts b/x.ts
--- a/x.ts
+++ b/x.ts
@@ -1,6 +1,5 @@
 export async function GET() {
-  const session = await auth();
-  if (!session) return new Response(null, { status: 401 });
+  // auth moved
   return Response.json(await load());
 }
 
@@ -20,2 +19,3 @@ function other() {
 a();
+b();
 c();
`;

describe('parseUnifiedDiff', () => {
  it('reads added head lines and removed base lines per hunk', () => {
    const hunks = parseUnifiedDiff(PATCH);
    expect(hunks.map((hunk) => [hunk.added, hunk.removed])).toEqual([
      [[2], [2, 3]],
      [[20], []],
    ]);
  });

  it('treats a missing line count as one line', () => {
    expect(parseUnifiedDiff('@@ -3 +3 @@\n-a\n+b\n')).toEqual([{ baseStart: 3, baseLines: 1, headStart: 3, headLines: 1, added: [3], removed: [3] }]);
  });
});

describe('headLineForBaseLine', () => {
  const hunks = parseUnifiedDiff(PATCH);

  it('anchors removed lines on the replacement line of the same hunk', () => {
    expect(headLineForBaseLine(hunks, 2, 30)).toBe(2);
    expect(headLineForBaseLine(hunks, 3, 30)).toBe(2);
  });

  it('shifts lines after a hunk by what the hunk added and removed', () => {
    expect(headLineForBaseLine(hunks, 10, 30)).toBe(9);
  });

  it('anchors a pure deletion at the line that now follows it', () => {
    const deletion = parseUnifiedDiff('@@ -1,4 +1,2 @@\n a\n-b\n-c\n d\n');
    expect(headLineForBaseLine(deletion, 3, 2)).toBe(2);
  });
});

describe('diffTexts', () => {
  it('computes hunks when the host gave no patch', () => {
    const hunks = diffTexts('a\nb\nc\n', 'a\nB\nc\nd\n');
    expect(hunks.flatMap((hunk) => hunk.added)).toEqual([2, 4]);
    expect(hunks.flatMap((hunk) => hunk.removed)).toEqual([2]);
  });
});

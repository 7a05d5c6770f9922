import { renderCommentBody } from '../../src/reporters/review-comments.js';
import { renderText } from '../../src/reporters/text.js';
import { finding, result } from './findings.js';

const context = { toolVersion: '1.2.3', base: 'a'.repeat(40), head: 'b'.repeat(40) };
const fix = 'scope the query by `session.user.id`';
const countOf = (text: string, part: string) => text.split(part).length - 1;

describe('a fix the message already names', () => {
  const named = finding({ message: `\`userId\` comes from the request body. Fix: ${fix}.`, fix });

  it('is said once in the terminal', () => {
    expect(countOf(renderText(result([named]), context, { colour: false }), fix)).toBe(1);
  });

  it('is said once in a review comment', () => {
    expect(countOf(renderCommentBody(named, {}), fix)).toBe(1);
  });

  it('is still given on its own line when the message does not carry it', () => {
    const text = renderText(result([finding({ fix })]), context, { colour: false });
    expect(text).toContain(`  fix: ${fix}`);
  });
});

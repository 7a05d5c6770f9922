// The line of a setting in YAML text, so a finding sits on the line that changed it.
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';

/**
 * The 1-based lines (key through value) of the setting at `path`; a last segment that is not a key is matched against the items of a
 * sequence (a glob in `paths.ignore`). Undefined when the path is not in the text.
 */
export function linesOfSetting(text: string, path: ReadonlyArray<string | number>): { line: number; endLine: number } | undefined {
  const document = parseDocument(text);
  let node: unknown = document.contents;
  let keyNode: Node | undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) return undefined;
      keyNode = isScalar(pair.key) ? pair.key : undefined;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items.find((entry) => isScalar(entry) && String(entry.value) === String(segment));
      if (!item) return undefined;
      keyNode = undefined;
      node = item;
    } else {
      return undefined;
    }
  }
  const valueRange = (node as Node | null)?.range;
  const start = keyNode?.range?.[0] ?? valueRange?.[0];
  if (start === undefined) return undefined;
  const end = valueRange ? Math.max(valueRange[1] - 1, start) : start;
  return { line: lineAt(text, start), endLine: lineAt(text, end) };
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset && index < text.length; index++) if (text.charCodeAt(index) === 10) line++;
  return line;
}

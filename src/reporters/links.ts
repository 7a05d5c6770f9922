// Links to lines of a repository at one commit, shared by the markdown report and the review comments.

export interface LineLinks {
  /** The repository's web address, e.g. https://github.com/acme/shop (GHE hosts work the same way). */
  repoUrl: string;
  /** The commit the lines are read at (the head SHA), so links do not drift after later pushes. */
  ref: string;
}

export function lineUrl(links: LineLinks, path: string, line: number, endLine = line): string {
  const encodedPath = path.split('/').map(encodeURIComponent).join('/');
  const anchor = endLine > line ? `#L${line}-L${endLine}` : `#L${line}`;
  return `${links.repoUrl.replace(/\/+$/, '')}/blob/${links.ref}/${encodedPath}${anchor}`;
}

/** `path:line` as a markdown link when links are known, as code otherwise. */
export function lineLink(links: LineLinks | undefined, path: string, line: number, endLine = line): string {
  const label = endLine > line ? `${path}:${line}-${endLine}` : `${path}:${line}`;
  return links ? `[${escapeLinkLabel(label)}](${lineUrl(links, path, line, endLine)})` : `\`${label}\``;
}

function escapeLinkLabel(label: string): string {
  return label.replace(/[[\]\\*_<>]/g, (character) => `\\${character}`);
}

/** Text safe inside one markdown table cell. */
export function tableCell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

// Values bound into SQL text: which column each `${value}` or `$n` parameter is compared with or inserted into.
import { ts } from 'ts-morph';
import type { Operation, Placement } from './placements.js';

function operationOf(text: string): Operation {
  const keyword = /^\s*(?:with\b[\s\S]*?\)\s*)?(select|insert|update|delete|upsert|merge)/i.exec(text)?.[1]?.toLowerCase();
  if (keyword === 'delete') return 'delete';
  if (keyword === 'insert' || keyword === 'update' || keyword === 'upsert' || keyword === 'merge') return 'write';
  return 'read';
}

/** The column a value placed right after `before` is compared with: `user_id = ` → user_id. */
function columnBefore(before: string): string | undefined {
  const match = /("?[\w.]+"?)\s*(?:=|<>|!=|\bin\s*\(|=\s*any\s*\()\s*$/i.exec(before);
  return match?.[1]?.replace(/"/g, '').split('.').pop();
}

/** Columns of `INSERT INTO t (a, b, c) VALUES (...)`, in order. */
function insertColumns(text: string): string[] {
  const match = /insert\s+into\s+[\w."]+\s*\(([^)]*)\)/i.exec(text);
  return match?.[1]?.split(',').map((column) => column.trim().replace(/"/g, '')) ?? [];
}

export function sqlPlacements(text: ts.TemplateLiteral | ts.StringLiteralLike | ts.Expression, params: ts.Expression[] = []): { op: Operation; placements: Placement[] } {
  const placements: Placement[] = [];
  let fullText = '';
  if (ts.isNoSubstitutionTemplateLiteral(text) || ts.isStringLiteralLike(text)) fullText = text.text;
  else if (ts.isTemplateExpression(text)) {
    fullText = text.head.text;
    for (const span of text.templateSpans) {
      placements.push({ key: columnBefore(fullText), node: span.expression });
      fullText += `\${}${span.literal.text}`;
    }
  }
  const op = operationOf(fullText);
  const columns = op === 'write' ? insertColumns(fullText) : [];
  params.forEach((param, index) => {
    const marker = new RegExp(`\\$${index + 1}(?!\\d)`);
    const position = fullText.search(marker);
    const key = columns[index] ?? (position >= 0 ? columnBefore(fullText.slice(0, position)) : undefined);
    placements.push({ key, node: param });
  });
  return { op, placements };
}

// SQL inside TypeScript: sql`…` templates and strings given to knex.raw, db.execute, queryRunner.query, pgm.sql…
// Interpolations become placeholder identifiers so the statement still parses; every character keeps its file line.
import { ts, type SourceFile } from 'ts-morph';

export interface EmbeddedSql {
  sql: string;
  lineOf: (offset: number) => number;
}

/** Cheap pre-filter: only text that may hold a statement this rule judges is extracted and parsed. */
export const INTERESTING_SQL = /row\s+level\s+security|create\s+policy|alter\s+policy|bypassrls|row_security|security\s+definer|create\s+(or\s+replace\s+)?(view|function)|create\s+(unlogged\s+)?table|\bgrant\s|storage\.buckets/i;

const SQL_TAGS = /(^|\.)(sql|raw|unsafe|\$executeRaw|\$queryRaw)$/;
const SQL_METHODS = new Set(['raw', 'execute', 'query', 'sql', 'unsafe', 'exec', 'executeRaw', 'executeRawUnsafe', '$executeRaw', '$executeRawUnsafe', '$queryRawUnsafe', 'none', 'any', 'many', 'one']);

export function embeddedSql(sourceFile: SourceFile): EmbeddedSql[] {
  const file = sourceFile.compilerNode;
  const found: EmbeddedSql[] = [];
  const take = (literal: ts.Node) => {
    const extracted = literalSql(literal, file);
    if (extracted && INTERESTING_SQL.test(extracted.sql)) found.push(extracted);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isTaggedTemplateExpression(node) && SQL_TAGS.test(node.tag.getText(file))) take(node.template);
    else if (ts.isCallExpression(node) && node.arguments.length > 0) {
      const callee = node.expression;
      const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
      const first = node.arguments[0]!;
      if (SQL_METHODS.has(name) && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first) || ts.isTemplateExpression(first))) take(first);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function literalSql(literal: ts.Node, file: ts.SourceFile): EmbeddedSql | undefined {
  const parts: Array<{ text: string; start: number }> = [];
  if (ts.isStringLiteral(literal) || ts.isNoSubstitutionTemplateLiteral(literal)) {
    parts.push({ text: literal.text, start: literal.getStart(file) + 1 });
  } else if (ts.isTemplateExpression(literal)) {
    parts.push({ text: literal.head.text, start: literal.head.getStart(file) + 1 });
    literal.templateSpans.forEach((span, index) => {
      parts.push({ text: `__p${index}__`, start: span.expression.getStart(file) });
      parts.push({ text: span.literal.text, start: span.literal.getStart(file) + 1 });
    });
  } else return undefined;

  let sql = '';
  const lines: number[] = [];
  for (const part of parts) {
    let line = file.getLineAndCharacterOfPosition(part.start).line + 1;
    for (const char of part.text) {
      lines.push(line);
      if (char === '\n') line++;
      sql += char;
      if (char.length === 2) lines.push(line);
    }
  }
  const lastLine = lines[lines.length - 1] ?? 1;
  return { sql, lineOf: (offset) => lines[offset] ?? lastLine };
}

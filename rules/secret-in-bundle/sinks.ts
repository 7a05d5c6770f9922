// Where an environment value goes after it is read: the SDK client it configures (`new Stripe(…)`), or the first
// use of the variable that holds it. Used for the flow of a finding, and to spot server SDKs built in browser code.
import { ts, type SourceFile } from 'ts-morph';

/** Server SDKs whose client needs a secret key: building one in browser code ships that key. */
const SERVER_SDKS: Record<string, string> = {
  stripe: 'the Stripe server SDK',
  openai: 'the OpenAI SDK',
  '@anthropic-ai/sdk': 'the Anthropic SDK',
  resend: 'the Resend SDK',
  '@sendgrid/mail': 'the SendGrid SDK',
  twilio: 'the Twilio SDK',
  '@octokit/rest': 'Octokit',
  octokit: 'Octokit',
  '@slack/web-api': 'the Slack Web API client',
  'groq-sdk': 'the Groq SDK',
  '@mistralai/mistralai': 'the Mistral SDK',
  replicate: 'the Replicate SDK',
  'cohere-ai': 'the Cohere SDK',
  '@pinecone-database/pinecone': 'the Pinecone SDK',
  '@google/generative-ai': 'the Gemini SDK',
  '@google/genai': 'the Gemini SDK',
  postmark: 'the Postmark SDK',
  'mailgun.js': 'the Mailgun SDK',
};

export interface Sink {
  line: number;
  note: string;
  /** Set when the sink is a server SDK client. */
  sdk?: string;
}

/** Local names bound to server SDK imports: `Stripe` → 'the Stripe server SDK'. */
export function serverSdkBindings(sourceFile: SourceFile): Map<string, string> {
  const bindings = new Map<string, string>();
  for (const statement of sourceFile.compilerNode.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const label = SERVER_SDKS[statement.moduleSpecifier.text];
    const clause = statement.importClause;
    if (!label || !clause || clause.isTypeOnly) continue;
    if (clause.name) bindings.set(clause.name.text, label);
    const named = clause.namedBindings;
    if (named && ts.isNamespaceImport(named)) bindings.set(named.name.text, label);
    if (named && ts.isNamedImports(named)) for (const element of named.elements) bindings.set(element.name.text, label);
  }
  return bindings;
}

function lineOf(sourceFile: ts.SourceFile, position: number): number {
  return sourceFile.getLineAndCharacterOfPosition(position).line + 1;
}

function calleeText(node: ts.CallExpression | ts.NewExpression, sourceFile: ts.SourceFile): string {
  return node.expression.getText(sourceFile).replace(/\s+/g, '');
}

function rootIdentifier(text: string): string {
  return text.split(/[.(<]/)[0] ?? text;
}

/** The call or `new` whose arguments contain `node`, walking up through objects and expressions. */
function enclosingCall(node: ts.Node): ts.CallExpression | ts.NewExpression | undefined {
  for (let current: ts.Node | undefined = node.parent; current; current = current.parent) {
    if ((ts.isCallExpression(current) || ts.isNewExpression(current)) && current.arguments?.some((argument) => argument.pos <= node.pos && node.end <= argument.end)) {
      return current;
    }
    if (ts.isBlock(current) || ts.isSourceFile(current) || ts.isVariableStatement(current)) return undefined;
  }
  return undefined;
}

/** The deepest node containing `position` (top-level statements found by binary search: big files stay cheap). */
function nodeAt(sourceFile: ts.SourceFile, position: number): ts.Node | undefined {
  const statements = sourceFile.statements;
  let low = 0;
  let high = statements.length - 1;
  let statement: ts.Node | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const candidate = statements[middle]!;
    if (position < candidate.getStart(sourceFile)) high = middle - 1;
    else if (position >= candidate.end) low = middle + 1;
    else {
      statement = candidate;
      break;
    }
  }
  let found = statement;
  const visit = (node: ts.Node): boolean | undefined => {
    if (node.pos > position) return true; // children are in order: nothing further can contain it
    if (node.getStart(sourceFile) <= position && position < node.end) {
      found = node;
      ts.forEachChild(node, visit);
      return true;
    }
    return undefined;
  };
  if (statement) ts.forEachChild(statement, visit);
  return found;
}

/** Where the value read at (line, column) goes. */
export function sinkOf(sourceFile: SourceFile, line: number, column: number, sdks: Map<string, string>): Sink | undefined {
  const root = sourceFile.compilerNode;
  const position = root.getPositionOfLineAndCharacter(line - 1, column);
  const node = nodeAt(root, position);
  if (!node) return undefined;
  const call = enclosingCall(node);
  if (call) {
    const callee = calleeText(call, root);
    const sdk = sdks.get(rootIdentifier(callee));
    const shown = `${ts.isNewExpression(call) ? 'new ' : ''}${callee}(…)`;
    return { line: lineOf(root, call.getStart(root)), note: sdk ? `configures \`${shown}\`, ${sdk}` : `passed to \`${shown}\``, sdk };
  }
  // `const KEY = process.env.X`: follow KEY to its first use.
  for (let current: ts.Node | undefined = node; current && !ts.isSourceFile(current); current = current.parent) {
    if (ts.isVariableDeclaration(current) && ts.isIdentifier(current.name)) {
      const name = current.name.text;
      // The first later identifier with that name: found by text, confirmed on the tree (cheap on big files).
      const pattern = new RegExp(`\\b${name.replace(/\$/g, '\\$')}\\b`, 'g');
      pattern.lastIndex = current.end;
      let use: ts.Identifier | undefined;
      for (let match = pattern.exec(root.text), tries = 0; match && tries < 20; match = pattern.exec(root.text), tries++) {
        const candidate = nodeAt(root, match.index);
        if (candidate && ts.isIdentifier(candidate) && candidate.text === name) {
          use = candidate;
          break;
        }
      }
      if (!use) return undefined;
      const useCall = enclosingCall(use);
      const sdk = useCall ? sdks.get(rootIdentifier(calleeText(useCall, root))) : undefined;
      const where = useCall ? ` in \`${ts.isNewExpression(useCall) ? 'new ' : ''}${calleeText(useCall, root)}(…)\`` : '';
      return { line: lineOf(root, use.getStart(root)), note: `\`${name}\` is used here${where}${sdk ? `, ${sdk}` : ''}`, sdk };
    }
  }
  return undefined;
}

/** Next.js data functions run only on the server, even in a page module the browser also loads. */
const SERVER_ONLY_FUNCTIONS = new Set(['getServerSideProps', 'getStaticProps', 'getStaticPaths', 'generateMetadata', 'generateStaticParams', 'loader', 'action']);

function functionName(node: ts.Node): string | undefined {
  if ((ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isMethodDeclaration(node)) && node.name && ts.isIdentifier(node.name)) return node.name.text;
  if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && ts.isVariableDeclaration(node.parent) && ts.isIdentifier(node.parent.name)) return node.parent.name.text;
  return undefined;
}

/** True when (line, column) sits inside `getServerSideProps` and the like, or a function marked "use server". */
export function insideServerOnlyFunction(sourceFile: SourceFile, line: number, column: number): boolean {
  const root = sourceFile.compilerNode;
  const node = nodeAt(root, root.getPositionOfLineAndCharacter(line - 1, column));
  for (let current: ts.Node | undefined = node; current && !ts.isSourceFile(current); current = current.parent) {
    if (!ts.isFunctionLike(current)) continue;
    const name = functionName(current);
    if (name && SERVER_ONLY_FUNCTIONS.has(name)) return true;
    const body = (current as ts.FunctionLikeDeclaration).body;
    const first = body && ts.isBlock(body) ? body.statements[0] : undefined;
    if (first && ts.isExpressionStatement(first) && ts.isStringLiteral(first.expression) && first.expression.text === 'use server') return true;
  }
  return false;
}

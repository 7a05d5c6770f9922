// What a handler reaches: reads of user data and writes / side effects (database, payments, email, storage).
import { ts } from 'ts-morph';
import { calleeName, excerpt, lineOf, unwrapExpression, walk, type FunctionLike } from './ast.js';

export interface Sink {
  line: number;
  text: string;
  write: boolean;
}

const DATA_RECEIVER =
  /(^|[.(])(prisma|db|database|knex|kysely|sql|pool|pg|client|supabase|supabaseAdmin|admin|stripe|resend|mailer|mail|email|emails|transporter|sendgrid|sgMail|postmark|ses|s3|storage|bucket|redis|kv|queue|repo|repository|collection|firestore|firebase|tx|trx|ctx\.db|this\.\w*(Service|Repository|Repo|Model)|\w*(Service|Repository|Repo|Model|Queue|Client))\b|^[A-Z]\w*$|\.from\(|\.collection\(|\.doc\(|\.prepare\(/;
const WRITE_METHOD =
  /^(create|createMany|createManyAndReturn|update|updateMany|upsert|delete|deleteMany|insert|insertMany|insertOne|updateOne|deleteOne|replaceOne|findOneAndUpdate|findOneAndDelete|findByIdAndUpdate|findByIdAndDelete|remove|destroy|save|bulkWrite|\$executeRaw|\$executeRawUnsafe|executeRaw|set|setDoc|addDoc|updateDoc|deleteDoc|send|sendMail|sendEmail|putObject|upload|del|hset|lpush|publish|enqueue|add|charge|refund|transfer|cancel|run|truncate|drop)$/;
const READ_METHOD =
  /^(find\w*|get\w*|list\w*|count|aggregate|groupBy|select|query|\$queryRaw\w*|queryRaw\w*|retrieve|fetch\w*|search\w*|load\w*|read\w*|all|first|execute|download|getObject|getSignedUrl|createSignedUrl)$/;
/** Service-style calls: `this.adminService.deleteUser(id)`, `sendDigestEmail(...)`. */
const WRITE_VERB = /^(send|email|notify|charge|refund|transfer|invite|ban|unban|revoke|delete|remove|create|update|upsert|insert|destroy|purge|reset|grant|impersonate|promote|demote|archive|publish|enqueue|set|save|write|upload|cancel|void|approve|reject)[A-Z]\w*$/;
const READ_VERB = /^(find|get|list|fetch|load|search|export|read|query|count|lookup|download)[A-Z]\w*$/;
const SQL_WRITE = /\b(insert\s+into|update\s+\w+\s+set|delete\s+from|drop\s+table|truncate)\b/i;

function receiverText(call: ts.CallExpression, sourceFile: ts.SourceFile): string {
  const callee = unwrapExpression(call.expression);
  return ts.isPropertyAccessExpression(callee) ? callee.expression.getText(sourceFile).replace(/\s+/g, '') : '';
}

function classify(call: ts.CallExpression, sourceFile: ts.SourceFile): boolean | undefined {
  const name = calleeName(call);
  if (!name) return undefined;
  const receiver = receiverText(call, sourceFile);
  if (receiver === '') {
    if (WRITE_VERB.test(name)) return true;
    return undefined;
  }
  if (/^(console|Math|JSON|Object|Array|Promise|Number|String|Date|res|reply|c|ctx\.(body|res)|response|NextResponse|Response|headers|cookies|searchParams|url|req|request|z|schema|\w*Schema|logger|log)$/.test(receiver)) {
    return undefined;
  }
  const dataReceiver = DATA_RECEIVER.test(receiver);
  if (dataReceiver && WRITE_METHOD.test(name)) {
    if (name === 'send' || name === 'set' || name === 'add' || name === 'run' || name === 'execute') {
      const text = call.getText(sourceFile);
      if ((name === 'run' || name === 'execute') && !SQL_WRITE.test(receiver + text)) return false;
    }
    return true;
  }
  if (dataReceiver && (name === 'query' || name === 'execute' || name === 'raw') && SQL_WRITE.test(call.getText(sourceFile))) return true;
  if (dataReceiver && READ_METHOD.test(name)) return false;
  if (WRITE_VERB.test(name) && /service|repo|model|api|client|\.db$/i.test(receiver)) return true;
  if (READ_VERB.test(name) && /service|repo|model|\.db$/i.test(receiver)) return false;
  return undefined;
}

/** Data reads and writes of a function, following same-file helpers one level. */
export function sinksOf(fn: FunctionLike | undefined, sourceFile: ts.SourceFile, locals: Map<string, FunctionLike>, depth = 0): Sink[] {
  if (!fn?.body) return [];
  const sinks: Sink[] = [];
  walk(fn.body, (node) => {
    if (!ts.isCallExpression(node)) return;
    const kind = classify(node, sourceFile);
    if (kind !== undefined) sinks.push({ line: lineOf(node, sourceFile), text: excerpt(node, sourceFile, 70), write: kind });
    const name = calleeName(node);
    const helper = name && ts.isIdentifier(unwrapExpression(node.expression)) ? locals.get(name) : undefined;
    if (helper && helper !== fn && depth < 1) sinks.push(...sinksOf(helper, sourceFile, locals, depth + 1).map((sink) => ({ ...sink, line: lineOf(node, sourceFile) })));
  });
  return sinks;
}

export function writes(sinks: Sink[]): boolean {
  return sinks.some((sink) => sink.write);
}

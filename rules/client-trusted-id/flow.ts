// The intra-procedural walk: statements in source order, bindings (destructuring, renames, spreads, awaits),
// sanitizers as they appear, sinks judged when reached, small local helpers followed with their arguments.
import { ts } from 'ts-morph';
import { evaluate, isTrustedMember, memberValue, type Env } from './evaluate.js';
import { calleeName, isFunctionLike, propertyName, skipOuter, type FunctionLike } from './file-index.js';
import { judgeSink, type AnalysisContext } from './judge.js';
import { assignThenSaveSink, classifySink, isInnerLink } from './sinks.js';
import { containsCall, enclosingIf, EQUALITY, isLiteral, isRejection } from './sanitizers.js';
import { displayName, describeOrigin, isTaint, isTrusted, renamed, step, TRUSTED, type Taint, type Value } from './values.js';

const MAX_HELPER_DEPTH = 3;

export class FunctionAnalysis {
  readonly env: Env;
  readonly sanitized: Set<string>;
  /** Result variables of lookups scoped by the session: checking them verifies the client ids in them. */
  readonly lookups = new Map<string, { keys: string[]; scoped: boolean }>();
  /** Variables holding a client-made Supabase (or other) client: how they were created. */
  readonly creators = new Map<string, ts.CallExpression>();
  /** Sinks whose rows belong to the caller (query scoped by the session): their results are trusted. */
  readonly trustedResults = new Set<ts.Node>();
  /** The caller's own role was checked (`if (me.role !== 'ADMIN') throw`): privilege writes are intended. */
  callerRoleChecked = false;
  private readonly returns: Value[] = [];
  private readonly helperResults = new Map<ts.CallExpression, Value | undefined>();

  constructor(
    readonly context: AnalysisContext,
    readonly fn: FunctionLike,
    readonly handlerName: string,
    readonly depth: number,
    inheritedSanitized: ReadonlySet<string> = new Set(),
    /** The handler this walk started from (helpers are judged by their caller's authentication). */
    readonly root: FunctionLike = fn,
  ) {
    this.sanitized = new Set(inheritedSanitized);
    const literals = new Map<string, ts.Expression>();
    this.env = {
      path: context.path,
      index: context.index,
      names: context.names,
      isAuthCall: context.isAuthCall,
      vars: new Map(),
      literals,
      helperReturn: (call) => this.helperReturn(call),
      trustedResults: this.trustedResults,
      serverHeaders: context.serverHeaders,
    };
  }

  /** Walks the body; returns what the function returns (for helpers). */
  run(): Value | undefined {
    const body = this.fn.body;
    if (!body) return undefined;
    if (ts.isBlock(body)) this.visit(body);
    else {
      this.visit(body);
      this.returns.push(evaluate(body, this.env) as Value);
    }
    return this.returns.find(isTaint) ?? this.returns.find(isTrusted);
  }

  bind(name: ts.BindingName, value: Value | undefined, at: ts.Node): void {
    const sourceFile = this.context.index.sourceFile;
    if (ts.isIdentifier(name)) {
      if (value === undefined) this.env.vars.delete(name.text);
      else if (isTaint(value)) {
        const shown = displayName(value);
        const destructured = ts.isBindingElement(at);
        const whole = value.path.length === 0 && value.names.length === 0;
        const note = whole
          ? `\`${name.text}\` holds ${describeOrigin(value.origin)}`
          : shown !== name.text
            ? `\`${name.text}\` holds \`${shown}\` from ${describeOrigin(value.origin)}`
            : `\`${name.text}\` ${destructured ? 'destructured' : 'read'} from ${describeOrigin(value.origin)}`;
        const at_ = step(this.context.path, at, sourceFile, note);
        const last = value.steps[value.steps.length - 1];
        const alreadySaid = last?.line === at_.line && last.note.includes(`\`${name.text}\``);
        this.env.vars.set(name.text, renamed(value, name.text, alreadySaid ? undefined : at_));
      } else this.env.vars.set(name.text, value);
      return;
    }
    if (ts.isObjectBindingPattern(name)) {
      for (const element of name.elements) {
        if (element.dotDotDotToken) {
          this.bind(element.name, value, element);
          continue;
        }
        const key = propertyName(element.propertyName ?? element.name);
        const inner = key === undefined || value === undefined ? undefined : memberValue(value, key, element, this.env);
        this.bind(element.name, inner ?? (element.initializer ? evaluate(element.initializer, this.env) : undefined), element);
      }
      return;
    }
    for (const element of name.elements) if (!ts.isOmittedExpression(element)) this.bind(element.name, value, element);
  }

  private visit(node: ts.Node): void {
    this.context.checkBudget();
    if (isFunctionLike(node) && node !== this.fn) {
      if (this.context.handlerFunctions.has(node)) return;
      this.visitClosure(node);
      return;
    }
    if (ts.isVariableDeclaration(node)) {
      if (!node.initializer) return;
      this.visit(node.initializer);
      const initializer = skipOuter(node.initializer);
      if (ts.isIdentifier(node.name)) {
        if (ts.isObjectLiteralExpression(initializer)) this.env.literals.set(node.name.text, initializer);
        if (ts.isCallExpression(initializer)) this.creators.set(node.name.text, initializer);
        else if (ts.isIdentifier(initializer) && this.creators.has(initializer.text)) this.creators.set(node.name.text, this.creators.get(initializer.text)!);
      }
      // const [body, session] = await Promise.all([req.json(), auth()]): element by element.
      const all = ts.isCallExpression(initializer) && /^Promise\.all(Settled)?$/.test(initializer.expression.getText()) ? initializer.arguments[0] : undefined;
      if (ts.isArrayBindingPattern(node.name) && all && ts.isArrayLiteralExpression(all)) {
        node.name.elements.forEach((element, index) => {
          const item = all.elements[index];
          if (!ts.isOmittedExpression(element) && item) this.bind(element.name, evaluate(item, this.env), element);
        });
        return;
      }
      // `const { user } = ctx`: destructuring what auth set on the context is as trusted as reading `ctx.user`.
      const value = evaluate(node.initializer, this.env);
      if (value === undefined && ts.isObjectBindingPattern(node.name)) {
        for (const element of node.name.elements) {
          const key = element.dotDotDotToken ? undefined : propertyName(element.propertyName ?? element.name);
          this.bind(element.name, key && isTrustedMember(node.initializer, key, this.env) ? TRUSTED(`${initializer.getText()}.${key}`) : undefined, element);
        }
        return;
      }
      this.bind(node.name, value, node);
      return;
    }
    if (ts.isForOfStatement(node) || ts.isForInStatement(node)) {
      this.visit(node.expression);
      const initializer = node.initializer;
      if (ts.isVariableDeclarationList(initializer)) for (const declaration of initializer.declarations) this.bind(declaration.name, evaluate(node.expression, this.env), declaration);
      this.visit(node.statement);
      return;
    }
    if (ts.isBinaryExpression(node)) {
      if (node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        this.visit(node.right);
        const value = evaluate(node.right, this.env);
        if (ts.isIdentifier(node.left) && (isTaint(value) || isTrusted(value))) this.bind(node.left, value, node);
        return;
      }
      if (EQUALITY.has(node.operatorToken.kind)) this.comparison(node);
    }
    if (ts.isIfStatement(node)) this.condition(node.expression, node.thenStatement);
    if (ts.isSwitchStatement(node)) {
      const value = evaluate(node.expression, this.env);
      const hasLiteralCase = node.caseBlock.clauses.some((clause) => ts.isCaseClause(clause) && ts.isStringLiteralLike(clause.expression));
      if (isTaint(value) && hasLiteralCase && this.context.kindOfTaint(value) === 'privilege') this.context.decision(this, value, node.expression);
    }
    if (ts.isConditionalExpression(node)) this.condition(node.condition, undefined);
    if (ts.isReturnStatement(node) && node.expression && this.depth > 0) {
      this.visit(node.expression);
      this.returns.push(evaluate(node.expression, this.env) as Value);
      return;
    }
    ts.forEachChild(node, (child) => this.visit(child));
    if (ts.isCallExpression(node)) this.call(node);
    else if (ts.isTaggedTemplateExpression(node)) this.sink(node);
  }

  private visitClosure(fn: FunctionLike): void {
    const parent = fn.parent;
    if (ts.isCallExpression(parent) && ts.isPropertyAccessExpression(parent.expression) && /^(map|forEach|filter|flatMap|some|every|find|reduce|then)$/.test(parent.expression.name.text)) {
      const collection = evaluate(parent.expression.expression, this.env);
      const first = fn.parameters[parent.expression.name.text === 'reduce' ? 1 : 0];
      if (first && isTaint(collection)) this.bind(first.name, collection, first);
    }
    if (fn.body) this.visit(fn.body);
  }

  private call(node: ts.CallExpression): void {
    const name = calleeName(node.expression);
    if (name && ts.isIdentifier(skipOuter(node.expression)) && this.context.index.functions.has(name)) this.helperReturn(node);
    if (name && this.context.isAccessCheck(name)) {
      for (const argument of node.arguments) this.markChecked(argument);
      // `assertTeamAdmin(teamId, user.id)`: the caller's own privilege was checked, so role changes are intended.
      // So is `verifyFolderAccess({ folderId, userId: user.id, requiredPermission: 'folders.users.write' })`.
      if (/admin|owner|role|manage/i.test(name) || node.arguments.some(namesRequiredPermission)) this.callerRoleChecked = true;
    }
    if (name === 'includes' && ts.isPropertyAccessExpression(skipOuter(node.expression))) {
      const receiver = evaluate((skipOuter(node.expression) as ts.PropertyAccessExpression).expression, this.env);
      const argument = node.arguments[0];
      if (isTaint(receiver) && argument && ts.isStringLiteralLike(argument) && this.context.kindOfTaint(receiver) === 'privilege') {
        this.context.decision(this, receiver, node);
      }
    }
    const saved = assignThenSaveSink(node, this.fn);
    if (saved) judgeSink(this, saved);
    const isSink = saved !== undefined || (!isInnerLink(node) && this.sink(node));
    // `getOrgForUser(orgId, session.user.id)`: a call given both the client id and the caller's identity scopes one
    // by the other (a membership lookup by another name).
    if (!isSink && name && /^(get|find|load|fetch|require|assert|verify|ensure|check|can|has|is|lookup|resolve|authori[sz]e|validate|with)/.test(name)) {
      const values = node.arguments.map((argument) => evaluate(argument, this.env));
      if (values.some(isTrusted) && values.some(isTaint)) node.arguments.forEach((argument, index) => isTaint(values[index]) && this.markChecked(argument));
    }
  }

  private sink(node: ts.CallExpression | ts.TaggedTemplateExpression): boolean {
    const sink = classifySink(node, (expression) => this.literalOf(expression));
    if (sink) judgeSink(this, sink);
    return sink !== undefined;
  }

  literalOf(expression: ts.Expression): ts.ObjectLiteralExpression | undefined {
    const node = skipOuter(expression);
    if (ts.isObjectLiteralExpression(node)) return node;
    if (ts.isIdentifier(node)) {
      const literal = this.env.literals.get(node.text);
      return literal && ts.isObjectLiteralExpression(literal) ? literal : undefined;
    }
    return undefined;
  }

  /** A value passed to an access check, or compared with the session, is verified from here on. */
  markChecked(expression: ts.Expression): void {
    const value = evaluate(expression, this.env);
    if (isTaint(value)) this.sanitize(value);
    const node = skipOuter(expression);
    const root = ts.isIdentifier(node) ? node.text : ts.isPropertyAccessExpression(node) && ts.isIdentifier(skipOuter(node.expression)) ? (skipOuter(node.expression) as ts.Identifier).text : undefined;
    const lookup = root ? this.lookups.get(root) : undefined;
    if (root && lookup) {
      lookup.keys.forEach((key) => this.sanitized.add(key));
      this.context.rowChecked(this, root);
    }
  }

  sanitize(taint: Taint): void {
    this.sanitized.add(taint.key);
    if (taint.fields) for (const field of taint.fields.values()) if (isTaint(field)) this.sanitized.add(field.key);
  }

  isSanitized(taint: Taint): boolean {
    return this.sanitized.has(taint.key);
  }

  private comparison(node: ts.BinaryExpression): void {
    const left = evaluate(node.left, this.env);
    const right = evaluate(node.right, this.env);
    const rightIsLiteral = isLiteral(skipOuter(node.right));
    const leftIsLiteral = isLiteral(skipOuter(node.left));
    if (rightIsLiteral || leftIsLiteral) {
      const checked = skipOuter(rightIsLiteral ? node.left : node.right);
      if (ts.isPropertyAccessExpression(checked) && this.context.names.kindOf(checked.name.text) === 'privilege') {
        const owner = skipOuter(checked.expression);
        if (isTrusted(evaluate(owner, this.env)) || (ts.isIdentifier(owner) && this.lookups.get(owner.text)?.scoped)) this.callerRoleChecked = true;
      }
    }
    if (isTrusted(right) || isTrusted(left)) {
      if (!rightIsLiteral && !leftIsLiteral) this.markChecked(isTrusted(right) ? node.left : node.right);
      return;
    }
    if (!rightIsLiteral && !leftIsLiteral) return;
    const tainted = rightIsLiteral ? left : right;
    if (isTaint(tainted) && this.context.kindOfTaint(tainted) === 'privilege') {
      // Only comparisons that gate something: an if, a switch, a ternary choosing between non-literals, `&&`.
      // `const isAdmin = role === 'admin'` is judged where `isAdmin` gates a branch.
      if (!gatesBranch(node)) return;
      const ifStatement = enclosingIf(node);
      const isEquality = node.operatorToken.kind === ts.SyntaxKind.EqualsEqualsEqualsToken || node.operatorToken.kind === ts.SyntaxKind.EqualsEqualsToken;
      if (ifStatement && isEquality && isRejection(ifStatement.thenStatement)) return;
      // `if (input.role !== 'member') await assertOwner(…)`: the requested role only decides which check runs.
      if (ifStatement && containsCall(ifStatement.thenStatement, (name) => this.context.isAccessCheck(name) || this.context.isAuthCall(name))) return;
      this.context.decision(this, tainted, node);
    }
  }

  private condition(expression: ts.Expression, _then: ts.Statement | undefined): void {
    const visit = (node: ts.Node): void => {
      const lookup = ts.isIdentifier(node) ? this.lookups.get(node.text) : undefined;
      if (ts.isIdentifier(node) && lookup?.scoped) {
        lookup.keys.forEach((key) => this.sanitized.add(key));
        this.context.rowChecked(this, node.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(expression);
    const operands: ts.Expression[] = [];
    const collect = (node: ts.Expression): void => {
      const inner = skipOuter(node);
      if (ts.isPrefixUnaryExpression(inner) && inner.operator === ts.SyntaxKind.ExclamationToken) collect(inner.operand);
      else if (ts.isBinaryExpression(inner) && (inner.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || inner.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
        collect(inner.left);
        collect(inner.right);
      } else operands.push(inner);
    };
    collect(expression);
    for (const operand of operands) {
      const value = evaluate(operand, this.env);
      if (ts.isBinaryExpression(operand)) continue; // comparisons are judged in comparison()
      if (isTaint(value) && (value.compared || [displayName(value).split('.').pop(), ...value.names].some((name) => this.context.names.isFlag(name)))) {
        this.context.decision(this, value, operand);
      }
    }
  }

  private helperReturn(call: ts.CallExpression): Value | undefined {
    if (this.helperResults.has(call)) return this.helperResults.get(call);
    this.helperResults.set(call, undefined);
    const name = calleeName(call.expression);
    const helper = name ? this.context.index.functions.get(name) : undefined;
    if (!helper || helper === this.fn || this.depth >= MAX_HELPER_DEPTH || this.context.handlerFunctions.has(helper)) return undefined;
    const args = call.arguments.map((argument) => evaluate(argument, this.env));
    if (!args.some((value) => value !== undefined)) return undefined;
    const analysis = new FunctionAnalysis(this.context, helper, this.handlerName, this.depth + 1, this.sanitized, this.root);
    helper.parameters.forEach((parameter, index) => {
      const value = args[index];
      if (!value) return;
      const passed = isTaint(value) ? { ...value, steps: [...value.steps, step(this.context.path, call, this.context.index.sourceFile, `passed to \`${name}()\``)] } : value;
      analysis.bind(parameter.name, passed, parameter);
    });
    const result = analysis.run();
    this.helperResults.set(call, result);
    return result;
  }
}

function gatesBranch(node: ts.Node): boolean {
  let current: ts.Node = node;
  while (current.parent && (ts.isParenthesizedExpression(current.parent) || ts.isPrefixUnaryExpression(current.parent) || (ts.isBinaryExpression(current.parent) && [ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken].includes(current.parent.operatorToken.kind)))) {
    if (ts.isBinaryExpression(current.parent) && current.parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && current.parent.left === current && ts.isExpressionStatement(current.parent.parent)) return true;
    current = current.parent;
  }
  const parent = current.parent;
  if (!parent) return false;
  if ((ts.isIfStatement(parent) || ts.isWhileStatement(parent)) && parent.expression === current) return true;
  if (ts.isConditionalExpression(parent) && parent.condition === current) {
    return !(isLiteral(skipOuter(parent.whenTrue)) && isLiteral(skipOuter(parent.whenFalse)));
  }
  return false;
}

/** An argument saying which permission or role the caller needs: `{ requiredPermission: 'x.write' }`, `{ roles: [...] }`. */
function namesRequiredPermission(argument: ts.Expression): boolean {
  const node = skipOuter(argument);
  return ts.isObjectLiteralExpression(node) && node.properties.some((property) => /^(required)?(permissions?|roles?)$|^(minimum|min|required)Role$/i.test(propertyName(property.name) ?? ''));
}

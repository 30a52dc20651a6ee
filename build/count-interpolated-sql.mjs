// Counts SQL text in main/core built by splicing a VALUE into it instead of binding it as a parameter. The one idiom
// is main/core/db/sql.ts (`sql\`… ${param(v)} …\``, `lit()` for fixed text from code, `ident()`, `list()`).
//
// Counted: `sqlString()` (a value quoted into the text), `.replace()` on SQL text, and a `${…}` in an untagged
// template (or a `+` onto a string) whose text reads as SQL, unless what is spliced is fixed text from code: literals,
// constants, imports, `lit()` and calls with fixed arguments, and parameters whose every call site passes fixed text.
// A file path, an ingest id, a name from a mapping file, a search word or a count of lines is a value.
// Usage: node build/count-interpolated-sql.mjs [--list] [--lit]   (exit 1 when any is found)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Statements DuckDB parses with no parameter at all, where a value can only be quoted into the text (sqlString),
 * in files that may not change: listed apart, not counted. COMMENT ON in migration 0015 (shipped, append-only) puts
 * back the q.events descriptions read from the case before it replaces the view.
 */
export const UNBINDABLE = new Map([
  ['main/core/case/migrations/0015_event_targets.ts:41', 'COMMENT ON takes no parameter; shipped migration'],
  ['main/core/case/migrations/0015_event_targets.ts:43', 'COMMENT ON takes no parameter; shipped migration'],
  ['main/core/case/migrations/events-query-view.ts:24', "COMMENT ON takes no parameter; a migration's descriptions"],
  ['main/core/case/migrations/events-query-view.ts:26', "COMMENT ON takes no parameter; a migration's descriptions"],
]);

// Upper-case keywords only: the core writes SQL in capitals and its messages in plain words.
const SQL_TEXT =
  /\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|CREATE (OR REPLACE )?(TEMP |TEMPORARY )?(TABLE|VIEW|INDEX|MACRO|SEQUENCE)|DROP (TABLE|VIEW|INDEX|MACRO)|ALTER TABLE|FROM \w|WHERE \w|JOIN \w|COPY \w|ATTACH|DETACH|PRAGMA|CASE WHEN|COALESCE\(|CAST\()|\b(read_json|read_ndjson|read_csv|read_parquet|json_extract|regexp_matches)\s*\(|->>/;

function files(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...files(full));
    else if (/\.tsx?$/.test(entry.name)) out.push(full);
  }
  return out;
}

const textOf = (node) => {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((s) => s.literal.text).join(' ');
  return null;
};
const looksLikeSql = (node) => {
  const text = textOf(node);
  return text !== null && SQL_TEXT.test(text);
};
/** Functions and namespaces whose result is fixed text when what they are given is. */
const PURE = new Set(['String', 'Number', 'Boolean']);
const NAMESPACES = new Set(['JSON', 'Math', 'Object', 'Number', 'String', 'Array']);
const ARRAY_CALLBACKS = new Set(['map', 'flatMap', 'filter', 'forEach', 'some', 'every', 'find']);

/**
 * Every place under main/core, as {file, line, kind, excerpt}; `unprovenLit` lists the lit() calls whose text the
 * counter cannot follow back to code (a rule's expression handed through a table, a column list): not counted,
 * listed with --lit to be read.
 */
export function countInterpolatedSql(root = ROOT) {
  const names = files(path.join(root, 'main/core'));
  const program = ts.createProgram(names, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowJs: false,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const sources = program.getSourceFiles().filter((sf) => !sf.isDeclarationFile && sf.fileName.startsWith(root));

  // Every call in the core, by the declaration it calls: a parameter is fixed when all of them pass fixed text.
  const callsOf = new Map();
  const declOf = (expr) => {
    let sym = checker.getSymbolAtLocation(expr);
    if (sym && sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
    return sym?.valueDeclaration ?? sym?.declarations?.[0];
  };
  const valueOfShorthand = (p) => {
    const sym = checker.getShorthandAssignmentValueSymbol(p);
    return sym?.valueDeclaration ?? sym?.declarations?.[0];
  };
  const functionOf = (decl) => {
    if (!decl) return undefined;
    if (ts.isFunctionDeclaration(decl) || ts.isMethodDeclaration(decl)) return decl;
    if (ts.isVariableDeclaration(decl) && decl.initializer && ts.isArrowFunction(decl.initializer))
      return decl.initializer;
    if (ts.isVariableDeclaration(decl) && decl.initializer && ts.isFunctionExpression(decl.initializer))
      return decl.initializer;
    if (
      ts.isPropertyAssignment(decl) &&
      (ts.isArrowFunction(decl.initializer) || ts.isFunctionExpression(decl.initializer))
    )
      return decl.initializer;
    return undefined;
  };
  // Functions passed as a value, with the calls they are passed to; calls of a parameter (a callback), by parameter.
  const passedAsValue = new Map();
  const callsOfParam = new Map();
  for (const sf of sources) {
    const walk = (node) => {
      if (ts.isCallExpression(node)) {
        const decl = declOf(node.expression);
        const fn = functionOf(decl);
        if (fn) callsOf.set(fn, [...(callsOf.get(fn) ?? []), node]);
        if (decl && ts.isParameter(decl)) callsOfParam.set(decl, [...(callsOfParam.get(decl) ?? []), node]);
        for (const arg of node.arguments)
          if (ts.isIdentifier(arg)) {
            const passed = functionOf(declOf(arg));
            passedAsValue.set(passed, [...(passedAsValue.get(passed) ?? []), node]);
          }
      }
      ts.forEachChild(node, walk);
    };
    walk(sf);
  }

  const inProject = (decl) => sources.includes(decl.getSourceFile());
  const returnsFixed = (fn) => {
    if (!ts.isBlock(fn.body)) return fixed(fn.body);
    let all = true;
    const walk = (node) => {
      if (ts.isReturnStatement(node)) all &&= node.expression ? fixed(node.expression) : true;
      else if (!ts.isFunctionLike(node)) ts.forEachChild(node, walk);
    };
    ts.forEachChild(fn.body, walk);
    return all;
  };
  const memo = new Map();
  const fixed = (node) => {
    if (!node) return false;
    if (memo.has(node)) return memo.get(node);
    memo.set(node, true); // a cycle (a builder calling itself) is as fixed as the rest of it
    const result = isFixed(node);
    memo.set(node, result);
    return result;
  };
  const paramFixed = (param) => {
    const fn = param.parent;
    const index = fn.parameters.indexOf(param);
    // A callback of an array method over fixed text: its element is fixed text.
    if (ts.isCallExpression(fn.parent) && ts.isPropertyAccessExpression(fn.parent.expression)) {
      const method = fn.parent.expression.name.text;
      if (ARRAY_CALLBACKS.has(method) && index === 0) return fixed(fn.parent.expression.expression);
      // reduce over fixed text from a fixed start: the element is fixed, the accumulator is what the callback returns.
      if (method === 'reduce') {
        const [callback, start] = fn.parent.arguments;
        if (callback !== fn || !start || !fixed(fn.parent.expression.expression)) return false;
        return (
          index === 1 || (index === 0 && fixed(start) && (ts.isBlock(fn.body) ? returnsFixed(fn) : fixed(fn.body)))
        );
      }
    }
    // A callback written in a call (`build((x) => …)`): fixed where the function it is given to calls it so.
    if (ts.isCallExpression(fn.parent) && fn.parent.arguments.includes(fn)) {
      const callee = functionOf(declOf(fn.parent.expression));
      const slot = callee?.parameters[fn.parent.arguments.indexOf(fn)];
      if (!slot || !inProject(callee)) return false;
      return (callsOfParam.get(slot) ?? []).every((c) => (c.arguments[index] ? fixed(c.arguments[index]) : true));
    }
    // Passed as the callback of an array method over fixed text (`list.map(fn)`): its element is fixed text.
    const passes = passedAsValue.get(fn) ?? [];
    const asCallback = (call) =>
      index === 0 &&
      call.arguments[0] !== undefined &&
      ts.isIdentifier(call.arguments[0]) &&
      functionOf(declOf(call.arguments[0])) === fn &&
      ts.isPropertyAccessExpression(call.expression) &&
      ARRAY_CALLBACKS.has(call.expression.name.text) &&
      fixed(call.expression.expression);
    if (!passes.every(asCallback)) return false;
    const calls = callsOf.get(fn) ?? [];
    if (calls.length === 0 && passes.length === 0) return false;
    return calls.every((call) => {
      const arg = call.arguments[index];
      return arg ? fixed(arg) : param.initializer ? fixed(param.initializer) : true;
    });
  };
  const declFixed = (decl) => {
    if (!decl) return false;
    if (ts.isParameter(decl)) return ts.isIdentifier(decl.name) && paramFixed(decl);
    if (ts.isVariableDeclaration(decl)) {
      const list = decl.parent;
      if (!(list.flags & ts.NodeFlags.Const)) return false;
      // for (const x of fixedList): each element is fixed text.
      if (ts.isForOfStatement(list.parent) && list.parent.initializer === list) return fixed(list.parent.expression);
      if (ts.isIdentifier(decl.name)) return fixed(decl.initializer);
      return fixed(decl.initializer); // destructured from fixed text
    }
    if (ts.isBindingElement(decl)) {
      let up = decl.parent.parent;
      if (ts.isParameter(up)) return paramFixed(up);
      if (ts.isVariableDeclaration(up)) return declFixed(up);
      return false;
    }
    if (ts.isPropertyAssignment(decl)) return fixed(decl.initializer);
    if (ts.isShorthandPropertyAssignment(decl)) return declFixed(valueOfShorthand(decl));
    if (ts.isEnumMember(decl)) return true;
    if (ts.isFunctionDeclaration(decl) || ts.isArrowFunction(decl)) return true;
    return false;
  };
  const isFixed = (node) => {
    if (ts.isStringLiteralLike(node) || ts.isNumericLiteral(node)) return true;
    if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword) return true;
    if (node.kind === ts.SyntaxKind.NullKeyword || node.kind === ts.SyntaxKind.UndefinedKeyword) return true;
    if (ts.isTemplateExpression(node)) return node.templateSpans.every((s) => fixed(s.expression));
    if (ts.isTaggedTemplateExpression(node)) return node.tag.getText() === 'sql';
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node))
      return fixed(node.expression);
    if (ts.isSatisfiesExpression?.(node)) return fixed(node.expression);
    if (ts.isPrefixUnaryExpression(node)) return fixed(node.operand);
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      if (
        op === ts.SyntaxKind.AmpersandAmpersandToken ||
        op === ts.SyntaxKind.BarBarToken ||
        op === ts.SyntaxKind.QuestionQuestionToken ||
        op === ts.SyntaxKind.PlusToken
      )
        return fixed(node.left) && fixed(node.right);
      return true; // a comparison gives a boolean that picks between texts
    }
    if (ts.isConditionalExpression(node)) return fixed(node.whenTrue) && fixed(node.whenFalse);
    if (ts.isArrayLiteralExpression(node))
      return node.elements.every((e) => fixed(ts.isSpreadElement(e) ? e.expression : e));
    if (ts.isObjectLiteralExpression(node))
      return node.properties.every((p) =>
        ts.isPropertyAssignment(p)
          ? fixed(p.initializer)
          : ts.isShorthandPropertyAssignment(p)
            ? declFixed(valueOfShorthand(p))
            : ts.isSpreadAssignment(p)
              ? fixed(p.expression)
              : true,
      );
    if (ts.isArrowFunction(node) || ts.isFunctionExpression(node))
      return ts.isBlock(node.body) ? true : fixed(node.body);
    if (ts.isIdentifier(node)) return NAMESPACES.has(node.text) || declFixed(declOf(node));
    if (ts.isPropertyAccessExpression(node)) {
      const decl = declOf(node);
      if (decl && (ts.isPropertyAssignment(decl) || ts.isShorthandPropertyAssignment(decl) || ts.isEnumMember(decl)))
        return declFixed(decl) || fixed(node.expression);
      if (decl && (ts.isMethodDeclaration(decl) || ts.isMethodSignature(decl))) return true;
      return fixed(node.expression);
    }
    if (ts.isElementAccessExpression(node)) return fixed(node.expression) && fixed(node.argumentExpression);
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (ts.isIdentifier(callee) && callee.text === 'sqlString') return false;
      // lit() is fixed text when what it is given is (a lit() of a value is counted where it is written).
      if (ts.isIdentifier(callee) && callee.text === 'lit')
        return node.arguments.length === 1 && fixed(node.arguments[0]);
      if (!node.arguments.every((a) => fixed(a))) return false;
      const fn = functionOf(declOf(callee));
      // A function of the core gives fixed text when its arguments and what it returns are fixed.
      if (fn && inProject(fn)) return returnsFixed(fn);
      // A callback parameter: fixed when every caller passes a function that returns fixed text.
      const decl = declOf(callee);
      if (decl && ts.isParameter(decl) && ts.isIdentifier(callee)) {
        const owner = decl.parent;
        const calls = callsOf.get(owner) ?? [];
        const i = owner.parameters.indexOf(decl);
        const returnsFixedText = (arg) => {
          if (!arg) return false;
          if (ts.isArrowFunction(arg) || ts.isFunctionExpression(arg))
            return ts.isBlock(arg.body) ? returnsFixed(arg) : fixed(arg.body);
          const f = ts.isIdentifier(arg) ? functionOf(declOf(arg)) : undefined;
          return !!f && inProject(f) && returnsFixed(f);
        };
        return calls.length > 0 && !passedAsValue.has(owner) && calls.every((c) => returnsFixedText(c.arguments[i]));
      }
      // A method of a string or array (join, map, slice…) on fixed text, or String(), JSON.stringify(), Math.max().
      if (ts.isPropertyAccessExpression(callee)) return fixed(callee.expression);
      return ts.isIdentifier(callee) && PURE.has(callee.text);
    }
    return false;
  };

  // Text given to an Error (or to a function that makes one: refuse, fail) is a message that names SQL, not SQL.
  const isMessage = (node) => {
    for (let up = node.parent; up; up = up.parent) {
      if (ts.isNewExpression(up) || ts.isCallExpression(up))
        return /Error$|^(refuse|fail)$/.test(up.expression.getText());
      if (!ts.isBinaryExpression(up) && !ts.isParenthesizedExpression(up)) return false;
    }
    return false;
  };
  const found = [];
  const unbindable = [];
  const unprovenLit = [];
  for (const sf of sources) {
    const rel = path.relative(root, sf.fileName).split(path.sep).join('/');
    const place = (node, kind) => {
      const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
      return { file: rel, line: line + 1, kind, excerpt: node.getText(sf).replace(/\s+/g, ' ').slice(0, 110) };
    };
    const hit = (node, kind) => {
      const h = place(node, kind);
      (kind === 'sqlString' && UNBINDABLE.has(`${h.file}:${h.line}`) ? unbindable : found).push(h);
    };
    const visit = (node) => {
      if (
        ts.isTemplateExpression(node) &&
        !ts.isTaggedTemplateExpression(node.parent) &&
        !isMessage(node) &&
        looksLikeSql(node)
      ) {
        const values = node.templateSpans.filter((s) => !fixed(s.expression));
        if (values.length) hit(node, `template (${values.map((s) => s.expression.getText(sf)).join(', ')})`);
      } else if (
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind === ts.SyntaxKind.PlusToken &&
        (looksLikeSql(node.left) || looksLikeSql(node.right)) &&
        !isMessage(node) &&
        !(fixed(node.left) && fixed(node.right))
      )
        hit(node, 'concatenation');
      else if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        /^replace(All)?$/.test(node.expression.name.text) &&
        (looksLikeSql(node.expression.expression) ||
          (ts.isIdentifier(node.expression.expression) &&
            looksLikeSql(declOf(node.expression.expression)?.initializer ?? node.expression.expression)))
      )
        hit(node, 'replace');
      else if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'sqlString')
        hit(node, 'sqlString');
      else if (
        ts.isCallExpression(node) &&
        ts.isIdentifier(node.expression) &&
        node.expression.text === 'lit' &&
        !(node.arguments.length === 1 && fixed(node.arguments[0]))
      )
        unprovenLit.push(place(node, 'lit'));
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return { found, unbindable, unprovenLit };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { found, unbindable, unprovenLit } = countInterpolatedSql();
  const show = (h) => console.log(`${h.file}:${h.line}  ${h.kind}  ${h.excerpt}`);
  if (process.argv.includes('--list')) found.forEach(show);
  if (process.argv.includes('--lit')) unprovenLit.forEach(show);
  console.log(
    `${found.length} SQL strings built by interpolating values in main/core` +
      ` (${unbindable.length} unbindable listed apart: ${[...new Set(UNBINDABLE.values())].join('; ')};` +
      ` ${unprovenLit.length} lit() whose text it cannot follow back to code, --lit lists them)`,
  );
  process.exitCode = found.length ? 1 : 0;
}

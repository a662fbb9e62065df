// The small arithmetic a profile may write for a computed amount or fee: columns in square
// brackets, decimal numbers, + − × ÷ and parentheses, e.g. `[计费金额] - [应结金额]` or
// `[交易金额] * [费率]`. Parsed here into a tree (never evaluated as code); the engine evaluates it
// exactly, in integer minor units and fractions, row by row.

export type Expression =
  | { type: 'column'; name: string }
  | { type: 'number'; text: string }
  | { type: 'negate'; operand: Expression }
  | { type: 'binary'; op: '+' | '-' | '*' | '/'; left: Expression; right: Expression };

export type ExpressionParse = { ok: true; expression: Expression } | { ok: false; message: string };

/** Full-width and typographic operators people paste from Chinese documents. */
const OPERATOR_SPELLINGS: Record<string, string> = { '−': '-', '－': '-', '＋': '+', '×': '*', '＊': '*', '÷': '/', '／': '/', '（': '(', '）': ')', '【': '[', '】': ']', '［': '[', '］': ']' };

type Token = { t: 'op'; v: string } | { t: 'column'; v: string } | { t: 'number'; v: string };

function tokenize(source: string): Token[] | string {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const raw = source[i]!;
    const c = OPERATOR_SPELLINGS[raw] ?? raw;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '[') {
      let j = i + 1;
      while (j < source.length && (OPERATOR_SPELLINGS[source[j]!] ?? source[j]) !== ']') j++;
      if (j >= source.length) return `unclosed [ at position ${i + 1}`;
      const name = source.slice(i + 1, j).trim();
      if (name === '') return `empty column name at position ${i + 1}`;
      tokens.push({ t: 'column', v: name });
      i = j + 1;
    } else if (/[0-9.]/.test(c)) {
      const m = /^(?:\d+(?:\.\d+)?|\.\d+)/.exec(source.slice(i));
      if (!m) return `bad number at position ${i + 1}`;
      tokens.push({ t: 'number', v: m[0] });
      i += m[0].length;
    } else if ('+-*/()'.includes(c)) {
      tokens.push({ t: 'op', v: c });
      i++;
    } else {
      return `unexpected "${raw}" at position ${i + 1} (write columns as [name])`;
    }
  }
  return tokens;
}

/** Parses `source`; precedence as in school: × ÷ before + −, left to right, unary minus. */
export function parseExpression(source: string): ExpressionParse {
  const tokens = tokenize(source);
  if (typeof tokens === 'string') return { ok: false, message: tokens };
  let pos = 0;
  const fail = (message: string): never => {
    throw new SyntaxError(message);
  };
  const peekOp = (): string | null => {
    const t = tokens[pos];
    return t && t.t === 'op' ? t.v : null;
  };
  const primary = (): Expression => {
    const t = tokens[pos];
    if (!t) return fail('expression ends too early');
    pos++;
    if (t.t === 'column') return { type: 'column', name: t.v };
    if (t.t === 'number') return { type: 'number', text: t.v };
    if (t.v === '-') return { type: 'negate', operand: primary() };
    if (t.v === '+') return primary();
    if (t.v === '(') {
      const inner = sum();
      if (peekOp() !== ')') fail('missing )');
      pos++;
      return inner;
    }
    return fail(`unexpected "${t.v}"`);
  };
  const product = (): Expression => {
    let left = primary();
    for (let op = peekOp(); op === '*' || op === '/'; op = peekOp()) {
      pos++;
      left = { type: 'binary', op, left, right: primary() };
    }
    return left;
  };
  const sum = (): Expression => {
    let left = product();
    for (let op = peekOp(); op === '+' || op === '-'; op = peekOp()) {
      pos++;
      left = { type: 'binary', op, left, right: product() };
    }
    return left;
  };
  try {
    const expression = sum();
    if (pos < tokens.length) fail(`unexpected "${tokens[pos]!.v}" after the end of the expression`);
    return { ok: true, expression };
  } catch (e) {
    if (e instanceof SyntaxError) return { ok: false, message: e.message };
    throw e;
  }
}

/** Columns named by the expression, in order of first use. */
export function expressionColumns(e: Expression, out: string[] = []): string[] {
  switch (e.type) {
    case 'column':
      if (!out.includes(e.name)) out.push(e.name);
      break;
    case 'negate':
      expressionColumns(e.operand, out);
      break;
    case 'binary':
      expressionColumns(e.left, out);
      expressionColumns(e.right, out);
      break;
    case 'number':
      break;
  }
  return out;
}

/**
 * How many times an expression is "money": amounts count 1, plain numbers (rates, literals) 0. The
 * result of a computed amount must be money exactly once — `[金额] * [费率]` is, `[金额] * [金额]`
 * and `[金额] + 0.5` are not.
 */
export function moneyDimension(e: Expression, isNumberColumn: (name: string) => boolean): number | string {
  switch (e.type) {
    case 'column': return isNumberColumn(e.name) ? 0 : 1;
    case 'number': return 0;
    case 'negate': return moneyDimension(e.operand, isNumberColumn);
    case 'binary': {
      const l = moneyDimension(e.left, isNumberColumn);
      if (typeof l === 'string') return l;
      const r = moneyDimension(e.right, isNumberColumn);
      if (typeof r === 'string') return r;
      if (e.op === '*') return l + r;
      if (e.op === '/') return l - r;
      if (l !== r) return `cannot ${e.op === '+' ? 'add' : 'subtract'} an amount and a plain number`;
      return l;
    }
  }
}

// Computed amounts (`fee = [计费金额] - [应结金额]`, `[交易金额] * [费率]`): the profile's expression,
// parsed once (shared/expression.ts), evaluated per row exactly — amounts as integer minor units,
// rates and literals as fractions of big integers — and rounded to minor units only at the end,
// as the field's `rounding` says. Never floating point, never eval.
import { parseExpression, type Expression } from '../../../shared/expression';
import type { Rounding } from '../../../shared/money';

/** An exact fraction; `den` > 0. */
export interface Fraction {
  num: bigint;
  den: bigint;
}

const ONE = 1n;

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? ONE : a;
}

function reduce(num: bigint, den: bigint): Fraction {
  if (den < 0n) [num, den] = [-num, -den];
  const g = gcd(num, den);
  return g === ONE ? { num, den } : { num: num / g, den: den / g };
}

/** `12.5`, `-0.006`, `0.60%`, `1.5‰` (ASCII, blanks already trimmed) as a fraction; null otherwise. */
export function decimalFraction(text: string): Fraction | null {
  const m = /^([+-]?)(\d*)(?:\.(\d+))?(%|‰)?$/.exec(text.replace(/,/g, ''));
  if (!m || (m[2] === '' && m[3] === undefined)) return null;
  const frac = m[3] ?? '';
  let den = 10n ** BigInt(frac.length);
  if (m[4] === '%') den *= 100n;
  else if (m[4] === '‰') den *= 1000n;
  const num = BigInt((m[2] || '0') + frac) * (m[1] === '-' ? -1n : 1n);
  return reduce(num, den);
}

/** An operand of one row: its value, or why it could not be read. */
export type Operand = { ok: true; value: Fraction } | { ok: false; reason: [string, string] };

export type ComputeOutcome = { ok: true; minor: number } | { ok: false; reason: [string, string] };

/** Rounds a fraction of minor units to an integer; `reject` fails unless it is whole. */
function roundFraction(f: Fraction, rounding: Rounding): number | null {
  const { num, den } = f;
  const neg = num < 0n;
  const abs = neg ? -num : num;
  let q = abs / den;
  const r = abs % den;
  if (r !== 0n) {
    if (rounding === 'reject') return null;
    const twice = r * 2n;
    if (rounding === 'truncate') {
      // q stays
    } else if (twice > den || (twice === den && (rounding === 'half-up' || q % 2n === 1n))) {
      q += ONE;
    }
  }
  const out = Number(neg ? -q : q);
  return Number.isSafeInteger(out) ? (out === 0 ? 0 : out) : null;
}

/**
 * Compiles `source` into a function of the row's operands (by column name, read by the caller).
 * The expression was validated with the profile, so parsing cannot fail here.
 */
export function compileExpression(source: string): { expression: Expression; evaluate: (operand: (name: string) => Operand, rounding: Rounding) => ComputeOutcome } {
  const parsed = parseExpression(source);
  if (!parsed.ok) throw new Error(`expression ${source} was not validated: ${parsed.message}`);
  const expression = parsed.expression;
  class Failure {
    constructor(readonly reason: [string, string]) {}
  }
  const evalNode = (e: Expression, operand: (name: string) => Operand): Fraction => {
    switch (e.type) {
      case 'number': return decimalFraction(e.text)!;
      case 'column': {
        const o = operand(e.name);
        if (!o.ok) throw new Failure(o.reason);
        return o.value;
      }
      case 'negate': {
        const v = evalNode(e.operand, operand);
        return { num: -v.num, den: v.den };
      }
      case 'binary': {
        const a = evalNode(e.left, operand);
        const b = evalNode(e.right, operand);
        switch (e.op) {
          case '+': return reduce(a.num * b.den + b.num * a.den, a.den * b.den);
          case '-': return reduce(a.num * b.den - b.num * a.den, a.den * b.den);
          case '*': return reduce(a.num * b.num, a.den * b.den);
          case '/':
            if (b.num === 0n) throw new Failure(['除数为 0', 'division by zero']);
            return reduce(a.num * b.den, a.den * b.num);
        }
      }
    }
  };
  return {
    expression,
    evaluate(operand, rounding) {
      try {
        const minor = roundFraction(evalNode(expression, operand), rounding);
        if (minor === null) {
          return { ok: false, reason: rounding === 'reject'
            ? ['结果不是整分，请在模板中声明 rounding（如 half-up）', 'the result is not a whole minor unit; declare rounding (e.g. half-up) in the profile']
            : ['结果过大', 'the result is too large'] };
        }
        return { ok: true, minor };
      } catch (e) {
        if (e instanceof Failure) return { ok: false, reason: e.reason };
        throw e;
      }
    },
  };
}

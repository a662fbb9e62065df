// Computed amounts: the expression language (shared/expression.ts) and its exact evaluation in minor
// units (compute.ts) — precedence, parentheses, unary minus, rates, rounding, division by zero.
import { describe, expect, it } from 'vitest';
import { compileExpression, decimalFraction, type Operand } from '../../../electron/engine/import/compute';
import { moneyDimension, parseExpression } from '../../../shared/expression';
import type { Rounding } from '../../../shared/money';

/** Evaluates `source` with amounts in minor units and rates as decimal text. */
function evaluate(source: string, values: Record<string, number | string>, rounding: Rounding = 'reject') {
  const operand = (name: string): Operand => {
    const v = values[name];
    if (v === undefined) return { ok: false, reason: ['缺少', 'missing'] };
    return { ok: true, value: typeof v === 'number' ? { num: BigInt(v), den: 1n } : decimalFraction(v)! };
  };
  return compileExpression(source).evaluate(operand, rounding);
}

describe('computed amounts', () => {
  it('follows school precedence, parentheses and unary minus, exactly', () => {
    expect(evaluate('[a] + [b] * 2', { a: 100, b: 7 })).toEqual({ ok: true, minor: 114 });
    expect(evaluate('([a] + [b]) * 2', { a: 100, b: 7 })).toEqual({ ok: true, minor: 214 });
    expect(evaluate('-[a] - -[b]', { a: 100, b: 7 })).toEqual({ ok: true, minor: -93 });
    expect(evaluate('[a] / 3 * 3', { a: 100 })).toEqual({ ok: true, minor: 100 });
    expect(evaluate('[a] * [r]', { a: 12345, r: '0.60%' }, 'half-up')).toEqual({ ok: true, minor: 74 });
  });

  it('rounds halves as declared, away from zero for half-up, and refuses division by zero', () => {
    expect(evaluate('[a] * [r]', { a: 750, r: '0.6%' }, 'half-up')).toEqual({ ok: true, minor: 5 });
    expect(evaluate('[a] * [r]', { a: 750, r: '0.6%' }, 'half-even')).toEqual({ ok: true, minor: 4 });
    expect(evaluate('-[a] * [r]', { a: 750, r: '0.6%' }, 'half-up')).toEqual({ ok: true, minor: -5 });
    expect(evaluate('[a] * [r]', { a: 750, r: '0.6%' })).toMatchObject({ ok: false });
    expect(evaluate('[a] / [b]', { a: 750, b: 0 })).toEqual({ ok: false, reason: ['除数为 0', 'division by zero'] });
  });

  it('parses full-width operators and reports where an expression is wrong', () => {
    expect(parseExpression('【结算金额】＋［手续费］ × 1')).toEqual({ ok: true, expression: {
      type: 'binary', op: '+', left: { type: 'column', name: '结算金额' },
      right: { type: 'binary', op: '*', left: { type: 'column', name: '手续费' }, right: { type: 'number', text: '1' } },
    } });
    expect(parseExpression('[结算金额] & 2')).toEqual({ ok: false, message: 'unexpected "&" at position 8 (write columns as [name])' });
    expect(parseExpression('[a] + ')).toEqual({ ok: false, message: 'expression ends too early' });
    expect(parseExpression('([a] + [b]')).toEqual({ ok: false, message: 'missing )' });
    expect(parseExpression('[a] [b]')).toEqual({ ok: false, message: 'unexpected "b" after the end of the expression' });
  });

  it('knows an amount from a plain number', () => {
    const dim = (s: string) => {
      const p = parseExpression(s);
      if (!p.ok) throw new Error(p.message);
      return moneyDimension(p.expression, (n) => n === '费率');
    };
    expect(dim('[金额] * [费率]')).toBe(1);
    expect(dim('[金额] - [手续费]')).toBe(1);
    expect(dim('[金额] * [金额]')).toBe(2);
    expect(dim('[金额] + 1')).toBe('cannot add an amount and a plain number');
  });
});

import { describe, expect, it } from 'vitest';
import { formatMoney, minorToDecimal, parseMoney } from '../../shared/money';

const yuan = (s: string, rounding?: 'half-up' | 'half-even') => {
  const r = parseMoney(s, { exponent: 2, rounding });
  return r.ok ? r.minor : r.reason;
};

describe('money', () => {
  it('parses the amount texts that real bills carry, exactly', () => {
    expect(yuan('1,234.50')).toBe(123450);
    expect(yuan('¥1,234.50')).toBe(123450);
    expect(yuan('￥28.16')).toBe(2816);
    expect(yuan('-0.01')).toBe(-1);
    expect(yuan('1234.5')).toBe(123450);
    expect(yuan('0.32000')).toBe(32);
    expect(yuan('１２３．４５')).toBe(12345);
    expect(yuan('(12.00)')).toBe(-1200);
    expect(yuan('−3.90')).toBe(-390);
    expect(yuan('1.005', 'half-up')).toBe(101);
    expect(yuan('0.765', 'half-even')).toBe(76);
    expect(yuan('0.775', 'half-even')).toBe(78);
    expect(yuan('-0.765', 'half-up')).toBe(-77);
    expect(yuan('100')).toBe(10000);
    expect(yuan('12')).toBe(1200);
    expect(parseMoney('1234', { exponent: 0 })).toEqual({ ok: true, minor: 1234 });
  });

  it('refuses what would be silently misread', () => {
    expect(yuan('1.23E+17')).toBe('scientific');
    expect(yuan('12%')).toBe('percent');
    expect(yuan('1,23.4')).toBe('bad_grouping');
    expect(yuan('0.765')).toBe('too_many_decimals');
    expect(yuan('')).toBe('empty');
    expect(yuan('abc')).toBe('not_a_number');
    expect(yuan('99999999999999999')).toBe('too_large');
  });

  it('formats from integers', () => {
    expect(minorToDecimal(-5)).toBe('-0.05');
    expect(minorToDecimal(123456)).toBe('1234.56');
    expect(formatMoney(123456789)).toBe('1,234,567.89');
    expect(formatMoney(-100, 'JPY')).toBe('-100');
  });
});

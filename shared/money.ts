// Money is integer minor units (分/cents) everywhere. Amounts are parsed from the text a file
// carries, by string manipulation only: no parseFloat, no multiplication of floats.

/** ISO 4217 exponents for the currencies our channels use; anything else defaults to 2. */
const EXPONENTS: Readonly<Record<string, number>> = {
  CNY: 2, USD: 2, EUR: 2, GBP: 2, HKD: 2, SGD: 2, AUD: 2, CAD: 2, TWD: 2, MOP: 2,
  JPY: 0, KRW: 0, VND: 0,
  BHD: 3, KWD: 3, OMR: 3, JOD: 3,
};

export function currencyExponent(currency: string): number {
  return EXPONENTS[currency.toUpperCase()] ?? 2;
}

export type Rounding = 'reject' | 'half-up' | 'half-even' | 'truncate';

export interface ParseMoneyOptions {
  /** Decimal places of the unit the text is written in: 2 for yuan → fen, 0 for text that is already fen. */
  exponent: number;
  /** What to do with more decimals than `exponent` (e.g. WeChat's 5-decimal fees). */
  rounding?: Rounding;
}

export type MoneyParse =
  | { ok: true; minor: number }
  | { ok: false; reason: MoneyError };

export type MoneyError = 'empty' | 'not_a_number' | 'scientific' | 'percent' | 'too_many_decimals' | 'too_large' | 'bad_grouping';

const FULLWIDTH_DIGITS = /[\uFF10-\uFF19]/g;
const CURRENCY_BEFORE = /^(?:[A-Z]{3}|US\$|HK\$|¥|￥|\$|€|£)/i;

/**
 * Normalises what exports put around a number: full-width digits and signs, currency marks,
 * thousands separators, `(12.00)` for negatives, unicode minus signs, surrounding blanks.
 */
function cleanNumberText(raw: string): { sign: 1 | -1; body: string } | MoneyError {
  let s = raw.replace(FULLWIDTH_DIGITS, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  s = s
    .replace(/[\uFF0E]/g, '.')
    .replace(/[\uFF0C]/g, ',')
    .replace(/[\u2212\uFF0D\u2013\u2014]/g, '-')
    .replace(/[\uFF0B]/g, '+')
    .replace(/[\s\u3000\u00A0]+/g, '');
  // Currency marks before or after the number: symbols and 3-letter codes (¥12.00, USD 12.00, 12.00 EUR, 12.00元).
  const unmarked = s.replace(CURRENCY_BEFORE, '').replace(/(?:元|[A-Z]{3})$/i, '');
  if (/[0-9]/.test(unmarked)) s = unmarked;
  let sign: 1 | -1 = 1;
  if (/^\(.*\)$/.test(s)) {
    sign = -1;
    s = s.slice(1, -1);
  }
  if (s.startsWith('-')) {
    sign = sign === 1 ? -1 : 1;
    s = s.slice(1);
  } else if (s.startsWith('+')) {
    s = s.slice(1);
  }
  // A currency mark may also sit after the sign or inside the parentheses: -¥12.00, (¥12.00)
  const bare = s.replace(CURRENCY_BEFORE, '');
  if (/[0-9]/.test(bare)) s = bare;
  if (s === '') return 'empty';
  if (/%$/.test(s)) return 'percent';
  if (/^[0-9.]+e[+-]?[0-9]+$/i.test(s)) return 'scientific';
  if (s.includes(',')) {
    // Thousands separators must group by three, so "1,23.4" is not silently read as 123.4.
    if (!/^[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?$/.test(s)) return 'bad_grouping';
    s = s.replace(/,/g, '');
  }
  if (!/^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/.test(s)) return 'not_a_number';
  return { sign, body: s };
}

/** Parses a decimal amount written in a unit with `exponent` decimals into integer minor units. */
export function parseMoney(raw: string, options: ParseMoneyOptions): MoneyParse {
  const cleaned = cleanNumberText(raw);
  if (typeof cleaned === 'string') return { ok: false, reason: cleaned };
  const { sign, body } = cleaned;
  const dot = body.indexOf('.');
  const intPart = (dot < 0 ? body : body.slice(0, dot)) || '0';
  let frac = dot < 0 ? '' : body.slice(dot + 1);
  const exp = options.exponent;
  let roundUp = false;
  if (frac.length > exp) {
    const kept = frac.slice(0, exp);
    const dropped = frac.slice(exp);
    if (/^0*$/.test(dropped)) {
      frac = kept;
    } else {
      const mode = options.rounding ?? 'reject';
      if (mode === 'reject') return { ok: false, reason: 'too_many_decimals' };
      const first = dropped.charCodeAt(0) - 48;
      const rest = dropped.slice(1);
      const lastKept = kept.length > 0 ? kept.charCodeAt(kept.length - 1) - 48 : intPart.charCodeAt(intPart.length - 1) - 48;
      if (mode === 'half-up') roundUp = first >= 5;
      else if (mode === 'half-even') roundUp = first > 5 || (first === 5 && (/[1-9]/.test(rest) || lastKept % 2 === 1));
      frac = kept;
    }
  }
  const digits = (intPart + frac.padEnd(exp, '0')).replace(/^0+(?=\d)/, '');
  if (digits.length > 16) return { ok: false, reason: 'too_large' };
  let minor = Number(digits) + (roundUp ? 1 : 0);
  if (!Number.isSafeInteger(minor)) return { ok: false, reason: 'too_large' };
  minor = sign * minor;
  return { ok: true, minor: minor === 0 ? 0 : minor };
}

/** Formats minor units as a plain decimal string: -123456 → "-1234.56". */
export function minorToDecimal(minor: number, exponent = 2): string {
  const neg = minor < 0;
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const frac = exponent === 0 ? '' : '.' + digits.slice(-exponent);
  return (neg ? '-' : '') + whole + frac;
}

/** Formats minor units for people: 123456789 → "1,234,567.89". */
export function formatMoney(minor: number, currency = 'CNY'): string {
  const exp = currencyExponent(currency);
  const plain = minorToDecimal(minor, exp);
  const neg = plain.startsWith('-');
  const [whole = '0', frac] = (neg ? plain.slice(1) : plain).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (neg ? '-' : '') + grouped + (frac !== undefined ? '.' + frac : '');
}

/** Sums integers and fails loudly rather than losing precision. */
export function sumMinor(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  if (!Number.isSafeInteger(total)) throw new RangeError('money total exceeds the safe integer range');
  return total;
}

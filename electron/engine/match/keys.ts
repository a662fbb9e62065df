// Matching keys as exports write them: "`2026093012345", ="2026093012345", a TAB after the value,
// padding. Import profiles normally clean these already; the matcher cleans again so that a profile that
// forgot one quirk costs a match rate, not a silent mismatch.

const WRAPPED = /^="(.*)"$/s;

function isPlain(code: number): boolean {
  // Letters, digits and the separators ids use: anything else at either end needs cleaning.
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 45 || code === 95;
}

/** The merchant order id / channel transaction id as the matcher compares it; null when blank. */
export function normaliseOrderId(raw: string | null): string | null {
  if (raw === null) return null;
  // Fast path: a million keys per side per run, almost all of them already clean.
  if (raw.length > 0 && isPlain(raw.charCodeAt(0)) && isPlain(raw.charCodeAt(raw.length - 1))) return raw;
  let s = raw.replace(/[\t\r\n\u00a0\u3000]/g, ' ').trim();
  const wrapped = WRAPPED.exec(s);
  if (wrapped) s = wrapped[1]!.trim();
  s = s.replace(/^[`']+/, '').trim();
  return s === '' ? null : s;
}

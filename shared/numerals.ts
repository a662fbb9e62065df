// 人民币大写 (Chinese capital numerals for amounts), as written on statements and cheques under the
// PBoC 《支付结算办法》 rules: capitals 零壹贰叁肆伍陆柒捌玖, units 拾佰仟 within a 4-digit section and
// 万 / 亿 / 万亿 between sections; one 零 stands for any run of zeros inside the number; "整" after an
// amount that ends at 元 or 角; nothing after 分. The optional 零 between a zero 元 digit and 角 is not
// written (壹仟陆佰捌拾元叁角贰分), which the rules allow and which reads cleanest.

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'] as const;
const IN_SECTION = ['', '拾', '佰', '仟'] as const;
/** Section units from the lowest: 1, 10^4, 10^8, 10^12. Safe integers in 分 stay below 10^16 元. */
const SECTIONS = ['', '万', '亿', '万亿'] as const;

function digit(d: number): string {
  return DIGITS[d] ?? '';
}

/** 1..9999 → capitals without leading 零 (that belongs to the caller); inner zero runs become one 零. */
function sectionText(n: number): string {
  let out = '';
  let zeroPending = false;
  for (let pos = 3; pos >= 0; pos--) {
    const d = Math.floor(n / 10 ** pos) % 10;
    if (d === 0) {
      if (out !== '') zeroPending = true;
      continue;
    }
    if (zeroPending) out += '零';
    zeroPending = false;
    out += digit(d) + IN_SECTION[pos];
  }
  return out;
}

/** Whole yuan (non-negative integer) → capitals, without the trailing 元. */
function integerText(yuan: number): string {
  const sections: number[] = [];
  for (let rest = yuan; rest > 0; rest = Math.floor(rest / 10_000)) sections.push(rest % 10_000);
  let out = '';
  let zeroPending = false;
  for (let i = sections.length - 1; i >= 0; i--) {
    const s = sections[i] ?? 0;
    if (s === 0) {
      if (out !== '') zeroPending = true;
      continue;
    }
    // A section below 1000 after a higher one has a gap of zeros in front of it: 壹万零伍佰.
    if (out !== '' && (zeroPending || s < 1000)) out += '零';
    zeroPending = false;
    out += sectionText(s) + SECTIONS[i];
  }
  return out;
}

/**
 * Minor units (分) → 人民币大写: 0 → 零元整, 1234567 → 壹万贰仟叁佰肆拾伍元陆角柒分, -50 → 负伍角整.
 * Throws on non-integers and values beyond the safe integer range (they cannot be exact amounts).
 */
export function rmbCapital(minor: number): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`not an exact amount in 分: ${minor}`);
  if (minor === 0) return '零元整';
  const sign = minor < 0 ? '负' : '';
  const abs = Math.abs(minor);
  const yuan = Math.floor(abs / 100);
  const jiao = Math.floor(abs / 10) % 10;
  const fen = abs % 10;
  let out = yuan > 0 ? integerText(yuan) + '元' : '';
  if (jiao === 0 && fen === 0) return sign + out + '整';
  if (jiao > 0) out += digit(jiao) + '角';
  // 壹元零伍分: a zero 角 between 元 and 分 is written; with no 元 at all the amount starts at 分.
  else if (yuan > 0) out += '零';
  if (fen > 0) out += digit(fen) + '分';
  else out += '整';
  return sign + out;
}

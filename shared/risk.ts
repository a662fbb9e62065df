// Transaction risk rules (交易风控): the built-in rules, their thresholds, and how masked card and
// account numbers are compared. Pure data and functions, shared by the engine and the screens.

export const RISK_RULES = ['ip_mismatch', 'velocity', 'blacklist', 'amount_limit', 'card_testing', 'refund_other_account'] as const;
export type RiskRule = (typeof RISK_RULES)[number];

/** What a blacklist entry, and a velocity or burst count, is about. */
export const RISK_IDENTIFIERS = ['card', 'account', 'ip', 'device', 'user'] as const;
export type RiskIdentifier = (typeof RISK_IDENTIFIERS)[number];

export interface RiskRuleParams {
  /** velocity: more than this many payments by one card/account/IP/device in one day is a hit. */
  maxPerDay?: number;
  /** amount_limit: a single payment above this (minor units). */
  limitMinor?: number;
  /** card_testing: at least `burstCount` payments of at most `smallMinor` within `windowMinutes`. */
  burstCount?: number;
  smallMinor?: number;
  windowMinutes?: number;
}

export const DEFAULT_RULE_PARAMS: Readonly<Record<RiskRule, RiskRuleParams>> = {
  ip_mismatch: {},
  velocity: { maxPerDay: 3 },
  blacklist: {},
  amount_limit: { limitMinor: 5_000_00 },
  card_testing: { burstCount: 5, smallMinor: 1_00, windowMinutes: 10 },
  refund_other_account: {},
};

export const RULE_LABEL: Readonly<Record<RiskRule, { zh: string; en: string }>> = {
  ip_mismatch: { zh: '下单 IP 与支付 IP 不同（疑似钓鱼）', en: 'Order IP differs from pay IP (possible phishing)' },
  velocity: { zh: '同一卡/账户/IP/设备单日支付过多', en: 'One card/account/IP/device paying too often in a day' },
  blacklist: { zh: '黑名单命中', en: 'Blacklisted card/account/IP/device/player' },
  amount_limit: { zh: '单笔金额超限', en: 'Single payment above the limit' },
  card_testing: { zh: '短时间内连续小额支付（疑似盗卡试卡）', en: 'Burst of small payments (card testing)' },
  refund_other_account: { zh: '退款至非付款账户', en: 'Refund to an account other than the payer’s' },
};

export const IDENTIFIER_LABEL: Readonly<Record<RiskIdentifier, { zh: string; en: string }>> = {
  card: { zh: '卡号', en: 'Card' },
  account: { zh: '账户', en: 'Account' },
  ip: { zh: 'IP', en: 'IP' },
  device: { zh: '设备', en: 'Device' },
  user: { zh: '玩家/用户', en: 'Player/user' },
};

const MASK = /[*＊xX]/;

/** Card and account numbers as compared: no spaces, dashes or dots; full-width digits made plain. */
export function normaliseIdentifier(value: string): string {
  return value.normalize('NFKC').replace(/[\s\-.]/g, '').replace(/＊/g, '*').toLowerCase();
}

/**
 * True when two identifiers can be the same card or account. Bills print cards masked
 * (`622202******1234`) and blacklists may hold either form, so a masked position matches anything:
 * equal lengths compare position by position; otherwise the digits shown before the first mask and
 * after the last one must agree with the other number's ends. Two different full numbers never match.
 */
export function identifiersMatch(a: string, b: string): boolean {
  const x = normaliseIdentifier(a);
  const y = normaliseIdentifier(b);
  if (x === y) return x !== '';
  const xMasked = MASK.test(x);
  const yMasked = MASK.test(y);
  if (!xMasked && !yMasked) return false;
  if (x.length === y.length) {
    for (let i = 0; i < x.length; i++) {
      const cx = x[i]!;
      const cy = y[i]!;
      if (cx !== cy && !MASK.test(cx) && !MASK.test(cy)) return false;
    }
    return true;
  }
  const ends = (s: string) => {
    const first = s.search(MASK);
    if (first < 0) return { head: s, tail: s };
    let last = s.length - 1;
    while (last >= 0 && !MASK.test(s[last]!)) last--;
    return { head: s.slice(0, first), tail: s.slice(last + 1) };
  };
  const ex = ends(x);
  const ey = ends(y);
  const head = Math.min(ex.head.length, ey.head.length);
  const tail = Math.min(ex.tail.length, ey.tail.length);
  // At least the last four digits must be shown on both sides to say anything.
  if (tail < 4) return false;
  return ex.head.slice(0, head) === ey.head.slice(0, head) && ex.tail.slice(-tail) === ey.tail.slice(-tail);
}

// The risk rules over one channel's payments of one period (pure). Every hit has a key that names what
// it is about (a payment, or an identifier on a day) rather than when it was found, so screening the
// same data again finds the same hits and a person's decision on one stays attached to it.
import { identifiersMatch, normaliseIdentifier, type RiskIdentifier, type RiskRule, type RiskRuleParams } from '../../../shared/risk';

/** A payment or refund as the rules see it: the record, with the identifiers its rows carry. */
export interface ScreenedRecord {
  recordId: number;
  kind: 'payment' | 'refund';
  orderId: string | null;
  amountMinor: number;
  /** Instant (ms) and the local day it falls on (workspace zone). */
  at: number;
  day: string;
  card?: string;
  account?: string;
  orderIp?: string;
  payIp?: string;
  device?: string;
  user?: string;
}

export interface BlacklistEntry {
  id: number;
  type: RiskIdentifier;
  value: string;
}

export interface RuleHit {
  rule: RiskRule;
  key: string;
  /** What the hit is about, e.g. `卡号 622202******1234，2026-10-03 支付 5 笔`. */
  subject: { zh: string; en: string };
  recordIds: number[];
  amountMinor: number;
  detail: Record<string, unknown>;
}

/** Rules switched on, with their parameters (defaults filled in). */
export type RuleSet = ReadonlyMap<RiskRule, RiskRuleParams>;

const COUNTED: readonly RiskIdentifier[] = ['card', 'account', 'ip', 'device'];

function identifier(r: ScreenedRecord, type: RiskIdentifier): string | undefined {
  switch (type) {
    case 'card': return r.card;
    case 'account': return r.account;
    case 'ip': return r.payIp ?? r.orderIp;
    case 'device': return r.device;
    case 'user': return r.user;
  }
}

const LABEL: Record<RiskIdentifier, [string, string]> = { card: ['卡号', 'card'], account: ['账户', 'account'], ip: ['IP', 'IP'], device: ['设备', 'device'], user: ['玩家', 'player'] };

function sum(records: readonly ScreenedRecord[]): number {
  return records.reduce((n, r) => n + r.amountMinor, 0);
}

function ipMismatch(payments: readonly ScreenedRecord[]): RuleHit[] {
  return payments.filter((p) => p.orderIp && p.payIp && p.orderIp !== p.payIp).map((p) => ({
    rule: 'ip_mismatch', key: `ip_mismatch|${p.recordId}`,
    subject: { zh: `订单 ${p.orderId ?? p.recordId}：下单 IP ${p.orderIp}，支付 IP ${p.payIp}`, en: `Order ${p.orderId ?? p.recordId}: ordered from ${p.orderIp}, paid from ${p.payIp}` },
    recordIds: [p.recordId], amountMinor: p.amountMinor, detail: { orderIp: p.orderIp, payIp: p.payIp },
  }));
}

/** Payments grouped by one identifier's normalised value (records without it are left out). */
function byIdentifier(payments: readonly ScreenedRecord[], type: RiskIdentifier): Map<string, ScreenedRecord[]> {
  const groups = new Map<string, ScreenedRecord[]>();
  for (const p of payments) {
    const v = identifier(p, type);
    if (!v) continue;
    const k = normaliseIdentifier(v);
    const g = groups.get(k);
    if (g) g.push(p);
    else groups.set(k, [p]);
  }
  return groups;
}

function velocity(payments: readonly ScreenedRecord[], params: RiskRuleParams): RuleHit[] {
  const max = params.maxPerDay ?? 3;
  const hits: RuleHit[] = [];
  for (const type of COUNTED) {
    for (const [value, group] of byIdentifier(payments, type)) {
      const byDay = new Map<string, ScreenedRecord[]>();
      for (const p of group) {
        const d = byDay.get(p.day);
        if (d) d.push(p);
        else byDay.set(p.day, [p]);
      }
      for (const [day, list] of byDay) {
        if (list.length <= max) continue;
        const shown = identifier(list[0]!, type)!;
        hits.push({
          rule: 'velocity', key: `velocity|${type}|${value}|${day}`,
          subject: { zh: `${LABEL[type][0]} ${shown} 于 ${day} 支付 ${list.length} 笔（上限 ${max}）`, en: `${LABEL[type][1]} ${shown} paid ${list.length} times on ${day} (limit ${max})` },
          recordIds: list.map((p) => p.recordId), amountMinor: sum(list), detail: { identifier: type, value: shown, day, count: list.length, limit: max },
        });
      }
    }
  }
  return hits;
}

function amountLimit(payments: readonly ScreenedRecord[], params: RiskRuleParams): RuleHit[] {
  const limit = params.limitMinor ?? 5_000_00;
  return payments.filter((p) => p.amountMinor > limit).map((p) => ({
    rule: 'amount_limit', key: `amount_limit|${p.recordId}`,
    subject: { zh: `订单 ${p.orderId ?? p.recordId} 单笔金额超限`, en: `Order ${p.orderId ?? p.recordId} above the single-payment limit` },
    recordIds: [p.recordId], amountMinor: p.amountMinor, detail: { limitMinor: limit },
  }));
}

function cardTesting(payments: readonly ScreenedRecord[], params: RiskRuleParams): RuleHit[] {
  const need = params.burstCount ?? 5;
  const small = params.smallMinor ?? 1_00;
  const window = (params.windowMinutes ?? 10) * 60_000;
  const hits: RuleHit[] = [];
  for (const type of COUNTED) {
    for (const [value, group] of byIdentifier(payments.filter((p) => p.amountMinor <= small), type)) {
      if (group.length < need) continue;
      group.sort((a, b) => a.at - b.at || a.recordId - b.recordId);
      // Maximal bursts: a run of payments each within the window of the run's first one.
      let start = 0;
      while (start < group.length) {
        let end = start;
        while (end + 1 < group.length && group[end + 1]!.at - group[start]!.at <= window) end++;
        if (end - start + 1 >= need) {
          const burst = group.slice(start, end + 1);
          const shown = identifier(burst[0]!, type)!;
          hits.push({
            rule: 'card_testing', key: `card_testing|${type}|${value}|${burst[0]!.recordId}`,
            subject: { zh: `${LABEL[type][0]} ${shown} 在 ${params.windowMinutes ?? 10} 分钟内小额支付 ${burst.length} 笔`, en: `${LABEL[type][1]} ${shown}: ${burst.length} small payments within ${params.windowMinutes ?? 10} minutes` },
            recordIds: burst.map((p) => p.recordId), amountMinor: sum(burst), detail: { identifier: type, value: shown, count: burst.length, smallMinor: small, windowMinutes: params.windowMinutes ?? 10 },
          });
          start = end + 1;
        } else start++;
      }
    }
  }
  return hits;
}

/**
 * Blacklist lookups for a million payments: unmasked entries by exact value; masked ones (cards and
 * accounts) by their last four characters, compared in full only there.
 */
class BlacklistIndex {
  private exact = new Map<string, BlacklistEntry[]>();
  private byTail = new Map<string, BlacklistEntry[]>();

  constructor(entries: readonly BlacklistEntry[]) {
    for (const e of entries) {
      const v = normaliseIdentifier(e.value);
      push(this.exact, `${e.type}|${v}`, e);
      if (e.type === 'card' || e.type === 'account') push(this.byTail, `${e.type}|${v.slice(-4)}`, e);
    }
  }

  find(type: RiskIdentifier, value: string): BlacklistEntry[] {
    const v = normaliseIdentifier(value);
    const exact = this.exact.get(`${type}|${v}`) ?? [];
    if (type !== 'card' && type !== 'account') return exact;
    const near = (this.byTail.get(`${type}|${v.slice(-4)}`) ?? []).filter((e) => !exact.includes(e) && identifiersMatch(e.value, value));
    return near.length === 0 ? exact : [...exact, ...near];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function blacklisted(records: readonly ScreenedRecord[], entries: readonly BlacklistEntry[]): RuleHit[] {
  if (entries.length === 0) return [];
  const index = new BlacklistIndex(entries);
  const hits: RuleHit[] = [];
  for (const r of records) {
    for (const type of ['card', 'account', 'ip', 'device', 'user'] as const) {
      const values = type === 'ip' ? [r.orderIp, r.payIp] : [identifier(r, type)];
      for (const v of new Set(values)) {
        if (!v) continue;
        for (const e of index.find(type, v)) {
          hits.push({
            rule: 'blacklist', key: `blacklist|${r.recordId}|${e.id}`,
            subject: { zh: `订单 ${r.orderId ?? r.recordId} 的${LABEL[type][0]} ${v} 在黑名单中（${e.value}）`, en: `Order ${r.orderId ?? r.recordId}: ${LABEL[type][1]} ${v} is blacklisted (${e.value})` },
            recordIds: [r.recordId], amountMinor: r.amountMinor, detail: { identifier: type, value: v, entryId: e.id, entry: e.value },
          });
        }
      }
    }
  }
  return hits;
}

function refundOtherAccount(records: readonly ScreenedRecord[]): RuleHit[] {
  const payer = new Map<string, ScreenedRecord>();
  for (const r of records) if (r.kind === 'payment' && r.orderId && r.account) payer.set(r.orderId, r);
  const hits: RuleHit[] = [];
  for (const r of records) {
    if (r.kind !== 'refund' || !r.orderId || !r.account) continue;
    const paid = payer.get(r.orderId);
    if (!paid?.account || identifiersMatch(paid.account, r.account)) continue;
    hits.push({
      rule: 'refund_other_account', key: `refund_other_account|${r.recordId}`,
      subject: { zh: `订单 ${r.orderId} 退款至 ${r.account}，付款账户为 ${paid.account}`, en: `Order ${r.orderId} refunded to ${r.account}; paid from ${paid.account}` },
      recordIds: [paid.recordId, r.recordId], amountMinor: r.amountMinor, detail: { payer: paid.account, refundedTo: r.account },
    });
  }
  return hits;
}

/** Every hit of the rules switched on, in a stable order. */
export function screenRecords(records: readonly ScreenedRecord[], rules: RuleSet, blacklist: readonly BlacklistEntry[]): RuleHit[] {
  const payments = records.filter((r) => r.kind === 'payment');
  const hits: RuleHit[] = [];
  for (const [rule, params] of rules) {
    switch (rule) {
      case 'ip_mismatch': hits.push(...ipMismatch(payments)); break;
      case 'velocity': hits.push(...velocity(payments, params)); break;
      case 'blacklist': hits.push(...blacklisted(records, blacklist)); break;
      case 'amount_limit': hits.push(...amountLimit(payments, params)); break;
      case 'card_testing': hits.push(...cardTesting(payments, params)); break;
      case 'refund_other_account': hits.push(...refundOtherAccount(records)); break;
    }
  }
  return hits.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

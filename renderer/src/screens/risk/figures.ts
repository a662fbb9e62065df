// What the risk screens show besides the queue itself: money with its currency's sign, and the
// period's hits counted by rule against channel or status (dashboard card, statements summary).
import { useEffect, useState } from 'react';
import type { RiskHitView } from '../../../../shared/contract/risk';
import { formatMoney } from '../../../../shared/money';
import { RISK_RULES, type RiskRule } from '../../../../shared/risk';
import { call } from '../../client';
import { useApp } from '../../store';

const SIGN: Record<string, string> = { CNY: '¥', USD: '$', HKD: 'HK$', EUR: '€', GBP: '£', JPY: '¥', TWD: 'NT$', MOP: 'MOP$' };

/** 123456 CNY → "¥1,234.56"; a currency without a sign of its own keeps its code: "SGD 1,234.56". */
export function money(minor: number, currency: string): string {
  const text = formatMoney(minor, currency);
  const sign = SIGN[currency];
  const [minus, digits] = text.startsWith('-') ? ['-', text.slice(1)] : ['', text];
  return sign ? `${minus}${sign}${digits}` : `${currency} ${text}`;
}

/** Counts of hits per rule (rows, in the rules' order) and per column key. */
export interface RuleTable<C extends string> {
  rules: RiskRule[];
  columns: C[];
  count(rule: RiskRule, column: C): number;
  ruleTotal(rule: RiskRule): number;
  columnTotal(column: C): number;
  total: number;
}

export function countBy<C extends string>(hits: readonly RiskHitView[], column: (h: RiskHitView) => C, order: readonly C[]): RuleTable<C> {
  const cells = new Map<string, number>();
  for (const h of hits) cells.set(`${h.rule}|${column(h)}`, (cells.get(`${h.rule}|${column(h)}`) ?? 0) + 1);
  const seen = new Set(hits.map(column));
  const columns = order.filter((c) => seen.has(c));
  const rules = RISK_RULES.filter((r) => hits.some((h) => h.rule === r));
  const count = (rule: RiskRule, c: C) => cells.get(`${rule}|${c}`) ?? 0;
  return {
    rules, columns, count,
    ruleTotal: (rule) => hits.filter((h) => h.rule === rule).length,
    columnTotal: (c) => hits.filter((h) => column(h) === c).length,
    total: hits.length,
  };
}

/** The period's hits (those found now and those a person decided), reloaded when the period changes. */
export function usePeriodHits(period: string): RiskHitView[] | null {
  const showError = useApp((s) => s.showError);
  const [hits, setHits] = useState<{ period: string; list: RiskHitView[] } | null>(null);
  useEffect(() => {
    let live = true;
    call('risk.hits', { period }).then((list) => live && setHits({ period, list })).catch(showError);
    return () => {
      live = false;
    };
  }, [period, showError]);
  return hits?.period === period ? hits.list : null;
}

// What the risk screens compute themselves: money with its currency's sign, the hit counts of the
// dashboard card and the statements summary, and thresholds read from what a person typed.
import { describe, expect, it } from 'vitest';
import type { RiskHitView } from '../../shared/contract/risk';
import { DEFAULT_RULE_PARAMS } from '../../shared/risk';
import { countBy, money } from '../../renderer/src/screens/risk/figures';
import { draftOf, paramsOf } from '../../renderer/src/screens/risk/thresholds';

const hit = (id: number, rule: RiskHitView['rule'], channelId: string, status: RiskHitView['status']): RiskHitView => ({
  id, rule, channelId, status, period: '2026-10', subject: { zh: '', en: '' }, amountMinor: 100, currency: 'CNY', detail: {},
  active: true, note: null, decidedBy: null, decidedAt: null, records: [],
});

describe('money', () => {
  it('puts the currency sign before the grouped amount, after a minus', () => {
    expect(money(500_001, 'CNY')).toBe('¥5,000.01');
    expect(money(-19_600, 'CNY')).toBe('-¥196.00');
    expect(money(1_234, 'USD')).toBe('$12.34');
    expect(money(1_234, 'JPY')).toBe('¥1,234');
    expect(money(1_234, 'SGD')).toBe('SGD 12.34');
  });
});

describe('hit counts', () => {
  const hits = [
    hit(1, 'velocity', 'alipay', 'open'), hit(2, 'velocity', 'wechat', 'confirmed'), hit(3, 'velocity', 'alipay', 'open'),
    hit(4, 'blacklist', 'wechat', 'false_positive'), hit(5, 'amount_limit', 'alipay', 'open'),
  ];

  it('counts per rule (in the rules\' order) and channel, leaving out channels and rules without hits', () => {
    const t = countBy(hits, (h) => h.channelId, ['alipay', 'unionpay', 'wechat']);
    expect(t.rules).toEqual(['velocity', 'blacklist', 'amount_limit']);
    expect(t.columns).toEqual(['alipay', 'wechat']);
    expect([t.count('velocity', 'alipay'), t.count('velocity', 'wechat'), t.count('blacklist', 'alipay')]).toEqual([2, 1, 0]);
    expect([t.ruleTotal('velocity'), t.columnTotal('wechat'), t.total]).toEqual([3, 2, 5]);
  });

  it('counts per rule and review status', () => {
    const t = countBy(hits, (h) => h.status, ['open', 'confirmed', 'false_positive', 'follow_up']);
    expect(t.columns).toEqual(['open', 'confirmed', 'false_positive']);
    expect([t.count('velocity', 'open'), t.count('velocity', 'confirmed'), t.columnTotal('open')]).toEqual([2, 1, 3]);
  });
});

describe('thresholds as written', () => {
  const view = { rule: 'card_testing' as const, channelId: null, enabled: true, params: { ...DEFAULT_RULE_PARAMS.card_testing }, builtin: true };

  it('shows money as money and counts as counts, and reads them back unchanged', () => {
    const draft = draftOf(view, 'CNY');
    expect(draft.text).toEqual({ burstCount: '5', smallMinor: '1.00', windowMinutes: '10' });
    expect(paramsOf(draft, 'CNY')).toEqual({ params: { burstCount: 5, smallMinor: 100, windowMinutes: 10 } });
    const limit = draftOf({ ...view, rule: 'amount_limit', params: { limitMinor: 500_000 } }, 'CNY');
    expect(limit.text.limitMinor).toBe('5,000.00');
    expect(paramsOf({ ...limit, text: { limitMinor: '12,345.67' } }, 'CNY')).toEqual({ params: { limitMinor: 1_234_567 } });
  });

  it('names the first field that does not read', () => {
    const draft = draftOf(view, 'CNY');
    expect(paramsOf({ ...draft, text: { ...draft.text, smallMinor: '1.005' } }, 'CNY')).toEqual({ bad: 'smallMinor', unit: 'money' });
    expect(paramsOf({ ...draft, text: { ...draft.text, smallMinor: '1,00' } }, 'CNY')).toEqual({ bad: 'smallMinor', unit: 'money' });
    expect(paramsOf({ ...draft, text: { ...draft.text, burstCount: '2.5' } }, 'CNY')).toEqual({ bad: 'burstCount', unit: 'count' });
    expect(paramsOf({ ...draft, text: { ...draft.text, windowMinutes: '0' } }, 'CNY')).toEqual({ bad: 'windowMinutes', unit: 'count' });
  });
});

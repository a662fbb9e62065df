// What the workbench computes and shows itself: the waiver cap, bulk and manual-match sums, amount
// filters, and the side-by-side detail (rendered to markup, no browser needed).
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { DifferenceRecord, DifferenceView } from '../../shared/report';
import { DiffDetail } from '../../renderer/src/screens/reconcile/DiffDetail';
import { amountBound, capShare, capUse, manualTotals, passesCap, selectionTotals } from '../../renderer/src/screens/reconcile/figures';

describe('waiver cap', () => {
  it('takes the smaller of the absolute cap and the share of gross, and says when a waiver would pass it', () => {
    const report = { gross: 64_687_923, waived_total: 36 };
    // 1 bp of 646,879.23 = 64.68 (rounded down), smaller than the absolute 100.00.
    const use = capUse({ periodCapMinor: 10_000, periodCapBps: 1 }, report);
    expect(use).toEqual({ cap: 6_468, used: 36, left: 6_432 });
    expect(passesCap(use, 6_432)).toBe(false);
    expect(passesCap(use, 6_433)).toBe(true);
    expect(capShare(use)).toBe(5);
  });

  it('never asks without a cap, and computes the share of gross without losing precision', () => {
    const none = capUse({ periodCapMinor: null, periodCapBps: null }, { gross: 1_000, waived_total: 500 });
    expect(none.cap).toBeNull();
    expect(passesCap(none, Number.MAX_SAFE_INTEGER)).toBe(false);
    expect(capShare(none)).toBeNull();
    // gross × bps passes 2^53 here; a float product would be off by a few minor units.
    const huge = capUse({ periodCapMinor: null, periodCapBps: 9_999 }, { gross: 9_007_199_254_740_000, waived_total: 0 });
    expect(huge.cap).toBe(Number((9_007_199_254_740_000n * 9_999n) / 10_000n));
    expect(capShare(capUse({ periodCapMinor: 0, periodCapBps: null }, { gross: 0, waived_total: 1 }))).toBe(1000);
  });
});

describe('sums shown before a decision', () => {
  it('states a selection as count, Σ|difference| and channel net', () => {
    expect(selectionTotals([{ differenceMinor: -58_320, channelNetMinor: 6_441 }, { differenceMinor: 200_000, channelNetMinor: 199_000 }])).toEqual({ count: 2, amountMinor: 258_320, channelNetMinor: 205_441 });
    expect(selectionTotals([])).toEqual({ count: 0, amountMinor: 0, channelNetMinor: 0 });
  });

  it('runs the manual-match totals with refunds negative and refuses many-to-many', () => {
    const pay = (amountMinor: number) => ({ kind: 'payment' as const, amountMinor });
    const one = manualTotals([pay(64_800)], [pay(64_800), pay(100_000)]);
    expect(one).toEqual({ internalMinor: 64_800, channelMinor: 164_800, differenceMinor: 100_000, allowed: true });
    expect(manualTotals([pay(5_000)], [pay(6_000), { kind: 'refund', amountMinor: 1_000 }])).toMatchObject({ channelMinor: 5_000, differenceMinor: 0, allowed: true });
    expect(manualTotals([pay(1), pay(2)], [pay(1), pay(2)]).allowed).toBe(false);
    expect(manualTotals([], [pay(1)]).allowed).toBe(false);
  });

  it('reads amount filters as text into minor units of the channel currency', () => {
    expect(amountBound('', 'CNY')).toBeUndefined();
    expect(amountBound('1,000.00', 'CNY')).toBe(100_000);
    expect(amountBound('0.1', 'CNY')).toBe(10);
    expect(amountBound('1000', 'JPY')).toBe(1_000);
    expect(amountBound('1.005', 'CNY')).toBe('invalid');
    expect(amountBound('-5', 'CNY')).toBe('invalid');
    expect(amountBound('abc', 'CNY')).toBe('invalid');
  });
});

function record(side: 'channel' | 'internal', over: Partial<DifferenceRecord> = {}): DifferenceRecord {
  return {
    id: side === 'channel' ? 742 : 3437, side, kind: 'payment', orderId: 'G202609200001114', channelTxnId: '2026092022001963868483', refundId: null,
    amountMinor: side === 'channel' ? 6_480 : 64_800, feeMinor: side === 'channel' ? 39 : 0, refundedMinor: side === 'internal' ? 0 : null,
    status: side === 'internal' ? '支付成功' : null, occurredAt: Date.UTC(2026, 8, 20, 10, 6, 15), period: '2026-09',
    fileName: side === 'channel' ? '20881234567890120156_202609.csv.zip' : 'inhouse_orders_202609.csv', rowNumber: side === 'channel' ? 747 : 1377, ...over,
  };
}

function difference(over: Partial<DifferenceView>): DifferenceView {
  return {
    id: 7, channelId: 'alipay', period: '2026-09', category: 'amount_mismatch', status: 'open', resolution: null, reason: null, note: null,
    resolvedBy: null, resolvedAt: null, orderId: 'G202609200001114', channelAmountMinor: 6_480, internalAmountMinor: 64_800,
    differenceMinor: -58_320, channelNetMinor: 6_441, channel: [record('channel')], internal: [record('internal')], ...over,
  };
}

describe('side-by-side detail', () => {
  const render = (d: DifferenceView) => renderToStaticMarkup(<DiffDetail difference={d} timeZone="Asia/Shanghai" currency="CNY" actions={null} />);
  const highlighted = (html: string) => [...html.matchAll(/<td class="differs"[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);

  it('puts the in-house record left and the channel record right and highlights only what differs', () => {
    const html = render(difference({}));
    expect(html.indexOf('内部订单')).toBeLessThan(html.indexOf('渠道账单'));
    expect(highlighted(html)).toEqual(['648.00', '64.80']);
    // Wall-clock time in the channel's zone, file and row of each side.
    expect(html).toContain('2026-09-20 18:06:15');
    expect(html).toContain('inhouse_orders_202609.csv');
    expect(html).toContain('#747');
  });

  it('shows the missing side of a one-sided difference as absent, with nothing highlighted', () => {
    const html = render(difference({ category: 'channel_only', internal: [], internalAmountMinor: 0, differenceMinor: 6_480 }));
    expect(html).toContain('（无记录）');
    expect(highlighted(html)).toEqual([]);
  });

  it('marks a differing order id and period across a carried item', () => {
    const html = render(difference({ category: 'carried_forward', channel: [record('channel', { orderId: 'OTHER', period: '2026-10', amountMinor: 64_800 })], differenceMinor: 0 }));
    expect(highlighted(html)).toEqual(['G202609200001114', 'OTHER', '2026-09', '2026-10']);
  });
});

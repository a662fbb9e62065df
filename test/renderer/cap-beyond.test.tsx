import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { DifferenceView } from '../../shared/report';
import { DiffDetail } from '../../renderer/src/screens/reconcile/DiffDetail';
import { capPercentText, capUse, overCap } from '../../renderer/src/screens/reconcile/figures';

describe('waiver cap use beyond 100%', () => {
  it('reads 295.47 / 10.00 as 2,954.7%, past the cap, rounded down from integers', () => {
    const use = capUse({ periodCapMinor: 1_000, periodCapBps: null }, { gross: 1_000_000, waived_total: 29_547 });
    expect(capPercentText(use)).toBe('2,954.7%');
    expect(overCap(use)).toBe(true);
    const under = capUse({ periodCapMinor: 1_000, periodCapBps: null }, { gross: 1_000_000, waived_total: 999 });
    expect(capPercentText(under)).toBe('99.9%');
    expect(overCap(under)).toBe(false);
    expect(capPercentText(capUse({ periodCapMinor: null, periodCapBps: null }, { gross: 1, waived_total: 1 }))).toBeNull();
    expect(capPercentText(capUse({ periodCapMinor: 0, periodCapBps: null }, { gross: 1, waived_total: 1 }))).toBe('∞');
  });
});

describe('detail pane highlights what really differs', () => {
  it('an unpaid in-house order beside a channel payment of the same amount: the status, not the equal amounts', () => {
    const rec = (side: 'channel' | 'internal', status: string | null) => ({
      id: side === 'channel' ? 4159 : 7602, side, kind: 'payment' as const, orderId: 'G202610010002964', channelTxnId: '2026100122001', refundId: null,
      amountMinor: 200_000, feeMinor: side === 'channel' ? 1_200 : 0, refundedMinor: side === 'internal' ? 0 : null, status,
      occurredAt: Date.UTC(2026, 9, 1, 10, 15, 49), period: '2026-10', fileName: `${side}.csv`, rowNumber: 2,
    });
    const d: DifferenceView = {
      id: 35, channelId: 'alipay', period: '2026-10', category: 'channel_only', status: 'open', resolution: null, reason: null, note: null,
      resolvedBy: null, resolvedAt: null, orderId: 'G202610010002964', channelAmountMinor: 200_000, internalAmountMinor: 0, differenceMinor: 200_000,
      channelNetMinor: 198_800, channel: [rec('channel', null)], internal: [rec('internal', '待支付')],
    };
    const html = renderToStaticMarkup(<DiffDetail difference={d} timeZone="Asia/Shanghai" currency="CNY" actions={null} />);
    const highlighted = [...html.matchAll(/<td class="differs"[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
    expect(highlighted).toEqual(['待支付', '—']);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { runMatch } from '../../../electron/engine/match/run';
import { computeReport, listDifferences } from '../../../electron/engine/report';
import { tempWorkspace } from '../../helpers/workspace';
import { Ledger } from './ledger';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

/** net of a payment row / a refund row, as domain.md defines it */
const pay = (amount: number, fee: number) => amount - fee;
const ref = (amount: number, fee: number) => -(amount - fee);

function september() {
  const t = tempWorkspace();
  cleanup = t.cleanup;
  const l = new Ledger(t.ws.db).channel('alipay');
  l.both('alipay', { order: 'A1', at: '2026-09-02 10:00:00', amount: 10000, fee: 60, refunded: 2000 });
  l.both('alipay', { order: 'A2', at: '2026-09-03 10:00:00', amount: 20000, fee: 120 });
  l.both('alipay', { order: 'A3', at: '2026-09-04 10:00:00', amount: 5000, fee: 30 });
  // amount mismatches: 0.50 (under the 1.00 tolerance) and 20.00
  l.order('alipay', { order: 'M1', at: '2026-09-05 10:00:00', amount: 10000 });
  l.pay('alipay', { order: 'M1', at: '2026-09-05 10:00:01', amount: 10050, fee: 60 });
  l.order('alipay', { order: 'M2', at: '2026-09-06 10:00:00', amount: 10000 });
  l.pay('alipay', { order: 'M2', at: '2026-09-06 10:00:01', amount: 12000, fee: 72 });
  // channel_only: no order at all, and an order that was never paid
  l.pay('alipay', { order: 'C1', at: '2026-09-07 10:00:00', amount: 3000, fee: 18 });
  l.order('alipay', { order: 'C2', at: '2026-09-08 10:00:00', amount: 3000, status: '待支付' });
  l.pay('alipay', { order: 'C2', at: '2026-09-08 10:00:05', amount: 3000, fee: 18 });
  // internal_only, and an order paid in the last minutes of the month (carried forward)
  l.order('alipay', { order: 'I1', at: '2026-09-15 10:00:00', amount: 4000 });
  l.order('alipay', { order: 'I2', at: '2026-09-30 23:55:00', amount: 2500 });
  // refunds: A1's agrees with the in-house refunded amount, A2's does not
  l.refund('alipay', { order: 'A1', at: '2026-09-10 10:00:00', amount: 2000, fee: 12 });
  l.refund('alipay', { order: 'A2', at: '2026-09-11 10:00:00', amount: 5000, fee: 30 });
  // paid twice
  l.order('alipay', { order: 'D1', at: '2026-09-12 10:00:00', amount: 6000 });
  l.pay('alipay', { order: 'D1', at: '2026-09-12 10:00:00', amount: 6000, fee: 36, txn: 'T-1' });
  l.pay('alipay', { order: 'D1', at: '2026-09-12 10:05:00', amount: 6000, fee: 36, txn: 'T-2' });
  return { t, l, db: t.ws.db };
}

describe('classification of one channel and period', () => {
  it('types every row and computes gross, fees, net, agreed, disputed and claims to the cent', () => {
    const { db } = september();
    runMatch(db, { period: '2026-09' });
    const [r] = computeReport(db, { period: '2026-09' }).channels;
    expect(r).toBeDefined();
    expect(r!.payment_rows).toBe(9);
    expect(r!.refund_rows).toBe(2);
    expect(r!.gross).toBe(10000 + 20000 + 5000 + 10050 + 12000 + 3000 + 3000 + 6000 + 6000);
    expect(r!.refunds).toBe(7000);
    expect(r!.fees).toBe(60 + 120 + 30 + 60 + 72 + 18 + 18 + 36 + 36 - 12 - 30);
    expect(r!.net).toBe(r!.gross - r!.refunds - r!.fees);
    expect(r!.counts).toEqual({ matched: 4, amount_mismatch: 2, waived: 1, channel_only: 2, internal_only: 1, carried_forward: 1, refund_mismatch: 1, duplicate: 1 });
    // agreed: A1, A2, A3, the first D1 payment, M1 (waived) and A1's agreeing refund
    expect(r!.agreed).toBe(pay(10000, 60) + pay(20000, 120) + pay(5000, 30) + pay(6000, 36) + pay(10050, 60) + ref(2000, 12));
    // disputed: M2, C1, C2, the second D1 payment and A2's refund
    expect(r!.disputed).toBe(pay(12000, 72) + pay(3000, 18) + pay(3000, 18) + pay(6000, 36) + ref(5000, 30));
    expect(r!.claims).toBe(4000);
    expect(r!.waived_total).toBe(50);
    expect(r!.open_differences).toBe(7);
  });

  it('stores both sides of each difference with amounts and difference', () => {
    const { db } = september();
    runMatch(db, { period: '2026-09' });
    const diffs = listDifferences(db, { channelId: 'alipay', period: '2026-09', limit: 100 });
    const byOrder = new Map(diffs.map((d) => [`${d.category}:${d.orderId}`, d]));
    const m2 = byOrder.get('amount_mismatch:M2')!;
    expect(m2.channel.map((r) => r.amountMinor)).toEqual([12000]);
    expect(m2.internal.map((r) => r.amountMinor)).toEqual([10000]);
    expect(m2.differenceMinor).toBe(2000);
    expect(m2.status).toBe('open');
    const m1 = byOrder.get('amount_mismatch:M1')!;
    expect([m1.status, m1.resolution, m1.reason]).toEqual(['resolved', 'waive', 'tolerance']);
    const c2 = byOrder.get('channel_only:C2')!;
    expect(c2.internal[0]!.status).toBe('待支付');
    const dup = byOrder.get('duplicate:D1')!;
    expect(dup.channel[0]!.channelTxnId).toBe('T-2');
    const refund = byOrder.get('refund_mismatch:A2')!;
    expect([refund.channelAmountMinor, refund.internalAmountMinor, refund.channelNetMinor]).toEqual([5000, 0, ref(5000, 30)]);
    expect(byOrder.get('internal_only:I1')!.internalAmountMinor).toBe(4000);
    expect(byOrder.has('carried_forward:I2')).toBe(true);
    expect(diffs[0]!.channel[0]?.fileName ?? diffs[0]!.internal[0]!.fileName).toMatch(/\.csv$/);
  });

  it('matches by channel transaction id where the order id is missing on the channel side', () => {
    const { db, l } = september();
    l.order('alipay', { order: 'X9', txn: '2088TX9', at: '2026-09-20 10:00:00', amount: 700 });
    l.pay('alipay', { order: null, txn: '2088TX9', at: '2026-09-20 10:00:02', amount: 700, fee: 4 });
    runMatch(db, { period: '2026-09' });
    expect(computeReport(db, { period: '2026-09' }).channels[0]!.counts.matched).toBe(5);
  });

  it('orders payments at the same instant by transaction id (as text), not by import order', () => {
    const { db, l } = september();
    l.order('alipay', { order: 'TIE', at: '2026-09-21 10:00:00', amount: 900 });
    l.pay('alipay', { order: 'TIE', at: '2026-09-21 10:00:05', amount: 900, fee: 5, txn: 'T-9' });
    l.pay('alipay', { order: 'TIE', at: '2026-09-21 10:00:05', amount: 900, fee: 5, txn: 'T-10' });
    runMatch(db, { period: '2026-09' });
    const dup = listDifferences(db, { channelId: 'alipay', period: '2026-09', category: 'duplicate' }).find((d) => d.orderId === 'TIE')!;
    expect(dup.channel[0]!.channelTxnId).toBe('T-9');
  });

  it('gives the same result when run twice on the same data', () => {
    const { db } = september();
    const first = runMatch(db, { period: '2026-09' }).channels[0]!;
    const second = runMatch(db, { period: '2026-09' }).channels[0]!;
    expect(second.report).toEqual({ ...first.report, matched_at: second.report!.matched_at });
    expect([second.added, second.changed, second.gone, second.unchanged]).toEqual([0, 0, 0, first.added]);
  });
});

// Hand-made statement data: figures chosen so that every sheet, the CSV and the HTML have something
// to show, including ids Excel would mangle and text that would be a formula.
import type { ChannelSettings } from '../../../shared/domain';
import type { ChannelPeriodReport, DifferenceView } from '../../../shared/report';
import type { MatchedLine, StatementData } from '../../../electron/engine/statement/model';
import { wallClockToInstant } from '../../../shared/time';

export const CHANNEL: ChannelSettings = {
  id: 'alipay', name: '支付宝', aliases: ['支付宝'], timeZone: 'Asia/Shanghai', currency: 'CNY', toleranceMinor: 100,
  periodCapMinor: null, periodCapBps: null, cutoffSeconds: 600, manualDownload: false, settlementCycle: 'monthly',
};

const at = (day: number, hour = 12) => wallClockToInstant({ year: 2026, month: 10, day, hour, minute: 0, second: 0 }, 'Asia/Shanghai');

export function matchedLines(n: number): MatchedLine[] {
  return Array.from({ length: n }, (_, i) => ({
    channelRecordId: i + 1, internalRecordId: 100_000 + i, kind: i % 10 === 9 ? 'refund' as const : 'payment' as const,
    orderId: `2026100${String(i).padStart(11, '0')}`, channelTxnId: `20261001220014${String(i).padStart(14, '0')}`, refundId: i % 10 === 9 ? `R${i}` : null,
    amountMinor: 10_000 + i, feeMinor: 60, occurredAt: at(1 + (i % 28)), internalAmountMinor: 10_000 + i, internalOccurredAt: at(1 + (i % 28)), internalPeriod: '2026-10',
  }));
}

function rec(id: number, side: 'channel' | 'internal', amount: number, extra: Partial<DifferenceView['channel'][number]> = {}) {
  return { id, side, kind: 'payment' as const, orderId: 'ORD-X', channelTxnId: side === 'channel' ? `TX${id}` : null, refundId: null, amountMinor: amount, feeMinor: 0, refundedMinor: null, status: null, occurredAt: at(3), period: '2026-10', fileName: side === 'channel' ? 'alipay_202610.csv' : 'inhouse.csv', rowNumber: id, ...extra };
}

export const DIFFERENCES: DifferenceView[] = [
  { id: 7, channelId: 'alipay', period: '2026-10', category: 'amount_mismatch', status: 'resolved', resolution: 'waive', reason: 'tolerance', note: null, resolvedBy: 'matcher', resolvedAt: '2026-11-01T00:00:00Z', orderId: '=HYPERLINK("http://x")', channelAmountMinor: 10050, internalAmountMinor: 10000, differenceMinor: 50, channelNetMinor: 10050, channel: [rec(501, 'channel', 10050)], internal: [rec(601, 'internal', 10000)] },
  { id: 3, channelId: 'alipay', period: '2026-10', category: 'channel_only', status: 'open', resolution: null, reason: null, note: '@cmd 待查', resolvedBy: null, resolvedAt: null, orderId: '000123456789012345678', channelAmountMinor: 25000, internalAmountMinor: 0, differenceMinor: 25000, channelNetMinor: 24850, channel: [rec(502, 'channel', 25000, { channelTxnId: '2026100122001412345678901234' })], internal: [] },
  { id: 5, channelId: 'alipay', period: '2026-10', category: 'internal_only', status: 'open', resolution: null, reason: null, note: null, resolvedBy: null, resolvedAt: null, orderId: 'ORD-5', channelAmountMinor: 0, internalAmountMinor: 8800, differenceMinor: -8800, channelNetMinor: 0, channel: [], internal: [rec(603, 'internal', 8800)] },
];

export function report(matched: MatchedLine[]): ChannelPeriodReport {
  let gross = 10050 + 25000, refunds = 0, fees = 150, paymentRows = 2, refundRows = 0;
  for (const m of matched) {
    if (m.kind === 'payment') { gross += m.amountMinor; fees += m.feeMinor; paymentRows++; } else { refunds += m.amountMinor; fees -= m.feeMinor; refundRows++; }
  }
  const net = gross - refunds - fees;
  const disputed = 24850;
  return {
    channel: 'alipay', currency: 'CNY', payment_rows: paymentRows, refund_rows: refundRows, gross, refunds, fees, net, agreed: net - disputed, disputed, claims: 8800,
    counts: { matched: matched.length, amount_mismatch: 1, waived: 1, channel_only: 1, internal_only: 1, carried_forward: 1, refund_mismatch: 0, duplicate: 0 },
    waived_total: 50, waived_count: 1, open_differences: 2, closed: false,
  };
}

export function statementData(matchedCount = 25): StatementData {
  const matched = matchedLines(matchedCount);
  return {
    channel: CHANNEL, period: '2026-10', companyName: '某某科技有限公司', report: report(matched), differences: DIFFERENCES,
    carried: [{ differenceId: 9, period: '2026-09', orderId: 'ORD-C', internalAmountMinor: 4200, occurredAt: wallClockToInstant({ year: 2026, month: 9, day: 30, hour: 23, minute: 55, second: 0 }, 'Asia/Shanghai'), status: 'resolved', resolution: 'released', releasedByRecordId: 777, releasedPeriod: '2026-10', releasedTxnId: '2026100122001499999999999999', releasedAt: at(1, 0) + 120_000 }],
    matched: () => matched, generatedAt: at(31, 18), operator: '张三',
  };
}

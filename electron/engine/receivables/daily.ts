// The receipts part of the daily run: bank receipts that arrived since the previous run (and whether
// they found their receivable) and receivables that became overdue since then. What the previous
// run saw is kept in two settings, so each item is reported once.
import type { Lang } from '../../../shared/errors';
import type { ReceiptsDailyReport } from '../../../shared/contract/receivables';
import { formatMoney } from '../../../shared/money';
import { getSetting, setSetting, writeTransaction, type DB } from '../workspace/db';
import { dayFormatter, receivablesState, workspaceZone } from './index';

const SEEN_ROW = 'receipts_seen_row';
const OVERDUE = 'receipts_overdue';

export function receiptsDailyStep(db: DB, now: number): ReceiptsDailyReport {
  const asOf = dayFormatter(workspaceZone(db))(now);
  const seenRow = Number(getSetting(db, SEEN_ROW) ?? 0);
  const overdueBefore = new Set(JSON.parse(getSetting(db, OVERDUE) ?? '[]') as string[]);
  const { overview, unclaimedIds: allUnclaimed } = receivablesState(db, { asOf });
  const fresh = db.prepare(`SELECT r.id, r.amount_minor, a.currency FROM bank_rows r JOIN bank_accounts a ON a.id = r.account_id WHERE r.direction = 'in' AND r.id > ?`)
    .all(seenRow) as { id: number; amount_minor: number; currency: string }[];
  const unclaimedIds = new Set(allUnclaimed);
  const byCurrency: Record<string, number> = {};
  for (const r of fresh) byCurrency[r.currency] = (byCurrency[r.currency] ?? 0) + r.amount_minor;
  const unclaimed = fresh.filter((r) => unclaimedIds.has(r.id)).length;
  const overdue = overview.receivables.filter((r) => r.status === 'overdue');
  const maxRow = (db.prepare('SELECT MAX(id) FROM bank_rows').pluck().get() as number | null) ?? seenRow;
  writeTransaction(db, () => {
    setSetting(db, SEEN_ROW, String(maxRow));
    setSetting(db, OVERDUE, JSON.stringify(overdue.map((r) => r.key)));
  });
  return {
    asOf,
    newReceipts: { count: fresh.length, byCurrency, allocated: fresh.length - unclaimed, unclaimed },
    newlyOverdue: overdue.filter((r) => !overdueBefore.has(r.key))
      .map((r) => ({ key: r.key, channelId: r.channelId, period: r.period, currency: r.currency, outstandingMinor: r.outstandingMinor, daysOverdue: r.daysOverdue })),
  };
}

/** Lines for the run's mail body. */
export function receiptsText(r: ReceiptsDailyReport, lang: Lang): string {
  const zh = lang === 'zh';
  const money = Object.entries(r.newReceipts.byCurrency).map(([c, m]) => formatMoney(m, c) + ' ' + c).join(', ') || '0';
  const lines = [zh
    ? `回款：新到账 ${r.newReceipts.count} 笔（${money}），已对应应收 ${r.newReceipts.allocated} 笔，待认领 ${r.newReceipts.unclaimed} 笔`
    : `Receipts: ${r.newReceipts.count} new (${money}), ${r.newReceipts.allocated} matched to receivables, ${r.newReceipts.unclaimed} unidentified`];
  for (const o of r.newlyOverdue) {
    lines.push(zh
      ? `  新逾期：${o.channelId} ${o.period} 未回 ${formatMoney(o.outstandingMinor, o.currency)}，逾期 ${o.daysOverdue} 天`
      : `  Newly overdue: ${o.channelId} ${o.period}, ${formatMoney(o.outstandingMinor, o.currency)} outstanding, ${o.daysOverdue} days overdue`);
  }
  return lines.join('\n') + '\n';
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveAccount } from '../../../electron/engine/bank/accounts';
import { saveChannel } from '../../../electron/engine/channels';
import { importBankFile } from '../../../electron/engine/import/pipeline';
import { assignReceipt, resolveReceiptDifference, undoReceiptResolution, unassignReceipt } from '../../../electron/engine/receivables/decisions';
import { receivablesOverview } from '../../../electron/engine/receivables/index';
import { receiptsDailyStep, receiptsText } from '../../../electron/engine/receivables/daily';
import { expectedDate } from '../../../electron/engine/receivables/rules';
import { saveReceiptSettings } from '../../../electron/engine/receivables/settings';
import { appendAudit, listAudit } from '../../../electron/engine/workspace/audit';
import type { DB } from '../../../electron/engine/workspace/db';
import { tempWorkspace } from '../../helpers/workspace';
import { ACCOUNT, chain, cmbCsv, type TxnSpec } from './fixtures';

let t: ReturnType<typeof tempWorkspace>;
let db: DB;
let statements = 0;
let balance = 0;

const ALIPAY_PAYER = '支付宝（中国）网络技术有限公司';
const ALIPAY_ACCOUNT = '1001300029000123';

beforeEach(() => {
  t = tempWorkspace();
  db = t.ws.db;
  balance = 5_000_000;
  saveAccount(db, { accountNo: ACCOUNT, bank: '招商银行', name: '深圳某某科技有限公司', currency: 'CNY' });
  saveChannel(db, { id: 'alipay', name: '支付宝', toleranceMinor: 1_000 });
  saveChannel(db, { id: 'wechat', name: '微信支付', toleranceMinor: 100 });
  saveReceiptSettings(db, { channelId: 'alipay', payerNames: ['支付宝（中国）网络技术有限公司'], payerAccounts: [ALIPAY_ACCOUNT], rule: { kind: 'day-of-next-month', n: 11, day: 1 }, graceDays: 3 });
  saveReceiptSettings(db, { channelId: 'wechat', payerNames: ['财付通支付科技有限公司'], rule: { kind: 'days-after-statement', n: 10, day: 1 } });
});
afterEach(() => t.cleanup());

/** A closed period: its figures' agreed amount makes the receivable, closed on `closedAt`. */
function closed(channelId: string, period: string, agreed: number, closedAt = `${period}-28T02:00:00.000Z`): void {
  db.prepare('INSERT INTO closed_periods (channel_id, period, closed_at, closed_by, note, figures) VALUES (?, ?, ?, ?, NULL, ?)')
    .run(channelId, period, closedAt, 'tester', JSON.stringify({ agreed }));
}

/** A statement of the account with these transfers, chained on from the previous one. */
function bank(txns: TxnSpec[]): void {
  const c = chain(balance, txns.map((x, i) => ({ serial: `S${statements}-${i}`, ...x })));
  balance = c.closing;
  importBankFile(db, cmbCsv(c.rows), `cmb_${statements++}.csv`);
}

const alipay = (at: string, amount: number, remark?: string): TxnSpec => ({ at, amount, name: ALIPAY_PAYER, account: ALIPAY_ACCOUNT, remark });
const view = (asOf: string, key: string) => receivablesOverview(db, { asOf }).receivables.find((r) => r.key === key)!;

describe('receipts against agreed statements', () => {
  it('one transfer paying two periods settles both', () => {
    closed('alipay', '2026-08', 3_000_000);
    closed('alipay', '2026-09', 2_000_000);
    bank([alipay('2026-10-11 10:00:00', 5_000_000)]);
    const o = receivablesOverview(db, { asOf: '2026-10-12' });
    expect(o.receivables.map((r) => [r.period, r.status, r.receivedMinor])).toEqual([['2026-08', 'paid', 3_000_000], ['2026-09', 'paid', 2_000_000]]);
    expect(o.receivables[1]!.allocations[0]).toMatchObject({ how: 'amount', amountMinor: 2_000_000 });
    expect(o.differences).toEqual([]);
  });

  it('two transfers paying one period: partial after the first, paid after the second', () => {
    closed('alipay', '2026-09', 2_000_000);
    bank([alipay('2026-10-11 10:00:00', 1_200_000), alipay('2026-10-13 10:00:00', 800_000)]);
    expect(view('2026-10-12', 'alipay:2026-09')).toMatchObject({ status: 'partial', receivedMinor: 1_200_000, outstandingMinor: 800_000, daysOutstanding: 14 });
    expect(view('2026-10-14', 'alipay:2026-09')).toMatchObject({ status: 'paid', receivedMinor: 2_000_000, outstandingMinor: 0, paidOn: '2026-10-13', daysOutstanding: null });
  });

  it('a bank charge within the tolerance counts as paid; beyond it is a short payment to resolve, and undo reopens it', () => {
    closed('alipay', '2026-08', 1_000_000);
    closed('alipay', '2026-09', 2_000_000);
    bank([alipay('2026-09-11 10:00:00', 999_500, '2026-08'), alipay('2026-10-11 10:00:00', 1_985_000, '2026-09')]);
    const o = receivablesOverview(db, { asOf: '2026-10-12' });
    expect(o.receivables[0]).toMatchObject({ period: '2026-08', status: 'paid', chargeMinor: 500, outstandingMinor: 0 });
    expect(o.receivables[1]).toMatchObject({ period: '2026-09', status: 'partial', chargeMinor: 0, outstandingMinor: 15_000 });
    expect(o.differences.map((d) => [d.key, d.kind, d.amountMinor, d.status])).toEqual([['short_paid:alipay:2026-09', 'short_paid', 15_000, 'open']]);

    resolveReceiptDifference(db, { key: 'short_paid:alipay:2026-09', action: 'writeoff', note: '渠道扣了跨行手续费，经理同意核销' });
    const resolved = receivablesOverview(db, { asOf: '2026-10-12' });
    expect(resolved.receivables[1]).toMatchObject({ status: 'paid', outstandingMinor: 0 });
    expect(resolved.differences[0]).toMatchObject({ status: 'resolved', action: 'writeoff', note: '渠道扣了跨行手续费，经理同意核销' });

    undoReceiptResolution(db, 'short_paid:alipay:2026-09');
    expect(view('2026-10-12', 'alipay:2026-09')).toMatchObject({ status: 'partial', outstandingMinor: 15_000 });
    expect(listAudit(db, {}).map((a) => a.action).filter((a) => a.startsWith('receipts.re') || a === 'receipts.undo')).toEqual(['receipts.undo', 'receipts.resolve']);
  });

  it('an unknown payer waits in 待认领 until assigned by hand; the assignment is audited and can be undone', () => {
    closed('wechat', '2026-09', 700_000, '2026-10-02T02:00:00.000Z');
    bank([{ at: '2026-10-12 09:00:00', amount: 700_000, name: '深圳市腾讯计算机系统有限公司', account: '4000029919200000', remark: '9月结算' }]);
    let o = receivablesOverview(db, { asOf: '2026-10-13' });
    expect(o.unclaimed).toHaveLength(1);
    expect(o.unclaimed[0]).toMatchObject({ reason: 'unknown_payer', accountNo: ACCOUNT, row: { amountMinor: 700_000, counterpartyName: '深圳市腾讯计算机系统有限公司' } });
    expect(view('2026-10-13', 'wechat:2026-09').status).toBe('overdue');

    const rowId = o.unclaimed[0]!.row.id;
    assignReceipt(db, { bankRowId: rowId, kind: 'receivable', channelId: 'wechat', period: '2026-09', note: '财付通关联公司代付' });
    o = receivablesOverview(db, { asOf: '2026-10-13' });
    expect(o.unclaimed).toEqual([]);
    expect(o.assigned[0]).toMatchObject({ kind: 'receivable', channelId: 'wechat', period: '2026-09', note: '财付通关联公司代付' });
    expect(view('2026-10-13', 'wechat:2026-09')).toMatchObject({ status: 'paid', receivedMinor: 700_000 });
    expect(listAudit(db, { action: 'receipts.assign' })[0]!.after).toMatchObject({ channelId: 'wechat', period: '2026-09', amountMinor: 700_000 });

    unassignReceipt(db, rowId);
    o = receivablesOverview(db, { asOf: '2026-10-13' });
    expect(o.unclaimed.map((u) => u.row.id)).toEqual([rowId]);
    expect(view('2026-10-13', 'wechat:2026-09').status).toBe('overdue');
    expect(listAudit(db, { action: 'receipts.unassign' })).toHaveLength(1);

    assignReceipt(db, { bankRowId: rowId, kind: 'not_settlement', note: '退回的保证金' });
    o = receivablesOverview(db, { asOf: '2026-10-13' });
    expect(o.unclaimed).toEqual([]);
    expect(view('2026-10-13', 'wechat:2026-09').status).toBe('overdue');
  });

  it('a remark naming the period wins over the amount, and payers cut short by the bank are still known', () => {
    closed('alipay', '2026-08', 1_000_000);
    closed('alipay', '2026-09', 1_000_000);
    bank([{ at: '2026-10-11 10:00:00', amount: 1_000_000, name: '支付宝（中国）网络技术', remark: '2026年9月结算款' }]);
    const o = receivablesOverview(db, { asOf: '2026-10-12' });
    expect(o.receivables.map((r) => [r.period, r.status])).toEqual([['2026-08', 'overdue'], ['2026-09', 'paid']]);
    expect(o.receivables[1]!.allocations[0]!.how).toBe('remark');
  });

  it('a statement number in the remark wins even from another payer, shown as a payer mismatch', () => {
    appendAudit(db, { action: 'statement.export', channelId: 'alipay', period: '2026-09', subject: 'x.xlsx', after: { agreed: 500_000, statementNo: 'DZ-ALI-202609' } });
    bank([{ at: '2099-01-02 10:00:00', amount: 500_000, name: '某某代付公司', account: '6222', remark: '付 DZ-ALI-202609 款' }]);
    const o = receivablesOverview(db, { asOf: '2099-01-03' });
    expect(o.receivables[0]).toMatchObject({ statementNo: 'DZ-ALI-202609', status: 'paid' });
    expect(o.differences.map((d) => d.kind)).toEqual(['payer_mismatch']);
    expect(o.unclaimed).toEqual([]);
  });

  it('the same amount again after every period is settled is a duplicate transfer; more than agreed is an over-payment', () => {
    closed('alipay', '2026-09', 1_000_000);
    bank([alipay('2026-10-11 10:00:00', 1_000_000), alipay('2026-10-11 10:05:00', 1_000_000), alipay('2026-10-15 10:00:00', 3_000)]);
    const o = receivablesOverview(db, { asOf: '2026-10-20' });
    expect(o.differences.map((d) => [d.kind, d.amountMinor])).toEqual([['over_paid', -3_000], ['duplicate', -1_000_000]]);
    expect(o.receivables[0]).toMatchObject({ status: 'overpaid', outstandingMinor: -3_000 });
  });

  it('knows a payer by a registered account whatever the name; a name two channels list is left to a person', () => {
    closed('alipay', '2026-09', 1_000_000);
    saveReceiptSettings(db, { channelId: 'wechat', payerNames: ['财付通支付科技有限公司', '某某集团财务公司'] });
    saveReceiptSettings(db, { channelId: 'alipay', payerNames: [ALIPAY_PAYER, '某某集团财务公司'] });
    bank([{ at: '2026-10-11 10:00:00', amount: 1_000_000, name: '改名后的公司', account: ALIPAY_ACCOUNT }, { at: '2026-10-12 10:00:00', amount: 5_000, name: '某某集团财务公司' }]);
    const o = receivablesOverview(db, { asOf: '2026-10-12' });
    expect(o.receivables[0]).toMatchObject({ status: 'paid' });
    expect(o.unclaimed.map((u) => [u.reason, u.row.amountMinor])).toEqual([['ambiguous_payer', 5_000]]);
  });

  it('totals and aging per channel', () => {
    closed('alipay', '2026-06', 100_000, '2026-07-01T02:00:00.000Z');
    closed('alipay', '2026-08', 200_000, '2026-09-01T02:00:00.000Z');
    closed('alipay', '2026-09', 300_000, '2026-10-01T02:00:00.000Z');
    bank([alipay('2026-10-11 10:00:00', 300_000, '2026-09')]);
    const o = receivablesOverview(db, { asOf: '2026-10-15' });
    expect(o.totals).toEqual([{ channelId: 'alipay', channelName: '支付宝', currency: 'CNY', expectedMinor: 600_000, receivedMinor: 300_000, outstandingMinor: 300_000, overdueMinor: 300_000 }]);
    expect(o.aging).toEqual([{ channelId: 'alipay', currency: 'CNY', buckets: { '0-30': 0, '31-60': 200_000, '61-90': 0, '>90': 100_000 } }]);
  });
});

describe('the daily run\'s receipts step', () => {
  it('reports receipts new since the last run and receivables newly overdue, each once', () => {
    closed('alipay', '2026-08', 1_000_000, '2026-09-02T02:00:00.000Z');
    closed('alipay', '2026-09', 2_000_000, '2026-10-02T02:00:00.000Z');
    bank([alipay('2026-09-11 10:00:00', 1_000_000), { at: '2026-09-12 10:00:00', amount: 5_000, name: '某个人' }]);
    const first = receiptsDailyStep(db, Date.parse('2026-10-20T04:00:00Z'));
    expect(first.newReceipts).toEqual({ count: 2, byCurrency: { CNY: 1_005_000 }, allocated: 1, unclaimed: 1 });
    expect(first.newlyOverdue).toEqual([{ key: 'alipay:2026-09', channelId: 'alipay', period: '2026-09', currency: 'CNY', outstandingMinor: 2_000_000, daysOverdue: 6 }]);
    expect(receiptsText(first, 'zh')).toContain('新逾期：alipay 2026-09 未回 20,000.00，逾期 6 天');
    const second = receiptsDailyStep(db, Date.parse('2026-10-21T04:00:00Z'));
    expect(second.newReceipts.count).toBe(0);
    expect(second.newlyOverdue).toEqual([]);
  });
});

describe('expected payment dates and overdue, per kind of rule', () => {
  it('computes the expected day of each rule', () => {
    expect(expectedDate({ kind: 'day-of-next-month', n: 11, day: 1 }, '2026-09', '2026-10-02')).toBe('2026-10-11');
    expect(expectedDate({ kind: 'day-of-next-month', n: 31, day: 1 }, '2027-01', '2027-02-01')).toBe('2027-02-28');
    expect(expectedDate({ kind: 'days-after-statement', n: 10, day: 1 }, '2026-09', '2026-10-02')).toBe('2026-10-12');
    // 2026-10-02 is a Friday: the next Wednesday, and a week later when issued on the weekday itself.
    expect(expectedDate({ kind: 'weekly', n: 3, day: 1 }, '2026-09', '2026-10-02')).toBe('2026-10-07');
    expect(expectedDate({ kind: 'weekly', n: 5, day: 1 }, '2026-09', '2026-10-02')).toBe('2026-10-09');
    expect(expectedDate({ kind: 'months-later', n: 2, day: 31 }, '2026-09', '2026-10-02')).toBe('2026-11-30');
    expect(expectedDate({ kind: 'months-later', n: 2, day: 15 }, '2026-11', '2026-12-02')).toBe('2027-01-15');
  });

  it('turns an unpaid receivable overdue the day after expected date + grace, with days overdue', () => {
    const cases: [Parameters<typeof saveReceiptSettings>[1]['rule'], string][] = [
      [{ kind: 'day-of-next-month', n: 11, day: 1 }, '2026-10-11'],
      [{ kind: 'days-after-statement', n: 10, day: 1 }, '2026-10-12'],
      [{ kind: 'weekly', n: 3, day: 1 }, '2026-10-07'],
      [{ kind: 'months-later', n: 2, day: 20 }, '2026-11-20'],
    ];
    closed('alipay', '2026-09', 1_000_000, '2026-10-02T02:00:00.000Z');
    for (const [rule, expected] of cases) {
      saveReceiptSettings(db, { channelId: 'alipay', rule, graceDays: 2 });
      const dueBy = new Date(Date.parse(expected) + 2 * 86_400_000).toISOString().slice(0, 10);
      const after = new Date(Date.parse(expected) + 3 * 86_400_000).toISOString().slice(0, 10);
      expect(view(dueBy, 'alipay:2026-09')).toMatchObject({ expectedOn: expected, status: 'unpaid', daysOverdue: 0 });
      expect(view(after, 'alipay:2026-09')).toMatchObject({ expectedOn: expected, status: 'overdue', daysOverdue: 1 });
    }
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveAccount } from '../../../electron/engine/bank/accounts';
import { allBreaks } from '../../../electron/engine/bank/continuity';
import { importBankFile, importFile } from '../../../electron/engine/import/pipeline';
import { saveProfile } from '../../../electron/engine/import/profiles';
import { listAudit } from '../../../electron/engine/workspace/audit';
import { wizardHandlers } from '../../../electron/engine/handlers/wizard';
import type { EngineContext } from '../../../electron/engine/handlers/types';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempWorkspace } from '../../helpers/workspace';
import { dumpContent, userError, xlsx } from '../import/helpers';
import { ACCOUNT, chain, cmbCsv, ICBC_ACCOUNT, icbcCsv, icbcProfile } from './fixtures';

let t: ReturnType<typeof tempWorkspace>;
beforeEach(() => {
  t = tempWorkspace();
  saveAccount(t.ws.db, { accountNo: ACCOUNT, bank: '招商银行', name: '深圳某某科技有限公司', currency: 'CNY' });
  saveAccount(t.ws.db, { accountNo: ICBC_ACCOUNT, bank: '工商银行', name: '深圳某某科技有限公司', currency: 'CNY' });
});
afterEach(() => t.cleanup());

const october = chain(1_000_000, [
  { at: '2026-10-09 10:00:00', amount: -20_000, name: '某某物流', account: '6222000011112222', serial: 'C1001' },
  { at: '2026-10-11 09:30:00', amount: 9_880_000, name: '支付宝（中国）网络技术有限公司', account: '1001300029000123', remark: '2026-09结算款', serial: 'C1002' },
  { at: '2026-10-20 15:00:00', amount: -1_500, remark: '手续费', serial: 'C1003' },
]);

describe('bank statement import', () => {
  it('reads the CMB preamble, split debit/credit columns and balances, and accounts for every row', () => {
    const s = importBankFile(t.ws.db, cmbCsv(october.rows), 'cmb_202610.csv');
    expect(s.profileId).toBe('cmb-corporate');
    expect(s.account.accountNo).toBe(ACCOUNT);
    expect([s.periodFrom, s.periodTo]).toEqual(['2026-10-01', '2026-10-31']);
    expect(s.accepted).toBe(3);
    expect(s.incoming).toEqual({ count: 1, minor: 9_880_000 });
    expect(s.outgoing).toEqual({ count: 2, minor: 21_500 });
    expect(s.openingMinor).toBe(1_000_000);
    expect(s.closingMinor).toBe(october.closing);
    expect(s.rowsInFile).toBe(s.dataRows + s.skipped);
    expect(s.skippedByReason).toEqual({ preamble: 6, header: 1, summary: 1 });
    const rows = t.ws.db.prepare('SELECT direction, amount_minor, counterparty_name, counterparty_account, remark, serial_no FROM bank_rows ORDER BY ordinal').all();
    expect(rows[1]).toEqual({ direction: 'in', amount_minor: 9_880_000, counterparty_name: '支付宝（中国）网络技术有限公司', counterparty_account: '1001300029000123', remark: '转账收入 / 2026-09结算款', serial_no: 'C1002' });
    expect(t.ws.db.prepare('SELECT COUNT(*) FROM records').pluck().get()).toBe(0);
    const audit = listAudit(t.ws.db, { action: 'import.file' });
    expect(audit[0]!.after).toMatchObject({ side: 'bank', accepted: 3, accountNo: ACCOUNT });
  });

  it('reads the CMB layout as xlsx, where dates and amounts are numeric cells', () => {
    const rows: unknown[][] = [
      ['招商银行交易明细'], ['账号：', ACCOUNT], ['账号名称：', '深圳某某科技有限公司'], ['币种：', '人民币'], ['起始日期：', '20261001', '终止日期：', '20261031'], [],
      ['交易日', '交易时间', '起息日', '交易类型', '借方金额', '贷方金额', '余额', '摘要', '流水号', '用途', '收(付)方名称', '收(付)方帐号', '收(付)方开户行名'],
      ...october.rows.map((r) => [Number(r.at.slice(0, 10).replaceAll('-', '')), r.at.slice(11), Number(r.at.slice(0, 10).replaceAll('-', '')), 'X',
        r.amount < 0 ? -r.amount / 100 : null, r.amount > 0 ? r.amount / 100 : null, r.balance / 100, '转账', r.serial, r.remark ?? '', r.name ?? '', r.account ?? '', '']),
    ];
    const s = importBankFile(t.ws.db, xlsx(rows), 'cmb_202610.xlsx');
    expect(s.container).toBe('xlsx');
    expect(s.accepted).toBe(3);
    expect(s.closingMinor).toBe(october.closing);
    const first = t.ws.db.prepare('SELECT occurred_at FROM bank_rows ORDER BY ordinal LIMIT 1').pluck().get();
    expect(first).toBe(Date.parse('2026-10-09T02:00:00Z'));
  });

  it('reads a second layout (one amount + 借贷标志, newest first, no preamble) through a workspace profile and --account', () => {
    saveProfile(t.ws.db, icbcProfile);
    expect(userError(() => importBankFile(t.ws.db, icbcCsv(october.rows), 'icbc.csv')).key).toBe('bank.no_account');
    const s = importBankFile(t.ws.db, icbcCsv(october.rows), 'icbc.csv', { accountNo: ICBC_ACCOUNT });
    expect(s.profileId).toBe('icbc-flag');
    expect(s.openingMinor).toBe(1_000_000);
    expect(s.closingMinor).toBe(october.closing);
    const first = t.ws.db.prepare('SELECT direction, amount_minor, remark FROM bank_rows ORDER BY ordinal LIMIT 1').get();
    expect(first).toEqual({ direction: 'out', amount_minor: 20_000, remark: null });
  });

  it('refuses a statement whose balances break inside the file (a missing page), naming the rows, and writes nothing', () => {
    const rows = october.rows.filter((_, i) => i !== 1);
    const before = dumpContent(t.ws.db);
    const e = userError(() => importBankFile(t.ws.db, cmbCsv(rows), 'cmb_missing_page.csv'));
    expect(e.key).toBe('bank.balance_break');
    expect(e.zh).toContain('第 8 行');
    expect(e.zh).toContain('第 9 行');
    expect(e.en).toContain('98,800.00');
    expect(dumpContent(t.ws.db)).toBe(before);
  });

  it('previews a bank profile draft in the wizard: money in as payments, money out as refunds', async () => {
    const path = join(t.dir, 'icbc.csv');
    writeFileSync(path, icbcCsv(october.rows));
    const ctx = { workspace: t.ws, resolveFile: () => ({ path, name: 'icbc.csv' }) } as unknown as EngineContext;
    const p = await wizardHandlers['wizard.preview'](ctx, { fileRef: 'x', definition: icbcProfile });
    expect(p.problem).toBeNull();
    expect(p.rows.map((r) => r.outcome.type === 'record' ? [r.outcome.record.kind, r.outcome.record.amountMinor] : r.outcome.type)).toEqual([['refund', 1_500], ['payment', 9_880_000], ['refund', 20_000]]);
  });

  it('names the bank profile key that is wrong', () => {
    const { time: _time, ...noTime } = icbcProfile.bankFields!;
    const e = userError(() => saveProfile(t.ws.db, { ...icbcProfile, bankFields: noTime }));
    expect(e.en).toContain('bankFields.time');
    const channelWithBankFields = { ...icbcProfile, side: 'channel', fields: { kind: { value: 'payment' }, amount: { from: '发生额' }, time: { from: '交易时间' } } };
    expect(userError(() => saveProfile(t.ws.db, channelWithBankFields)).en).toContain('key bankFields: side "bank" needs bankFields, and only side "bank" may have them');
  });

  it('checks the balances of a statement listed newest first in its own order', () => {
    saveProfile(t.ws.db, icbcProfile);
    const e = userError(() => importBankFile(t.ws.db, icbcCsv(october.rows.filter((_, i) => i !== 1)), 'icbc_missing.csv', { accountNo: ICBC_ACCOUNT }));
    expect(e.key).toBe('bank.balance_break');
    // Newest first: row 3 is the earlier transfer (C1001), row 2 the later fee that no longer chains to it.
    expect(e.en).toContain('row 3 leaves 9,800.00, after row 2 (out 15.00) it should be 9,785.00');
  });

  it('imports a statement that does not open on the previous closing balance and reports the gap with the rows around it', () => {
    importBankFile(t.ws.db, cmbCsv(october.rows), 'cmb_202610.csv');
    // November opens 500.00 higher than October closed: a statement or page in between is missing.
    const november = chain(october.closing + 50_000, [{ at: '2026-11-03 10:00:00', amount: 30_000, name: '某客户', serial: 'C2001' }]);
    const s = importBankFile(t.ws.db, cmbCsv(november.rows, { from: '20261101', to: '20261130' }), 'cmb_202611.csv');
    expect(s.accepted).toBe(1);
    expect(s.continuity).toHaveLength(1);
    expect(s.continuity[0]!.before.serialNo).toBe('C1003');
    expect(s.continuity[0]!.after.serialNo).toBe('C2001');
    expect(s.continuity[0]!.missingMinor).toBe(50_000);
    expect(s.warnings.map((w) => w.zh).join()).toContain('余额不连续');
    expect(allBreaks(t.ws.db)).toHaveLength(1);
  });

  it('imports overlapping statements of an account once per row and keeps the chain whole', () => {
    importBankFile(t.ws.db, cmbCsv(october.rows.slice(0, 2), { to: '20261015' }), 'cmb_a.csv');
    const s = importBankFile(t.ws.db, cmbCsv(october.rows, { from: '20261010' }), 'cmb_b.csv');
    expect(s.alreadyPresent).toBe(2);
    expect(s.accepted).toBe(1);
    expect(s.continuity).toEqual([]);
    expect(t.ws.db.prepare('SELECT COUNT(*) FROM bank_rows').pluck().get()).toBe(3);
    expect(s.warnings[0]!.en).toContain('2 rows were already imported');
  });

  it('reports the same rows delivered again under new serial numbers (the natural key cannot see them) as breaks', () => {
    importBankFile(t.ws.db, cmbCsv(october.rows), 'cmb_a.csv');
    const again = october.rows.map((r, i) => ({ ...r, serial: `R${i}` }));
    const s = importBankFile(t.ws.db, cmbCsv(again), 'cmb_reissued.csv');
    expect(s.accepted).toBe(3);
    expect(s.continuity.length).toBeGreaterThan(0);
    expect(s.continuity[0]!.before.serialNo).toBe('C1001');
    expect(s.continuity[0]!.after.serialNo).toBe('R0');
    // R0 repeats C1001's payment of 200.00: the balance did not move by it again.
    expect(s.continuity[0]!.missingMinor).toBe(20_000);
  });

  it('tells a bank statement given to the bill import where it belongs', () => {
    const e = userError(() => importFile(t.ws.db, cmbCsv(october.rows), 'cmb_202610.csv'));
    expect(e.key).toBe('import.is_bank_statement');
    expect(e.zh).toContain('请在“回款”页或用 bank import 导入');
  });

  it('refuses an account that is not set up, a currency that differs, and the same bytes twice', () => {
    expect(userError(() => importBankFile(t.ws.db, cmbCsv(october.rows, { account: '6214000000000001' }), 'x.csv')).key).toBe('bank.account_unknown');
    expect(userError(() => importBankFile(t.ws.db, cmbCsv(october.rows, { currency: '美元' }), 'x.csv')).key).toBe('bank.currency_mismatch');
    importBankFile(t.ws.db, cmbCsv(october.rows), 'cmb.csv');
    expect(userError(() => importBankFile(t.ws.db, cmbCsv(october.rows), 'cmb copy.csv')).key).toBe('import.already_imported');
  });
});

// The receipts CLI end to end on a real workspace file: accounts, channel payers, bank import,
// receivables (text and --json), assignment of an unidentified receipt, the 对账回款函 export.
import * as XLSX from '@e965/xlsx';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../electron/cli/main';
import type { ReceivablesOverview } from '../../../shared/contract/receivables';
import { tempWorkspace } from '../../helpers/workspace';
import { ACCOUNT, chain, cmbCsv } from './fixtures';

let t: ReturnType<typeof tempWorkspace>;
let out: string[];
let err: string[];
const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
const run = (...argv: string[]) => {
  out = [];
  err = [];
  return main(argv, io, { RECONDESK_WORKSPACE: t.path });
};

beforeEach(() => {
  t = tempWorkspace();
  t.ws.db.prepare("INSERT INTO channels (id, name, created_at) VALUES ('alipay', '支付宝', '2026-01-01T00:00:00Z')").run();
  t.ws.db.prepare("INSERT INTO closed_periods (channel_id, period, closed_at, closed_by, note, figures) VALUES ('alipay', '2026-09', '2026-10-02T02:00:00.000Z', 'tester', NULL, ?)").run(JSON.stringify({ agreed: 2_000_000 }));
  t.ws.db.close();
});
afterEach(() => t.cleanup());

describe('recondesk receipts commands', () => {
  it('sets up an account and payers, imports a statement, lists receivables, assigns a receipt and exports the letter', async () => {
    expect(await run('account', 'add', ACCOUNT, '--bank', '招商银行', '--name', '深圳某某科技有限公司')).toBe(0);
    expect(await run('channel', 'receipts', 'alipay', '--payer', '支付宝（中国）网络技术有限公司', '--rule', 'day-of-next-month', '--n', '11', '--grace', '2')).toBe(0);
    expect(out.join()).toContain('次月 11 日，宽限 2 天');
    const c = chain(0, [
      { at: '2026-10-11 10:00:00', amount: 1_500_000, name: '支付宝（中国）网络技术有限公司', serial: 'A1' },
      { at: '2026-10-12 10:00:00', amount: 500_000, name: '蚂蚁某某代付', serial: 'A2' },
    ]);
    const file = join(t.dir, 'cmb_202610.csv');
    writeFileSync(file, cmbCsv(c.rows));
    expect(await run('bank', 'import', file)).toBe(0);
    expect(out.join('\n')).toContain('收入 2 笔 20,000.00');

    expect(await run('receivables', '--as-of', '2026-10-20')).toBe(0);
    expect(out.join('\n')).toContain('alipay     2026-09 逾期');
    expect(out.join('\n')).toContain('待认领 1 笔');

    await run('receivables', '--as-of', '2026-10-20', '--json');
    const o = JSON.parse(out.join('\n')) as ReceivablesOverview;
    expect(o.receivables[0]).toMatchObject({ status: 'overdue', receivedMinor: 1_500_000, outstandingMinor: 500_000, daysOverdue: 7 });
    const rowId = o.unclaimed[0]!.row.id;

    expect(await run('receipts', 'assign', String(rowId), '--channel', 'alipay', '--period', '2026-09', '--note', '关联公司代付')).toBe(0);
    await run('receivables', '--as-of', '2026-10-20', '--json', '--lang', 'en');
    expect((JSON.parse(out.join('\n')) as ReceivablesOverview).receivables[0]!.status).toBe('paid');

    const letter = join(t.dir, 'letter.xlsx');
    expect(await run('receivables', 'export', '--out', letter, '--as-of', '2026-10-20')).toBe(0);
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(XLSX.read(readFileSync(letter)).Sheets['应收明细']!);
    expect(rows).toEqual([expect.objectContaining({ 账期: '2026-09', 确认金额: 20000, 已回款: 20000, 未回金额: 0, 状态: '已回款', 回款日: '2026-10-12' })]);

    expect(await run('receipts', 'unassign', String(rowId))).toBe(0);
    expect(await run('receipts', 'unassign', String(rowId))).toBe(1);
    expect(err.join()).toContain('没有人工认领');
  });

  it('refuses a statement of an account that is not set up, naming the command to add it', async () => {
    const file = join(t.dir, 'cmb.csv');
    writeFileSync(file, cmbCsv(chain(0, [{ at: '2026-10-11 10:00:00', amount: 100, serial: 'X' }]).rows));
    expect(await run('bank', 'import', file, '--lang', 'en')).toBe(1);
    expect(out.join()).toContain(`Account ${ACCOUNT} is not set up yet. Add it first: account add ${ACCOUNT}`);
  });
});

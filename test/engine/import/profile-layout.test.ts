// The profile language for where things are (docs/import.md "Profile format"): two-row headers with
// merged group cells, columns by position or Excel letter, sheets by name or position, totals in any
// form (footer lines, label rows, another sheet, fen or yuan), summary labels as documented, and
// `recondesk profile check`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import { main } from '../../../electron/cli/main';
import { importFile, previewFile } from '../../../electron/engine/import/pipeline';
import type { ProfileInput } from '../../../shared/profile';
import { addProfile, dumpContent, gbk, records, sampleWorkspace, testProfile, userError, utf8 } from './helpers';

let t: ReturnType<typeof sampleWorkspace>;
beforeEach(() => {
  t = sampleWorkspace();
});
afterEach(() => t.cleanup());

function workbook(sheets: [string, unknown[][], string[]?][]): Buffer {
  const wb = XLSX.utils.book_new();
  for (const [name, rows, merges] of sheets) {
    const ws = XLSX.utils.aoa_to_sheet(rows);
    if (merges) ws['!merges'] = merges.map((r) => XLSX.utils.decode_range(r));
    XLSX.utils.book_append_sheet(wb, ws, name);
  }
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
}

/** A bank's xlsx: a notes sheet first, then title rows, a two-row header with merged groups, rows and a 合计 row. */
function groupedStatement(totalRow: unknown[]): Buffer {
  return workbook([
    ['说明', [['本文件由网银导出'], ['金额单位：元']]],
    ['明细', [
      ['某某银行 商户收单明细'],
      ['商户号', '898110000000001'],
      ['交易信息', '', '交易时间', '收入', '', '支出', ''],
      ['流水号', '订单号', '', '金额', '手续费', '金额', '手续费'],
      ['H1', 'O1', '2026-09-01 10:00:00', 1000.5, 6.0, '', ''],
      ['H2', 'O2', '2026-09-02 11:00:00', 233.99, 1.4, '', ''],
      ['H3', 'O1', '2026-09-03 12:00:00', '', '', 200, -1.2],
      totalRow,
    ], ['A1:G1', 'A3:B3', 'C3:C4', 'D3:E3', 'F3:G3']],
  ]);
}

const groupedProfile = (overrides: Partial<ProfileInput> = {}): ProfileInput => ({
  id: 'grouped', name: '两行表头', side: 'channel', channelId: 'bank',
  detect: { headers: ['流水号', '交易时间', '收入/金额', '支出/金额'] },
  read: { sheet: '明细', headerRows: 2 },
  fields: {
    channelTxnId: { from: '流水号' },
    orderId: { from: '交易信息/订单号' },
    kind: { bySign: true },
    amount: { credit: '收入/金额', debit: '支出/金额' },
    fee: { compute: '[收入/手续费] + [支出/手续费]', emptyIsZero: true },
    time: { from: '交易时间' },
  },
  totals: {
    labelRows: [{ label: '合计', values: [
      { column: '交易信息/订单号', pattern: '共(\\d+)笔', measure: 'count' },
      { column: '收入/金额', kind: 'payment', measure: 'amount' },
      { column: '支出/金额', kind: 'refund', measure: 'amount' },
    ] }],
    required: true,
  },
  ...overrides,
});

describe('headers', () => {
  it('reads a two-row header with merged group cells: columns by lower name or group/name, the sheet by name, a 合计 row checked', () => {
    addProfile(t.ws.db, groupedProfile());
    const preview = previewFile(t.ws.db, groupedStatement(['合计', '共3笔', '', 1234.49, 7.4, 200, -1.2]), 'statement.xlsx');
    expect(preview.header.slice(0, 4)).toEqual(['交易信息/流水号', '交易信息/订单号', '交易时间', '收入/金额']);
    expect(preview.rows.map((r) => r.outcome.type === 'record' && [r.rowNumber, r.outcome.record.amountMinor, r.outcome.record.feeMinor])).toEqual([[5, 100050, 600], [6, 23399, 140], [7, 20000, 120]]);
    const s = importFile(t.ws.db, groupedStatement(['合计', '共3笔', '', 1234.49, 7.4, 200, -1.2]), 'statement.xlsx');
    expect(s).toMatchObject({ profileId: 'grouped', table: '明细', footerChecked: true, accepted: 3 });
    expect(s.skippedByReason).toEqual({ preamble: 2, header: 2, summary: 1 });
    expect(records(t.ws.db).map((r) => [r.channel_txn_id, r.order_id, r.kind, r.amount_minor, r.fee_minor])).toEqual([
      ['H1', 'O1', 'payment', 100050, 600], ['H2', 'O2', 'payment', 23399, 140], ['H3', 'O1', 'refund', 20000, 120],
    ]);
    const header = JSON.parse((t.ws.db.prepare('SELECT header FROM source_files').get() as { header: string }).header) as string[];
    expect(header).toEqual(['交易信息/流水号', '交易信息/订单号', '交易时间', '收入/金额', '收入/手续费', '支出/金额', '支出/手续费']);
  });

  it('refuses a 合计 row that disagrees, and a name that two groups share unless written group/name', () => {
    addProfile(t.ws.db, groupedProfile());
    const e = userError(() => importFile(t.ws.db, groupedStatement(['合计', '共4笔', '', 1234.49, 7.4, 200, -1.2]), 'statement.xlsx'));
    expect(e.key).toBe('import.footer_mismatch');
    expect(e.zh).toContain('all count：文件合计 4，实际读到 3');
    addProfile(t.ws.db, groupedProfile({ id: 'grouped-ambiguous', fields: { ...groupedProfile().fields, amount: { credit: '金额', debit: '支出/金额' } } }));
    const m = userError(() => importFile(t.ws.db, groupedStatement(['合计', '共3笔', '', 1234.49, 7.4, 200, -1.2]), 'statement.xlsx', { profileId: 'grouped-ambiguous' }));
    expect(m.key).toBe('import.missing_column');
    expect(m.zh).toContain('缺少模板 grouped-ambiguous 需要的列“金额”');
    expect(m.zh).toContain('收入/金额, 收入/手续费, 支出/金额');
  });

  it('finds columns by Excel letter or position, and the sheet by position', () => {
    const bytes = workbook([
      ['封面', [['对账单']]],
      ['data', [['日期', '', '摘要', '金额', '金额', '凭证'], ['2026-09-01 10:00:00', 'x', '收款', 10, 0, 'V1'], ['2026-09-01 11:00:00', 'y', '收款', 0, 12.5, 'V2']]],
    ]);
    addProfile(t.ws.db, testProfile({
      id: 'by-position', detect: { headers: ['日期', '摘要', '凭证'] }, read: { sheet: 1 },
      fields: { channelTxnId: { from: '@F' }, orderId: { from: '@6' }, memo: { from: '@C' }, amount: { credit: '@4', debit: '@E' }, time: { from: '@A' } },
    }));
    const s = importFile(t.ws.db, bytes, 'positions.xlsx');
    expect(s.table).toBe('data');
    expect(records(t.ws.db).map((r) => [r.channel_txn_id, r.order_id, r.memo, r.kind, r.amount_minor])).toEqual([['V1', 'V1', '收款', 'payment', 1000], ['V2', 'V2', '收款', 'refund', 1250]]);
  });
});

describe('totals in any form', () => {
  const bankText = (footer: string) => gbk('交易日期,流水号,订单号,借贷标志,金额(元),摘要\r\n'
    + '2026-09-01 10:00:00,B1,O1,贷,"1,000.00",收款\r\n2026-09-01 11:00:00,B2,O2,贷,200.50,收款\r\n2026-09-02 09:00:00,B3,O3,贷,34.06,收款\r\n2026-09-02 10:00:00,B4,O1,借,200.00,退款\r\n'
    + footer + '\r\n');
  const bankProfile = (lines: NonNullable<ProfileInput['totals']>['lines']): ProfileInput => testProfile({
    id: 'bank-footer', detect: { headers: ['交易日期', '流水号', '借贷标志'] },
    fields: { amount: { from: '金额(元)', direction: { from: '借贷标志', credit: ['贷'], debit: ['借'] } }, time: { from: '交易日期' }, memo: { from: '摘要' } },
    totals: { lines, required: true },
  });
  const creditDebit: NonNullable<NonNullable<ProfileInput['totals']>['lines']>[number] = { pattern: '贷方\\s*(\\d+)\\s*笔\\s*([\\d,.]+)\\s*元；借方\\s*(\\d+)\\s*笔\\s*([\\d,.]+)\\s*元', values: [
    { group: 1, kind: 'payment', measure: 'count' }, { group: 2, kind: 'payment', measure: 'amount' },
    { group: 3, kind: 'refund', measure: 'count' }, { group: 4, kind: 'refund', measure: 'amount' },
  ] };

  it('checks several figures of one footer line (贷方 N 笔 X 元；借方 M 笔 Y 元), and refuses a disagreeing one with both figures', () => {
    addProfile(t.ws.db, bankProfile([creditDebit]));
    const s = importFile(t.ws.db, bankText('贷方 3 笔 1,234.56 元；借方 1 笔 200.00 元'), 'bank.csv');
    expect(s).toMatchObject({ footerChecked: true, payments: 3, refunds: 1 });
    expect(s.skippedByReason).toMatchObject({ footer: 1 });
    const before = dumpContent(t.ws.db);
    const e = userError(() => importFile(t.ws.db, bankText('贷方 3 笔 1,234.65 元；借方 1 笔 200.00 元'), 'bank2.csv'));
    expect(e.zh).toContain('payment amount：文件合计 1,234.65，实际读到 1234.56');
    expect(dumpContent(t.ws.db)).toBe(before);
  });

  it('reads TOTAL n amount lines, fen totals after a 合计： label, and per-kind fees and net', () => {
    addProfile(t.ws.db, bankProfile([
      { pattern: '^TOTAL,(\\d+),([-\\d.]+)', values: [{ group: 1, measure: 'count' }, { group: 2, measure: 'amount' }] },
      { pattern: '合计：共(\\d+)笔，净额(\\d+)分', values: [{ group: 1, measure: 'count' }, { group: 2, measure: 'net', unit: 'fen' }] },
    ]));
    const s = importFile(t.ws.db, bankText('TOTAL,4,1034.56\r\n合计：共4笔，净额103456分'), 'bank.csv');
    expect(s.footerChecked).toBe(true);
    expect(s.skippedByReason).toMatchObject({ footer: 1, summary: 1 });
    const e = userError(() => importFile(t.ws.db, bankText('TOTAL,4,1034.56\r\n合计：共4笔，净额103465分'), 'bank2.csv'));
    expect(e.zh).toContain('all net：文件合计 103465，实际读到 103456');
  });

  it('checks totals written on another sheet (汇总): values right of their labels or below them', () => {
    const bytes = (feeTotal: number) => workbook([
      ['明细', [['流水号', '订单号', '金额(元)', '手续费', '时间'], ['X1', 'O1', 100, 0.6, '2026-09-01 10:00:00'], ['X2', 'O2', 50.5, 0.31, '2026-09-01 11:00:00'], ['X3', 'O1', -20, -0.12, '2026-09-02 10:00:00']]],
      ['汇总', [['收入笔数：', 2, '', '退款笔数', 1], ['收入金额', '150.50 元'], [], ['手续费合计', '净额'], [feeTotal, 129.71]]],
    ]);
    addProfile(t.ws.db, testProfile({
      id: 'summary-sheet', detect: { headers: ['流水号', '金额(元)', '手续费'] }, read: { sheet: '明细' },
      fields: { time: { from: '时间' }, memo: undefined, fee: { from: '手续费', charged: 'positive' } },
      totals: { sheet: { sheet: '汇总', values: [
        { label: '收入笔数', kind: 'payment', measure: 'count' }, { label: '退款笔数', kind: 'refund', measure: 'count' },
        { label: '收入金额', kind: 'payment', measure: 'amount', pattern: '([\\d.]+)' },
        { label: '手续费合计', measure: 'fees' }, { label: '净额', measure: 'net' },
      ] }, required: true },
    }));
    expect(importFile(t.ws.db, bytes(0.79), 'sheets.xlsx').footerChecked).toBe(true);
    const e = userError(() => importFile(t.ws.db, bytes(0.97), 'sheets2.xlsx'));
    expect(e.zh).toContain('汇总 手续费合计: all fees：文件合计 0.97，实际读到 0.79');
  });

  it('skips rows whose first cell starts with a summary label, after removing colons and blanks — and only those', () => {
    const bill = (last: string) => utf8(`流水号,订单号,金额(元),时间,备注\nA1,O1,1.00,2026-09-01 10:00:00,\n合 计：,,1.00,,\n合计(人民币),,1.00,,\n${last},,1.00,,\n`);
    addProfile(t.ws.db, testProfile({ id: 'labels' }));
    const e = userError(() => importFile(t.ws.db, bill('人民币合计'), 'a.csv'));
    expect(e.zh).toContain('第 5 行');
    addProfile(t.ws.db, testProfile({ id: 'labels', layout: { summaryLabels: ['合计', '人民币合计'] } }));
    const s = importFile(t.ws.db, bill('人民币合计：'), 'b.csv');
    expect(s.skippedByReason).toMatchObject({ summary: 3 });
    expect(s.accepted).toBe(1);
  });
});

describe('recondesk profile check', () => {
  let out: string[];
  const io = { out: (l: string) => out.push(l), err: () => {} };
  const run = (...argv: string[]) => main(argv, io, { RECONDESK_WORKSPACE: t.path });

  it('shows the first records, the row accounting and the totals check, imports nothing, and fails as the import would', async () => {
    t.ws.db.close();
    out = [];
    const profile = join(t.dir, 'bank.json');
    writeFileSync(profile, JSON.stringify(testProfile({ id: 'checked', totals: { lines: [{ pattern: '^共(\\d+)笔', values: [{ group: 1, measure: 'count' }] }], required: true } })));
    const good = join(t.dir, 'good.csv');
    writeFileSync(good, '流水号,订单号,金额(元),时间,备注\nA1,O1,1.00,2026-09-01 10:00:00,\nA2,O2,-0.50,2026-09-02 10:00:00,\n共2笔\n');
    expect(await run('profile', 'check', profile, good)).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('（试读，未导入）');
    expect(text).toContain('文件共 4 行：数据 2 行 = 导入 2 + 过滤 0 + 已存在 0 + 拒绝 0；非数据行 2（表头 ×1，合计行 ×1）');
    expect(text).toContain('文件合计核对：一致');
    expect(text).toMatch(/#2 {2}payment {2}2026-09-01 10:00:00 {2}2026-09 {2}O1 {2}A1/);
    expect(text).toMatch(/#3 {2}refund .* 0\.50/);
    out = [];
    expect(await run('files')).toBe(0);
    expect(out.join('\n')).toContain('还没有导入任何文件');

    const bad = join(t.dir, 'bad.csv');
    writeFileSync(bad, '流水号,订单号,金额(元),时间,备注\nA1,O1,1.00,2026-09-01 10:00:00,\n共3笔\n');
    out = [];
    expect(await run('profile', 'check', profile, bad)).toBe(1);
    const checkSaid = out.join('\n');
    expect(checkSaid).toContain('的合计与明细不符');
    out = [];
    await run('profile', 'add', profile);
    out = [];
    expect(await run('import', bad, '--profile', 'checked')).toBe(1);
    expect(out.join('\n')).toBe(checkSaid);

    writeFileSync(profile, JSON.stringify({ ...testProfile({ id: 'checked' }), fields: { ...testProfile().fields, amount: { from: '金额(元)', unit: 'cents' } } }));
    out = [];
    expect(await run('profile', 'check', profile, good, '--lang', 'en')).toBe(1);
    expect(out.join('\n')).toContain('is invalid: key fields.amount.unit');
  });
});

import * as XLSX from '@e965/xlsx';
import { strFromU8, unzipSync } from 'fflate';
import iconv from 'iconv-lite';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { differencesCsvBytes } from '../../../electron/engine/statement/csv';
import { renderStatementHtml } from '../../../electron/engine/statement/html';
import { statementDigest } from '../../../electron/engine/statement/digest';
import { writeStatementWorkbook } from '../../../electron/engine/statement/workbook';
import { rmbCapital } from '../../../shared/numerals';
import { DIFFERENCES, statementData } from './fixture';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'recondesk-stmt-')); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

function summaryValue(ws: XLSX.WorkSheet, label: string): XLSX.CellObject | undefined {
  const range = XLSX.utils.decode_range(ws['!ref']!);
  for (let r = range.s.r; r <= range.e.r; r++) {
    const a = ws[XLSX.utils.encode_cell({ r, c: 0 })];
    if (a?.v === label) return ws[XLSX.utils.encode_cell({ r, c: 1 })];
  }
  return undefined;
}

describe('statement workbook (hand-made data)', () => {
  it('has the four sheets with the report figures as formatted numbers', () => {
    const data = statementData(25);
    const out = join(dir, 'statement.xlsx');
    const file = writeStatementWorkbook(data, out, 'zh');
    expect(file.matchedRows).toBe(25);
    const wb = XLSX.read(readFileSync(out), { cellNF: true });
    expect(wb.SheetNames).toEqual(['汇总', '明细', '差错', '跨期在途']);
    const s = wb.Sheets['汇总']!;
    const r = data.report;
    for (const [label, minor] of [['交易总额', r.gross], ['退款总额', r.refunds], ['手续费', r.fees], ['净额', r.net], ['双方认可金额', r.agreed], ['争议金额', r.disputed], ['我方主张金额', r.claims], ['豁免金额', r.waived_total]] as const) {
      const cell = summaryValue(s, label);
      expect(cell, label).toMatchObject({ t: 'n', z: '#,##0.00' });
      expect(Math.round((cell!.v as number) * 100), label).toBe(minor);
    }
    expect(summaryValue(s, '支付笔数')?.v).toBe(r.payment_rows);
    expect(summaryValue(s, '我方单位')?.v).toBe('某某科技有限公司');
    expect(summaryValue(s, '渠道名称')?.v).toBe('支付宝');
    expect(String(summaryValue(s, '双方认可金额（人民币大写）')?.v)).toMatch(/^人民币.+[分整]$/);
    const digest = statementDigest({ channelId: 'alipay', period: '2026-10', currency: 'CNY', report: r, differences: data.differences, matched: data.matched() });
    expect(file.digest).toBe(digest);
    expect(summaryValue(s, '数据校验码（SHA-256）')?.v).toBe(digest);
    expect(XLSX.utils.sheet_to_json<string[]>(s, { header: 1 }).flat()).toEqual(expect.arrayContaining(['我方（盖章）：', '渠道方（盖章）：']));

    const m = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['明细']!, { header: 1 });
    expect(m[0]).toEqual(['序号', '商户订单号', '渠道流水号', '退款单号', '类型', '渠道时间', '金额', '手续费', '净额', '我方金额', '我方支付时间', '我方账期']);
    expect(m).toHaveLength(26);
    const b2 = wb.Sheets['明细']!['B2']!;
    expect(b2).toMatchObject({ t: 's', v: '202610000000000000' });
    const c2 = wb.Sheets['明细']!['C2']!;
    expect(c2).toMatchObject({ t: 's', v: '2026100122001400000000000000' });
    expect(wb.Sheets['明细']!['G2']).toMatchObject({ t: 'n', v: 100, z: '#,##0.00' });
    // A refund row's net is negative: −(amount − returned fee).
    expect(wb.Sheets['明细']!['I11']).toMatchObject({ t: 'n', v: -99.49 });

    const d = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['差错']!, { header: 1 });
    expect(d).toHaveLength(1 + DIFFERENCES.length);
    // Sorted by category order of domain.md: amount_mismatch, channel_only, internal_only.
    expect(d.slice(1).map((row) => row[0])).toEqual(['7', '3', '5']);
    expect(d[1]![6]).toBe("'=HYPERLINK(\"http://x\")");
    expect(d[2]![5]).toBe("'@cmd 待查");
    expect(d[2]![6]).toBe('000123456789012345678');
    expect(d[1]![4]).toBe('容差内自动豁免');

    const c = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['跨期在途']!, { header: 1 });
    expect(c[1]).toEqual(['9', '2026-09', 'ORD-C', 42, '2026-09-30 23:55:00', 0, '已释放', '2026-10', '2026100122001499999999999999', '2026-10-01 00:02:00']);

    // 明细, 差错 and 跨期在途 are written first (sheet1-3); the summary is written last but is the first tab.
    const zip = unzipSync(readFileSync(out));
    for (const sheet of [1, 2, 3]) expect(strFromU8(zip[`xl/worksheets/sheet${sheet}.xml`]!)).toContain('state="frozen"');
  });

  it('writes English headers on request', () => {
    const out = join(dir, 'en.xlsx');
    writeStatementWorkbook(statementData(2), out, 'en');
    const wb = XLSX.read(readFileSync(out));
    expect(wb.SheetNames).toEqual(['Summary', 'Matched', 'Differences', 'In transit']);
    expect(summaryValue(wb.Sheets['Summary']!, 'Agreed amount')?.t).toBe('n');
  });
});

describe('differences CSV', () => {
  it('is UTF-8 with BOM, guards formulas and keeps long ids as text', () => {
    const bytes = differencesCsvBytes(DIFFERENCES, { lang: 'zh', currency: 'CNY', timeZone: 'Asia/Shanghai' });
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines).toHaveLength(DIFFERENCES.length + 2);
    expect(lines[0]).toMatch(/^差错编号,类别,状态/);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(lines[1]).toContain(',0.50,');
    expect(lines[2]).toContain(`"000123456789012345678\t"`);
    expect(lines[2]).toContain(`"2026100122001412345678901234\t"`);
    expect(lines[2]).toContain("'@cmd 待查");
    expect(lines[3]).toContain(',-88.00,');
    // Read as Excel would: no cell is a formula.
    const wb = XLSX.read(bytes, { type: 'buffer' });
    const ws = wb.Sheets[wb.SheetNames[0]!]!;
    expect(Object.values(ws).some((c) => typeof c === 'object' && c !== null && 'f' in c)).toBe(false);
  });

  it('writes GB18030 on request', () => {
    const bytes = differencesCsvBytes(DIFFERENCES, { lang: 'zh', currency: 'CNY', timeZone: 'Asia/Shanghai', encoding: 'gb18030' });
    expect(bytes[0]).not.toBe(0xef);
    expect(iconv.decode(bytes, 'gb18030')).toMatch(/^差错编号,类别/);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
  });
});

describe('printable HTML', () => {
  it('shows the same figures, the capital amount and escapes file text', () => {
    const data = statementData(25);
    const html = renderStatementHtml(data, 'zh', { matchedRows: 25, digest: 'ab'.repeat(32) });
    const r = data.report;
    const cell = (key: string) => new RegExp(`data-key="${key}"><th>[^<]+</th><td[^>]*>([^<]+)</td>`).exec(html)?.[1];
    const shown = (minor: number) => (minor / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });
    expect(cell('agreed')).toBe(shown(r.agreed));
    expect(cell('net')).toBe(shown(r.net));
    expect(cell('disputed')).toBe('248.50');
    expect(cell('agreedCapital')).toBe('人民币' + rmbCapital(r.agreed));
    expect(r.agreed).toBe(219034);
    expect(cell('agreedCapital')).toBe('人民币贰仟壹佰玖拾元叁角肆分');
    expect(html).not.toContain('<script');
    expect(html).toContain('=HYPERLINK(&quot;http://x&quot;)');
    expect(html).toContain('@page');
    expect(html).toContain('ab'.repeat(32));
    expect(html).toContain('已勾对明细 25 笔');
  });
});

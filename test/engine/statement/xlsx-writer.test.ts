import * as XLSX from '@e965/xlsx';
import { unzipSync, strFromU8 } from 'fflate';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { count, money, text, XlsxWriter } from '../../../electron/engine/statement/xlsx-writer';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'recondesk-xlsx-')); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

function read(path: string) {
  return XLSX.read(readFileSync(path), { type: 'buffer', cellNF: true, dense: false });
}

describe('streamed xlsx writer', () => {
  it('writes amounts as numbers with a 2-decimal format and ids as text', () => {
    const out = join(dir, 'a.xlsx');
    const w = new XlsxWriter(out);
    const s = w.addSheet('明细', { widths: [24, 14], freezeRows: 1 });
    s.row([text('商户订单号', 'header'), text('金额', 'header'), text('笔数', 'header')]);
    s.row(['123456789012345678', money(123456), count(3)]);
    s.row(['000123', money(-1), count(0)]);
    s.row(['9007199254740993', money(9007199254740991), null]);
    const written = w.commit();
    expect(written.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(readdirSync(dir)).toEqual(['a.xlsx']);

    const wb = read(out);
    expect(wb.SheetNames).toEqual(['明细']);
    const ws = wb.Sheets['明细']!;
    expect(ws['A2']).toMatchObject({ t: 's', v: '123456789012345678' });
    expect(ws['A3']).toMatchObject({ t: 's', v: '000123' });
    expect(ws['A4']).toMatchObject({ t: 's', v: '9007199254740993' });
    expect(ws['B2']).toMatchObject({ t: 'n', v: 1234.56, z: '#,##0.00' });
    expect(ws['B3']).toMatchObject({ t: 'n', v: -0.01, z: '#,##0.00' });
    expect(ws['C2']).toMatchObject({ t: 'n', v: 3 });
    // The stored text is the exact decimal, not a float's rendering.
    const sheetXml = strFromU8(unzipSync(readFileSync(out))['xl/worksheets/sheet1.xml']!);
    expect(sheetXml).toContain('<v>90071992547409.91</v>');
    expect(sheetXml).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
    expect(sheetXml).toContain('<col min="1" max="1" width="24" customWidth="1"/>');
  });

  it('never writes a formula: text starting with = + - @ TAB CR gets a leading quote', () => {
    const out = join(dir, 'inj.xlsx');
    const w = new XlsxWriter(out);
    const s = w.addSheet('x');
    const nasty = ['=HYPERLINK("http://evil","x")', '+1-2', '-3+4', '@SUM(A1)', '\tcmd', '\r=1', '＝1+1', 'ok=1'];
    for (const v of nasty) s.row([v]);
    w.commit();
    const ws = read(out).Sheets['x']!;
    const values = nasty.map((_, i) => ws[`A${i + 1}`]);
    for (const c of values) {
      expect(c.t).toBe('s');
      expect(c.f).toBeUndefined();
    }
    expect(values.map((c) => c.v)).toEqual(["'=HYPERLINK(\"http://evil\",\"x\")", "'+1-2", "'-3+4", "'@SUM(A1)", "'\tcmd", "'\r=1", "'＝1+1", 'ok=1']);
    const xml = strFromU8(unzipSync(readFileSync(out))['xl/worksheets/sheet1.xml']!);
    expect(xml).not.toMatch(/<f>/);
  });

  it('escapes XML and drops characters XML cannot hold', () => {
    const out = join(dir, 'esc.xlsx');
    const w = new XlsxWriter(out);
    w.addSheet('x').row(['a<b>&"c"\u0001\u0000d', '  padded  ']);
    w.commit();
    const ws = read(out).Sheets['x']!;
    expect(ws['A1']!.v).toBe('a<b>&"c"d');
    expect(ws['B1']!.v).toBe('  padded  ');
  });

  it('writes several sheets in order', () => {
    const out = join(dir, 'multi.xlsx');
    const w = new XlsxWriter(out);
    w.addSheet('汇总').row(['a']);
    w.addSheet('明细').row(['b']);
    w.addSheet('差错').row(['c']);
    w.commit();
    const wb = read(out);
    expect(wb.SheetNames).toEqual(['汇总', '明细', '差错']);
    expect(wb.Sheets['差错']!['A1']!.v).toBe('c');
  });

  it('leaves an existing file untouched and no temp file behind when an export fails', () => {
    const out = join(dir, 'keep.xlsx');
    writeFileSync(out, 'old statement');
    const w = new XlsxWriter(out);
    const s = w.addSheet('x');
    s.row(['fine']);
    expect(() => s.row([money(0.5)])).toThrow(RangeError);
    w.abort();
    expect(readFileSync(out, 'utf8')).toBe('old statement');
    expect(readdirSync(dir)).toEqual(['keep.xlsx']);
  });

  it('refuses a folder that does not exist', () => {
    expect(() => new XlsxWriter(join(dir, 'nope', 'a.xlsx'))).toThrow(/does not exist|不存在/);
  });
});

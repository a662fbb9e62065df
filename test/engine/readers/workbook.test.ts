import { describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import { strToU8, zipSync } from 'fflate';
import { openSource } from '../../../electron/engine/import/readers';
import { XLSX_LIMITS } from '../../../electron/engine/import/readers/xlsx';
import { allRows, buildZip } from './build';
import { userError as refusal } from '../../helpers/user-error';


/** The bill the spec asks for, written by SheetJS: title merged over the header, then typed cells. */
function sheetjsBill(): XLSX.WorkBook {
  const ws: XLSX.WorkSheet = {
    '!ref': 'A1:F4',
    A1: { t: 's', v: '商户账单 2026-09' },
    A2: { t: 's', v: '订单号' }, B2: { t: 's', v: '金额' }, C2: { t: 's', v: '时间' }, D2: { t: 's', v: '合计' }, E2: { t: 's', v: '备注' }, F2: { t: 's', v: '已结算' },
    A3: { t: 'n', v: 123456789012345678 }, B3: { t: 'n', v: 100.1 }, C3: { t: 'n', v: 46266.5, z: 'yyyy-mm-dd hh:mm:ss' }, D3: { t: 'n', f: 'SUM(B3:B4)' }, E3: { t: 'e', v: 0x2a }, F3: { t: 'b', v: true },
    A4: { t: 's', v: '000123' }, B4: { t: 'n', v: 2, z: '0.00' },
    '!merges': [{ s: { r: 0, c: 0 }, e: { r: 0, c: 5 } }],
  };
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '账单');
  return wb;
}

const CT = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';
const RELS = (sheets: number) => '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
  + Array.from({ length: sheets }, (_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')
  + '<Relationship Id="rS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="/xl/sharedStrings.xml"/>'
  + '<Relationship Id="rT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>';

/**
 * A package as other generators write it: an `x:` namespace prefix, inline and rich strings with a
 * phonetic guide, OOXML escapes, the 1904 date system, a hidden sheet, a dimension claiming a
 * million rows for three real ones, gaps between rows, and cells without references.
 */
function handMadeXlsx(): Uint8Array {
  const x = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  return zipSync({
    '[Content_Types].xml': strToU8(CT),
    'xl/workbook.xml': strToU8(`<?xml version="1.0"?><x:workbook ${x} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:workbookPr date1904="1"/><x:sheets><x:sheet name="明细 &amp; 汇总" sheetId="1" r:id="rId1"/><x:sheet name="隐藏" sheetId="2" state="hidden" r:id="rId2"/></x:sheets></x:workbook>`),
    'xl/_rels/workbook.xml.rels': strToU8(RELS(2)),
    'xl/styles.xml': strToU8(`<x:styleSheet ${x}><x:numFmts count="1"><x:numFmt numFmtId="200" formatCode="&quot;¥&quot;#,##0.00"/></x:numFmts><x:cellStyleXfs count="1"><x:xf numFmtId="14"/></x:cellStyleXfs><x:cellXfs count="4"><x:xf numFmtId="0"/><x:xf numFmtId="14" applyNumberFormat="1"/><x:xf numFmtId="31"/><x:xf numFmtId="200"><x:alignment horizontal="left"/></x:xf></x:cellXfs></x:styleSheet>`),
    'xl/sharedStrings.xml': strToU8(`<x:sst ${x} count="3" uniqueCount="3"><x:si><x:t>交易号</x:t></x:si><x:si><x:r><x:rPr><x:charset val="134"/></x:rPr><x:t xml:space="preserve">金 </x:t></x:r><x:r><x:t>额</x:t></x:r><x:rPh sb="0" eb="1"><x:t>キン</x:t></x:rPh></x:si><x:si/></x:sst>`),
    'xl/worksheets/sheet1.xml': strToU8(`<?xml version="1.0"?><x:worksheet ${x}><x:dimension ref="A1:AMJ1048576"/><x:sheetData>`
      + '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c><x:c r="C1" t="s"><x:v>2</x:v></x:c></x:row>'
      + '<x:row r="2" s="1" customFormat="1"/>'
      + '<x:row r="3"><x:c r="A3" s="1"/><x:c r="B3" s="2"/></x:row>'
      + '<x:row r="4"><x:c r="A4" t="inlineStr"><x:is><x:t>R&amp;D_x000D_line</x:t></x:is></x:c><x:c r="C4" s="3"><x:v>1234.5</x:v></x:c><x:c r="D4" s="1"><x:v>45000</x:v></x:c><x:c s="2"><x:v>45001.25</x:v></x:c></x:row>'
      + `<x:row r='7'><x:c t='str' cm="1"><x:v>  padded\t</x:v></x:c><x:c t="e"><x:v>#DIV/0!</x:v></x:c><x:c><x:f>A4*2</x:f></x:c><x:c t="b"><x:v>0</x:v></x:c></x:row>`
      + '</x:sheetData></x:worksheet>'),
    'xl/worksheets/sheet2.xml': strToU8(`<x:worksheet ${x}><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>secret</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`),
  });
}

describe('xlsx', () => {
  it('reads a SheetJS-written bill: exact number text, date flag, long id as number, formula, error, merge', () => {
    const s = openSource(XLSX.write(sheetjsBill(), { type: 'buffer', bookType: 'xlsx' }) as Buffer, 'bill.xlsx');
    expect(s.container).toBe('xlsx');
    expect(s.tables.map((t) => t.name)).toEqual(['账单']);
    expect(allRows(s)).toEqual([
      [1, [{ t: 's', v: '商户账单 2026-09' }]],
      [2, ['订单号', '金额', '时间', '合计', '备注', '已结算'].map((v) => ({ t: 's', v }))],
      [3, [
        // The id is already a float in the file: its text shows the lost digits, for the profile to refuse.
        { t: 'n', v: '123456789012345680' },
        { t: 'n', v: '100.1' },
        { t: 'n', v: '46266.5', date: true, fmt: 'yyyy-mm-dd hh:mm:ss' },
        { t: 'f', formula: 'SUM(B3:B4)' },
        { t: 'e', v: '#N/A' },
        { t: 'b', v: true },
      ]],
      [4, [{ t: 's', v: '000123' }, { t: 'n', v: '2', fmt: '0.00' }]],
    ]);
    expect(s.notes.join('\n')).toContain('A1:F1');
  });

  it('reads prefixed, inline, rich and escaped strings, 1904 dates, gaps, and ignores phantom ranges and hidden sheets', () => {
    const s = openSource(handMadeXlsx(), 'other.xlsx');
    expect(s.tables.map((t) => t.name)).toEqual(['明细 & 汇总']);
    expect(s.tables[0]!.date1904).toBe(true);
    expect(s.notes.join('\n')).toContain('隐藏');
    expect(allRows(s)).toEqual([
      [1, [{ t: 's', v: '交易号' }, { t: 's', v: '金 额' }, { t: 's', v: '' }]],
      [4, [
        { t: 's', v: 'R&D\rline' },
        null,
        { t: 'n', v: '1234.5', fmt: '"¥"#,##0.00' },
        { t: 'n', v: '45000', date: true, fmt: 'm/d/yy' },
        { t: 'n', v: '45001.25', date: true },
      ]],
      [7, [{ t: 's', v: '  padded\t' }, { t: 'e', v: '#DIV/0!' }, { t: 'f', formula: 'A4*2' }, { t: 'b', v: false }]],
    ]);
  });

  it('chooses sheets by name or index, reads a hidden sheet when named, and refuses an unknown one', () => {
    const bytes = handMadeXlsx();
    expect(allRows(openSource(bytes, 'o.xlsx', { sheet: '隐藏' }))).toEqual([[1, [{ t: 's', v: 'secret' }]]]);
    expect(openSource(bytes, 'o.xlsx', { sheet: 0 }).tables.map((t) => t.name)).toEqual(['明细 & 汇总']);
    const e = refusal(() => openSource(bytes, 'o.xlsx', { sheet: 'Sheet9' }));
    expect(e.key).toBe('import.sheet_not_found');
    expect(e.en).toContain('明细 & 汇总');
  });

  it('refuses a sheet with more rows than the cap, counting only rows that hold values', () => {
    const saved = XLSX_LIMITS.maxRows;
    XLSX_LIMITS.maxRows = 2;
    try {
      const e = refusal(() => [...openSource(handMadeXlsx(), 'many.xlsx').tables[0]!.rows()]);
      expect(e.key).toBe('import.too_large');
      expect(e.en).toContain('明细 & 汇总');
    } finally {
      XLSX_LIMITS.maxRows = saved;
    }
    XLSX_LIMITS.maxRows = 3;
    try {
      expect([...openSource(handMadeXlsx(), 'many.xlsx').tables[0]!.rows()]).toHaveLength(3);
    } finally {
      XLSX_LIMITS.maxRows = saved;
    }
  });

  it('reads an xlsx inside a ZIP of bills, naming the table by entry and sheet', () => {
    const xlsx = XLSX.write(sheetjsBill(), { type: 'buffer', bookType: 'xlsx' }) as Buffer;
    const s = openSource(buildZip([{ name: 'daily/bill.xlsx', data: xlsx }]), 'pack.zip');
    expect(s.container).toBe('zip');
    expect(s.tables.map((t) => t.name)).toEqual(['daily/bill.xlsx/账单']);
    expect(allRows(s)[2]![1][1]).toEqual({ t: 'n', v: '100.1' });
  });

  it('refuses an .xlsb with advice to save as .xlsx', () => {
    const xlsb = zipSync({ '[Content_Types].xml': strToU8(CT), 'xl/workbook.bin': new Uint8Array(64) });
    const e = refusal(() => openSource(xlsb, 'report.xlsx'));
    expect(e.key).toBe('import.xlsb');
    expect(e.en).toContain('save it as .xlsx');
  });

  it('refuses a cut-off xlsx as incomplete and a bloated sheet part as a bomb', () => {
    const xlsx = XLSX.write(sheetjsBill(), { type: 'buffer', bookType: 'xlsx' }) as Buffer;
    expect(refusal(() => openSource(xlsx.subarray(0, xlsx.length - 200), 'cut.xlsx')).key).toBe('import.truncated');
    const files = {
      '[Content_Types].xml': strToU8(CT),
      'xl/workbook.xml': strToU8('<workbook><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'),
      'xl/_rels/workbook.xml.rels': strToU8(RELS(1)),
      'xl/worksheets/sheet1.xml': strToU8('<worksheet><sheetData>' + ' '.repeat(8 * 1024 * 1024) + '</sheetData></worksheet>'),
    };
    const e = refusal(() => [...openSource(zipSync(files), 'bomb.xlsx').tables[0]!.rows()]);
    expect(e.key).toBe('import.zip_bomb');
    expect(e.en).toContain('sheet1.xml');
  });
});

const CFB = XLSX.CFB as {
  utils: { cfb_new(): unknown; cfb_add(c: unknown, name: string, data: Uint8Array): void };
  write(c: unknown, o: { type: 'buffer' }): Buffer;
};

function compoundFile(streams: Record<string, Uint8Array>): Buffer {
  const c = CFB.utils.cfb_new();
  for (const [name, data] of Object.entries(streams)) CFB.utils.cfb_add(c, `/${name}`, data);
  return CFB.write(c, { type: 'buffer' });
}

describe('xls and other OLE files', () => {
  const xls = () => XLSX.write(sheetjsBill(), { type: 'buffer', bookType: 'biff8' }) as Buffer;

  it('reads BIFF8 through SheetJS, even behind a .CSV name', () => {
    const s = openSource(xls(), 'ALIPAY.CSV');
    expect(s.container).toBe('xls');
    const rows = allRows(s);
    expect(rows[0]).toEqual([1, [{ t: 's', v: '商户账单 2026-09' }]]);
    expect(rows[2]![1].slice(0, 3)).toEqual([
      { t: 'n', v: '123456789012345680' },
      { t: 'n', v: '100.1' },
      { t: 'n', v: '46266.5', date: true, fmt: 'yyyy-mm-dd hh:mm:ss' },
    ]);
    expect(rows[2]![1][4]).toEqual({ t: 'e', v: '#N/A' });
    expect(s.notes.join('\n')).toContain('A1:F1');
  });

  it('refuses a cut-off xls, and a damaged one without leaking a library error', () => {
    const bytes = xls();
    const cut = refusal(() => openSource(bytes.subarray(0, bytes.length - 100), 'cut.xls'));
    expect(cut.key).toBe('import.truncated');
    const junk = new Uint8Array(6000).map((_, i) => (i * 7919) % 251);
    const damaged = refusal(() => openSource(compoundFile({ Workbook: junk }), 'bad.xls'));
    expect(damaged.key).toBe('import.unreadable_workbook');
    expect(damaged.en).toContain('bad.xls');
    expect(damaged.en).toMatch(/download it again|export it again/i);
  });

  it('refuses a password-protected workbook with advice to remove the password', () => {
    const e = refusal(() => openSource(compoundFile({ EncryptionInfo: new Uint8Array(200), EncryptedPackage: new Uint8Array(5000) }), '对账单.xlsx'));
    expect(e.key).toBe('import.password_protected');
    expect(e.zh).toContain('删除密码');
    expect(e.en).toContain('remove the password');
  });

  it('refuses an .xls with an open password (BIFF FilePass record)', () => {
    type Cfb = { FileIndex: { name: string; content: Uint8Array }[] };
    const cfbIo = XLSX.CFB as { read(b: Uint8Array, o: { type: 'buffer' }): Cfb; write(c: Cfb, o: { type: 'buffer' }): Buffer };
    const cfb = cfbIo.read(xls(), { type: 'buffer' });
    const stream = cfb.FileIndex.find((e) => e.name === 'Workbook')!;
    const c = Buffer.from(stream.content);
    const bofEnd = 4 + c.readUInt16LE(2);
    // FilePass, XOR obfuscation: what Excel writes right after BOF when a password is set.
    const filePass = Buffer.from([0x2f, 0x00, 0x06, 0x00, 0x00, 0x00, 0x34, 0x12, 0x78, 0x56]);
    stream.content = Buffer.concat([c.subarray(0, bofEnd), filePass, c.subarray(bofEnd)]);
    const e = refusal(() => openSource(cfbIo.write(cfb, { type: 'buffer' }), '加密.xls'));
    expect(e.key).toBe('import.password_protected');
    expect(e.zh).toContain('加密.xls');
  });

  it('refuses WPS .et files, by their streams or their name', () => {
    const wps = refusal(() => openSource(compoundFile({ WpsContent: new Uint8Array(5000) }), 'bill.xls'));
    expect(wps.key).toBe('import.wps_et');
    expect(wps.zh).toContain('另存为');
    expect(refusal(() => openSource(xls(), 'bill.et')).key).toBe('import.wps_et');
  });
});

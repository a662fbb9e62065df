import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gzipSync } from 'fflate';
import { openSource, sha256Hex } from '../../../electron/engine/import/readers';
import { ZIP_LIMITS } from '../../../electron/engine/import/readers/zip';
import { allRows, buildZip, gbk } from './build';
import { userError as refusal } from '../../helpers/user-error';

const SAMPLES = join(__dirname, '../../../demo/samples');


describe('ZIP of bills', () => {
  it('decodes GBK entry names written without the UTF-8 flag, and flagged UTF-8 names', () => {
    const zip = buildZip([
      { name: gbk('2088_业务明细.csv'), data: gbk('支付宝交易号,金额\n1\t,2.00\n') },
      { name: '微信账单.csv', data: '交易时间,金额\n2026-09-01,3.00\n', utf8Flag: true },
    ]);
    const s = openSource(zip, 'bills.zip');
    expect(s.container).toBe('zip');
    expect(s.tables.map((t) => t.name)).toEqual(['2088_业务明细.csv', '微信账单.csv']);
    expect(s.tables.map((t) => t.encoding)).toEqual(['gb18030', 'utf-8']);
    expect(allRows(s, 0)[1]).toEqual([2, ['1\t', '2.00']]);
    expect(allRows(s, 1)[1]).toEqual([2, ['2026-09-01', '3.00']]);
  });

  it('reads only bill entries by default and notes the skipped ones; a pattern chooses entries', () => {
    const zip = buildZip([
      { name: 'readme.pdf', data: '%PDF-1.4' },
      { name: 'dir/', data: '', method: 0 },
      { name: 'dir/a_明细.csv', data: 'a,b\n1,2\n', utf8Flag: true },
      { name: 'dir/a_汇总.csv', data: 'c,d\n3,4\n', utf8Flag: true, method: 0 },
    ]);
    const all = openSource(zip, 'x.zip');
    expect(all.tables.map((t) => t.name)).toEqual(['dir/a_明细.csv', 'dir/a_汇总.csv']);
    expect(all.notes.join('\n')).toContain('readme.pdf');
    const one = openSource(zip, 'x.zip', { entryPattern: '汇总\\.csv$' });
    expect(one.tables.map((t) => t.name)).toEqual(['dir/a_汇总.csv']);
    expect(allRows(one)).toEqual([[1, ['c', 'd']], [2, ['3', '4']]]);
    expect(refusal(() => openSource(zip, 'x.zip', { entryPattern: '(' })).key).toBe('import.bad_entry_pattern');
    const none = refusal(() => openSource(zip, 'x.zip', { entryPattern: '\\.xlsx$' }));
    expect(none.key).toBe('import.no_readable_entry');
    expect(none.en).toContain('readme.pdf');
  });

  it('sniffs each entry: a ZIP inside a ZIP, and GZIP bills', () => {
    const inner = buildZip([{ name: 'in.csv', data: 'k,v\n1,2\n' }]);
    const outer = buildZip([{ name: 'inner.zip', data: inner }]);
    const s = openSource(outer, 'outer.zip', { entryPattern: '.' });
    expect(s.tables.map((t) => t.name)).toEqual(['inner.zip/in.csv']);
    expect(allRows(s)).toEqual([[1, ['k', 'v']], [2, ['1', '2']]]);

    const gz = openSource(Buffer.from(gzipSync(Buffer.from('交易时间,金额\n`2026-09-01,`1.00\n'))), 'bill.csv.gz');
    expect(gz.container).toBe('gzip');
    expect(allRows(gz)[1]).toEqual([2, ['`2026-09-01', '`1.00']]);
  });

  it('opens the Alipay sample month into its two GBK tables', () => {
    const name = '20881234567890120156_202609.csv.zip';
    const s = openSource(readFileSync(join(SAMPLES, name)), name);
    expect(s.container).toBe('zip');
    expect(s.tables.map((t) => t.name)).toEqual(['20881234567890120156_202609_业务明细.csv', '20881234567890120156_202609_业务明细(汇总).csv']);
    expect(s.tables.every((t) => t.encoding === 'gb18030')).toBe(true);
    const detail = [...s.tables[0]!.rows()];
    expect(detail[0]!.cells).toEqual(['#支付宝业务明细查询']);
    const header = detail.find((r) => r.cells[0] === '支付宝交易号');
    expect(header?.cells).toContain('商户订单号');
    expect(detail.some((r) => String(r.cells[0]).startsWith('#交易合计：'))).toBe(true);
    // Every data row has as many cells as the header: no row was split or merged by the tokenizer.
    const data = detail.filter((r) => r.rowNumber > header!.rowNumber && !String(r.cells[0]).startsWith('#') && r.cells.length > 0);
    expect(data.length).toBeGreaterThan(1000);
    expect(data.every((r) => r.cells.length === header!.cells.length)).toBe(true);
    expect(sha256Hex(readFileSync(join(SAMPLES, name)))).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('ZIP pre-flight refusals', () => {
  it('refuses an entry declaring more than 512 MB before inflating it', () => {
    const zip = buildZip([{ name: 'big.csv', data: 'a,b\n', declaredSize: 600 * 1024 * 1024 }]);
    const e = refusal(() => openSource(zip, 'bomb.zip'));
    expect(e.key).toBe('import.zip_bomb');
    expect(e.en).toContain('big.csv');
  });

  it('refuses a total over 1 GB and more than 1000 entries', () => {
    const big = buildZip([1, 2, 3].map((i) => ({ name: `p${i}.csv`, data: 'x', declaredSize: 400 * 1024 * 1024 })));
    expect(refusal(() => openSource(big, 'total.zip')).key).toBe('import.zip_bomb');
    const many = buildZip(Array.from({ length: 1001 }, (_, i) => ({ name: `f${i}.csv`, data: 'a' })));
    const e = refusal(() => openSource(many, 'many.zip'));
    expect(e.key).toBe('import.zip_bomb');
    expect(e.en).toContain('1001');
  });

  it('refuses a compression ratio over 200 in an entry it reads', () => {
    const zeros = new Uint8Array(4 * 1024 * 1024).fill(0x30);
    const e = refusal(() => openSource(buildZip([{ name: 'z.csv', data: zeros }]), 'ratio.zip'));
    expect(e.key).toBe('import.zip_bomb');
    expect(e.en).toMatch(/ratio/);
  });

  it('refuses local and central headers that disagree', () => {
    const zip = buildZip([{ name: 'a.csv', data: 'a,b\n1,2\n' }]);
    zip[30] = 'b'.charCodeAt(0); // the local header's copy of the name
    expect(refusal(() => openSource(zip, 'mismatch.zip')).key).toBe('import.damaged_zip');
  });

  it('refuses encrypted entries and compression methods it cannot inflate', () => {
    const locked = refusal(() => openSource(buildZip([{ name: 'a.csv', data: 'a,b\n', flags: 0x01 }]), 'locked.zip'));
    expect(locked.key).toBe('import.password_protected');
    expect(locked.en).toContain('a.csv');
    const lzma = refusal(() => openSource(buildZip([{ name: 'a.csv', data: 'a,b\n', declaredMethod: 14 }]), 'lzma.zip'));
    expect(lzma.key).toBe('import.unsupported_zip');
    expect(lzma.en).toContain('method 14');
  });

  it('calls a cut-off ZIP incomplete and asks for a new download', () => {
    const zip = buildZip([{ name: 'a.csv', data: 'a,b\n'.repeat(1000) }]);
    for (const cut of [zip.subarray(0, zip.length - 10), zip.subarray(0, 40)]) {
      const e = refusal(() => openSource(cut, 'cut.zip'));
      expect(e.key).toBe('import.truncated');
      expect(e.en).toContain('download');
      expect(e.zh).toContain('重新下载');
    }
  });

  it('refuses a GZIP expanding past the cap, and a cut-off GZIP', () => {
    // The cap is lowered for the test so the bomb stays small; the budget logic is the same at 512 MB.
    const bomb = Buffer.from(gzipSync(new Uint8Array(3 * 1024 * 1024).fill(0x2c)));
    const saved = ZIP_LIMITS.maxEntryBytes;
    ZIP_LIMITS.maxEntryBytes = 2 * 1024 * 1024;
    try {
      expect(refusal(() => openSource(bomb, 'b.gz')).key).toBe('import.zip_bomb');
    } finally {
      ZIP_LIMITS.maxEntryBytes = saved;
    }
    expect(openSource(bomb, 'b.gz').container).toBe('gzip');
    const gz = Buffer.from(gzipSync(Buffer.from('a,b\n'.repeat(1000))));
    expect(refusal(() => openSource(gz.subarray(0, gz.length - 8), 'c.gz')).key).toBe('import.truncated');
  });
});

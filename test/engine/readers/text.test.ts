import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { openSource, readerFloor } from '../../../electron/engine/import/readers';
import { delimitedRows } from '../../../electron/engine/import/readers/delimited';
import { allRows, gbk } from './build';
import { userError as refusal } from '../../helpers/user-error';


describe('text decoding', () => {
  it('reads GBK without a BOM as GB18030', () => {
    const s = openSource(gbk('#支付宝业务明细查询\n支付宝交易号,商户订单号\n2088\t,订单一\n'), 'bill.csv');
    expect(s.container).toBe('csv');
    expect(s.tables[0]!.encoding).toBe('gb18030');
    expect(allRows(s)).toEqual([[1, ['#支付宝业务明细查询']], [2, ['支付宝交易号', '商户订单号']], [3, ['2088\t', '订单一']]]);
  });

  it('reads UTF-8 with and without a BOM, and drops the BOM from the first cell', () => {
    const body = Buffer.from('交易时间,金额\n2026-09-01,`30.00\n', 'utf8');
    for (const bytes of [body, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body])]) {
      const s = openSource(bytes, 'wx.csv');
      expect(s.tables[0]!.encoding).toBe('utf-8');
      expect(allRows(s)[0]).toEqual([1, ['交易时间', '金额']]);
      expect(allRows(s)[1]).toEqual([2, ['2026-09-01', '`30.00']]);
    }
  });

  it('reads UTF-16 LE and BE by their BOM', () => {
    const text = '日期\t金额\r\n2026-09-01\t1,234.50\r\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf16-be')]);
    for (const [bytes, enc] of [[le, 'utf-16le'], [be, 'utf-16be']] as const) {
      const s = openSource(bytes, 'boc.txt');
      expect(s.tables[0]!.encoding).toBe(enc);
      expect(allRows(s)).toEqual([[1, ['日期', '金额']], [2, ['2026-09-01', '1,234.50']]]);
    }
  });

  it('lets the profile force an encoding', () => {
    const utf8Bytes = Buffer.from('中文,x\n', 'utf8');
    const forced = openSource(utf8Bytes, 'a.csv', { encoding: 'GBK' });
    expect(forced.tables[0]!.encoding).toBe('gb18030');
    expect(allRows(forced)[0]![1]).toEqual([iconv.decode(Buffer.from('中文', 'utf8'), 'gb18030'), 'x']);
    const asUtf8 = openSource(gbk('商户订单号,金额\n'), 'b.csv', { encoding: 'utf-8' });
    expect(asUtf8.tables[0]!.encoding).toBe('utf-8');
    expect(refusal(() => openSource(utf8Bytes, 'a.csv', { encoding: 'latin-9' })).key).toBe('import.bad_option');
  });
});

describe('delimited text', () => {
  it('keeps quotes, doubled quotes and quoted newlines, numbering rows by physical line', () => {
    const s = openSource(Buffer.from('a,b\r\n"x ""y""","line1\nline2"\r\nlast,"q"\r\n'), 'q.csv');
    expect(allRows(s)).toEqual([
      [1, ['a', 'b']],
      [2, ['x "y"', 'line1\nline2']],
      [4, ['last', 'q']],
    ]);
  });

  it('refuses a stray quote that swallows rows until another stray quote', () => {
    const body = Array.from({ length: 150 }, (_, i) => `${i},ok`).join('\n');
    const e = refusal(() => [...openSource(Buffer.from(`id,memo\n1,"stray\n${body}\n2,"late\n3,x\n`), 's.csv').tables[0]!.rows()]);
    expect(e.key).toBe('import.runaway_quote');
    expect(e.en).toContain('row 2');
    const memo = `id,memo\n1,"line one\nline two\nline three"\n2,x\n`;
    expect(allRows(openSource(Buffer.from(memo), 'm.csv')).map((r) => r[0])).toEqual([1, 2, 5]);
  });

  it('appends characters after a closing quote to the cell (WeChat personal TAB)', () => {
    const s = openSource(Buffer.from('交易单号,金额\n"3985734"\t,"¥1.00"\n'), 'wx.csv');
    expect(allRows(s)[1]).toEqual([2, ['3985734\t', '¥1.00']]);
  });

  it('reads a WeChat personal export: comma-padded preamble, mixed quoting, TAB after quoted ids', () => {
    const pad = ',,,,,,,,,,';
    const preamble = ['微信支付账单明细', '微信昵称：[测试]', '共2笔记录', '', '----------------------微信支付账单明细列表--------------------'].map((l) => l + pad);
    const text = [...preamble,
      '交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注',
      '2019-09-26 12:45:27,"商户消费","云膳过桥米线(传奇广场店)","总共消费:28.16","支出",¥28.16,"中国银行(1234)","支付成功","3985734"\t,"129847129"\t,"/"',
      '2019-09-24 10:10:11,微信红包,同性好友,/,收入,¥0.35,/,已存入零钱,3985734\t,129847129\t,/',
    ].join('\n') + '\n';
    const rows = allRows(openSource(Buffer.from(text), '微信支付账单(20190801-20190930).csv'));
    expect(rows).toHaveLength(8);
    expect(rows[0]).toEqual([1, ['微信支付账单明细', ...Array<string>(10).fill('')]]);
    expect(rows[6]).toEqual([7, ['2019-09-26 12:45:27', '商户消费', '云膳过桥米线(传奇广场店)', '总共消费:28.16', '支出', '¥28.16', '中国银行(1234)', '支付成功', '3985734\t', '129847129\t', '/']]);
    expect(rows[7]![1]).toEqual(['2019-09-24 10:10:11', '微信红包', '同性好友', '/', '收入', '¥0.35', '/', '已存入零钱', '3985734\t', '129847129\t', '/']);
  });

  it('keeps backticks, TABs and padding exactly as in the file', () => {
    const s = openSource(Buffer.from('id,amt\n`4200 ,  12.00\t,\t\n'), 'p.csv');
    expect(allRows(s)[1]).toEqual([2, ['`4200 ', '  12.00\t', '\t']]);
  });

  it('handles CRLF, LF and CR in one file and yields empty lines as empty rows', () => {
    const s = openSource(Buffer.from('a,b\r\n1,2\n\n3,4\r5,6,\r\n'), 'm.csv');
    expect(allRows(s)).toEqual([[1, ['a', 'b']], [2, ['1', '2']], [3, []], [4, ['3', '4']], [5, ['5', '6', '']]]);
  });

  it('refuses a quote that never closes, naming the row', () => {
    const e = refusal(() => [...openSource(Buffer.from('a,b\n1,2\n3,"oops\n4,5\n'), 'cut.csv').tables[0]!.rows()]);
    expect(e.key).toBe('import.unterminated_quote');
    expect(e.en).toContain('row 3');
    expect(e.zh).toContain('第 3 行');
    expect(e.en).toContain('cut.csv');
  });

  it('detects TAB, semicolon and pipe delimiters, ignoring # preamble lines', () => {
    const cases: [string, string[]][] = [
      ['#title, with, commas\n日期\t金额\n2026-09-01\t1,234.50\n2026-09-02\t2,000.00\n', ['2026-09-01', '1,234.50']],
      ['date;amount\n01.09.2026;1.234,50\n02.09.2026;3,00\n', ['01.09.2026', '1.234,50']],
      ['date|amount\n2026-09-01|1,234.50\n2026-09-02|7\n', ['2026-09-01', '1,234.50']],
    ];
    for (const [text, second] of cases) expect(allRows(openSource(Buffer.from(text), 'd.txt')).at(-2)![1]).toEqual(second);
    expect(allRows(openSource(Buffer.from('a;b,c\n'), 'o.csv', { delimiter: ';' }))[0]![1]).toEqual(['a', 'b,c']);
    expect(allRows(openSource(Buffer.from('a\tb,c\n'), 'o.csv', { delimiter: 'tab' }))[0]![1]).toEqual(['a', 'b,c']);
  });
});

describe('rows across decoded pieces', () => {
  const place = { fileName: 'pieces.csv' };
  const split = (pieces: string[]) => [...delimitedRows(pieces, ',', place)].map((r) => [r.rowNumber, r.cells]);

  it('gives the same rows wherever the text is cut (quotes, doubled quotes, CRLF, CR, empty lines)', () => {
    const text = 'a,"b ""q"" c",d\r\n\r\n"multi\r\nline","x"\t,\r\ne,f\rg,"",h\n,\n';
    const whole = split([text]);
    expect(whole).toEqual([
      [1, ['a', 'b "q" c', 'd']],
      [2, []],
      [3, ['multi\r\nline', 'x\t', '']],
      [5, ['e', 'f']],
      [6, ['g', '', 'h']],
      [7, ['', '']],
    ]);
    for (let k = 0; k <= text.length; k++) {
      expect(split([text.slice(0, k), text.slice(k)])).toEqual(whole);
      for (let m = k; m <= text.length; m += 3) expect(split([text.slice(0, k), '', text.slice(k, m), text.slice(m)])).toEqual(whole);
    }
  });

  it('keeps each row\'s own text, quotes and all, wherever the text is cut', () => {
    const text = 'a,"b ""q"" c",d\r\n\r\n"multi\r\nline","x"\t,\r\ne,f\rg,"",h\n,\nlast,row';
    const lines = ['a,"b ""q"" c",d', '', '"multi\r\nline","x"\t,', 'e,f', 'g,"",h', ',', 'last,row'];
    for (let k = 0; k <= text.length; k++) {
      expect([...delimitedRows([text.slice(0, k), text.slice(k)], ',', place)].map((r) => r.line)).toEqual(lines);
    }
  });

  it('refuses an unterminated quote only once the last piece is in', () => {
    expect(() => split(['a,b\n"open', ' still\n', 'open\n'])).toThrow(/第 2 行/);
  });

  it('decodes a GBK bill larger than one piece without splitting a character', () => {
    const lines = ['交易号,商品,金额'];
    for (let i = 0; i < 200_000; i++) lines.push(`${i},"钻石礼包，第${i}号",${i}.50`);
    const s = openSource(gbk(lines.join('\r\n')), 'big.csv');
    expect(s.tables[0]!.encoding).toBe('gb18030');
    const rows = [...s.tables[0]!.rows()];
    expect(rows).toHaveLength(200_001);
    expect(rows.every((r, i) => r.rowNumber === i + 1 && (i === 0 || r.cells[1] === `钻石礼包，第${i - 1}号`))).toBe(true);
  });
});

describe('reader floor', () => {
  it('counts the rows of every table, as the import bench prints beside the import', () => {
    const text = Array.from({ length: 500 }, (_, i) => `${i},"a\nb",x`).join('\r\n');
    expect(readerFloor(Buffer.from(text), 'floor.csv')).toEqual({ rows: 500, tables: 1 });
  });
});

describe('refusals before parsing', () => {
  it('refuses an empty file', () => {
    const e = refusal(() => openSource(Buffer.alloc(0), 'empty.csv'));
    expect(e.key).toBe('import.empty_file');
    expect(e.zh).toContain('empty.csv');
    expect(e.en).toContain('empty');
  });

  it('refuses binary junk', () => {
    const junk = Buffer.alloc(4096);
    let x = 12345;
    for (let i = 0; i < junk.length; i++) { x = (x * 1103515245 + 12345) >>> 0; junk[i] = x >>> 24; }
    junk[0] = 0x41;
    const e = refusal(() => openSource(junk, 'bill.csv'));
    expect(e.key).toBe('import.binary_garbage');
    expect(e.en).toContain('bill.csv');
  });

  it('refuses Excel 2003 XML saved under an .xls name (web pages are read: html.test.ts)', () => {
    const xml = Buffer.from('<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>');
    const e = refusal(() => openSource(xml, 'export.xls'));
    expect(e.key).toBe('import.web_page_workbook');
    expect(e.en).toContain('export.xls');
    expect(e.en).toContain('save it as .xlsx or CSV');
  });

  it('refuses a PDF with advice to export Excel or CSV', () => {
    const e = refusal(() => openSource(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'), 'statement.csv'));
    expect(e.key).toBe('import.pdf');
    expect(e.en).toMatch(/Excel or CSV/);
    expect(e.zh).toContain('Excel 或 CSV');
  });
});

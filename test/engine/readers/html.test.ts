// Web pages saved as .xls, at the reader: which tables come out, in which order, with which cells.
import { describe, expect, it } from 'vitest';
import { openSource } from '../../../electron/engine/import/readers';
import type { SourceTable } from '../../../electron/engine/import/source';

const rowsOf = (t: SourceTable) => [...t.rows()].map((r) => [r.rowNumber, r.cells]);

describe('web page tables', () => {
  it('reads each table, nested ones on their own; script, style and comments are not cells', () => {
    const page = `<!DOCTYPE html><html><head><style>td{color:red}</style><script>var s = "<td>no</td>";</script></head><body>
<table><tr><td>户名</td><td>某公司<table><tr><td>inner</td><td>&#x4E2D;&#22269;</td></tr></table></td></tr>
<!-- <tr><td>hidden</td></tr> -->
<tr><td>A&amp;B<!-- <b>old</b> --></td><td>&lt;x&gt; &quot;q&quot;&nbsp;</td></tr></table></body></html>`;
    const s = openSource(Buffer.from(page), '明细.xls');
    expect(s.container).toBe('html');
    expect(s.tables.map((t) => t.name)).toEqual(['明细.xls', '明细.xls#2']);
    expect(rowsOf(s.tables[0]!)).toEqual([[1, ['户名', '某公司']], [2, ['A&B', '<x> "q"']]]);
    expect(rowsOf(s.tables[1]!)).toEqual([[1, ['inner', '中国']]]);
  });

  it('keeps a table whose page is cut short, and refuses a page without any table', () => {
    const cut = openSource(Buffer.from('<html><body><table><tr><td>流水号</td><td>金额</td></tr><tr><td>T1</td><td>1.00'), 'cut.xls');
    expect(rowsOf(cut.tables[0]!)).toEqual([[1, ['流水号', '金额']], [2, ['T1', '1.00']]]);
    expect(() => openSource(Buffer.from('<html><body><p>登录超时，请重新登录</p></body></html>'), 'timeout.xls')).toThrow(/登录超时或错误页面/);
  });
});

// Our company and the channel's counterparty are settings every statement prints; statements are
// numbered per channel and year, and the number is in the file, the digest block and the audit log.
import * as XLSX from '@e965/xlsx';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statementHtml } from '../../../electron/engine/statement';
import { openWorkspace } from '../../../electron/engine/workspace/db';
import { tempWorkspace } from '../../helpers/workspace';
import { loadSampleMonth } from '../statement/sample-workspace';
import { runCli } from './cli';

let t: ReturnType<typeof tempWorkspace>;
beforeAll(() => {
  t = tempWorkspace();
  loadSampleMonth(t.ws.db);
  t.ws.db.close();
}, 60_000);
afterAll(() => t.cleanup());

function summary(path: string): unknown[][] {
  return XLSX.utils.sheet_to_json<unknown[]>(XLSX.read(readFileSync(path)).Sheets['汇总']!, { header: 1 });
}
const cell = (rows: unknown[][], label: string) => rows.filter((r) => r[0] === label).map((r) => r[1]);

describe('parties and statement numbers', () => {
  it('sets our company and the counterparty on the command line and prints them on the statement', async () => {
    expect((await runCli(t.path, 'company', '--name', '示例游戏有限公司', '--tax-id', '91310000MA1K000000', '--bank-account', '招商银行上海分行 1219 0000 0000 001')).code).toBe(0);
    const party = await runCli(t.path, 'channel', 'party', 'alipay', '--name', '支付宝（中国）网络技术有限公司', '--contact', '对账专员 0571-0000 0000', '--prefix', 'zfb');
    expect(party.code).toBe(0);
    expect(party.out).toContain('对账单编号前缀：ZFB');
    const shown = await runCli(t.path, 'company');
    expect(shown.out).toContain('我方单位：示例游戏有限公司');

    const out = join(t.dir, 'alipay-10.xlsx');
    const e = await runCli(t.path, 'export', 'statement', '--channel', 'alipay', '--period', '2026-10', '--out', out);
    expect(e.code).toBe(0);
    expect(e.out).toContain('对账单编号 ZFB-2026-0001');
    const rows = summary(out);
    expect(cell(rows, '我方单位')).toEqual(['示例游戏有限公司']);
    expect(cell(rows, '我方纳税人识别号')).toEqual(['91310000MA1K000000']);
    expect(cell(rows, '我方开户行及账号')).toEqual(['招商银行上海分行 1219 0000 0000 001']);
    expect(cell(rows, '渠道名称')).toEqual(['支付宝（中国）网络技术有限公司']);
    expect(cell(rows, '渠道联系人')).toEqual(['对账专员 0571-0000 0000']);
    // Once at the top, once in the digest block beside the data digest.
    expect(cell(rows, '对账单编号')).toEqual(['ZFB-2026-0001', 'ZFB-2026-0001']);
    const digestRow = rows.findIndex((r) => r[0] === '数据校验码（SHA-256）');
    expect(rows.slice(digestRow, digestRow + 3).some((r) => r[0] === '对账单编号')).toBe(true);
  });

  it('numbers per channel and year, keeps the number of a period, never spends one on a refused statement, and audits it', async () => {
    const again = await runCli(t.path, 'export', 'statement', '--channel', 'alipay', '--period', '2026-10', '--out', join(t.dir, 'again.xlsx'));
    expect(again.out).toContain('ZFB-2026-0001');
    const refused = await runCli(t.path, 'export', 'statement', '--channel', 'alipay', '--period', '2026-11', '--out', join(t.dir, 'nov.xlsx'));
    expect(refused.code).toBe(1);
    const sept = await runCli(t.path, 'export', 'statement', '--channel', 'alipay', '--period', '2026-09', '--out', join(t.dir, 'sept.xlsx'));
    expect(sept.out).toContain('ZFB-2026-0002');
    // A channel without a prefix numbers under its id.
    const wechat = await runCli(t.path, 'export', 'statement', '--channel', 'wechat', '--period', '2026-10', '--out', join(t.dir, 'wx.xlsx'), '--json');
    expect(JSON.parse(wechat.out)).toMatchObject({ number: 'WECHAT-2026-0001' });
    const ws = openWorkspace(t.path);
    try {
      const exports = ws.db.prepare("SELECT json_extract(after, '$.number') AS number FROM audit_log WHERE action = 'statement.export' ORDER BY id").pluck().all();
      expect(exports).toEqual(['ZFB-2026-0001', 'ZFB-2026-0001', 'ZFB-2026-0002', 'WECHAT-2026-0001']);
      expect(() => ws.db.prepare("UPDATE statement_numbers SET number = 'X' WHERE period = '2026-10'").run()).toThrow(/never reused/);
      const { html } = statementHtml(ws.db, { channelId: 'alipay', period: '2026-10' });
      expect(html).toContain('<span data-key="number">ZFB-2026-0001</span>');
      expect(html).toContain('示例游戏有限公司');
      expect(html).toContain('91310000MA1K000000');
    } finally {
      ws.db.close();
    }
  });
});

import * as XLSX from '@e965/xlsx';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeReport, listDifferences } from '../../../electron/engine/report';
import { resolveDifference } from '../../../electron/engine/resolve/resolve';
import { exportDifferencesCsv, exportStatement, statementHtml, verifyStatement } from '../../../electron/engine/statement';
import { listAudit } from '../../../electron/engine/workspace/audit';
import { setSetting } from '../../../electron/engine/workspace/db';
import { tempWorkspace } from '../../helpers/workspace';
import { loadSampleMonth } from './sample-workspace';

let t: ReturnType<typeof tempWorkspace>;
beforeAll(() => {
  t = tempWorkspace();
  setSetting(t.ws.db, 'company_name', '示例游戏有限公司');
  loadSampleMonth(t.ws.db);
});
afterAll(() => t.cleanup());

/** Label → cell of the value column in the summary sheet. */
function summary(path: string): Map<string, XLSX.CellObject> {
  const wb = XLSX.read(readFileSync(path), { cellNF: true });
  const ws = wb.Sheets[wb.SheetNames[0]!]!;
  const out = new Map<string, XLSX.CellObject>();
  const range = XLSX.utils.decode_range(ws['!ref']!);
  for (let r = 0; r <= range.e.r; r++) {
    const label = ws[XLSX.utils.encode_cell({ r, c: 0 })]?.v;
    const value = ws[XLSX.utils.encode_cell({ r, c: 1 })];
    if (typeof label === 'string' && value) out.set(label, value);
  }
  return out;
}

const cents = (c: XLSX.CellObject | undefined) => Math.round((c?.v as number) * 100);

describe('statement of the sample month', () => {
  for (const channelId of ['alipay', 'wechat']) {
    it(`${channelId} 2026-10: every figure equals the report to the cent`, () => {
      const out = join(t.dir, `${channelId}.xlsx`);
      const result = exportStatement(t.ws.db, { channelId, period: '2026-10', outPath: out });
      const report = computeReport(t.ws.db, { period: '2026-10', channelId }).channels[0]!;
      const s = summary(out);
      expect(cents(s.get('交易总额'))).toBe(report.gross);
      expect(cents(s.get('退款总额'))).toBe(report.refunds);
      expect(cents(s.get('手续费'))).toBe(report.fees);
      expect(cents(s.get('净额'))).toBe(report.net);
      expect(cents(s.get('双方认可金额'))).toBe(report.agreed);
      expect(cents(s.get('争议金额'))).toBe(report.disputed);
      expect(cents(s.get('我方主张金额'))).toBe(report.claims);
      expect(cents(s.get('豁免金额'))).toBe(report.waived_total);
      expect(s.get('支付笔数')?.v).toBe(report.payment_rows);
      expect(s.get('退款笔数')?.v).toBe(report.refund_rows);
      expect(s.get('双方认可金额')?.z).toBe('#,##0.00');
      expect(s.get('核对：双方认可金额 + 争议金额 = 净额')?.v).toBe(report.net / 100);
      expect(s.get('我方单位')?.v).toBe('示例游戏有限公司');

      const wb = XLSX.read(readFileSync(out));
      const matched = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['明细']!, { header: 1 }).slice(1);
      // Every matched channel payment is a row; matched refunds come on top.
      expect(matched.length).toBe(result.matchedRows);
      expect(matched.filter((r) => r[4] === '支付').length).toBe(report.counts.matched);
      const diffs = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['差错']!, { header: 1 }).slice(1);
      const active = listDifferences(t.ws.db, { channelId, period: '2026-10', limit: 1000 });
      expect(diffs.length).toBe(active.length);
      expect(verifyStatement(t.ws.db, out)).toMatchObject({ ok: true, channelId, period: '2026-10', mismatches: [] });
      const entry = listAudit(t.ws.db, { action: 'statement.export', channelId })[0];
      expect(entry?.after).toMatchObject({ format: 'xlsx', digest: result.digest, agreed: report.agreed, sha256: result.sha256 });
    });
  }

  it('the HTML view prints the same agreed and disputed figures', () => {
    const { html } = statementHtml(t.ws.db, { channelId: 'alipay', period: '2026-10' });
    const report = computeReport(t.ws.db, { period: '2026-10', channelId: 'alipay' }).channels[0]!;
    const shown = (minor: number) => (minor / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });
    expect(html).toContain(`data-key="agreed"><th>双方认可金额</th><td class="amount">${shown(report.agreed)}</td>`);
    expect(html).toContain(`data-key="disputed"><th>争议金额</th><td class="amount">${shown(report.disputed)}</td>`);
  });

  it('the open differences CSV has one line per open difference', () => {
    const out = join(t.dir, 'alipay-diffs.csv');
    const file = exportDifferencesCsv(t.ws.db, { channelId: 'alipay', period: '2026-10', outPath: out });
    const open = listDifferences(t.ws.db, { channelId: 'alipay', period: '2026-10', status: 'open', limit: 1000 });
    expect(file.rows).toBe(open.length);
    const lines = readFileSync(out, 'utf8').replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines).toHaveLength(open.length + 1);
  });

  it('verification notices a copy whose detail rows were cut or edited', () => {
    const out = join(t.dir, 'edited.xlsx');
    exportStatement(t.ws.db, { channelId: 'wechat', period: '2026-10', outPath: out });
    const wb = XLSX.read(readFileSync(out));
    const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['明细']!, { header: 1 });
    wb.Sheets['明细'] = XLSX.utils.aoa_to_sheet(rows.slice(0, -1));
    const copy = join(t.dir, 'edited-copy.xlsx');
    writeFileSync(copy, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    const v = verifyStatement(t.ws.db, copy);
    expect(v.ok).toBe(false);
    expect(v.digestInFile).toBe(v.digestNow);
    expect(v.mismatches.map((m) => m.field)).toEqual(['matched_rows', 'matched_net']);
    expect(v.mismatches[0]).toMatchObject({ inFile: rows.length - 2, now: rows.length - 1 });
  });

  it('verification fails once a figure behind the statement changes', () => {
    const out = join(t.dir, 'before-change.xlsx');
    exportStatement(t.ws.db, { channelId: 'alipay', period: '2026-10', outPath: out });
    const open = listDifferences(t.ws.db, { channelId: 'alipay', period: '2026-10', status: 'open', category: 'channel_only', limit: 1 })[0]!;
    resolveDifference(t.ws.db, open.id, { as: 'backfill', note: '已补单' });
    const v = verifyStatement(t.ws.db, out);
    expect(v.ok).toBe(false);
    expect(v.digestNow).not.toBe(v.digestInFile);
    expect(v.mismatches.map((m) => m.field)).toEqual(expect.arrayContaining(['agreed', 'disputed']));
  });
});

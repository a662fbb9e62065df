import * as XLSX from '@e965/xlsx';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeReport, getDifference, listDifferences } from '../../../electron/engine/report';
import { applyDisputeAnswers, exportDisputes, readDisputeAnswers } from '../../../electron/engine/statement/disputes';
import { listAudit } from '../../../electron/engine/workspace/audit';
import { tempWorkspace } from '../../helpers/workspace';
import { loadSampleMonth } from './sample-workspace';

let t: ReturnType<typeof tempWorkspace>;
beforeAll(() => {
  t = tempWorkspace();
  loadSampleMonth(t.ws.db);
});
afterAll(() => t.cleanup());

describe('dispute workbook', () => {
  it('exports the open differences, reads the channel\'s answers as proposals and applies the confirmed ones', () => {
    const db = t.ws.db;
    const out = join(t.dir, 'disputes.xlsx');
    const open = listDifferences(db, { channelId: 'alipay', period: '2026-10', status: 'open', sort: 'id', limit: 1000 });
    const written = exportDisputes(db, { channelId: 'alipay', period: '2026-10', outPath: out });
    expect(written.rows).toBe(open.length);

    // The channel opens the file in Excel, answers and saves it (SheetJS rewrites it with shared strings).
    const wb = XLSX.read(readFileSync(out));
    const ws = wb.Sheets['争议清单']!;
    const header = XLSX.utils.sheet_to_json<string[]>(ws, { header: 1 })[0]!;
    expect(header[0]).toBe('差错编号');
    expect(ws['A2']).toMatchObject({ t: 's' });
    const col = (name: string) => XLSX.utils.encode_col(header.indexOf(name));
    const answerCol = col('渠道答复（认可/不认可/更正金额）');
    const channelOnly = open.find((d) => d.category === 'channel_only')!;
    const mismatch = open.find((d) => d.category === 'amount_mismatch' || d.category === 'internal_only')!;
    const rowOf = (id: number) => open.findIndex((d) => d.id === id) + 2;
    ws[`${answerCol}${rowOf(channelOnly.id)}`] = { t: 's', v: '不认可' };
    ws[`${col('渠道备注')}${rowOf(channelOnly.id)}`] = { t: 's', v: '=渠道已确认到账' };
    ws[`${answerCol}${rowOf(mismatch.id)}`] = { t: 's', v: '认可' };
    const third = open.find((d) => d.id !== channelOnly.id && d.id !== mismatch.id)!;
    ws[`${answerCol}${rowOf(third.id)}`] = { t: 's', v: '也许' };
    const returned = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;

    const reportBefore = computeReport(db, { period: '2026-10', channelId: 'alipay' }).channels[0]!;
    const answers = readDisputeAnswers(db, returned, 'returned.xlsx');
    expect(answers).toMatchObject({ channelId: 'alipay', period: '2026-10' });
    expect(answers.unanswered).toBe(open.length - 3);
    const byId = new Map(answers.proposals.map((p) => [p.differenceId, p]));
    expect(byId.get(channelOnly.id)?.proposed).toEqual({ as: 'backfill', note: '渠道答复：不认可；=渠道已确认到账' });
    expect(byId.get(mismatch.id)?.proposed?.as).toBe('dispute');
    expect(byId.get(third.id)?.proposed).toBeNull();
    expect(byId.get(third.id)?.problem?.zh).toContain('也许');
    // Reading wrote nothing.
    expect(getDifference(db, channelOnly.id).status).toBe('open');

    const applied = applyDisputeAnswers(db, answers, [channelOnly.id, third.id]);
    expect(applied.applied).toEqual([{ differenceId: channelOnly.id, as: 'backfill' }]);
    expect(applied.skipped.map((s) => s.differenceId)).toEqual([third.id]);
    expect(getDifference(db, channelOnly.id)).toMatchObject({ status: 'resolved', resolution: 'backfill', note: '渠道答复：不认可；=渠道已确认到账' });
    expect(getDifference(db, mismatch.id).status).toBe('open');
    const reportAfter = computeReport(db, { period: '2026-10', channelId: 'alipay' }).channels[0]!;
    // 补单 accepts the channel's figure: its net moves from disputed to agreed.
    expect(reportAfter.agreed - reportBefore.agreed).toBe(channelOnly.channelNetMinor);
    expect(listAudit(db, { action: 'diff.resolve' }).length).toBeGreaterThan(0);
  });

  it('refuses an answer given on facts that changed since the workbook was sent', () => {
    const db = t.ws.db;
    const out = join(t.dir, 'stale.xlsx');
    exportDisputes(db, { channelId: 'wechat', period: '2026-10', outPath: out });
    const wb = XLSX.read(readFileSync(out));
    const ws = wb.Sheets['争议清单']!;
    ws['B2'] = { t: 's', v: '0000000000' };
    ws['K2'] = { t: 's', v: 'accept' };
    const answers = readDisputeAnswers(db, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer, 'stale.xlsx');
    expect(answers.proposals[0]?.proposed).toBeNull();
    expect(answers.proposals[0]?.problem?.en).toMatch(/changed after the workbook was sent/);
  });

  it('refuses a workbook that is not a dispute list', () => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['a', 'b'], [1, 2]]), 'x');
    expect(() => readDisputeAnswers(t.ws.db, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer, 'x.xlsx')).toThrow(/not a ReconDesk dispute workbook|不是 ReconDesk 导出的争议清单/);
  });
});

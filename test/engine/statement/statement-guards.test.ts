import * as XLSX from '@e965/xlsx';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/engine/dispatch';
import type { EngineContext } from '../../../electron/engine/handlers/types';
import { importFile } from '../../../electron/engine/import/pipeline';
import { runMatch } from '../../../electron/engine/match/run';
import { exportStatement } from '../../../electron/engine/statement';
import { writeStatementWorkbook } from '../../../electron/engine/statement/workbook';
import { CHANNEL, statementData } from './fixture';
import { tempWorkspace } from '../../helpers/workspace';
import { SAMPLES, setUpChannels } from './sample-workspace';
import { refreshRecordRanges } from '../../../electron/engine/workspace/record-ranges';

let t: ReturnType<typeof tempWorkspace>;
beforeEach(() => {
  t = tempWorkspace();
  setUpChannels(t.ws.db);
});
afterEach(() => t.cleanup());

const importSample = (name: string) => importFile(t.ws.db, readFileSync(join(SAMPLES, name)), name);

describe('statement refusals', () => {
  it('refuses a period that was never matched, and one with bills imported after the last match', () => {
    importSample('wechat_tradebill_ALL_202610.csv');
    importSample('inhouse_orders_202610.csv');
    const out = join(t.dir, 's.xlsx');
    expect(() => exportStatement(t.ws.db, { channelId: 'wechat', period: '2026-10', outPath: out })).toThrow(/has not been matched yet|尚未勾对/);
    runMatch(t.ws.db, { period: '2026-10', channelId: 'wechat' });
    expect(() => exportStatement(t.ws.db, { channelId: 'wechat', period: '2026-10', outPath: out })).not.toThrow();
    // A late bill row arrives (as an import of an overlapping weekly bill would add it).
    const db = t.ws.db;
    const file = db.prepare(`INSERT INTO source_files (sha256, file_name, side, channel_id, profile_id, container, encoding, size_bytes, rows_in_file, accepted, filtered, already_present, rejected, summary, imported_at, imported_by)
      VALUES ('late', 'late.csv', 'channel', 'wechat', 'wechat-trade', 'csv', 'utf-8', 1, 1, 1, 0, 0, 0, '{}', ?, 'test')`).run(new Date().toISOString()).lastInsertRowid;
    db.prepare(`INSERT INTO records (side, channel_id, kind, order_id, channel_txn_id, amount_minor, fee_minor, currency, status, occurred_at, period, natural_key, file_id, row_number)
      VALUES ('channel', 'wechat', 'payment', 'LATE-1', 'T-LATE-1', 500, 3, 'CNY', 'SUCCESS', ?, '2026-10', 'late-1', ?, 2)`).run(Date.UTC(2026, 9, 15), file);
    refreshRecordRanges(db, Number(file));
    expect(() => exportStatement(t.ws.db, { channelId: 'wechat', period: '2026-10', outPath: out })).toThrow(/imported after the last match|最近一次勾对之后导入/);
    runMatch(t.ws.db, { period: '2026-10', channelId: 'wechat' });
    expect(exportStatement(t.ws.db, { channelId: 'wechat', period: '2026-10', outPath: out }).report.counts.channel_only).toBeGreaterThan(0);
  });
});

describe('non-CNY statement', () => {
  it('uses the currency\'s decimals and leaves out the Chinese capital amount', () => {
    const data = statementData(3);
    data.channel = { ...CHANNEL, id: 'stripe', name: 'Stripe', currency: 'JPY', timeZone: 'UTC' };
    data.report = { ...data.report, currency: 'JPY' };
    const out = join(t.dir, 'jpy.xlsx');
    writeStatementWorkbook(data, out, 'en');
    const ws = XLSX.read(readFileSync(out), { cellNF: true }).Sheets['Summary']!;
    const rows = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1 });
    const gross = rows.findIndex((r) => r[0] === 'Gross');
    expect(ws[XLSX.utils.encode_cell({ r: gross, c: 1 })]).toMatchObject({ t: 'n', v: data.report.gross, z: '#,##0' });
    expect(rows.find((r) => r[0] === 'Agreed amount in Chinese capitals')?.[1]).toBe('(not CNY, not applicable)');
  });
});

describe('through the contract', () => {
  it('exports the statement and reports status via dispatch, writing where the front door says', async () => {
    importSample('wechat_tradebill_ALL_202610.csv');
    importSample('inhouse_orders_202610.csv');
    runMatch(t.ws.db, { period: '2026-10', channelId: 'wechat' });
    const ctx: EngineContext = {
      workspace: t.ws,
      resolveFile: (ref) => ({ path: join(t.dir, ref), name: ref }),
      outputPath: (name) => join(t.dir, name),
      progress: () => {},
      signal: new AbortController().signal,
    };
    const r = await dispatch(ctx, 'statement.export', { channelId: 'wechat', period: '2026-10' });
    expect(r.ok).toBe(true);
    const value = (r as { ok: true; value: { path: string; digest: string } }).value;
    expect(value.path).toBe(join(t.dir, '对账确认单-wechat-2026-10.xlsx'));
    const verified = await dispatch(ctx, 'statement.verify', { file: '对账确认单-wechat-2026-10.xlsx' });
    expect(verified).toMatchObject({ ok: true, value: { ok: true, digestNow: value.digest } });
    const bad = await dispatch(ctx, 'statement.export', { channelId: 'wechat', period: '2026-10', fileName: '../escape.xlsx' });
    expect(bad).toMatchObject({ ok: false, error: { type: 'user', key: 'contract.bad_input' } });
    const status = await dispatch(ctx, 'status.period', { period: '2026-10' });
    expect(status).toMatchObject({ ok: true });
  });
});
